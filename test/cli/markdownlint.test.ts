import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';

const MARKDOWNLINT = path.join(REPO, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');

/**
 * markdownlint-cli2's findings (its defaults: no config file in the folder) on the given files,
 * without line numbers (edits move them): `file MDnnn/alias description [context]`.
 */
function markdownlint(root: string, files: string[]): string[] {
  if (files.length === 0) return [];
  // A leading ":" makes a name literal rather than a glob.
  const r = spawnSync(process.execPath, [MARKDOWNLINT, ...files.map((f) => `:${f}`)], {
    cwd: root,
    encoding: 'utf8',
  });
  const found = `${r.stdout}\n${r.stderr}`
    .split('\n')
    .flatMap((l) => /^(.+?):\d+(?::\d+)? (?:error |warning )?(MD\d+\S*) (.*)$/.exec(l) ?? [])
    .filter((_, i) => i % 4 !== 0);
  const issues: string[] = [];
  for (let i = 0; i < found.length; i += 3) issues.push(found.slice(i, i + 3).join(' '));
  assert.equal(r.status, issues.length ? 1 : 0, `markdownlint-cli2 exit code\n${r.stdout}\n${r.stderr}`);
  return issues.sort();
}

const markdownFiles = (root: string): string[] =>
  (fs.readdirSync(root, { recursive: true }) as string[])
    .map((f) => f.split(path.sep).join('/'))
    .filter((f) => f.endsWith('.md'))
    .sort();

const LONG_DESCRIPTION =
  'Dump the production database to S3 every night, keep thirty days of dumps and tell `#ops` when a dump fails or takes longer than an hour';

/** Repositories of each profile, and the `new` commands run in each (`--dir` and `--today` added). */
const SCENARIOS: { what: string; fixture?: string; commands: string[][] }[] = [
  {
    what: 'OpsDocs front matter (the example handbook)',
    fixture: 'docs/examples/handbook',
    commands: [
      ['adr', 'Use EventBridge for jobs', '--supersedes', 'ADR-003'],
      ['adr', 'Keep `*.env` files <out> of git: why? [#1]'],
      ['runbook', 'Über-Caching'],
      ['policy', 'Access reviews'],
      ['task', 'Rotate the Vercel tokens'],
      ['script', 'backup-db', '--description', 'Dump the database to S3'],
    ],
  },
  {
    what: 'MADR',
    fixture: 'test/fixtures/scaffold-madr',
    commands: [['adr', 'Use SQLite', '--supersedes', 'ADR-0003']],
  },
  {
    what: 'Nygard / adr-tools',
    fixture: 'test/fixtures/scaffold-nygard',
    commands: [
      ['adr', 'Use Rust', '--supersedes', 'ADR-0003'],
      ['adr', 'Use `make` *and* <shell>'],
    ],
  },
  {
    what: 'an AGENTS.md that lists its scripts',
    fixture: 'test/fixtures/scaffold-script',
    commands: [
      ['script', 'b', '--description', LONG_DESCRIPTION],
      ['script', 'c', '--ext', 'mjs'],
    ],
  },
  {
    what: 'an empty repository',
    commands: [
      ['adr', 'A decision whose title is much longer than a Markdown line of eighty columns could hold'],
      ['runbook', 'A runbook whose title is much longer than a Markdown line of eighty columns could hold'],
      ['policy', 'A policy whose title is much longer than a Markdown line of eighty columns could hold'],
      ['task', 'A task whose title is much longer than a Markdown line of eighty columns could hold'],
      ['script', 'nightly-database-dump-to-s3', '--ext', 'py', '--description', LONG_DESCRIPTION],
      ['script', 'second', '--description', LONG_DESCRIPTION],
    ],
  },
];

describe('CLI: every document `new` writes is clean under markdownlint-cli2 defaults', () => {
  for (const { what, fixture, commands } of SCENARIOS)
    it(what, () => {
      const root = fixture ? tempCopy(fixture) : fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-test-'));
      try {
        const before = markdownlint(root, markdownFiles(root));
        const created: string[] = [];
        const updated = new Set<string>();
        for (const args of commands) {
          const r = spawnSync(
            process.execPath,
            [path.join(REPO, 'bin/opsdocs.js'), 'new', ...args, '--dir', root, '--today', '2026-11-26'],
            { encoding: 'utf8' },
          );
          assert.equal(r.status, 0, `new ${args.join(' ')}: ${r.stderr}`);
          for (const [, verb, file] of r.stdout.matchAll(/^(created|updated) (.+\.md)$/gm))
            if (verb === 'created') created.push(file);
            else updated.add(file);
        }
        assert.ok(created.length + updated.size > 0, 'new wrote Markdown');
        assert.deepEqual(markdownlint(root, created), [], 'the files new created');
        // A file new changed (a superseded ADR, an AGENTS.md) has no finding it did not have.
        const changed = [...updated].filter((f) => !created.includes(f));
        const was = before.filter((issue) => changed.some((f) => issue.startsWith(`${f} `)));
        assert.deepEqual(markdownlint(root, changed), was, 'the files new changed');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
});
