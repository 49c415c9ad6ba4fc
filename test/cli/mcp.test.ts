import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO } from '../helpers/expected.js';
import { snapshot } from '../helpers/snapshot.js';
import { MCP_TOOLS } from '../../server/src/shared/mcpTools.js';

const HANDBOOK = path.join(REPO, 'docs/examples/handbook');
const TODAY = '2026-11-01';

function cli(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000, // a read that blocks (a FIFO) fails the test instead of hanging it
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An MCP client of `opsdocs mcp ...args` over stdio, as an agent starts it. */
async function connect(cwd: string, ...args: string[]) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [path.join(REPO, 'bin/opsdocs.js'), 'mcp', ...args, '--today', TODAY],
    cwd,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'opsdocs-test', version: '1.0.0' });
  await client.connect(transport);
  /** A tool's answer: its text, and whether it is an error. */
  const call = async (name: string, args: unknown = {}) => {
    const r = (await client.callTool({ name, arguments: args as Record<string, unknown> })) as {
      isError?: boolean;
      content: { type: string; text: string }[];
    };
    assert.equal(r.content.length, 1);
    return { error: r.isError === true, text: r.content[0].text };
  };
  /** A tool's JSON answer (it must not be an error). */
  const json = async (name: string, args: unknown = {}) => {
    const r = await call(name, args);
    assert.equal(r.error, false, `${name}: ${r.text}`);
    return JSON.parse(r.text);
  };
  return { client, call, json, close: () => client.close() };
}

type Session = Awaited<ReturnType<typeof connect>>;

