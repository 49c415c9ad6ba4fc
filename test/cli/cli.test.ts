import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { REPO, readExpected } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { snapshot } from '../helpers/snapshot.js';
import { DENSE_HEAD, table } from '../helpers/dense.js';
import { asExpected } from '../helpers/cli.js';

/** Runs the built CLI as a user would (`opsdocs ...` via bin/opsdocs.js). */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LIFECYCLE = 'test/fixtures/lifecycle';
const TODAY = ['--today', '2026-11-26'];

describe('CLI: opsdocs check', () => {
  it('exits 0 on a clean repository and says so', () => {
    const r = cli('check', 'test/fixtures/clean', ...TODAY);
    assert.equal(r.stdout, 'No findings in 5 Markdown file(s).\n');
    assert.equal(r.code, 0);
  });

  it('exits 1 with error-level findings and prints file:line:col, severity, message and rule', () => {
    const r = cli('check', LIFECYCLE, ...TODAY);
    assert.equal(r.code, 1);
    const lines = r.stdout.split('\n');
    assert.equal(
      lines[0],
      'docs/adr/ADR-002-old-queues.md:4:9  error    Status is "superseded" but `superseded_by` does not name the ADR that replaces it.  lifecycle/superseded-without-successor',
    );
    assert.equal(
      lines.at(-2),
      '6 finding(s) in 6 file(s): 2 error(s), 4 warning(s). 11 Markdown file(s) checked.',
    );
    assert.equal(r.stderr, '', 'no progress output when stderr is not a terminal');
  });

  it('says on stderr which templates it learned from the documents, and reports their outliers', () => {
    const r = cli('check', 'test/fixtures/learn-own', ...TODAY);
    assert.equal(
      r.stdout,
      [
        'docs/decisions/0004-decision-4.md:1:1  error    Missing section "Outcome": 5 of 6 ADRs in docs/decisions have it.  sections/missing',
        'docs/runbooks/replica-lag.md:1:1  error    Missing section "Impact": 5 of 6 runbooks in docs/runbooks have it.  sections/missing',
        '',
        '2 finding(s) in 2 file(s): 2 error(s), 0 warning(s). 12 Markdown file(s) checked.',
        '',
      ].join('\n'),
    );
    assert.equal(
      r.stderr,
      [
        'Learned the adr template of 6 documents in docs/decisions (no .opsdocs.json entry for it): sections Problem, Proposal, Outcome. `opsdocs init` writes it as config.',
        'Learned the runbook template of 6 documents in docs/runbooks (no .opsdocs.json entry for it): sections Meaning, Impact, Diagnosis, Mitigation; no front matter required. `opsdocs init` writes it as config.',
        '',
      ].join('\n'),
    );
    assert.equal(r.code, 1);
  });

  it('exits 0 when every finding is a warning', () => {
    const r = cli('check', 'test/fixtures/clean', '--today', '2027-06-01');
    assert.match(
      r.stdout,
      /\n3 finding\(s\) in 3 file\(s\): 0 error\(s\), 3 warning\(s\)\. 5 Markdown file\(s\) checked\.\n$/,
    );
    assert.equal(r.code, 0);
  });

  it('--format json prints repo-relative files and 1-based positions', () => {
    const r = cli('check', LIFECYCLE, '--format', 'json', ...TODAY);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { findings: Record<string, unknown>[] };
    assert.equal(out.findings.length, 6);
    assert.deepEqual(out.findings[5], {
      file: 'tasks/devops/TASK-012-blocked.md',
      line: 4,
      column: 9,
      endLine: 4,
      endColumn: 16,
      severity: 'error',
      rule: 'lifecycle/blocked-without-reason',
      message: 'Status is "blocked" but `blocked_reason` does not say why.',
    });
  });

  it('--format sarif is valid SARIF 2.1.0 (official schema) with a result per finding', () => {
    const r = cli('check', LIFECYCLE, '--format', 'sarif', ...TODAY);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as {
      runs: {
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: { physicalLocation: unknown }[];
        }[];
        tool: { driver: { rules: { id: string }[] } };
      }[];
    };
    // The OASIS SARIF 2.1.0 schema (JSON Schema 2020-12), vendored: see test/vendor/README.md.
    const schemaFile = path.join(REPO, 'test/vendor/sarif-2.1.0.schema.json');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    const results = log.runs[0].results;
    assert.equal(results.length, 6);
    const rules = log.runs[0].tool.driver.rules;
    for (const res of results) assert.equal(rules[res.ruleIndex].id, res.ruleId);
    assert.deepEqual(results[1].locations[0].physicalLocation, {
      artifactLocation: { uri: 'docs/policies/yearly.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 16, endLine: 4, endColumn: 26 },
    });
    assert.equal(results[1].level, 'warning');
  });

  it('--format github prints workflow annotations', () => {
    const r = cli('check', LIFECYCLE, '--format', 'github', ...TODAY);
    assert.equal(
      r.stdout.split('\n')[1],
      '::warning file=docs/policies/yearly.md,line=4,col=16,endLine=4,endColumn=26,title=lifecycle/review-overdue::Review overdue: last reviewed 2025-11-20, due every 365 days, so by 2026-11-20 (6 days ago).',
    );
  });

  it('--today makes date checks reproducible', () => {
    const r = cli('check', LIFECYCLE, '--format', 'json', '--today', '2026-06-01');
    const rules = (JSON.parse(r.stdout).findings as { rule: string }[]).map((f) => f.rule);
    assert.deepEqual(rules, ['lifecycle/superseded-without-successor', 'lifecycle/blocked-without-reason']);
  });

  it('exits 2 on usage errors', () => {
    for (const args of [
      ['check', '--format', 'xml'],
      ['check', '--today', '26/11/2026'],
      ['lint'],
      ['check', 'no/such/folder'],
      ['check', '--nope'],
      [],
    ]) {
      const r = cli(...args);
      assert.equal(r.code, 2, `opsdocs ${args.join(' ')}`);
      assert.notEqual(r.stderr, '');
      assert.equal(r.stdout, '');
    }
  });

  it('exits 2 on an invalid config, reporting it and still checking with the defaults', () => {
    const r = cli('check', 'test/fixtures/bad-config', '--format', 'json', ...TODAY);
    assert.equal(r.code, 2);
    assert.deepEqual(
      (JSON.parse(r.stdout).findings as { file: string; rule: string }[]).map((f) => `${f.file} ${f.rule}`),
      ['.opsdocs.json config/invalid', 'docs/runbooks/still-checked.md schema/required'],
    );
  });

  it('prints its version and help', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
    assert.equal(cli('--version').stdout, `${pkg.version}\n`);
    const help = cli('--help');
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: opsdocs <command>/);
  });
});

