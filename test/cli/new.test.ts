import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { snapshot } from '../helpers/snapshot.js';
import { tempCopy, tempFiles } from '../helpers/tempCopy.js';
import YAML from 'yaml';

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Compares a file of the workspace with its expected copy (`a/b.md` →
 * `test/fixtures/<fixture>.expected/a__b.md`).
 */
function same(root: string, file: string, fixture = 'scaffold'): void {
  const expected = path.join(REPO, 'test/fixtures', `${fixture}.expected`, file.replace(/\//g, '__'));
  const actual = fs.readFileSync(path.join(root, file), 'utf8');
  if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') fs.writeFileSync(expected, actual);
  assert.equal(actual, fs.readFileSync(expected, 'utf8'), file);
}

/** Runs `opsdocs ARGS` in `root`, which must exit 2 saying `message` first and write nothing. */
function refusedIn(root: string, args: string[], message: string): void {
  const before = snapshot(root);
  const r = cli(root, ...args);
  assert.equal(r.stderr.split('\n')[0], message);
  assert.equal(r.code, 2);
  assert.deepEqual(snapshot(root), before, 'nothing written');
}

describe('CLI: opsdocs new (scaffolding) on the example handbook', () => {
  let root: string;
  beforeEach(() => {
    root = tempCopy('docs/examples/handbook');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const refused = (args: string[], message: string) => refusedIn(root, args, message);

  /** What `opsdocs new KIND TITLE` printed (the files it created and changed). */
  const made = (kind: string, title: string) => cli(root, 'new', kind, title, '--today', '2026-11-26').stdout;

  it('new adr --supersedes: next number, schema front matter, sections; the old ADR marked superseded', () => {
    const r = cli(
      root,
      'new',
      'adr',
      'Use EventBridge for jobs',
      '--supersedes',
      'ADR-003',
      '--today',
      '2026-11-26',
    );
    assert.equal(
      r.stdout,
      'created docs/adr/ADR-006-use-eventbridge-for-jobs.md\nupdated docs/adr/ADR-003-queues-and-jobs.md\n',
    );
    assert.equal(r.code, 0);
    same(root, 'docs/adr/ADR-006-use-eventbridge-for-jobs.md');
    same(root, 'docs/adr/ADR-003-queues-and-jobs.md');
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { file: string; rule: string }[];
    const onNew = check.filter(
      (f) => f.file.startsWith('docs/adr/ADR-006') || f.file.startsWith('docs/adr/ADR-003'),
    );
    assert.deepEqual(onNew, [], 'the new ADR and the superseded one are clean');
  });

  it('new adr numbers past every ADR of the kind, in any of its folders', () => {
    fs.mkdirSync(path.join(root, 'docs/decisions'));
    fs.writeFileSync(
      path.join(root, 'docs/decisions/ADR-009-elsewhere.md'),
      '---\nid: ADR-009\ntitle: Elsewhere\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-009\n\n## Context\n## Decision\n## Consequences\n',
    );
    const r = cli(root, 'new', 'adr', 'Next one', '--today', '2026-11-26');
    assert.equal(r.stdout, 'created docs/adr/ADR-010-next-one.md\n');
  });

  it('new adr and new task never take an id another document already cites or a file name already has', () => {
    // A superseded_by naming an ADR nobody wrote yet, a task file numbered but with no id, and
    // tasks and prose citing ids ahead of the sequence: each of those numbers stays free.
    fs.writeFileSync(
      path.join(root, 'docs/adr/ADR-007-old.md'),
      '---\nid: ADR-007\ntitle: Old\nstatus: superseded\nsuperseded_by: ADR-009\ndate: 2026-01-01\n---\n# ADR-007\n\n## Context\n## Decision\n## Consequences\n',
    );
    fs.writeFileSync(path.join(root, 'tasks/devops/TASK-007-no-id.md'), '# A task without an id\n');
    fs.writeFileSync(
      path.join(root, 'docs/runbooks/plans.md'),
      '# Plans\n\nOnce TASK-011 is done, ADR-012 will replace the queue ADR.\n',
    );
    assert.equal(made('adr', 'Next one'), 'created docs/adr/ADR-013-next-one.md\n');
    assert.equal(made('task', 'Next task'), 'created tasks/devops/TASK-012-next-task.md\n');
  });

  it('new script: the script (executable), its AGENTS.md row and its npm script, rest of package.json untouched', () => {
    const r = cli(root, 'new', 'script', 'backup-db', '--description', 'Dump the database to S3');
    assert.equal(r.stdout, 'created scripts/backup-db.sh\nupdated scripts/AGENTS.md\nupdated package.json\n');
    same(root, 'scripts/backup-db.sh');
    same(root, 'scripts/AGENTS.md');
    same(root, 'package.json');
    assert.ok((fs.statSync(path.join(root, 'scripts/backup-db.sh')).mode & 0o111) !== 0, 'executable');
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { rule: string }[];
    assert.deepEqual(
      check.filter((f) => f.rule.startsWith('agents/') || f.rule === 'links/missing-script'),
      [],
    );
  });

  it('new task continues the id sequence; new runbook and policy come from their schemas and are clean', () => {
    assert.equal(
      made('task', 'Rotate the Vercel tokens'),
      'created tasks/devops/TASK-006-rotate-the-vercel-tokens.md\n',
    );
    assert.equal(made('runbook', 'Database failover'), 'created docs/runbooks/database-failover.md\n');
    assert.equal(made('policy', 'Access reviews'), 'created docs/policies/access-reviews.md\n');
    for (const f of [
      'tasks/devops/TASK-006-rotate-the-vercel-tokens.md',
      'docs/runbooks/database-failover.md',
      'docs/policies/access-reviews.md',
    ])
      same(root, f);
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { file: string }[];
    assert.deepEqual(
      check.filter((f) => /TASK-006|database-failover|access-reviews/.test(f.file)),
      [],
    );
  });

  it('new script edits only a package.json npm reads as written: invalid JSON, "scripts" twice or not an object are refused, nothing written', () => {
    const pkg = path.join(root, 'package.json');
    const cases: [string, string][] = [
      [
        '{\n  "name": "h",\n  "scripts": { "a": "x" },\n}\n',
        'package.json is not valid JSON (PropertyNameExpected)',
      ],
      ['{\n  // ours\n  "name": "h"\n}\n', 'package.json is not valid JSON (InvalidCommentToken)'],
      ['{\n  "scripts": "foo"\n}\n', '"scripts" in package.json is not an object (string)'],
      ['{\n  "scripts": null\n}\n', '"scripts" in package.json is not an object (null)'],
      ['{\n  "scripts": {},\n  "scripts": { "a": "x" }\n}\n', 'package.json has "scripts" 2 times'],
    ];
    for (const [text, why] of cases) {
      fs.writeFileSync(pkg, text);
      const before = snapshot(root);
      assert.deepEqual(cli(root, 'new', 'script', 'backup-db'), {
        code: 2,
        stdout: '',
        stderr: `opsdocs: ${why}; add the script to it by hand.\n`,
      });
      assert.deepEqual(snapshot(root), before, text);
    }
  });

  it('never overwrites: a name clash exits 2 and leaves every file as it was', () => {
    const before = fs.readFileSync(path.join(root, 'docs/runbooks/deployment.md'), 'utf8');
    const r = cli(root, 'new', 'runbook', 'Deployment');
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'opsdocs: docs/runbooks/deployment.md already exists; choose another name.\n');
    assert.equal(fs.readFileSync(path.join(root, 'docs/runbooks/deployment.md'), 'utf8'), before);
    const s = cli(root, 'new', 'script', 'rotate-keys');
    assert.equal(s.code, 2);
    assert.equal(s.stderr, 'opsdocs: scripts/rotate-keys.sh already exists; choose another name.\n');
  });

  it('new adr --supersedes refuses an ADR another ADR already supersedes, and writes nothing', () => {
    const before = fs.readFileSync(
      path.join(root, 'docs/adr/ADR-002-background-jobs-on-supabase.md'),
      'utf8',
    );
    const r = cli(root, 'new', 'adr', 'Jobs on Temporal', '--supersedes', 'ADR-002');
    assert.equal(
      r.stderr,
      'opsdocs: ADR-002 is already superseded by ADR-003; supersede that ADR instead, or change docs/adr/ADR-002-background-jobs-on-supabase.md by hand.\n',
    );
    assert.equal(r.code, 2);
    assert.equal(
      fs.readFileSync(path.join(root, 'docs/adr/ADR-002-background-jobs-on-supabase.md'), 'utf8'),
      before,
    );
    assert.ok(!fs.readdirSync(path.join(root, 'docs/adr')).some((f) => f.startsWith('ADR-006')));
  });

  it('any title with letters or digits for the file name: quoted in the front matter, escaped in the H1', () => {
    const made = [
      cli(root, 'new', 'adr', 'Use GitHub Actions for CI/CD', '--today', '2026-11-26'),
      cli(root, 'new', 'adr', 'Use Postgres: why?', '--today', '2026-11-26'),
      cli(root, 'new', 'runbook', 'Über-Caching', '--today', '2026-11-26'),
      cli(root, 'new', 'policy', 'Keep `*.env` files <out> of git', '--today', '2026-11-26'),
    ];
    assert.deepEqual(
      made.map((r) => r.stdout),
      [
        'created docs/adr/ADR-006-use-github-actions-for-ci-cd.md\n',
        'created docs/adr/ADR-007-use-postgres-why.md\n',
        'created docs/runbooks/uber-caching.md\n',
        'created docs/policies/keep-env-files-out-of-git.md\n',
      ],
    );
    const files = [
      'docs/adr/ADR-006-use-github-actions-for-ci-cd.md',
      'docs/adr/ADR-007-use-postgres-why.md',
      'docs/runbooks/uber-caching.md',
      'docs/policies/keep-env-files-out-of-git.md',
    ];
    for (const f of files) same(root, f);
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { file: string }[];
    assert.deepEqual(
      check.filter((f) => files.includes(f.file)),
      [],
    );
  });

  it('a title YAML would read as another type (null, true, 42, 0x1F, .inf, 1e3) is quoted, read back as written and clean', () => {
    const titles = ['null', 'true', '42', '0x1F', '.inf', '1e3', '0o17', 'False'];
    const kinds = ['adr', 'runbook', 'policy', 'task'] as const;
    const files: string[] = [];
    for (const [i, title] of titles.entries()) {
      const r = cli(root, 'new', kinds[i % kinds.length], title, '--today', '2026-11-26');
      assert.equal(r.code, 0, `${title}: ${r.stderr}`);
      files.push(/^created (\S+)\n$/.exec(r.stdout)![1]);
    }
    for (const [i, file] of files.entries()) {
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      assert.ok(text.includes(`\ntitle: ${JSON.stringify(titles[i])}\n`), `${file}:\n${text}`);
      assert.equal((YAML.parse(text.split('---\n')[1]) as { title: unknown }).title, titles[i], file);
    }
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { file: string }[];
    assert.deepEqual(
      check.filter((f) => files.includes(f.file)),
      [],
    );
  });

  it('a new document its kind would not read is refused, naming the glob: nothing written', () => {
    refused(
      ['new', 'adr', 'Use a template engine for emails', '--today', '2026-11-26'],
      "opsdocs: docs/adr/ADR-006-use-a-template-engine-for-emails.md would not be read as a document of the adr kind: the adr kind's exclude glob `**/*template*.md` takes it. Nothing was created; choose another title, or change the globs in .opsdocs.json.",
    );
  });

  it('a new document a .gitignore leaves out is refused: nothing written', () => {
    const ignore = path.join(root, '.gitignore');
    fs.writeFileSync(ignore, 'docs/runbooks/\n');
    try {
      refused(
        ['new', 'runbook', 'Rotate keys', '--today', '2026-11-26'],
        'opsdocs: docs/runbooks/rotate-keys.md would not be read as a document of the runbook kind: a .gitignore leaves it out (not in the repository). Nothing was created; choose another folder, or change the .gitignore.',
      );
    } finally {
      fs.rmSync(ignore);
    }
  });

  it('an id past 2^53 in prose is no sequence: new adr takes the next number after the ADRs', () => {
    fs.appendFileSync(
      path.join(root, 'docs/runbooks/database-failover.md'),
      '\nSee ADR-99999999999999999999999.\n',
    );
    const r = cli(root, 'new', 'adr', 'Next one', '--today', '2026-11-26');
    assert.equal(r.stdout, 'created docs/adr/ADR-006-next-one.md\n');
    assert.match(fs.readFileSync(path.join(root, 'docs/adr/ADR-006-next-one.md'), 'utf8'), /^id: ADR-006$/m);
  });

  it('new script --description: one line only; `|` escaped in the AGENTS.md row, `"""` and `\\` in a Python docstring', () => {
    const before = snapshot(root);
    for (const [d, shown] of [
      ['Prints one\necho INJECTED', '"Prints one\\necho INJECTED"'],
      ['Prints one\recho INJECTED', '"Prints one\\recho INJECTED"'],
      ['a\u2028b', '"a\\u2028b"'],
      ['a\u0085b', '"a\\x85b"'],
    ]) {
      const r = cli(root, 'new', 'script', 'a', '--description', d);
      assert.equal(
        r.stderr,
        `opsdocs: The description ${shown} contains a line break or another control character; it must be one line.\n`,
      );
      assert.equal(r.code, 2);
    }
    assert.deepEqual(snapshot(root), before, 'nothing written');
    // A title is one line the same way (YAML 1.1 and editors break lines at NEL and U+2028 too).
    for (const [kind, title, shown] of [
      ['adr', 'Use NATS\u2028# Injected', '"Use NATS\\u2028# Injected"'],
      ['runbook', 'Failover\u0085now', '"Failover\\x85now"'],
      ['task', 'Rotate\nkeys', '"Rotate\\nkeys"'],
    ])
      refused(
        ['new', kind, title],
        `opsdocs: The title ${shown} contains a line break or another control character.`,
      );
    assert.equal(cli(root, 'new', 'script', 'b', '--description', 'Reads a | b').code, 0);
    const agents = fs.readFileSync(path.join(root, 'scripts/AGENTS.md'), 'utf8');
    assert.ok(agents.includes('| `scripts/b.sh` | Reads a \\| b | `npm run b` |\n'), agents);
    assert.equal(
      cli(root, 'new', 'script', 'c', '--ext', 'py', '--description', 'Says """hi""" \\ ok').code,
      0,
    );
    assert.equal(
      fs.readFileSync(path.join(root, 'scripts/c.py'), 'utf8').split('\n')[1],
      '"""Says \\"\\"\\"hi\\"\\"\\" \\\\ ok',
    );
  });

  it('new script NAME.EXT takes its type from the name; another --ext is refused; --supersedes "" is a usage error', () => {
    const py = cli(root, 'new', 'script', 'prune-backups.py', '--description', 'Prunes old backups');
    assert.equal(py.code, 0, py.stderr);
    assert.equal(py.stdout.split('\n')[0], 'created scripts/prune-backups.py');
    assert.match(
      fs.readFileSync(path.join(root, 'scripts/prune-backups.py'), 'utf8'),
      /^#!\/usr\/bin\/env python3$/m,
    );
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts['prune-backups'], 'python3 scripts/prune-backups.py');
    assert.equal(
      cli(root, 'new', 'script', 'rotate.sh', '--ext', 'sh').stdout.split('\n')[0],
      'created scripts/rotate.sh',
    );
    refused(
      ['new', 'script', 'sync.py', '--ext', 'sh'],
      'opsdocs: The script name "sync.py" ends in .py, but the type asked for is sh: give the name without an extension.',
    );
    refused(
      ['new', 'adr', 'Use Kafka', '--supersedes', ' '],
      'opsdocs: --supersedes needs the id of the ADR the new one supersedes.',
    );
    refused(['new', 'task', 'Rotate keys', '--supersedes', ''], 'opsdocs: --supersedes goes with new adr.');
  });

  it('new adr writes the format and the names most ADRs have: MADR front matter, a dated log (log4brains), MADR 2 lines', () => {
    const madr = (title: string) =>
      `---\nstatus: accepted\ndate: 2024-01-01\n---\n\n# ${title}\n\n## Context and Problem Statement\n\nC.\n\n## Decision Outcome\n\nD.\n`;
    const madr2 = (title: string) =>
      `# ${title}\n\n* Status: accepted\n* Deciders: ops\n* Date: 2020-01-01\n\n## Context and Problem Statement\n\nC.\n\n## Decision Outcome\n\nD.\n`;
    // Per repository: its two ADRs (Use Markdown, Use Postgres), what `new adr Use NATS` (superseding
    // the second when a pattern for it is given) prints, and what the new and the old ADR then hold.
    const cases: [string, (t: string) => string, string[], string, RegExp, RegExp | undefined][] = [
      [
        'docs/decisions/0001-use-markdown.md docs/decisions/0002-use-postgres.md',
        madr,
        ['--supersedes', 'ADR-0002'],
        'created docs/decisions/0003-use-nats.md\nupdated docs/decisions/0002-use-postgres.md\n',
        /^---\nstatus: proposed\ndate: 2026-11-26\n---\n\n# Use NATS\n\n## /,
        /^status: superseded by ADR-0003$/m,
      ],
      [
        'docs/adr/20240101-use-markdown.md docs/adr/20240315-use-postgres.md',
        madr,
        [],
        'created docs/adr/20261126-use-nats.md\n',
        /^---\nstatus: proposed\ndate: 2026-11-26\n---\n\n# Use NATS\n/,
        undefined,
      ],
      [
        'docs/adr/0001-use-markdown.md docs/adr/0002-use-postgres.md',
        madr2,
        ['--supersedes', 'ADR-0002'],
        'created docs/adr/0003-use-nats.md\nupdated docs/adr/0002-use-postgres.md\n',
        /^# Use NATS\n\n\* Status: proposed\n\* Date: 2026-11-26\n\nSupersedes \[Use Postgres\]\(0002-use-postgres\.md\)\n\n## /,
        /^\* Status: Superseded by \[Use NATS\]\(0003-use-nats\.md\)$/m,
      ],
    ];
    for (const [files, text, args, stdout, created, superseded] of cases) {
      const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-formats-'));
      try {
        const [first, second] = files.split(' ');
        fs.mkdirSync(path.join(repo, path.dirname(first)), { recursive: true });
        fs.writeFileSync(path.join(repo, first), text('Use Markdown'));
        fs.writeFileSync(path.join(repo, second), text('Use Postgres'));
        const r = cli(repo, 'new', 'adr', 'Use NATS', ...args, '--dir', repo, '--today', '2026-11-26');
        assert.equal(r.stderr, '', files);
        assert.equal(r.stdout, stdout);
        const made = stdout.split('\n')[0].replace('created ', '');
        assert.match(fs.readFileSync(path.join(repo, made), 'utf8'), created);
        if (superseded) assert.match(fs.readFileSync(path.join(repo, second), 'utf8'), superseded);
        const check = cli(repo, 'check', repo, '--format', 'json', '--today', '2026-11-26');
        assert.deepEqual(JSON.parse(check.stdout).findings, [], files);
      } finally {
        fs.rmSync(repo, { recursive: true, force: true });
      }
    }
  });

  it('numbers: an ADR moved to a folder below the others (an archive the globs leave out) keeps its number', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-archive-'));
    try {
      const nygard = (n: number, title: string) =>
        `# ${n}. ${title}\n\nDate: 2026-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nC.\n\n## Decision\n\nD.\n\n## Consequences\n\nE.\n`;
      fs.mkdirSync(path.join(repo, 'doc/adr/archive'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'doc/adr/0001-record-architecture-decisions.md'), nygard(1, 'Record'));
      fs.writeFileSync(path.join(repo, 'doc/adr/0002-use-postgres.md'), nygard(2, 'Use Postgres'));
      fs.writeFileSync(path.join(repo, 'doc/adr/archive/0003-use-mongo.md'), nygard(3, 'Use Mongo'));
      const r = cli(repo, 'new', 'adr', 'Use NATS', '--dir', repo, '--today', '2026-11-26');
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, 'created doc/adr/0004-use-nats.md\n');
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });

  it('numbers: a file of the kind the index does not read still takes its number; a task takes the width most tasks have', () => {
    fs.writeFileSync(path.join(root, 'docs/adr/ADR-006-binary.md'), Buffer.from('id: ADR-006\0\0\0'));
    assert.equal(made('adr', 'After the binary'), 'created docs/adr/ADR-007-after-the-binary.md\n');
    fs.mkdirSync(path.join(root, 'tasks/archive'));
    fs.writeFileSync(
      path.join(root, 'tasks/archive/TASK-0-old.md'),
      '---\nid: TASK-0\ntitle: Old\nstatus: done\nowner: ops\n---\n\n- [x] Done\n',
    );
    assert.equal(made('task', 'Next task'), 'created tasks/devops/TASK-006-next-task.md\n');
  });

  it('rejects names with path separators, "..", or characters Windows forbids', () => {
    for (const [args, message] of [
      [['new', 'script', '../evil'], 'opsdocs: The script name "../evil" contains "..".\n'],
      [['new', 'script', 'a/b'], 'opsdocs: The script name "a/b" contains a path separator.\n'],
      [
        ['new', 'script', 'What?'],
        'opsdocs: The script name "What?" contains a character that is not allowed in file names (< > : " | ? * or a control character).\n',
      ],
      [
        ['new', 'runbook', '日本語'],
        'opsdocs: The title "日本語" has no ASCII letter or digit, and the file name is made of those (Über-Caching → uber-caching); add one, e.g. an English word.\n',
      ],
      [['new', 'script', 'con'], 'opsdocs: The script name "con" is not a valid file name on Windows.\n'],
      [
        ['new', 'script', 'x', '--ext', 'constructor'],
        'opsdocs: Unknown script type "constructor"; use one of sh, mjs, py.\n',
      ],
    ] as const) {
      const r = cli(root, ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr, message);
    }
  });
});

describe('CLI: opsdocs new on MADR and adr-tools ADRs, and without package.json', () => {
  let root: string | undefined;
  afterEach(() => root && fs.rmSync(root, { recursive: true, force: true }));
  const findings = (dir: string) =>
    JSON.parse(cli(dir, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout).findings as {
      file: string;
      rule: string;
    }[];

  it('new adr --supersedes a MADR ADR: its status becomes "superseded by ADR-0004", no other field; all clean', () => {
    root = tempCopy('test/fixtures/scaffold-madr');
    const r = cli(root, 'new', 'adr', 'Use SQLite', '--supersedes', 'ADR-0003', '--today', '2026-11-26');
    assert.equal(
      r.stdout,
      'created docs/decisions/0004-use-sqlite.md\nupdated docs/decisions/0003-use-mysql.md\n',
    );
    same(root, 'docs/decisions/0004-use-sqlite.md', 'scaffold-madr');
    same(root, 'docs/decisions/0003-use-mysql.md', 'scaffold-madr');
    assert.deepEqual(findings(root), []);
  });

  it('new adr --supersedes a MADR ADR written with a byte order mark: the mark is kept', () => {
    root = tempCopy('test/fixtures/scaffold-madr');
    const old = path.join(root, 'docs/decisions/0003-use-mysql.md');
    fs.writeFileSync(old, `\uFEFF${fs.readFileSync(old, 'utf8')}`);
    assert.equal(
      cli(root, 'new', 'adr', 'Use SQLite', '--supersedes', 'ADR-0003', '--today', '2026-11-26').code,
      0,
    );
    const expected = fs.readFileSync(
      path.join(REPO, 'test/fixtures/scaffold-madr.expected/docs__decisions__0003-use-mysql.md'),
      'utf8',
    );
    assert.equal(fs.readFileSync(old, 'utf8'), `\uFEFF${expected}`);
    assert.deepEqual(findings(root), []);
  });

  it('new adr --supersedes an adr-tools ADR: its Status section links the new ADR; all clean', () => {
    root = tempCopy('test/fixtures/scaffold-nygard');
    const r = cli(root, 'new', 'adr', 'Use Rust', '--supersedes', 'ADR-0003', '--today', '2026-11-26');
    assert.equal(r.stdout, 'created doc/adr/0004-use-rust.md\nupdated doc/adr/0003-use-shell-scripts.md\n');
    same(root, 'doc/adr/0004-use-rust.md', 'scaffold-nygard');
    same(root, 'doc/adr/0003-use-shell-scripts.md', 'scaffold-nygard');
    assert.deepEqual(findings(root), []);
  });

  it('new adr --supersedes refuses a MADR or adr-tools ADR whose status names another successor', () => {
    for (const [fixture, id, message] of [
      [
        'scaffold-madr',
        'ADR-0001',
        'ADR-0001 is already superseded by ADR-0002; supersede that ADR instead, or change docs/decisions/0001-use-plain-text.md by hand.',
      ],
      [
        'scaffold-nygard',
        'ADR-0002',
        'ADR-0002 is already superseded by ADR-0003; supersede that ADR instead, or change doc/adr/0002-use-make.md by hand.',
      ],
    ]) {
      root = tempCopy(`test/fixtures/${fixture}`);
      const r = cli(root, 'new', 'adr', 'Something else', '--supersedes', id);
      assert.equal(r.stderr, `opsdocs: ${message}\n`);
      assert.equal(r.code, 2);
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('new script without package.json creates a minimal one with the npm script the AGENTS.md entry names', () => {
    root = tempCopy('test/fixtures/scaffold-script');
    const r = cli(root, 'new', 'script', 'b', '--description', 'Does B.');
    assert.equal(r.stdout, 'created scripts/b.sh\ncreated package.json\nupdated scripts/AGENTS.md\n');
    same(root, 'package.json', 'scaffold-script');
    assert.deepEqual(findings(root), []);
  });

  it('new script: an AGENTS.md that lists its scripts as bullets gets an item after the last script, not at the end of the file', () => {
    root = tempCopy('test/fixtures/scaffold-script');
    assert.equal(cli(root, 'new', 'script', 'b', '--description', 'Does B.').code, 0);
    same(root, 'scripts/AGENTS.md', 'scaffold-script');
  });
});

describe('CLI: opsdocs new writes only new files, only inside the repository, all or nothing', () => {
  let dir: string;
  let root: string;
  let outside: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-new-')));
    root = path.join(dir, 'repo');
    outside = path.join(dir, 'outside');
    fs.cpSync(path.join(REPO, 'docs/examples/handbook'), root, { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'file.md'), 'outside\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Runs `opsdocs new ...args` and asserts it refused with `message` and changed nothing, inside or out. */
  function refused(args: string[], message: string): void {
    const before = snapshot(dir);
    const r = cli(root, 'new', ...args, '--today', '2026-11-26');
    assert.equal(r.stderr, `opsdocs: ${message}\n`, args.join(' '));
    assert.equal(r.stdout, '');
    assert.equal(r.code, 2);
    assert.deepEqual(snapshot(dir), before, `${args.join(' ')}: nothing written, inside or out`);
  }

  it('a symbolic link at the new file’s name, dangling or to a file outside, is never replaced', () => {
    for (const [args, file] of [
      [['runbook', 'Database failover'], 'docs/runbooks/database-failover.md'],
      [['policy', 'Access reviews'], 'docs/policies/access-reviews.md'],
      [['task', 'Rotate the Vercel tokens'], 'tasks/devops/TASK-006-rotate-the-vercel-tokens.md'],
      [['adr', 'Use EventBridge'], 'docs/adr/ADR-006-use-eventbridge.md'],
      [['script', 'backup-db'], 'scripts/backup-db.sh'],
    ] as const) {
      const link = path.join(root, file);
      fs.symlinkSync(path.join(root, 'nowhere.md'), link);
      refused([...args], `${file} is a symbolic link to nothing; nothing written.`);
      fs.rmSync(link);
      fs.symlinkSync(path.join(outside, 'file.md'), link);
      refused([...args], `${file} leads outside the repository (to ${outside}/file.md); nothing written.`);
      fs.rmSync(link);
    }
  });

  it('a kind folder, a folder above it, scripts/, package.json or scripts/AGENTS.md linked outside: refused, naming the path', () => {
    const linkOut = (rel: string) => {
      fs.renameSync(path.join(root, rel), path.join(outside, path.basename(rel)));
      fs.symlinkSync(path.join(outside, path.basename(rel)), path.join(root, rel));
    };
    for (const [link, args, message] of [
      [
        'docs/adr',
        ['adr', 'Some thing'],
        // The ADRs are not read through the link, but the runbooks cite ADR-001 to ADR-005.
        `docs/adr/ADR-006-some-thing.md would be outside the repository: docs/adr leads to ${outside}/adr; nothing written.`,
      ],
      [
        'docs/runbooks',
        ['runbook', 'Some thing'],
        `docs/runbooks/some-thing.md would be outside the repository: docs/runbooks leads to ${outside}/runbooks; nothing written.`,
      ],
      [
        'docs/policies',
        ['policy', 'Some thing'],
        `docs/policies/some-thing.md would be outside the repository: docs/policies leads to ${outside}/policies; nothing written.`,
      ],
      [
        'tasks',
        ['task', 'Some thing'],
        `tasks/TASK-001-some-thing.md would be outside the repository: tasks leads to ${outside}/tasks; nothing written.`,
      ],
      [
        'docs',
        ['runbook', 'Some thing'],
        `docs/runbooks/some-thing.md would be outside the repository: docs leads to ${outside}/docs; nothing written.`,
      ],
      [
        'scripts',
        ['script', 'some-thing'],
        `scripts/some-thing.sh would be outside the repository: scripts leads to ${outside}/scripts; nothing written.`,
      ],
      [
        'package.json',
        ['script', 'some-thing'],
        `package.json leads outside the repository (to ${outside}/package.json); nothing written.`,
      ],
      [
        'scripts/AGENTS.md',
        ['script', 'some-thing'],
        `scripts/AGENTS.md leads outside the repository (to ${outside}/AGENTS.md); nothing written.`,
      ],
    ] as const) {
      linkOut(link);
      refused([...args], message);
      fs.rmSync(path.join(root, link));
      fs.renameSync(path.join(outside, path.basename(link)), path.join(root, link));
    }
  });

  it('a folder or package.json linked to another place inside the repository is written there, the link kept', () => {
    fs.renameSync(path.join(root, 'docs/runbooks'), path.join(root, 'docs/runbooks-real'));
    fs.symlinkSync(path.join(root, 'docs/runbooks-real'), path.join(root, 'docs/runbooks'));
    fs.mkdirSync(path.join(root, 'config'));
    fs.renameSync(path.join(root, 'package.json'), path.join(root, 'config/package.json'));
    fs.symlinkSync('config/package.json', path.join(root, 'package.json'));
    const r = cli(root, 'new', 'runbook', 'Database failover', '--today', '2026-11-26');
    assert.equal(r.stdout, 'created docs/runbooks/database-failover.md\n');
    assert.ok(fs.statSync(path.join(root, 'docs/runbooks-real/database-failover.md')).isFile());
    const s = cli(root, 'new', 'script', 'backup-db', '--description', 'Dump the database to S3');
    assert.equal(s.stdout, 'created scripts/backup-db.sh\nupdated scripts/AGENTS.md\nupdated package.json\n');
    assert.equal(fs.readlinkSync(path.join(root, 'package.json')), 'config/package.json', 'still a link');
    assert.equal(
      fs.readFileSync(path.join(root, 'config/package.json'), 'utf8'),
      fs.readFileSync(path.join(REPO, 'test/fixtures/scaffold.expected/package.json'), 'utf8'),
    );
  });

  it('new script all or nothing: a write that fails removes the files created and restores the files changed', () => {
    // The repository's folder is not writable (so neither is package.json, which is replaced by a
    // rename), scripts/ is: the script and its AGENTS.md row are written before package.json fails.
    // As root, which may write anywhere, the command runs as "nobody".
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    for (const [fixture, stdoutOfSuccess] of [
      ['docs/examples/handbook', 'created scripts/b.sh\nupdated scripts/AGENTS.md\nupdated package.json\n'],
      [
        'test/fixtures/scaffold-script',
        'created scripts/b.sh\ncreated package.json\nupdated scripts/AGENTS.md\n',
      ],
    ]) {
      const repo = path.join(dir, path.basename(fixture));
      fs.cpSync(path.join(REPO, fixture), repo, { recursive: true });
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(repo, 'scripts'), 0o777);
      fs.chmodSync(repo, 0o555);
      const before = snapshot(repo);
      const run = () =>
        spawnSync(
          process.execPath,
          [path.join(REPO, 'bin/opsdocs.js'), 'new', 'script', 'b', '--dir', repo],
          {
            encoding: 'utf8',
            ...asUser,
          },
        );
      const r = run();
      assert.equal(r.stderr, 'opsdocs: cannot write package.json (EACCES); nothing written.\n', fixture);
      assert.equal(r.stdout, '');
      assert.equal(r.status, 2);
      assert.deepEqual(snapshot(repo), before, `${fixture}: no file left, every file as it was`);
      fs.chmodSync(repo, 0o777);
      assert.equal(run().stdout, stdoutOfSuccess, `${fixture}: a rerun, once writable, succeeds`);
    }
  });
});

describe('CLI: opsdocs new places a first document where its kind reads it', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-new-globs-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a first runbook or policy takes its owner from CODEOWNERS (the last rule that takes it) and checks clean', () => {
    fs.mkdirSync(path.join(root, '.github'));
    fs.writeFileSync(path.join(root, '.opsdocs.json'), '{}');
    fs.writeFileSync(
      path.join(root, '.github/CODEOWNERS'),
      '# owners\n* @acme/all\ndocs/runbooks/ @acme/sre @alice\n/docs/policies/legal-*.md\n',
    );
    const made = (kind: string, title: string) =>
      cli(root, 'new', kind, title, '--today', '2026-11-26').stdout.replace(/^created (\S+)\n$/, '$1');
    const owner = (file: string) =>
      /\nowner: (.*)\n/.exec(fs.readFileSync(path.join(root, file), 'utf8'))?.[1];
    // The legal policy first: a later one would take the kind's usual owner, which comes first.
    const runbook = made('runbook', 'Rotate keys');
    const legal = made('policy', 'Legal hold');
    const policy = made('policy', 'Access reviews');
    assert.deepEqual(
      [runbook, owner(runbook), legal, owner(legal), policy, owner(policy)],
      [
        'docs/runbooks/rotate-keys.md',
        '"@acme/sre"',
        'docs/policies/legal-hold.md',
        '""',
        'docs/policies/access-reviews.md',
        '"@acme/all"',
      ],
    );
    const check = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as { file: string; rule: string }[];
    assert.deepEqual(
      check.map((f) => `${f.file} ${f.rule}`),
      ['docs/policies/legal-hold.md schema/invalid'],
      'only the policy no rule gives an owner is told to fill it in',
    );
  });

  const withAdrGlobs = (include: string[]) =>
    fs.writeFileSync(path.join(root, '.opsdocs.json'), JSON.stringify({ kinds: { adr: { include } } }));

  it('the folder a custom include names (`**` none, `{a,b}` its first choice), or refused when no glob takes the name', () => {
    for (const [include, made] of [
      [['docs/{adr,decisions}/*.md'], 'docs/adr/ADR-001-first.md'],
      [['**/adr/*.md'], 'adr/ADR-001-first.md'],
      [['handbook/**/decisions/*.md'], 'handbook/decisions/ADR-001-first.md'],
    ] as const) {
      fs.rmSync(root, { recursive: true, force: true });
      fs.mkdirSync(root);
      withAdrGlobs([...include]);
      const r = cli(root, 'new', 'adr', 'First', '--today', '2026-11-26');
      assert.equal(r.stdout, `created ${made}\n`, include[0]);
      const digest = JSON.parse(
        cli(root, 'digest', '.', '--format', 'json', '--today', '2026-11-26').stdout,
      ) as {
        summary: { adrs: number; findings: number };
      };
      assert.deepEqual(digest.summary.adrs, 1, `${include[0]}: the new ADR is read as one`);
      assert.deepEqual(digest.summary.findings, 0, `${include[0]}: and is clean`);
    }
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root);
    withAdrGlobs(['docs/adr/*.adr.md']);
    const r = cli(root, 'new', 'adr', 'Second', '--today', '2026-11-26');
    assert.equal(
      r.stderr,
      'opsdocs: docs/adr/ADR-001-second.md would not be read as a document of the adr kind: no glob of the adr kind takes it (`docs/adr/*.adr.md`). Nothing was created; choose another title, or change the globs in .opsdocs.json.\n',
    );
    assert.equal(r.code, 2);
  });

  it('a kind with a shape of its own: the learned front-matter keys with their usual values, a team schema’s required keys; both clean', () => {
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    for (const name of ['cpu', 'disk', 'memory', 'network', 'queue', 'latency'])
      fs.writeFileSync(
        path.join(root, `docs/runbooks/high-${name}.md`),
        `---\ntitle: Alert ${name}\nseverity: critical\n---\n\n## Meaning\n\nm\n\n## Impact\n\ni\n\n## Diagnosis\n\nd\n\n## Mitigation\n\nx\n`,
      );
    assert.equal(cli(root, 'new', 'runbook', 'Alert seven', '--today', '2026-11-26').code, 0);
    assert.equal(
      fs.readFileSync(path.join(root, 'docs/runbooks/alert-seven.md'), 'utf8'),
      '---\ntitle: Alert seven\nseverity: critical\n---\n\n## Meaning\n\n## Impact\n\n## Diagnosis\n\n## Mitigation\n',
    );
    fs.mkdirSync(path.join(root, 'docs/adr'));
    fs.mkdirSync(path.join(root, 'schemas'));
    fs.writeFileSync(
      path.join(root, 'schemas/adr.json'),
      JSON.stringify({
        type: 'object',
        required: ['title', 'status', 'date', 'deciders'],
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          status: { enum: ['proposed', 'accepted'] },
          date: { type: 'string' },
          deciders: { type: 'array', items: { type: 'string' } },
        },
        'x-opsdocs-sections': ['Context', 'Decision'],
      }),
    );
    fs.writeFileSync(
      path.join(root, '.opsdocs.json'),
      JSON.stringify({ kinds: { adr: { schema: 'schemas/adr.json' } } }),
    );
    assert.equal(cli(root, 'new', 'adr', 'Two', '--today', '2026-11-26').code, 0);
    assert.equal(
      fs.readFileSync(path.join(root, 'docs/adr/ADR-001-two.md'), 'utf8'),
      '---\nid: ADR-001\ntitle: Two\nstatus: proposed\ndate: 2026-11-26\ndeciders: []\n---\n\n## Context\n\n## Decision\n',
    );
    const findings = JSON.parse(cli(root, 'check', '.', '--format', 'json', '--today', '2026-11-26').stdout)
      .findings as unknown[];
    assert.deepEqual(findings, []);
  });

  it('a Nygard heading escapes `~` and `&`: the title reads back as typed', () => {
    fs.cpSync(path.join(REPO, 'test/fixtures/scaffold-nygard'), root, { recursive: true });
    const r = cli(root, 'new', 'adr', 'Use ~~strike~~ &amp; more', '--today', '2026-11-26');
    assert.equal(r.code, 0, r.stderr);
    const file = /^created (\S+)\n$/.exec(r.stdout)![1];
    assert.equal(
      fs.readFileSync(path.join(root, file), 'utf8').split('\n')[0],
      '# 4. Use \\~\\~strike\\~\\~ \\&amp; more',
    );
  });
});

