#!/usr/bin/env node
// `node scripts/accuracy-commands.mjs` (after `npm run build`): the findings on the commands of
// code blocks (commands/*, links/missing-script) over the corpus with every upstream file present.
// The corpus holds Markdown only, so the files its commands run are absent from it; this run
// rebuilds each repository in a temporary folder from its manifest (../shared/corpus/manifests/:
// every upstream path), the Markdown copied and every other file empty, then checks it as its own
// root with no config, as `npm run accuracy` does. Makefiles, package.json and .opsdocs.json are
// left out: their contents are not in the corpus (an empty one would be read as having no targets).
// Prints each finding (repository, rule, file:line, message) and the counts; the temporary folders
// are removed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(repo, '../shared/corpus'));
const RULES = /^commands\/|^links\/missing-script$/;
const UNKNOWN = /(^|\/)(GNUmakefile|makefile|Makefile|package\.json|\.opsdocs\.json)$/;

if (!fs.existsSync(path.join(corpus, 'manifests'))) {
  console.error(`accuracy-commands: no corpus at ${corpus} (set OPSDOCS_CORPUS)`);
  process.exit(2);
}
const names = fs
  .readdirSync(path.join(corpus, 'manifests'))
  .filter((f) => f.endsWith('.txt'))
  .map((f) => f.slice(0, -4))
  .sort();
const rows = [];
const byRule = new Map();
for (const name of names) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-commands-'));
  try {
    const listed = fs.readFileSync(path.join(corpus, 'manifests', `${name}.txt`), 'utf8').split('\n');
    for (const rel of listed) {
      if (!rel || UNKNOWN.test(rel) || rel.split('/').includes('..')) continue;
      const to = path.join(tmp, rel);
      const from = path.join(corpus, 'docs', name, rel);
      try {
        fs.mkdirSync(path.dirname(to), { recursive: true });
        if (fs.existsSync(from) && fs.statSync(from).isFile()) fs.copyFileSync(from, to);
        else fs.writeFileSync(to, '');
      } catch {
        // a path that is both a file and a folder's prefix upstream (a submodule): left out
      }
    }
    const r = spawnSync(
      process.execPath,
      [path.join(repo, 'bin/opsdocs.js'), 'check', tmp, '--format', 'json', '--today', '2026-11-26'],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
    if (r.status !== 0 && r.status !== 1) {
      console.error(`accuracy-commands: ${name}: exit ${r.status}: ${r.stderr.split('\n')[0]}`);
      continue;
    }
    for (const f of JSON.parse(r.stdout).findings) {
      if (!RULES.test(f.rule)) continue;
      byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
      rows.push([name, f.rule, `${f.file}:${f.line}`, f.message].join('\t'));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
for (const row of rows) console.log(row);
console.log(`\n${rows.length} findings in ${names.length} repositories`);
for (const [rule, n] of [...byRule].sort()) console.log(`${rule}\t${n}`);
