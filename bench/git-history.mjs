// The cost of reading git history (lifecycle/stale-against-code): builds a repository of COMMITS
// commits (default 10,000; each changes 1–3 of FILES files, default 2,000, in 40 folders, with 50
// runbooks citing some of them) with `git fast-import`, then times readGitHistory (the one `git
// log` pass) and a whole `opsdocs check` (dist/cli.js; run `npm run build` first) on it, each the
// median of 5 runs.
//
// usage: node --import tsx bench/git-history.mjs [COMMITS] [FILES]
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readGitHistory } from '../server/src/node/git.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const commits = Number(process.argv[2] ?? 10_000);
const files = Number(process.argv[3] ?? 2_000);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-bench-git-'));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

// A fast-import stream: one commit per day from 2000-01-01, each changing files chosen by a
// fixed sequence; 50 runbooks (committed first) cite scripts/d<n % 40>/f<n>.sh.
let seed = 1;
const next = (n) => {
  seed = (seed * 48271) % 2147483647;
  return seed % n;
};
const chunks = [];
const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
const runbook = (i) =>
  `---\ntitle: Runbook ${i}\nowner: ops\nlast_reviewed: 2001-01-01\n---\n# Runbook ${i}\n\n` +
  `## Overview\nRun \`scripts/d${(i * 7) % 40}/f${i * 7}.sh\`.\n\n## Steps\n1. Go.\n\n## Rollback\nNo.\n\n## Escalation\nPage.\n`;
for (let c = 0; c < commits; c++) {
  const when = 946_728_000 + c * 86_400;
  chunks.push(`commit refs/heads/main\ncommitter B <b@example.com> ${when} +0000\n${data(`change ${c}`)}`);
  if (c === 0)
    for (let i = 0; i < 50; i++) chunks.push(`M 644 inline docs/runbooks/r${i}.md\n${data(runbook(i))}`);
  const n = 1 + next(3);
  for (let k = 0; k < n; k++) {
    const f = next(files);
    chunks.push(`M 644 inline scripts/d${f % 40}/f${f}.sh\n${data(`#!/bin/sh\n# ${c}\n`)}`);
  }
}
execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root, env });
execFileSync('git', ['fast-import', '--quiet'], { cwd: root, env, input: chunks.join('') });
execFileSync('git', ['checkout', '-q', 'main'], { cwd: root, env });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = [];
let size = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const h = await readGitHistory(root);
  times.push(performance.now() - t);
  if (h.kind !== 'git') throw new Error(`no history: ${h.reason}`);
  size = h.files.size;
}
const check = [];
let findings = 0;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [path.join(here, '..', 'bin/opsdocs.js'), 'check', '--format', 'json', '--today', '2030-01-01'],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 },
  );
  check.push(performance.now() - t);
  findings = JSON.parse(r.stdout).findings.filter((f) => f.rule === 'lifecycle/stale-against-code').length;
}
console.log(
  JSON.stringify({
    commits,
    files: size,
    readGitHistoryMs: Math.round(median(times)),
    checkMs: Math.round(median(check)),
    staleFindings: findings,
  }),
);
if (process.env.KEEP) console.log(root);
else fs.rmSync(root, { recursive: true, force: true });