const TODAY_LOGS = '2026-12-06';

describe('CLI: opsdocs new adr where ADRs are kept in logs numbered on their own (a monorepo)', () => {
  let root: string;
  beforeEach(() => {
    root = tempCopy('test/fixtures/adr-logs');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));
  const adr = (...args: string[]) => cli(root, 'new', 'adr', ...args, '--today', TODAY_LOGS);
  const findingsIn = (file: string) =>
    cli(root, 'check', '--today', TODAY_LOGS)
      .stdout.split('\n')
      .filter((l) => l.startsWith(`${file}:`));

  it('numbers the new ADR in the log --log names; with no log named it is refused, naming the logs', () => {
    refusedIn(
      root,
      ['new', 'adr', 'Use Kafka', '--today', TODAY_LOGS],
      'opsdocs: ADRs here are kept in 6 logs numbered on their own (docs/adr/billing, docs/adr/search, ' +
        'platform/decisions, services/billing/docs/adr, services/payments/docs/adr, services/search/docs/adr): ' +
        'name the log the new ADR goes into.',
    );
    // search's archive holds its 0002 too, so its next is 0003 — not 0004 as past every log.
    const r = adr('Use NATS', '--log', 'services/search/docs/adr/');
    assert.equal(r.stdout, 'created services/search/docs/adr/0003-use-nats.md\n');
    assert.equal(
      fs.readFileSync(path.join(root, 'services/search/docs/adr/0003-use-nats.md'), 'utf8').split('\n')[0],
      '# 3. Use NATS',
    );
    assert.deepEqual(findingsIn('services/search/docs/adr/0003-use-nats.md'), []);
    const platform = adr('Use Kafka', '--log', './platform/decisions');
    assert.equal(platform.stdout, 'created platform/decisions/accepted/0003-use-kafka.md\n');
  });

  it('an id several logs have is superseded only with its log named; then in that log', () => {
    refusedIn(
      root,
      ['new', 'adr', 'Use Redis', '--supersedes', 'ADR-0001', '--today', TODAY_LOGS],
      'opsdocs: ADR-0001 is in 6 ADR logs (docs/adr/billing, docs/adr/search, platform/decisions, ' +
        'services/billing/docs/adr, services/payments/docs/adr, services/search/docs/adr): ' +
        'name the log of the one the new ADR supersedes.',
    );
    const r = adr('Use Redis', '--supersedes', 'ADR-0001', '--log', 'services/search/docs/adr');
    assert.equal(
      r.stdout,
      'created services/search/docs/adr/0003-use-redis.md\nupdated services/search/docs/adr/0001-use-opensearch.md\n',
    );
    assert.match(
      fs.readFileSync(path.join(root, 'services/search/docs/adr/0001-use-opensearch.md'), 'utf8'),
      /^## Status\n\nSuperseded by \[3\. Use Redis\]\(0003-use-redis\.md\)$/m,
    );
  });

  it('one sequence in two folders that happen to share a number is numbered after all of it', () => {
    // docs/adr holds 0001–0003, docs/decisions 0003–0005: one log starts a sequence, not two.
    const nygard = (n: number, title: string) =>
      `# ${n}. ${title}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;
    const seq = tempFiles({
      'docs/adr/0001-a.md': nygard(1, 'A'),
      'docs/adr/0002-b.md': nygard(2, 'B'),
      'docs/adr/0003-c.md': nygard(3, 'C'),
      'docs/decisions/0003-c2.md': nygard(3, 'C2'),
      'docs/decisions/0004-d.md': nygard(4, 'D'),
      'docs/decisions/0005-e.md': nygard(5, 'E'),
    });
    try {
      const r = cli(seq, 'new', 'adr', 'Use T', '--today', TODAY_LOGS);
      assert.equal(r.stdout, 'created docs/adr/0006-use-t.md\n', r.stderr);
    } finally {
      fs.rmSync(seq, { recursive: true, force: true });
    }
  });

  it('a --log that is no log is refused, naming the logs; --log goes with new adr only', () => {
    refusedIn(
      root,
      ['new', 'adr', 'Use Kafka', '--log', 'services/search', '--today', TODAY_LOGS],
      'opsdocs: services/search is no ADR log here; the logs are docs/adr/billing, docs/adr/search, ' +
        'platform/decisions, services/billing/docs/adr, services/payments/docs/adr, services/search/docs/adr.',
    );
    refusedIn(root, ['new', 'task', 'Tune it', '--log', 'tasks'], 'opsdocs: --log goes with new adr.');
  });
});
