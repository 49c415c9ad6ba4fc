import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { commitAt, git, gitFixture, withShas } from '../helpers/gitRepo.js';
import { asExpected, runCli } from '../helpers/cli.js';

// lifecycle/stale-against-code and lifecycle/cites-changed through the built CLI, on real git
// repositories built from test/fixtures/drift by drift.history.json (dated commits, then pending
// changes). The expected findings are in test/fixtures/drift.history-expected.txt.

const TODAY = '2026-11-26';

const cli = runCli;
const lines = asExpected;

/** The expectation file's two parts: the findings of the history, and those a review adds. */
function expected(sha: Map<string, string>): { history: string[]; review: string[] } {
  const text = fs.readFileSync(path.join(REPO, 'test/fixtures/drift.history-expected.txt'), 'utf8');
  const [history, review] = text.split('# with --changed-since HEAD, also:\n');
  const findings = (part: string) =>
    part
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'))
      .map((l) => withShas(l, sha));
  return { history: findings(history), review: findings(review) };
}

const byPosition = (a: string, b: string) => {
  const key = (l: string) => {
    const m = /^(\S+?):(\d+):(\d+)-\S+ \S+ (\S+)/.exec(l)!;
    return [m[1], Number(m[2]), Number(m[3]), m[4]] as const;
  };
  const [x, y] = [key(a), key(b)];
  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1] || x[2] - y[2] || x[3].localeCompare(y[3]);
};