/** markdownlint-cli2's findings (its defaults) on `text` written at `file`, without line numbers. */
function markdownlint(root: string, file: string, text: string): string[] {
  fs.writeFileSync(path.join(root, file), text);
  const bin = path.join(REPO, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
  const r = spawnSync(process.execPath, [bin, `:${file}`], { cwd: root, encoding: 'utf8' });
  return `${r.stdout}\n${r.stderr}`
    .split('\n')
    .filter((l) => / MD\d+/.test(l))
    .map((l) => l.replace(/:\d+(:\d+)? /, ' '))
    .sort();
}

const READ_TOOLS = [
  'find_docs',
  'get_doc',
  'current_decision',
  'runbook_for',
  'open_tasks',
  'check',
  'digest',
];

describe('opsdocs mcp: the handbook over MCP (stdio, the SDK client) on the example handbook', () => {
  let s: Session;
  before(async () => {
    s = await connect(REPO, HANDBOOK);
  });
  after(() => s.close());

  it('offers the read-only tools, described as AGENTS.md lists them, and one resource per document', async () => {
    const { tools } = await s.client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      READ_TOOLS,
    );
    for (const t of tools) {
      assert.equal(t.description, MCP_TOOLS.find((x) => x.name === t.name)!.description);
      assert.equal(t.annotations?.readOnlyHint, true, t.name);
    }
    const { resources } = await s.client.listResources();
    assert.deepEqual(resources.map((r) => [r.uri, r.title]).slice(0, 3), [
      ['opsdocs://doc/docs/adr/ADR-001-hosting-and-db.md', 'ADR-001: Hosting and database'],
      [
        'opsdocs://doc/docs/adr/ADR-002-background-jobs-on-supabase.md',
        'ADR-002: Background jobs on Supabase pg_cron and Edge Functions',
      ],
      ['opsdocs://doc/docs/adr/ADR-003-queues-and-jobs.md', 'ADR-003: Queues and jobs on AWS SQS and Lambda'],
    ]);
    assert.equal(resources.length, 17);
    const read = await s.client.readResource({ uri: 'opsdocs://doc/docs/runbooks/incident-response.md' });
    assert.deepEqual(read.contents, [
      {
        uri: 'opsdocs://doc/docs/runbooks/incident-response.md',
        mimeType: 'text/markdown',
        text: fs.readFileSync(path.join(HANDBOOK, 'docs/runbooks/incident-response.md'), 'utf8'),
      },
    ]);
  });

  it('"which ADR governs our queues and which runbook do I follow when they back up?"', async () => {
    const decisions = await s.json('current_decision', { topic: 'queues' });
    assert.deepEqual(
      decisions.map((d: { decision: { id: string }; chain: string[] }) => [d.decision.id, d.chain]),
      [['ADR-003', ['ADR-003']]],
    );
    assert.equal(decisions[0].decision.title, 'Queues and jobs on AWS SQS and Lambda');
    const runbooks = await s.json('runbook_for', { service_or_alert: 'queues back up' });
    assert.deepEqual(
      runbooks.map((r: { file: string; lines: unknown[] }) => [r.file, r.lines[0]]),
      [
        [
          'docs/runbooks/incident-response.md',
          {
            line: 36,
            text: '4. For queue backlogs, inspect the SQS DLQ and pause consumers before replaying (ADR-003).',
          },
        ],
        [
          'docs/runbooks/cost-review.md',
          {
            line: 20,
            text: '[ADR-001](../adr/ADR-001-hosting-and-db.md#consequences); queue and Lambda costs follow ADR-003.',
          },
        ],
        [
          'docs/runbooks/deployment.md',
          {
            line: 21,
            text: '([ADR-001](../adr/ADR-001-hosting-and-db.md#decision)). Queue workers are Lambda functions',
          },
        ],
      ],
    );
  });

  it('current_decision follows supersession: background jobs on Supabase (ADR-002) lead to ADR-003', async () => {
    const decisions = await s.json('current_decision', { topic: 'background jobs on supabase' });
    assert.deepEqual(
      decisions.map((d: { decision: { id: string; status: string }; chain: string[] }) => [
        d.decision.id,
        d.decision.status,
        d.chain,
      ]),
      [
        ['ADR-003', 'accepted', ['ADR-002', 'ADR-003']],
        ['ADR-001', 'accepted', ['ADR-001']],
        ['ADR-004', 'acepted', ['ADR-004']],
      ],
    );
  });

  it('get_doc: by id in any spelling or by path: text, front matter, status, successor and the ADR in force', async () => {
    const doc = await s.json('get_doc', { id_or_path: 'adr-2' });
    const file = 'docs/adr/ADR-002-background-jobs-on-supabase.md';
    assert.deepEqual(doc, {
      id: 'ADR-002',
      title: 'Background jobs on Supabase pg_cron and Edge Functions',
      kind: 'adr',
      status: 'superseded',
      file,
      frontMatter: {
        id: 'ADR-002',
        title: 'Background jobs on Supabase pg_cron and Edge Functions',
        status: 'superseded',
        date: '2025-02-10',
        deciders: ['platform-lead', 'web-lead'],
        superseded_by: 'ADR-003',
        tags: ['jobs', 'supabase'],
      },
      text: fs.readFileSync(path.join(HANDBOOK, file), 'utf8'),
      successor: 'ADR-003',
      inForce: {
        decision: {
          id: 'ADR-003',
          title: 'Queues and jobs on AWS SQS and Lambda',
          kind: 'adr',
          status: 'accepted',
          file: 'docs/adr/ADR-003-queues-and-jobs.md',
        },
        chain: ['ADR-002', 'ADR-003'],
      },
    });
    assert.deepEqual(await s.json('get_doc', { id_or_path: `./${file}` }), doc);
    const task = await s.json('get_doc', { id_or_path: 'task-3' });
    assert.equal(task.file, 'tasks/devops/TASK-003-sqs-dlq-alerts.md');
    assert.equal(task.successor, undefined);
  });

  it('find_docs: ranked, with where the words were found; kind narrows', async () => {
    const hits = await s.json('find_docs', { query: 'dead letter queue alerts' });
    assert.deepEqual(
      hits
        .slice(0, 3)
        .map((h: { id: string; file: string; matchedIn: string[] }) => [h.id ?? h.file, h.matchedIn]),
      [
        ['TASK-003', ['title']],
        ['docs/policies/error-budget-policy.md', ['text', 'heading']],
        ['ADR-003', ['text']],
      ],
    );
    const runbooks = await s.json('find_docs', { query: 'flagsmith', kind: 'runbook' });
    assert.deepEqual(
      runbooks.map((h: { file: string }) => h.file),
      ['docs/runbooks/deployment.md', 'docs/runbooks/incident-response.md'],
    );
    assert.deepEqual(await s.json('find_docs', { query: 'kubernetes' }), []);
  });

  it('open_tasks: not done, by due date, of one owner', async () => {
    const all = await s.json('open_tasks');
    assert.deepEqual(
      all.map((t: { id: string; status: string; owner: string; due: string }) => [
        t.id,
        t.status,
        t.owner,
        t.due,
      ]),
      [
        ['TASK-005', 'in_progress', 'jonas.berg', '2026-11-20'],
        ['TASK-002', 'review', 'jonas.berg', '2026-12-10'],
        ['TASK-003', 'in_progress', 'priya.raman', '2026-12-15'],
        ['TASK-004', 'blocked', 'marta.nowak', '2026-12-20'],
      ],
    );
    assert.deepEqual(
      (await s.json('open_tasks', { owner: 'Marta.Nowak' })).map((t: { id: string; blocked: boolean }) => [
        t.id,
        t.blocked,
      ]),
      [['TASK-004', true]],
    );
  });

  it('check and digest answer what opsdocs check --format json and opsdocs digest --format json print', async () => {
    const checked = cli(REPO, 'check', HANDBOOK, '--format', 'json', '--today', TODAY);
    assert.equal((await s.call('check')).text, checked.stdout);
    const all = JSON.parse(checked.stdout).findings as { file: string }[];
    const some = JSON.parse((await s.call('check', { paths: ['docs/adr', 'tasks/devops/'] })).text);
    assert.deepEqual(
      some.findings,
      all.filter((f) => f.file.startsWith('docs/adr/') || f.file.startsWith('tasks/devops/')),
    );
    assert.ok(some.findings.length > 0);
    const digest = cli(REPO, 'digest', HANDBOOK, '--format', 'json', '--today', TODAY);
    assert.equal((await s.call('digest')).text, digest.stdout);
    assert.equal(
      (await s.call('digest', { format: 'md' })).text,
      cli(REPO, 'digest', HANDBOOK, '--today', TODAY).stdout,
    );
  });

  it('hostile inputs get clear errors, never a read outside the root, and the server keeps answering', async () => {
    const cases: [string, unknown, RegExp][] = [
      [
        'find_docs',
        { query: 'q'.repeat(100_000) },
        /Input validation error: .*find_docs.*Too big: expected string to have <=1000 characters/,
      ],
      ['find_docs', { query: 42 }, /Input validation error: .*expected string, received number/],
      ['find_docs', {}, /Input validation error: .*query/],
      ['find_docs', { query: 'x', kind: 'secrets' }, /Input validation error: .*kind/],
      ['get_doc', { id_or_path: 'ADR-999' }, /^No document has the id or path "ADR-999"\.$/],
      ['get_doc', { id_or_path: '../../etc/passwd' }, /^"\.\.\/\.\.\/etc\/passwd" is outside the repository/],
      ['get_doc', { id_or_path: '/etc/passwd' }, /^"\/etc\/passwd" is outside the repository/],
      ['get_doc', { id_or_path: 'C:\\Windows\\win.ini' }, /is outside the repository/],
      ['get_doc', { id_or_path: 'docs/../../x.md' }, /is outside the repository/],
      ['get_doc', { id_or_path: 'package.json' }, /^No document has the id or path "package.json"\.$/],
      ['get_doc', { id_or_path: 'docs/a\0.md' }, /^A path cannot hold a NUL character\.$/],
      ['get_doc', { id_or_path: ['ADR-001'] }, /Input validation error/],
      ['check', { paths: ['../'] }, /^"\.\.\/" is outside the repository/],
      ['check', { paths: ['docs/nothing-here'] }, /^No checked document is at "docs\/nothing-here"\.$/],
      ['check', { paths: 'docs' }, /Input validation error: .*expected array/],
      ['open_tasks', { owner: { $ne: null } }, /Input validation error/],
      ['digest', { format: 'html' }, /Input validation error/],
      [
        'new_adr',
        { title: 'Use Kafka' },
        /^new_adr writes files, and this server is read-only: it offers new_adr only when started with `opsdocs mcp --allow-write`\.$/,
      ],
      ['no_such_tool', {}, /Tool no_such_tool not found/],
    ];
    for (const [tool, args, message] of cases) {
      const r = await s.call(tool, args);
      assert.equal(r.error, true, `${tool} ${JSON.stringify(args).slice(0, 80)}`);
      assert.match(r.text, message, `${tool} ${JSON.stringify(args).slice(0, 80)}`);
    }
    // Resources: the SDK prefixes the code on both sides.
    for (const [uri, message] of [
      [
        'opsdocs://doc/..%2F..%2Fetc%2Fpasswd',
        '"../../etc/passwd" is outside the repository: give a path relative to its root, without "..".',
      ],
      ['opsdocs://doc/package.json', 'No document is at "package.json".'],
      ['opsdocs://doc/%00', 'A path cannot hold a NUL character.'],
      ['opsdocs://doc/%E0%A4%A', "opsdocs://doc/%E0%A4%A is not a document's URI."],
    ])
      await assert.rejects(s.client.readResource({ uri }), {
        message: `MCP error -32602: MCP error -32602: ${message}`,
      });
    assert.equal((await s.json('get_doc', { id_or_path: 'ADR-001' })).id, 'ADR-001');
  });
});

