import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { snapshot } from '../helpers/snapshot.js';

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TODAY = ['--today', '2026-11-26'];

/** The refusal of a write into `root`, which is not a repository root of docs. */
const refusal = (root: string, command: string, would: string, above?: string) =>
  `opsdocs: ${root} is not a repository root of docs: no .opsdocs.json, no ADRs, runbooks, policies or tasks where OpsDocs looks for them, no AGENTS.md at its top or one folder down. ${command} would ${would}. Run it ${above ? `from ${above} (the repository around it?)` : "from your repository's root"}, or name the folder with --dir ${root} to write there.\n`;

/**
 * A temp folder `outer` (a git repository: it has `.git`) holding a copy of a fixture as `repo`,
 * so that the folder above `repo` that looks like a repository root is known.
 */
function nested(fixture: string): { outer: string; repo: string } {
  const outer = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-root-')));
  fs.mkdirSync(path.join(outer, '.git'));
  const repo = path.join(outer, 'repo');
  fs.cpSync(path.join(REPO, fixture), repo, { recursive: true });
  return { outer, repo };
}

describe('CLI: new and digest --out write only into a repository root of docs unless told', () => {
  let outer: string;
  let repo: string;
  beforeEach(() => ({ outer, repo } = nested('test/fixtures/not-docs-root')));
  afterEach(() => fs.rmSync(outer, { recursive: true, force: true }));

  it('new of every kind, in a folder with no docs where OpsDocs looks (a tool’s own checkout), writes nothing and says where it would have', () => {
    const before = snapshot(repo);
    for (const [args, would] of [
      // ADR-001 is taken: the example handbook inside has a document with that id.
      [['adr', 'Use X'], 'write docs/adr/ADR-002-use-x.md there'],
      [['runbook', 'Failover'], 'write docs/runbooks/failover.md there'],
      [['policy', 'Access reviews'], 'write docs/policies/access-reviews.md there'],
      [['task', 'Rotate keys'], 'write tasks/TASK-001-rotate-keys.md there'],
      [['script', 'backup'], 'write scripts/backup.sh, scripts/AGENTS.md, package.json there'],
    ] as const) {
      const r = cli(repo, 'new', ...args, ...TODAY);
      assert.equal(r.stderr, refusal(repo, `new ${args[0]}`, would, outer), args.join(' '));
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
    }
    assert.deepEqual(snapshot(repo), before, 'nothing written');
  });

  it('new --dir names the folder: then it writes there', () => {
    const r = cli(repo, 'new', 'adr', 'Use X', '--dir', '.', ...TODAY);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'created docs/adr/ADR-002-use-x.md\n'); // the example's ADR-001 is taken
    assert.equal(r.code, 0);
    assert.ok(fs.existsSync(path.join(repo, 'docs/adr/ADR-002-use-x.md')));
  });

  it('digest --out from such a folder writes nothing; with the folder named (DIR or --dir) it writes', () => {
    const out = path.join(repo, 'status.md');
    const before = snapshot(repo);
    const r = cli(repo, 'digest', '--out', 'status.md', ...TODAY);
    assert.equal(r.stderr, refusal(repo, 'digest --out', `write the digest of its docs to ${out}`, outer));
    assert.equal(r.code, 2);
    assert.deepEqual(snapshot(repo), before, 'nothing written');
    // Printed, not written: nothing to refuse.
    assert.equal(cli(repo, 'digest', ...TODAY).code, 0);
    for (const named of [['.'], ['--dir', '.']]) {
      fs.rmSync(out, { force: true });
      const w = cli(repo, 'digest', ...named, '--out', 'status.md', ...TODAY);
      assert.equal(w.stderr, '', named.join(' '));
      assert.equal(w.code, 0);
      assert.match(fs.readFileSync(out, 'utf8'), /^# Status digest/);
    }
    const both = cli(repo, 'digest', '.', '--dir', '.', ...TODAY);
    assert.equal(both.stderr, 'opsdocs: digest takes its folder as DIR or as --dir, not both.\n');
    assert.equal(both.code, 2);
  });

  it('a subfolder of a repository of docs is refused, and the message names the repository root above it', () => {
    fs.rmSync(outer, { recursive: true, force: true });
    ({ outer, repo } = nested('docs/examples/handbook'));
    const sub = path.join(repo, 'docs');
    const before = snapshot(repo);
    const r = cli(sub, 'new', 'runbook', 'Failover', ...TODAY);
    assert.equal(r.stderr, refusal(sub, 'new runbook', 'write docs/runbooks/failover.md there', repo));
    assert.equal(r.code, 2);
    assert.deepEqual(snapshot(repo), before, 'nothing written');
  });

  // Each thing that makes a folder a repository root of docs, alone in an empty folder.
  const EVIDENCE: [string, Record<string, string>][] = [
    ['.opsdocs.json', { '.opsdocs.json': '{}\n' }],
    ['an ADR in docs/adr', { 'docs/adr/ADR-001-a.md': '# ADR-001: A\n' }],
    ['an ADR in docs/decisions (MADR)', { 'docs/decisions/0001-a.md': '# A\n' }],
    ['an ADR in doc/adr (adr-tools)', { 'doc/adr/0001-a.md': '# 1. A\n' }],
    ['a runbook', { 'docs/runbooks/a.md': '# A\n' }],
    ['a policy', { 'docs/policies/a.md': '# A\n' }],
    ['a task in tasks/', { 'tasks/TASK-001-a.md': '# A\n' }],
    ['a task in docs/tasks/', { 'docs/tasks/TASK-001-a.md': '# A\n' }],
    ['AGENTS.md at the top', { 'AGENTS.md': '# Agents\n' }],
    ['AGENTS.md one folder down', { 'scripts/AGENTS.md': '# Scripts\n' }],
  ];
  for (const [what, files] of EVIDENCE) {
    it(`a folder with only ${what} is a repository root of docs: new writes there`, () => {
      const dir = path.join(outer, 'only');
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const r = cli(dir, 'new', 'runbook', 'Failover', ...TODAY);
      assert.equal(r.stderr, '');
      assert.equal(r.code, 0);
      assert.ok(fs.existsSync(path.join(dir, 'docs/runbooks/failover.md')));
    });
  }

  it('an empty folder, or one with only a deeper AGENTS.md or Markdown outside the layout, is not', () => {
    for (const files of [
      {},
      { 'a/b/AGENTS.md': '# Agents\n' },
      { 'docs/guide.md': '# Guide\n', 'README.md': '# R\n' },
      { 'examples/x/docs/adr/ADR-001-a.md': '# ADR-001: A\n' },
    ] as Record<string, string>[]) {
      const dir = fs.mkdtempSync(path.join(outer, 'not-'));
      for (const [file, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      }
      const r = cli(dir, 'new', 'runbook', 'Failover', ...TODAY);
      assert.equal(r.stderr, refusal(dir, 'new runbook', 'write docs/runbooks/failover.md there', outer));
      assert.equal(r.code, 2, JSON.stringify(files));
    }
  });
});