describe('opsdocs check against git history (lifecycle/stale-against-code)', function () {
  this.timeout(120_000);
  let root: string;
  let sha: Map<string, string>;

  before(() => {
    ({ root, sha } = gitFixture('test/fixtures/drift'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports each cited file, folder and governed glob that changed after the last review', () => {
    const r = cli(root, 'check', '--today', TODAY, '--format', 'json');
    assert.equal(r.stderr, '');
    assert.deepEqual(lines(r.stdout), expected(sha).history);
    assert.equal(r.code, 0, 'warnings only');
  });

  it('with --changed-since, also notes the documents citing what the change touches', () => {
    const r = cli(root, 'check', '--today', TODAY, '--format', 'json', '--changed-since', 'HEAD');
    const { history, review } = expected(sha);
    assert.deepEqual(lines(r.stdout), [...history, ...review].sort(byPosition));
    assert.equal(r.stderr, '4 file(s) changed since HEAD; 8 file(s) reported.\n');
  });

  it('writes those notes as GitHub notices and SARIF notes on the document', () => {
    const gh = cli(root, 'check', '--today', TODAY, '--format', 'github', '--changed-since', 'HEAD');
    assert.deepEqual(
      gh.stdout.split('\n').filter((l) => l.includes('lifecycle/cites-changed')),
      [
        '::notice file=docs/adr/ADR-001-sqs.md,line=7,col=5,endLine=7,endColumn=17,title=lifecycle/cites-changed::This change touches `infra/sqs/main.tf` (under `infra/sqs/**`), governed by ADR-001: review it.',
        '::notice file=docs/runbooks/queues.md,line=9,col=35,endLine=9,endColumn=45,title=lifecycle/cites-changed::This change touches `infra/sqs/main.tf` (under `infra/sqs/`), cited by this runbook: review it.',
        '::notice file=docs/runbooks/rotate-keys.md,line=13,col=42,endLine=13,endColumn=65,title=lifecycle/cites-changed::This change touches `infra/sqs/main.tf`, cited by this runbook: review it.',
        '::notice file=docs/runbooks/rotate-keys.md,line=14,col=30,endLine=14,endColumn=47,title=lifecycle/cites-changed::This change touches `scripts/backup.sh`, cited by this runbook: review it.',
      ],
    );
    const sarif = cli(root, 'check', '--today', TODAY, '--format', 'sarif', '--changed-since', 'HEAD');
    const results = JSON.parse(sarif.stdout).runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    assert.deepEqual(
      results
        .filter((x) => x.ruleId === 'lifecycle/cites-changed')
        .map((x) => `${x.level} ${x.locations[0].physicalLocation.artifactLocation.uri}`),
      [
        'note docs/adr/ADR-001-sqs.md',
        'note docs/runbooks/queues.md',
        'note docs/runbooks/rotate-keys.md',
        'note docs/runbooks/rotate-keys.md',
      ],
    );
  });

  it('the digest lists the documents behind the code, with owner and what changed', () => {
    const md = cli(root, 'digest', '--today', TODAY).stdout;
    const section = md.slice(md.indexOf('## Behind the code'), md.indexOf('## ADRs'));
    const row = (title: string, kind: string, owner: string, line: string, where: string) =>
      `| ${title} | ${kind} | ${owner} | ${/^\S+ \S+ \S+ (.*)$/.exec(line)![1]} | \`${where}\` |`;
    const [adr, queues, deploy, rotate, mainTf] = expected(sha).history;
    assert.equal(
      section,
      [
        '## Behind the code',
        '',
        'Runbooks, policies and ADRs citing files that changed in git after their last review.',
        '',
        '| Title | Kind | Owner | What changed | File |',
        '| --- | --- | --- | --- | --- |',
        row('Use SQS for queues', 'adr', '—', adr, 'docs/adr/ADR-001-sqs.md:7'),
        row('Queues', 'runbook', 'platform', queues, 'docs/runbooks/queues.md:9'),
        row('Queues', 'runbook', 'platform', deploy, 'docs/runbooks/queues.md:16'),
        row('Rotate keys', 'runbook', 'platform', rotate, 'docs/runbooks/rotate-keys.md:12'),
        row('Rotate keys', 'runbook', 'platform', mainTf, 'docs/runbooks/rotate-keys.md:13'),
        '',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(cli(root, 'digest', '--today', TODAY, '--format', 'json').stdout);
    assert.equal(json.drift.off, null);
    assert.deepEqual(
      json.drift.items.map((i: { file: string; line: number }) => `${i.file}:${i.line}`),
      [
        'docs/adr/ADR-001-sqs.md:7',
        'docs/runbooks/queues.md:9',
        'docs/runbooks/queues.md:16',
        'docs/runbooks/rotate-keys.md:12',
        'docs/runbooks/rotate-keys.md:13',
      ],
    );
  });

  it('reads the history of a folder inside the repository, paths relative to that folder', () => {
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-outer-'));
    try {
      fs.cpSync(path.join(REPO, 'test/fixtures/drift'), path.join(outer, 'handbook'), { recursive: true });
      git(outer, 'init', '-q');
      commitAt(outer, '2026-08-01', 'Import');
      fs.appendFileSync(path.join(outer, 'handbook/scripts/rotate-keys.sh'), '# more\n');
      const rotate = commitAt(outer, '2026-10-02', 'rotate: more');
      const r = cli(outer, 'check', 'handbook', '--today', TODAY, '--format', 'json');
      assert.deepEqual(lines(r.stdout), [
        `docs/runbooks/rotate-keys.md:12:9-12:31 warning lifecycle/stale-against-code \`scripts/rotate-keys.sh\` changed on 2026-10-02 (${rotate}: 'rotate: more'), after this runbook was last reviewed on 2026-09-01.`,
      ]);
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
    }
  });
});

describe('opsdocs check --fix reads the history once', function () {
  this.timeout(120_000);

  it('one git log over HEAD, though the fixes index the folder again', function () {
    if (process.platform === 'win32') this.skip();
    const { root } = gitFixture('test/fixtures/drift');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-gitlog-'));
    try {
      // A safe fix to make: the runbook loses its Escalation section.
      const queues = path.join(root, 'docs/runbooks/queues.md');
      fs.writeFileSync(queues, fs.readFileSync(queues, 'utf8').replace(/## Escalation[^]*$/, ''));
      const calls = path.join(bin, 'calls');
      const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
      fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${real}' "$@"\n`, {
        mode: 0o755,
      });
      const r = spawnSync(
        process.execPath,
        [path.join(REPO, 'bin/opsdocs.js'), 'check', '--fix', '--today', TODAY],
        {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` },
        },
      );
      assert.match(r.stdout, /^fixed docs\/runbooks\/queues.md: Add section "Escalation"$/m);
      const logs = fs
        .readFileSync(calls, 'utf8')
        .split('\n')
        .filter((l) => / log .* HEAD$/.test(l));
      assert.equal(logs.length, 1, logs.join('\n'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('opsdocs check without usable git history', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('a folder in no repository: no drift findings, nothing said', () => {
    const root = tempCopy('test/fixtures/drift');
    dirs.push(root);
    const r = cli(root, 'check', '--today', TODAY, '--format', 'json');
    assert.deepEqual(lines(r.stdout), []);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('a shallow clone: no drift findings, and stderr says why', () => {
    const { root } = gitFixture('test/fixtures/drift');
    dirs.push(root);
    git(root, 'commit', '-qam', 'pending');
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-shallow-'));
    dirs.push(clone);
    git(clone, 'clone', '-q', '--depth', '1', `file://${root}`, '.');
    const r = cli(clone, 'check', '--today', TODAY, '--format', 'json');
    assert.deepEqual(lines(r.stdout), []);
    assert.equal(
      r.stderr,
      'opsdocs: No git information (a shallow clone (fetch the whole history, e.g. actions/checkout with fetch-depth: 0)): lifecycle/stale-against-code and lifecycle/cites-changed are off.\n',
    );
  });

  it('a repository without commits: no drift findings, and stderr says why', () => {
    const root = tempCopy('test/fixtures/drift');
    dirs.push(root);
    git(root, 'init', '-q');
    const r = cli(root, 'check', '--today', TODAY, '--format', 'json');
    assert.deepEqual(lines(r.stdout), []);
    assert.equal(
      r.stderr,
      'opsdocs: No git information (no commits yet): lifecycle/stale-against-code and lifecycle/cites-changed are off.\n',
    );
    assert.equal(r.code, 0);
  });
});

describe('git is read without running anything the repository configures', function () {
  this.timeout(120_000);

  it('a core.fsmonitor program in the repository config never runs (check and --changed-since)', () => {
    const { root } = gitFixture('test/fixtures/drift');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-fsmonitor-'));
    try {
      const marker = path.join(bin, 'ran');
      const hook = path.join(bin, 'fsmonitor.sh');
      fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
      git(root, 'config', 'core.fsmonitor', hook);
      // The hook is live: a plain git command that reads the index runs it.
      git(root, 'status', '--porcelain');
      assert.ok(fs.existsSync(marker), 'git status runs the configured fsmonitor');
      fs.rmSync(marker);
      const r = cli(root, 'check', '--today', TODAY, '--format', 'json', '--changed-since', 'HEAD');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(lines(r.stdout).length, 9, 'the history was read');
      assert.ok(!fs.existsSync(marker), 'opsdocs ran the fsmonitor program');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  it('a filter driver (clean, process) the repository gives its Markdown never runs, even on files whose times changed', () => {
    const { root } = gitFixture('test/fixtures/drift');
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-filter-'));
    try {
      const marker = (k: string) => path.join(bin, `ran-${k}`);
      git(root, 'config', 'filter.evil.clean', `touch '${marker('clean')}'; cat`);
      git(root, 'config', 'filter.Evil.Driver.process', `touch '${marker('process')}'; cat`);
      fs.writeFileSync(
        path.join(root, '.git/info/attributes'),
        '*.md filter=evil\nREADME.md filter=Evil.Driver\n',
      );
      const touchAll = () => {
        const later = new Date(Date.now() + 5_000);
        for (const f of git(root, 'ls-files').split('\n').filter(Boolean))
          fs.utimesSync(path.join(root, f), later, later);
      };
      // The drivers are live: git runs them on a file whose times changed.
      touchAll();
      spawnSync('git', ['diff', '--name-status', 'HEAD', '--'], { cwd: root, stdio: 'ignore' });
      assert.ok(fs.existsSync(marker('clean')), 'git diff runs the configured clean filter');
      fs.rmSync(bin, { recursive: true, force: true });
      fs.mkdirSync(bin);
      touchAll();
      const r = cli(root, 'check', '--today', TODAY, '--format', 'json', '--changed-since', 'HEAD');
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(fs.readdirSync(bin), [], 'opsdocs ran a filter driver');
      // A driver whose name `-c` cannot spell cannot be turned off: nothing runs, the run fails.
      git(root, 'config', 'filter.a=b.clean', `touch '${marker('eq')}'; cat`);
      fs.writeFileSync(path.join(root, '.git/info/attributes'), '*.md filter=a=b\n');
      touchAll();
      const refused = cli(root, 'check', '--today', TODAY, '--changed-since', 'HEAD');
      assert.deepEqual(
        [refused.code, refused.stderr, fs.readdirSync(bin)],
        [
          2,
          'opsdocs: git diff against "HEAD" failed: the repository\'s git config names a filter driver that cannot be turned off ("a=b")\n',
          [],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });
});