describe('opsdocs mcp: writes only with --allow-write, by the rules of opsdocs new', () => {
  let dir: string;
  let root: string;
  let session: Session | undefined;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-mcp-')));
    root = path.join(dir, 'repo');
    fs.cpSync(HANDBOOK, root, { recursive: true });
    fs.mkdirSync(path.join(dir, 'outside'));
  });
  afterEach(async () => {
    await session?.close();
    session = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('without the flag: no writing tool is offered and none runs, each call told how to allow it; nothing is written', async () => {
    const before = snapshot(dir);
    session = await connect(root, '.');
    const { tools } = await session.client.listTools();
    assert.deepEqual(
      tools.map((t) => t.name),
      READ_TOOLS,
    );
    for (const name of ['new_adr', 'new_task'])
      assert.deepEqual(await session.call(name, { title: 'Use Kafka' }), {
        error: true,
        text: `${name} writes files, and this server is read-only: it offers ${name} only when started with \`opsdocs mcp --allow-write\`.`,
      });
    assert.deepEqual(snapshot(dir), before);
  });

  it('with it: new_adr and new_task write what opsdocs new writes, and the index sees them at once', async () => {
    const twin = path.join(dir, 'twin');
    fs.cpSync(HANDBOOK, twin, { recursive: true });
    assert.equal(
      cli(twin, 'new', 'adr', 'Use Kafka for queues', '--supersedes', 'ADR-003', '--today', TODAY).code,
      0,
    );
    assert.equal(cli(twin, 'new', 'task', 'Migrate queues to Kafka', '--today', TODAY).code, 0);

    session = await connect(root, '.', '--allow-write');
    const { tools } = await session.client.listTools();
    assert.deepEqual(tools.map((t) => [t.name, t.annotations?.readOnlyHint]).slice(-2), [
      ['new_adr', false],
      ['new_task', false],
    ]);
    assert.deepEqual(
      await session.json('new_adr', { title: 'Use Kafka for queues', supersedes: 'ADR-003' }),
      {
        created: ['docs/adr/ADR-006-use-kafka-for-queues.md'],
        changed: ['docs/adr/ADR-003-queues-and-jobs.md'],
      },
    );
    assert.deepEqual(await session.json('new_task', { title: 'Migrate queues to Kafka' }), {
      created: ['tasks/devops/TASK-006-migrate-queues-to-kafka.md'],
      changed: [],
    });
    assert.deepEqual(snapshot(root), snapshot(twin), 'the same files as opsdocs new, byte for byte');
    const decisions = await session.json('current_decision', { topic: 'queues' });
    assert.deepEqual(decisions[0].chain, ['ADR-003', 'ADR-006']);
    // A refused title, as opsdocs new refuses it.
    const refusedByCli = cli(
      twin,
      'new',
      'adr',
      'Use Kafka for queues',
      '--supersedes',
      'ADR-042',
      '--today',
      TODAY,
    );
    const r = await session.call('new_adr', { title: 'Use Kafka for queues', supersedes: 'ADR-042' });
    assert.deepEqual(r, { error: true, text: refusedByCli.stderr.replace(/^opsdocs: /, '').trimEnd() });
  });

  it('never over an existing name, never through a link out of the root', async () => {
    const outside = path.join(dir, 'outside');
    session = await connect(root, '.', '--allow-write');
    const link = path.join(root, 'tasks/devops/TASK-006-rotate-the-vercel-tokens.md');
    fs.symlinkSync(path.join(outside, 'file.md'), link);
    fs.writeFileSync(path.join(outside, 'file.md'), 'outside\n');
    let before = snapshot(dir);
    assert.deepEqual(await session.call('new_task', { title: 'Rotate the Vercel tokens' }), {
      error: true,
      text: `tasks/devops/TASK-006-rotate-the-vercel-tokens.md leads outside the repository (to ${outside}/file.md); nothing written.`,
    });
    assert.deepEqual(snapshot(dir), before);
    fs.rmSync(link);
    fs.renameSync(path.join(root, 'docs/adr'), path.join(outside, 'adr'));
    fs.symlinkSync(path.join(outside, 'adr'), path.join(root, 'docs/adr'));
    before = snapshot(dir);
    const r = await session.call('new_adr', { title: 'Some thing' });
    assert.deepEqual(r, {
      error: true,
      // The ADRs are not read through the link, but the runbooks cite ADR-001 to ADR-005.
      text: `docs/adr/ADR-006-some-thing.md would be outside the repository: docs/adr leads to ${outside}/adr; nothing written.`,
    });
    assert.deepEqual(snapshot(dir), before);
  });

  it('reads again what changed on disk between calls', async () => {
    session = await connect(root, '.');
    assert.deepEqual(await session.json('find_docs', { query: 'launchdarkly' }), []);
    const file = path.join(root, 'docs/adr/ADR-005-feature-flags.md');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace('title: Feature flags with Flagsmith', 'title: Feature flags with LaunchDarkly'),
    );
    assert.equal(
      (await session.json('get_doc', { id_or_path: 'ADR-005' })).title,
      'Feature flags with LaunchDarkly',
    );
    assert.deepEqual(
      (await session.json('find_docs', { query: 'launchdarkly' })).map((h: { id: string }) => h.id),
      ['ADR-005'],
    );
    fs.rmSync(file);
    assert.equal((await session.call('get_doc', { id_or_path: 'ADR-005' })).error, true);
  });
});