describe('CLI: a file over the parse budget', () => {
  it("checks the issue's 1 MB table (46,000 rows × 10 cells) in fast mode, with an info finding, in seconds", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-budget-'));
    try {
      const rows = table(10);
      fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
      fs.writeFileSync(
        path.join(root, 'docs/runbooks/big.md'),
        DENSE_HEAD + rows.pre + rows.line().repeat(46_000),
      );
      // The full parser took 41.5 s (80 s on a busy machine) and 3 GB: the bound is far from both.
      const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), 'check', root, ...TODAY], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      assert.equal(r.error, undefined, 'finished within 20 s');
      assert.deepEqual(r.stdout.split('\n'), [
        'docs/runbooks/big.md:1:1  info     Too much markup for the parse budget (cost 721,739, over 64,000: table cells, list items, lines and punctuation): read in fast mode; front matter, headings and sections are checked, links are not.  file/large',
        '',
        '1 finding(s) in 1 file(s): 0 error(s), 0 warning(s), 1 note(s). 1 Markdown file(s) checked.',
        '',
      ]);
      assert.equal(r.status, 0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('CLI: team schemas of every JSON Schema draft', () => {
  const DRAFTS = 'test/fixtures/schema-drafts';

  it('check prints every finding, the unsupported drafts as config/schema-invalid, and exits 2', () => {
    const r = cli('check', DRAFTS, '--format', 'json', ...TODAY);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 2, 'a team schema that cannot be used is a config error');
    assert.deepEqual(asExpected(r.stdout), readExpected(path.join(REPO, `${DRAFTS}.expected.txt`)).lines);
  });

  it('check exits 1 on findings when every team schema is draft-07, 2019-09 or 2020-12', () => {
    const root = tempCopy(DRAFTS);
    try {
      const configFile = path.join(root, '.opsdocs.json');
      const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as { kinds: Record<string, unknown> };
      for (const kind of ['adr', 'notes', 'memo']) delete config.kinds[kind];
      fs.writeFileSync(configFile, JSON.stringify(config));
      const r = cli('check', root, ...TODAY);
      assert.equal(r.stderr, '');
      assert.match(
        r.stdout,
        /\n10 finding\(s\) in 7 file\(s\): 10 error\(s\), 0 warning\(s\)\. 8 Markdown file\(s\) checked\.\n$/,
      );
      assert.equal(r.code, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('digest writes the digest and names each unsupported draft (exit 2)', () => {
    const r = cli('digest', DRAFTS, ...TODAY);
    assert.match(r.stdout, /^# /);
    assert.deepEqual(
      r.stderr
        .split('\n')
        .map((l) => l.replace(/ is not supported;.*/, ''))
        .sort(),
      [
        '',
        'schemas/draft-04.json:2: $schema "http://json-schema.org/draft-04/schema#"',
        'schemas/draft-06.json:2: $schema "http://json-schema.org/draft-06/schema#"',
        'schemas/made-up.json:2: $schema "https://schemas.example.com/opsdocs-meta/v1"',
      ],
    );
    assert.equal(r.code, 2);
  });
});

describe('CLI: a check that fails on a file', () => {
  const FAILED = 'test/fixtures/check-failed';

  it('prints internal/check-failed at the top of each file it failed on, with the other findings', () => {
    const r = cli('check', FAILED, '--format', 'json', ...TODAY);
    assert.equal(r.stderr, '');
    assert.deepEqual(asExpected(r.stdout), readExpected(path.join(REPO, `${FAILED}.expected.txt`)).lines);
    assert.equal(r.code, 1);
  });

  it('exits 1 on it alone, when every other finding is a warning', () => {
    const root = tempCopy(FAILED);
    try {
      const configFile = path.join(root, '.opsdocs.json');
      const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
      config.rules = { schema: 'warning', sections: 'warning', links: 'warning' };
      fs.writeFileSync(configFile, JSON.stringify(config));
      const r = cli('check', root, ...TODAY);
      assert.equal(r.stderr, '');
      assert.equal(
        r.stdout.split('\n')[1],
        'docs/policies/access.md:1:1  error    The check schema failed on this file (RangeError: Maximum call stack size exceeded); its findings are missing. Please report it.  internal/check-failed',
      );
      assert.match(r.stdout, /\n6 finding\(s\) in 4 file\(s\): 3 error\(s\), 3 warning\(s\)\./);
      assert.equal(r.code, 1);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('CLI: opsdocs digest', () => {
  const DIGEST = ['digest', 'test/fixtures/digest', '--today', '2026-11-26'];

  it('prints the Markdown digest, and the JSON one with --format json', () => {
    const md = cli(...DIGEST);
    assert.equal(md.code, 0);
    assert.equal(md.stdout, fs.readFileSync(path.join(REPO, 'test/fixtures/digest.expected.md'), 'utf8'));
    const json = cli(...DIGEST, '--format', 'json');
    assert.equal(json.stdout, fs.readFileSync(path.join(REPO, 'test/fixtures/digest.expected.json'), 'utf8'));
  });

  it('--out writes the file, refuses to replace it (exit 2), and replaces it with --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-digest-'));
    try {
      const file = path.join(dir, 'status.md');
      const written = cli(...DIGEST, '--out', file);
      assert.equal(written.code, 0);
      assert.equal(written.stdout, `Wrote the status digest to ${file}.\n`, 'says where it wrote');
      const first = fs.readFileSync(file, 'utf8');
      assert.equal(first, fs.readFileSync(path.join(REPO, 'test/fixtures/digest.expected.md'), 'utf8'));
      fs.writeFileSync(file, 'hand-written notes\n');
      const again = cli(...DIGEST, '--out', file);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /exists; not overwritten/);
      assert.equal(fs.readFileSync(file, 'utf8'), 'hand-written notes\n');
      assert.equal(cli(...DIGEST, '--out', file, '--force').code, 0);
      assert.equal(fs.readFileSync(file, 'utf8'), first);
      assert.deepEqual(fs.readdirSync(dir), ['status.md'], 'no temp file left behind');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out with no file name is a usage error (it said the current folder exists)', () => {
    for (const out of ['', '  ']) {
      const r = cli(...DIGEST, '--out', out);
      assert.equal(r.stderr.split('\n')[0], 'opsdocs: --out needs the file to write the digest to.');
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
    }
  });

  it('--out never replaces a link (dangling or not) or a folder, not even with --force; --force keeps a file’s mode', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-digest-')));
    try {
      const file = path.join(dir, 'status.md');
      const notes = path.join(dir, 'notes.md');
      fs.writeFileSync(notes, 'hand-written notes\n');
      const link = `${file} is a symbolic link; not replaced, not even with --force.`;
      for (const [what, make, without, withForce] of [
        ['a dangling link', () => fs.symlinkSync(path.join(dir, 'nowhere.md'), file), link, link],
        ['a link to a file', () => fs.symlinkSync(notes, file), link, link],
        [
          'a folder',
          () => fs.mkdirSync(file),
          `${file} exists; not overwritten (use --force to replace it).`,
          `${file} is not a regular file; not replaced.`,
        ],
      ] as const) {
        make();
        const before = snapshot(dir);
        for (const [args, message] of [
          [[], without],
          [['--force'], withForce],
        ] as const) {
          const r = cli(...DIGEST, '--out', file, ...args);
          assert.equal(r.stderr, `opsdocs: ${message}\n`, `${what} ${args.join(' ')}`);
          assert.equal(r.code, 2);
          assert.deepEqual(snapshot(dir), before, `${what} ${args.join(' ')}: nothing written, no temp file`);
        }
        fs.rmSync(file, { recursive: true });
      }
      fs.writeFileSync(file, 'old\n', { mode: 0o600 });
      fs.chmodSync(file, 0o600);
      assert.equal(cli(...DIGEST, '--out', file, '--force').code, 0);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.equal(
        fs.readFileSync(file, 'utf8'),
        fs.readFileSync(path.join(REPO, 'test/fixtures/digest.expected.md'), 'utf8'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--out never writes through a folder of the repository that links out of it', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-digest-')));
    const away = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-away-')));
    try {
      fs.cpSync(path.join(REPO, 'test/fixtures/digest'), root, { recursive: true });
      fs.symlinkSync(away, path.join(root, 'reports'));
      const r = cli('digest', root, '--today', '2026-11-26', '--out', path.join(root, 'reports/status.md'));
      assert.deepEqual(
        [r.code, r.stderr, fs.readdirSync(away)],
        [
          2,
          `opsdocs: reports/status.md would be outside the repository: reports leads to ${away}; nothing written.\n`,
          [],
        ],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(away, { recursive: true, force: true });
    }
  });

  it('rejects check-only formats', () => {
    const r = cli(...DIGEST, '--format', 'sarif');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'opsdocs: --format of digest must be one of md, json; got "sarif".\n');
  });
});

describe('CLI: opsdocs check --changed-since', () => {
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A temp git repository holding `files` (path → text; or a fixture folder to copy), all committed. */
  function committed(files: Record<string, string> | string): (...args: string[]) => void {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-changed-'));
    if (typeof files === 'string') fs.cpSync(path.join(REPO, files), root, { recursive: true });
    else write(files);
    const git = (...a: string[]) =>
      void spawnSync('git', ['-C', root, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...a], {
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'docs');
    return git;
  }
  const write = (files: Record<string, string>) => {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
  };
  const check = (ref = 'HEAD') =>
    spawnSync(
      process.execPath,
      [
        path.join(REPO, 'bin/opsdocs.js'),
        'check',
        root,
        '--changed-since',
        ref,
        '--format',
        'json',
        '--today',
        '2026-11-26',
      ],
      { encoding: 'utf8' },
    );
  const findings = (r: { stdout: string }) =>
    JSON.parse(r.stdout).findings as {
      file: string;
      rule: string;
      line: number;
      column: number;
      message: string;
    }[];

  it('reports the changed files and the files that depend on them, nothing else', () => {
    committed('test/fixtures/links');
    const policy = path.join(root, 'docs/policies/security.md');
    fs.writeFileSync(
      policy,
      fs.readFileSync(policy, 'utf8').replace('## MFA', '## Multi-factor authentication'),
    );
    const r = check();
    assert.equal(r.stderr, '1 file(s) changed since HEAD; 2 file(s) reported.\n');
    assert.deepEqual(
      [...new Set(findings(r).map((f) => f.file))],
      ['docs/runbooks/deploy.md'],
      'the runbook linking to the renamed heading; not the ADRs, tasks or AGENTS.md',
    );
    assert.deepEqual(
      findings(r)
        .filter((f) => f.rule === 'links/missing-anchor')
        .map((f) => `${f.line}:${f.column}`),
      ['16:35', '16:74', '23:51'],
    );
    const bad = check('no-such-ref');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^opsdocs: git diff against "no-such-ref" failed/);
  });

  it('reports a document whose "did you mean" a new file changes', () => {
    committed({ 'guide.md': '# Guide\n\nSee [deploy](runbooks/deplo.md).\n' });
    write({ 'runbooks/deploy.md': '# Deploy\n' });
    const r = check();
    assert.equal(r.stderr, '1 file(s) changed since HEAD; 2 file(s) reported.\n');
    assert.deepEqual(
      findings(r).map((f) => `${f.file} ${f.message}`),
      ['guide.md `runbooks/deplo.md` does not exist. Did you mean `runbooks/deploy.md`?'],
    );
  });

  it('reports the documents citing a deleted ADR, and a changed file git would quote', () => {
    const git = committed({
      'docs/adr/ADR-001-x.md':
        '---\nid: ADR-001\ntitle: X\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-001: X\n\n## Context\n## Decision\n## Consequences\n',
      // Another ADR stays: an id in prose is checked when some document has an id of its prefix.
      'docs/adr/ADR-002-y.md':
        '---\nid: ADR-002\ntitle: Y\nstatus: accepted\ndate: 2026-01-02\n---\n# ADR-002: Y\n\n## Context\n## Decision\n## Consequences\n',
      'docs/notes.md': '# Notes\n\nSee ADR-001.\n',
      'docs/café.md': '# Café\n',
    });
    git('rm', '-q', 'docs/adr/ADR-001-x.md');
    write({ 'docs/café.md': '# Café\n\n[x](missing.md)\n' });
    assert.deepEqual(
      findings(check()).map((f) => `${f.file} ${f.rule}`),
      ['docs/café.md links/missing-file', 'docs/notes.md links/unknown-id'],
    );
  });

  it('reports every document when .opsdocs.json or a schema it names changed', () => {
    const runbook = '---\ntitle: Db\nowner: ops\nlast_reviewed: 2026-10-01\n---\n# Db\n\n## Overview\n';
    committed({
      '.opsdocs.json': JSON.stringify({
        kinds: { runbook: { schema: 'schemas/runbook.json', sections: [] } },
      }),
      'schemas/runbook.json': JSON.stringify({ type: 'object', required: ['title'] }),
      'docs/runbooks/db.md': runbook,
      'docs/runbooks/web.md': runbook.replace('Db', 'Web'),
    });
    write({ 'schemas/runbook.json': JSON.stringify({ type: 'object', required: ['title', 'service'] }) });
    const r = check();
    assert.equal(r.stderr, '1 file(s) changed since HEAD; 3 file(s) reported.\n');
    assert.deepEqual(
      findings(r).map((f) => `${f.file} ${f.rule}`),
      ['docs/runbooks/db.md schema/required', 'docs/runbooks/web.md schema/required'],
    );
    write({
      'schemas/runbook.json': JSON.stringify({ type: 'object', required: ['title'] }),
      '.opsdocs.json': JSON.stringify({
        kinds: { runbook: { schema: 'schemas/runbook.json', sections: ['Rollback'] } },
      }),
    });
    assert.deepEqual(
      findings(check()).map((f) => `${f.file} ${f.rule}`),
      ['docs/runbooks/db.md sections/missing', 'docs/runbooks/web.md sections/missing'],
    );
  });
});

describe('CLI: a reader that stops early', () => {
  it('closing stdout (`opsdocs check | head`) drops the rest and keeps the exit code, with no error', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-pipe-'));
    try {
      const lines = Array.from({ length: 3000 }, (_, i) => `See [page ${i}](missing-${i}.md).`);
      fs.writeFileSync(path.join(root, 'guide.md'), `# Guide\n\n${lines.join('\n\n')}\n`);
      const child = spawn(process.execPath, [
        path.join(REPO, 'bin/opsdocs.js'),
        'check',
        root,
        '--format',
        'sarif',
      ]);
      child.stdout.destroy(); // far more than a pipe holds is still to be written
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.deepEqual([code, stderr], [1, '']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('CLI: files and folders it may not read', () => {
  it('reports an unreadable file and a folder it cannot list as file/unreadable, and checks the rest', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-perm-'));
    fs.chmodSync(root, 0o755);
    fs.mkdirSync(path.join(root, 'docs/locked'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'docs/readable.md'),
      '# Readable\n\nSee [the secret](secret.md) and [gone](gone.md).\n',
    );
    fs.writeFileSync(path.join(root, 'docs/secret.md'), '# Secret\n');
    fs.writeFileSync(path.join(root, 'docs/locked/inside.md'), '# Inside\n');
    fs.chmodSync(path.join(root, 'docs/secret.md'), 0o000);
    fs.chmodSync(path.join(root, 'docs/locked'), 0o000);
    try {
      // root reads everything: run the check as "nobody" then, as a user without the permission would.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      const run = () =>
        spawnSync(
          process.execPath,
          [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', '2026-11-26'],
          {
            encoding: 'utf8',
            env: { ...process.env, OPSDOCS_DEBUG: '1' },
            ...asUser,
          },
        );
      const r = run();
      assert.equal(r.status, 1, r.stderr);
      const findings = (
        JSON.parse(r.stdout) as { findings: { file: string; rule: string; message: string }[] }
      ).findings;
      assert.deepEqual(
        findings.map((f) => `${f.file} ${f.rule} ${f.message}`),
        [
          // A folder that cannot be listed holds files no one can tell of: said, as a file would be.
          'docs/locked file/unreadable Not checked: its files cannot be listed: no permission to read it (EACCES).',
          'docs/readable.md links/missing-file `gone.md` does not exist (looked for `docs/gone.md`).',
          'docs/secret.md file/unreadable Not checked: no permission to read it (EACCES).',
        ],
      );
      assert.match(r.stderr, /Skipping folder docs\/locked: EACCES/);
      // A folder the configuration excludes is not the team's to check.
      fs.writeFileSync(path.join(root, '.opsdocs.json'), '{ "exclude": ["docs/locked/**"] }\n');
      assert.deepEqual(
        (JSON.parse(run().stdout) as { findings: { file: string }[] }).findings.map((f) => f.file),
        ['docs/readable.md', 'docs/secret.md'],
      );
    } finally {
      fs.chmodSync(path.join(root, 'docs/locked'), 0o755);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('CLI: control characters in file names and in the content findings quote', () => {
  // Each name as on disk and as shown: C0 (line breaks, tab, escape), DEL, C1, bidirectional controls.
  const NAMES = [
    ['a\nb', 'a\\nb'],
    ['c\rd', 'c\\rd'],
    ['e\x1b[31mf', 'e\\x1b[31mf'],
    ['g\u202eh', 'g\\u202eh'],
    ['i\u0085\u2066\x7fj', 'i\\x85\\u2066\\x7fj'],
    ['k\tl', 'k\\tl'],
  ];
  /** Anything a terminal, CI log or editor acts on, but the line break ending each line of output. */
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-controls-'));
    fs.mkdirSync(path.join(root, 'docs'));
    for (const [name] of NAMES)
      fs.writeFileSync(
        path.join(root, 'docs', `${name}.md`),
        '# T\n\nSee [x](<gone\x1b[31m\u202e.md>) and [y](other\u009b.md).\n',
      );
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));
  const check = (format: string) => cli('check', root, '--format', format, ...TODAY);

  it('pretty: one line per finding, every control character escaped, in file names and messages', () => {
    const r = check('pretty');
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      NAMES.flatMap(([, shown]) => [
        `docs/${shown}.md:3:10  error    \`gone\\x1b[31m\\u202e.md\` does not exist (looked for \`docs/gone\\x1b[31m\\u202e.md\`).  links/missing-file`,
        `docs/${shown}.md:3:34  error    \`other\\x9b.md\` does not exist (looked for \`docs/other\\x9b.md\`).  links/missing-file`,
      ])
        .concat('', '12 finding(s) in 6 file(s): 12 error(s), 0 warning(s). 6 Markdown file(s) checked.', '')
        .join('\n'),
    );
  });

  it('github: one annotation per finding, every control character escaped', () => {
    const r = check('github');
    const lines = r.stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.deepEqual(
      lines.map((l) => /^::error file=docs\/(.*)\.md,line=3,col=(10|34),/.exec(l)?.[1]),
      NAMES.flatMap(([, shown]) => [shown, shown]),
    );
    assert.ok(!RAW.test(r.stdout), JSON.stringify(r.stdout));
    assert.ok(
      lines[0].endsWith(
        '::`gone\\x1b[31m\\u202e.md` does not exist (looked for `docs/gone\\x1b[31m\\u202e.md`).',
      ),
    );
  });

  it('digest: Markdown lines as the digest writes them, every other control character escaped; JSON the same value', () => {
    const task = path.join(root, 'tasks', 'TASK-001-a\x1b[31m\u202e.md');
    fs.mkdirSync(path.dirname(task));
    fs.writeFileSync(
      task,
      '---\nid: TASK-001\ntitle: "Red\\e[31m \\u202eflipped"\nstatus: todo\nowner: a\npriority: P1\ndue: 2026-12-31\n---\n# TASK-001\n',
    );
    try {
      const md = cli('digest', root, ...TODAY);
      assert.ok(!RAW.test(md.stdout), md.stdout);
      assert.ok(
        md.stdout.includes(
          '| TASK-001 | Red\\x1b[31m \\u202eflipped | a | P1 | 2026-12-31 | — | `tasks/TASK-001-a\\x1b[31m\\u202e.md` |',
        ),
        md.stdout,
      );
      const json = cli('digest', root, '--format', 'json', ...TODAY);
      assert.ok(!RAW.test(json.stdout), json.stdout);
      assert.ok(json.stdout.includes('"tasks/TASK-001-a\\u001b[31m\\u202e.md"'), json.stdout);
    } finally {
      fs.rmSync(path.dirname(task), { recursive: true });
    }
  });

  it('json and sarif: the names as they are once parsed, no raw control character in the text', () => {
    const json = check('json');
    assert.ok(!RAW.test(json.stdout), json.stdout);
    const files = (JSON.parse(json.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    assert.deepEqual(
      files,
      NAMES.flatMap(([name]) => [`docs/${name}.md`, `docs/${name}.md`]),
    );
    const sarif = check('sarif');
    assert.ok(!RAW.test(sarif.stdout), sarif.stdout);
    const results = (JSON.parse(sarif.stdout) as { runs: { results: { message: { text: string } }[] }[] })
      .runs[0].results;
    assert.equal(
      results[1].message.text,
      '`other\u009b.md` does not exist (looked for `docs/other\u009b.md`).',
    );
  });
});

describe('CLI: a run that could check nothing never passes', () => {
  const run = (root: string) =>
    spawnSync(
      process.execPath,
      [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', '2026-11-26'],
      { encoding: 'utf8' },
    );
  const findingsOf = (stdout: string) =>
    (JSON.parse(stdout) as { findings: { file: string; severity: string; rule: string }[] }).findings.map(
      (f) => `${f.file} ${f.severity} ${f.rule}`,
    );

  it('exits with 1 when every Markdown file is unreadable (binary, too large), and 0 once the rule is a warning', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-none-'));
    try {
      fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
      fs.writeFileSync(path.join(root, 'docs/runbooks/a.md'), Buffer.from('# A\n\0\0binary'));
      fs.writeFileSync(path.join(root, 'docs/b.md'), Buffer.alloc(11 * 1024 * 1024, '# B\n'));
      const r = run(root);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.deepEqual(findingsOf(r.stdout), [
        'docs/b.md error file/unreadable',
        'docs/runbooks/a.md error file/unreadable',
      ]);
      fs.writeFileSync(path.join(root, '.opsdocs.json'), '{ "rules": { "file/unreadable": "warning" } }');
      const relaxed = run(root);
      assert.equal(relaxed.status, 0, relaxed.stdout + relaxed.stderr);
      assert.deepEqual(findingsOf(relaxed.stdout), [
        'docs/b.md warning file/unreadable',
        'docs/runbooks/a.md warning file/unreadable',
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
