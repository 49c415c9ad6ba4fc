#!/usr/bin/env node
// `npm run accuracy [-- --tsv FILE]`: checks every corpus repository as its own root with no
// config (as a team tries it first) and prints findings per rule and per repository. With --tsv,
// writes every finding (repository, rule, file:line, message) for sampling by hand.
// The corpus: $OPSDOCS_CORPUS, else ../shared/corpus beside this checkout.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(repo, '../shared/corpus'), 'docs');
const tsvAt = process.argv.indexOf('--tsv');
const tsv = tsvAt > 0 ? process.argv[tsvAt + 1] : undefined;

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
  const r = spawnSync(
    process.execPath,
    [
      path.join(repo, 'bin/opsdocs.js'),
      'check',
      path.join(corpus, name),
      '--format',
      'json',
      '--today',
      '2026-11-26',
    ],
    { encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  if (r.status !== 0 && r.status !== 1) {
    failed++;
    console.error(`accuracy: ${name}: exit ${r.status}: ${r.stderr.split('\n')[0]}`);
    continue;
  }
  const findings = JSON.parse(r.stdout).findings;
  const counts = new Map();
  for (const f of findings) {
    counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
    byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
    rows.push([name, f.rule, `${f.file}:${f.line}`, f.message.replace(/[\t\n]/g, ' ')].join('\t'));
  }
  byRepo.push([name, findings.length, counts]);
}

const total = rows.length;
console.log(`${total} findings in ${repos.length - failed} repositories (no config, --today 2026-11-26)\n`);
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