describe('opsdocs mcp: a call during the first index hears its progress', () => {
  let dir: string;
  let session: Awaited<ReturnType<typeof connect>> | undefined;
  afterEach(async () => {
    await session?.client.close();
    session = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('sends notifications/progress (read of total) while the index is built, and none after', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-mcp-progress-'));
    const COUNT = 1000;
    fs.mkdirSync(path.join(dir, 'docs/runbooks'), { recursive: true });
    for (let i = 0; i < COUNT; i++) {
      const body = Array.from(
        { length: 20 },
        (_, j) => `Step ${j}: see [the guide](runbook-${(i + j) % COUNT}.md).`,
      );
      fs.writeFileSync(
        path.join(dir, `docs/runbooks/runbook-${i}.md`),
        `# Runbook ${i}\n\n${body.join('\n')}\n`,
      );
    }
    session = await connect(dir, '.');
    const seen: { progress: number; total?: number; message?: string }[] = [];
    const first = await session.client.callTool(
      { name: 'find_docs', arguments: { query: 'Runbook 42' } },
      undefined,
      {
        onprogress: (p) => seen.push(p),
        timeout: 120000,
      },
    );
    assert.equal(first.isError, undefined);
    assert.ok(seen.length > 0, 'no progress while the index was built');
    for (const p of seen) {
      if (p.total === undefined) assert.equal(p.message, 'Indexing the handbook: listing its files.');
      else {
        assert.equal(p.total, COUNT);
        assert.ok(p.progress <= COUNT);
        assert.equal(
          p.message,
          `Indexing the handbook: ${p.progress.toLocaleString('en')} of 1,000 documents read.`,
        );
      }
    }
    const after: unknown[] = [];
    await session.client.callTool({ name: 'find_docs', arguments: { query: 'Runbook 7' } }, undefined, {
      onprogress: (p) => after.push(p),
    });
    assert.deepEqual(after, [], 'the index was there: nothing to wait for');
  });
});

describe('opsdocs mcp-agents: the generated list of tools in an AGENTS.md', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-agents-')));
    fs.cpSync(HANDBOOK, root, { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('appends it to scripts/AGENTS.md once, then finds it up to date; the rest of the file stays', () => {
    const file = path.join(root, 'scripts/AGENTS.md');
    const old = fs.readFileSync(file, 'utf8');
    assert.deepEqual(cli(root, 'mcp-agents'), { code: 0, stdout: 'updated scripts/AGENTS.md\n', stderr: '' });
    const now = fs.readFileSync(file, 'utf8');
    assert.ok(now.startsWith(`${old}\n<!-- opsdocs:mcp-tools start`), 'appended after a blank line');
    for (const t of MCP_TOOLS) assert.ok(now.includes(`- \`${t.call}\`: `), t.name);
    assert.deepEqual(cli(root, 'mcp-agents'), {
      code: 0,
      stdout: 'scripts/AGENTS.md is up to date\n',
      stderr: '',
    });
    // The handbook's own checks are still clean on it (the table of scripts is untouched).
    const findings = JSON.parse(cli(root, 'check', '--format', 'json', '--today', TODAY).stdout).findings;
    assert.deepEqual(
      findings.filter((f: { file: string }) => f.file === 'scripts/AGENTS.md'),
      [],
    );
    // markdownlint finds nothing new in it (its defaults, as the scaffolds are held to).
    assert.deepEqual(
      markdownlint(root, 'scripts/AGENTS.md', now),
      markdownlint(root, 'scripts/AGENTS.md', old),
    );
  });

  it('creates a new AGENTS.md it is asked for, refuses other files, paths outside and broken markers', () => {
    assert.deepEqual(cli(root, 'mcp-agents', 'AGENTS.md'), {
      code: 0,
      stdout: 'created AGENTS.md\n',
      stderr: '',
    });
    assert.match(
      cli(root, 'mcp-agents', 'README.md').stderr,
      /^opsdocs: README\.md is not an AGENTS\.md; nothing written\.\n$/,
    );
    assert.match(
      cli(root, 'mcp-agents', '../AGENTS.md').stderr,
      /^opsdocs: \.\.\/AGENTS\.md is outside .*; nothing written\.\n$/,
    );
    const file = path.join(root, 'scripts/AGENTS.md');
    fs.appendFileSync(file, '\n<!-- opsdocs:mcp-tools end -->\n');
    const before = fs.readFileSync(file, 'utf8');
    const r = cli(root, 'mcp-agents', 'scripts/AGENTS.md');
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^opsdocs: scripts\/AGENTS\.md: the generated section's markers are not one .* \(found 0 and 1\); fix them by hand, nothing was changed\.\n$/,
    );
    assert.equal(fs.readFileSync(file, 'utf8'), before);
  });

  it('edits no file that is not one: a FIFO or a folder at its name is refused at once; one not UTF-8 is left as it is', function () {
    if (process.platform === 'win32') this.skip();
    const file = path.join(root, 'scripts/AGENTS.md');
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    const refused = {
      code: 2,
      stdout: '',
      stderr: 'opsdocs: scripts/AGENTS.md already exists; nothing written.\n',
    };
    assert.deepEqual(cli(root, 'mcp-agents'), refused);
    fs.rmSync(file);
    fs.mkdirSync(file);
    assert.deepEqual(cli(root, 'mcp-agents', 'scripts/AGENTS.md'), refused);
    fs.rmSync(file, { recursive: true });
    const latin1 = Buffer.from('# Scripts\n\nMaintained by J\u00fcrgen.\n', 'latin1');
    fs.writeFileSync(file, latin1);
    assert.deepEqual(cli(root, 'mcp-agents'), {
      code: 2,
      stdout: '',
      stderr:
        'opsdocs: scripts/AGENTS.md is not UTF-8 text (OpsDocs edits only UTF-8 files); nothing written.\n',
    });
    assert.deepEqual(fs.readFileSync(file), latin1);
  });
});
