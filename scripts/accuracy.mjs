#!/usr/bin/env node
// `npm run accuracy [-- --tsv FILE] [--upstream]`: checks every corpus repository as its own root
// with no config (as a team tries it first) and prints findings per rule and per repository. With
// --tsv, writes every finding (repository, rule, file:line, message) for sampling by hand.
// With --upstream, each repository is first rebuilt in a temporary folder from its manifest
// (../shared/corpus/manifests/: every upstream path), the Markdown copied and every other file
// empty, so a link to a file the corpus did not copy, or a site generator's configuration at the
// root, is there as upstream. Files whose contents OpsDocs reads and the corpus does not hold
// (Makefiles, package.json, CODEOWNERS, .opsdocs.json) are left out: empty, they would read as
// having no targets, scripts or owners. An upstream Markdown file the corpus did not copy is there
// empty: its headings are unknown, so `#anchor` findings on it are counted apart, not as findings.
// Symbolic links are made again from ../shared/corpus/corpus-files.tsv (the copies hold their targets).
// The corpus: $OPSDOCS_CORPUS, else ../shared/corpus beside this checkout.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusRoot = path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(repo, '../shared/corpus'));
const corpus = path.join(corpusRoot, 'docs');
const tsvAt = process.argv.indexOf('--tsv');
const tsv = tsvAt > 0 ? process.argv[tsvAt + 1] : undefined;
const upstream = process.argv.includes('--upstream');
const CONTENTS_UNKNOWN = /(^|\/)(GNUmakefile|makefile|Makefile|package\.json|CODEOWNERS|\.opsdocs\.json)$/;

let symlinks;
/** The symbolic links of repository `name` (path → repository-relative target), from corpus-files.tsv. */
function symlinksOf(name) {
  if (!symlinks) {
    symlinks = new Map();
    const rows = fs.readFileSync(path.join(corpusRoot, 'corpus-files.tsv'), 'utf8').split('\n').slice(1);
    for (const row of rows) {
      const [file, repoName, , , , note] = row.split('\t');
      const target = /^symlink->(.+)$/.exec(note ?? '')?.[1];
      if (!target) continue;
      if (!symlinks.has(repoName)) symlinks.set(repoName, new Map());
      symlinks.get(repoName).set(file.slice(repoName.length + 1), target);
    }
  }
  return symlinks.get(name) ?? new Map();
}

/**
 * A temporary folder holding every upstream path of `name`: its Markdown, and empty other files;
 * with the Markdown files it had to leave empty.
 */
function rebuild(name) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-accuracy-'));
  const emptyMarkdown = new Set();
  const listed = fs.readFileSync(path.join(corpusRoot, 'manifests', `${name}.txt`), 'utf8').split('\n');
  const links = symlinksOf(name);
  for (const rel of listed) {
    if (!rel || CONTENTS_UNKNOWN.test(rel) || rel.split('/').includes('..')) continue;
    if (links.has(rel)) {
      // A symbolic link upstream (`README.md` → `index.md`) is one again, as in a checkout.
      fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
      fs.symlinkSync(path.posix.relative(path.posix.dirname(rel), links.get(rel)), path.join(tmp, rel));
      continue;
    }
    const to = path.join(tmp, rel);
    const from = path.join(corpus, name, rel);
    try {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      if (fs.existsSync(from) && fs.statSync(from).isFile()) fs.copyFileSync(from, to);
      else {
        fs.writeFileSync(to, '');
        if (/\.(md|markdown)$/i.test(rel)) emptyMarkdown.add(rel);
      }
    } catch {
      // a path that is both a file and a folder's prefix upstream (a submodule): left out
    }
  }
  return { root: tmp, emptyMarkdown };
}

/** A missing `#anchor` ("No heading `#x` in `docs/a.md`.") of a file whose text is unknown. */
const onUnknownText = (f, emptyMarkdown) =>
  f.rule === 'links/missing-anchor' && emptyMarkdown.has(/ in `([^`]+)`/.exec(f.message)?.[1] ?? '');
let unknownAnchors = 0;

if (!fs.existsSync(corpus)) {
  console.error(`accuracy: no corpus at ${corpus} (set OPSDOCS_CORPUS)`);
  process.exit(2);
}
const repos = fs
  .readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const byRule = new Map();
const byRepo = [];
const rows = [];
let failed = 0;
for (const name of repos) {
  const built = upstream ? rebuild(name) : undefined;
  const root = built?.root ?? path.join(corpus, name);
  const r = spawnSync(
    process.execPath,
    [path.join(repo, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', '2026-11-26'],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (upstream) fs.rmSync(root, { recursive: true, force: true });
  if (r.status !== 0 && r.status !== 1) {
    failed++;
    console.error(`accuracy: ${name}: exit ${r.status}: ${r.stderr.split('\n')[0]}`);
    continue;
  }
  const all = JSON.parse(r.stdout).findings;
  const findings = built ? all.filter((f) => !onUnknownText(f, built.emptyMarkdown)) : all;
  unknownAnchors += all.length - findings.length;
  const counts = new Map();
  for (const f of findings) {
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    rows.push([name, f.rule, `${f.file}:${f.line}`, f.message.replace(/[\t\n]/g, ' ')].join('\t'));
  }
  byRepo.push([name, findings.length, counts]);
}

const total = rows.length;
const how = upstream ? ', every upstream file present' : '';
console.log(
  `${total} findings in ${repos.length - failed} repositories (no config${how}, --today 2026-11-26)\n`,
);
if (upstream)
  console.log(
    `Not counted: ${unknownAnchors} missing \`#anchor\` findings on upstream Markdown files the corpus did not copy (their headings are unknown).\n`,
  );
console.log('| rule | findings |\n| --- | ---: |');
for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
  console.log(`| \`${rule}\` | ${n} |`);
console.log('\n| repository | findings | top rules |\n| --- | ---: | --- |');
for (const [name, n, counts] of byRepo.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([rule, c]) => `${rule} ${c}`)
    .join(', ');
  console.log(`| ${name} | ${n} | ${top} |`);
}
if (tsv) fs.writeFileSync(tsv, rows.join('\n') + '\n');
if (failed) process.exitCode = 2;
