import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { runCli } from '../helpers/cli.js';

const TODAY = '2026-11-26';

const cli = runCli;

/** Every file under `root` with its text (symbolic links as `-> target`). */
function tree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const abs = path.join(e.parentPath, e.name);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (e.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(abs)}`;
    else if (e.isFile()) out[rel] = fs.readFileSync(abs, 'utf8');
  }
  return out;
}

/** Compares `actual` with `test/fixtures/NAME` (rewritten with OPSDOCS_UPDATE_EXPECTED=1). */
function expectFile(name: string, actual: string | undefined): void {
  const file = path.join(REPO, 'test/fixtures', name);
  if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') {
    if (actual === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, actual);
  }
  const expected = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  assert.equal(actual, expected, name);
}

/** The findings of `check` as `file:line:column rule message` lines. */
function findings(root: string): string {
  const r = cli(root, 'check', '.', '--format', 'json', '--today', TODAY);
  const list = (JSON.parse(r.stdout) as { findings: Record<string, string | number>[] }).findings;
  return list.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}\n`).join('');
}

/**
 * Layouts other than the defaults (and one the defaults fit), each with, beside it, the plan that
 * `init --dry-run` prints (`.plan.txt`), the `.opsdocs.json` it writes (`.opsdocs.json`; none
 * when absent) and the findings of the first check after it (`.after.txt`).
 */
const LAYOUTS = [
  ['init-madr', 'MADR 4 in docs/architecture/decisions, with a README and a template beside them'],
  ['init-nygard', 'adr-tools/Nygard in doc/adr: the defaults fit, no config written'],
  ['init-runbooks', 'runbooks in docs/runbooks on a template of their own, no front matter'],
  ['init-log4brains', 'log4brains: dated MADR 2 ADRs in docs/adr and in a package'],
  ['init-policies', 'policies at the root with front matter of another site generator'],
  ['init-monorepo', 'a monorepo: an adr-tools log in each service, numbered on its own'],
  ['init-adr-buckets', 'ADRs sorted into status folders (docs/decisions/accepted, proposed, superseded)'],
  ['learn-statuses', "tasks and ADRs with their team's own status values (open, closed, approved)"],
  ['learn-frontmatter', 'runbooks and policies with front matter of their own: its keys and their types'],
];

describe('CLI: opsdocs init', function () {
  this.timeout(120_000);
  const temps: string[] = [];
  const copy = (fixture: string) => {
    const root = tempCopy(fixture);
    temps.push(root);
    return root;
  };
  after(() => temps.forEach((t) => fs.rmSync(t, { recursive: true, force: true })));

  for (const [name, what] of LAYOUTS) {
    it(`${what}: --dry-run prints the plan and writes nothing`, () => {
      const root = copy(`test/fixtures/${name}`);
      const before = tree(root);
      const r = cli(root, 'init', '--dry-run', '--ci', 'github', '--today', TODAY);
      assert.equal(r.code, 0, r.stderr);
      expectFile(`${name}.plan.txt`, r.stdout);
      assert.deepEqual(tree(root), before);
    });

    it(`${what}: writes the expected .opsdocs.json; the first check has no finding caused by layout`, () => {
      const root = copy(`test/fixtures/${name}`);
      const r = cli(root, 'init', '--today', TODAY);
      assert.equal(r.code, 0, r.stderr);
      const config = path.join(root, '.opsdocs.json');
      expectFile(`${name}.opsdocs.json`, fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : undefined);
      const after = findings(root);
      expectFile(`${name}.after.txt`, after);
      // The dry run's check (the planned config in memory) is the check after the real run.
      const dry = cli(copy(`test/fixtures/${name}`), 'init', '--dry-run', '--today', TODAY).stdout;
      const summary = (s: string) =>
        s.slice(s.indexOf('\nFirst check')).replace(' (with the planned config)', '');
      assert.equal(summary(dry), summary(r.stdout));
    });
  }

  it('the example handbook (the doc model layout): no .opsdocs.json, its own npm scripts kept', () => {
    const root = copy('docs/examples/handbook');
    const before = tree(root);
    const r = cli(root, 'init', '--today', TODAY);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}no \.opsdocs\.json: the defaults fit this layout$/m);
    for (const s of ['lint:tasks', 'tasks:summary', 'ensure:agents'])
      assert.match(r.stdout, new RegExp(`keep the npm script "${s}": package.json has it already`));
    assert.deepEqual(tree(root), before);
  });

  it('npm scripts: only the free names are added, after the last script, in the file’s own indentation', () => {
    const root = copy('test/fixtures/init-madr');
    cli(root, 'init', '--today', TODAY);
    assert.equal(
      fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
      '{\n    "name": "payments-platform",\n    "private": true,\n    "scripts": {\n' +
        '        "lint:tasks": "node scripts/lint-tasks.mjs",\n        "test": "node --test",\n' +
        '        "tasks:summary": "opsdocs digest",\n        "ensure:agents": "opsdocs check --only agents"\n' +
        '    }\n}\n',
    );
  });

  it('npm scripts: a scripts object is added to a tab-indented package.json without one', () => {
    const root = copy('test/fixtures/init-runbooks');
    cli(root, 'init', '--today', TODAY);
    assert.equal(
      fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
      '{\n\t"name": "alerts",\n\t"private": true,\n\t"scripts": {\n\t\t"lint:tasks": "opsdocs check",\n' +
        '\t\t"tasks:summary": "opsdocs digest",\n\t\t"ensure:agents": "opsdocs check --only agents"\n\t}\n}\n',
    );
  });

  it('a package.json that is not a JSON object is left alone and said so', () => {
    const root = copy('test/fixtures/init-runbooks');
    fs.writeFileSync(path.join(root, 'package.json'), '[1, 2]\n');
    const r = cli(root, 'init', '--today', TODAY);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /package\.json is not a readable JSON object: npm scripts not added/);
    assert.equal(fs.readFileSync(path.join(root, 'package.json'), 'utf8'), '[1, 2]\n');
  });

  it('never overwrites: an existing .opsdocs.json and workflow are kept byte for byte', () => {
    const root = copy('test/fixtures/init-madr');
    fs.writeFileSync(path.join(root, '.opsdocs.json'), '{ "rules": { "links": "warning" } }\n');
    fs.mkdirSync(path.join(root, '.github/workflows'), { recursive: true });
    fs.writeFileSync(path.join(root, '.github/workflows/opsdocs.yml'), 'name: ours\n');
    const r = cli(root, 'init', '--ci', 'github', '--today', TODAY);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /keep \.opsdocs\.json: it exists and is never overwritten; the detected config is printed below/,
    );
    assert.match(r.stdout, /keep \.github\/workflows\/opsdocs\.yml: it exists and is never overwritten/);
    assert.match(r.stdout, /"docs\/architecture\/decisions\/\*\.md"/, 'the detected config is shown');
    assert.equal(
      fs.readFileSync(path.join(root, '.opsdocs.json'), 'utf8'),
      '{ "rules": { "links": "warning" } }\n',
    );
    assert.equal(fs.readFileSync(path.join(root, '.github/workflows/opsdocs.yml'), 'utf8'), 'name: ours\n');
  });

  it('never writes through a link: a symbolic link at .opsdocs.json stops init before anything is written', () => {
    const root = copy('test/fixtures/init-madr');
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-outside-'));
    temps.push(outside);
    fs.symlinkSync(path.join(outside, 'config.json'), path.join(root, '.opsdocs.json'));
    const before = tree(root);
    const r = cli(root, 'init', '--ci', 'github', '--today', TODAY);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'opsdocs: .opsdocs.json is a symbolic link to nothing; nothing written.\n');
    assert.deepEqual(tree(root), before);
    assert.deepEqual(fs.readdirSync(outside), []);
  });

  it('--ci github: a workflow that checks pull requests since their base, keeps the cache and uploads SARIF', () => {
    const root = copy('test/fixtures/init-nygard');
    const r = cli(root, 'init', '--ci', 'github', '--today', TODAY);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^created \.github\/workflows\/opsdocs\.yml$/m);
    const wf = parse(fs.readFileSync(path.join(root, '.github/workflows/opsdocs.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: {
        opsdocs: { steps: { uses?: string; with?: unknown; if?: string; env?: unknown; run?: string }[] };
      };
    };
    assert.ok('pull_request' in wf.on);
    assert.equal(wf.permissions['security-events'], 'write');
    const steps = wf.jobs.opsdocs.steps;
    const uses = (prefix: string) => steps.find((s) => s.uses?.startsWith(prefix));
    assert.deepEqual(uses('actions/checkout')?.with, { 'fetch-depth': 0 });
    assert.equal((uses('actions/cache')?.with as Record<string, string>).path, 'node_modules/.cache/opsdocs');
    const pr = steps.find((s) => s.if === "github.event_name == 'pull_request'")!;
    assert.deepEqual(pr.env, { BASE: 'origin/${{ github.base_ref }}' });
    assert.equal(pr.run, 'npx opsdocs check --cache --changed-since "$BASE" --format sarif > opsdocs.sarif');
    const upload = uses('github/codeql-action/upload-sarif')!;
    assert.equal((upload.with as Record<string, string>).sarif_file, 'opsdocs.sarif');
    assert.match(upload.if ?? '', /always\(\)/, 'uploaded also when the check fails');
  });

  it('usage errors: an unknown --ci, two folders', () => {
    const root = copy('test/fixtures/init-nygard');
    assert.deepEqual(cli(root, 'init', '--ci', 'gitlab'), {
      code: 2,
      stdout: '',
      stderr: 'opsdocs: --ci must be one of github; got "gitlab".\n',
    });
    assert.equal(cli(root, 'init', 'a', 'b').code, 2);
    assert.deepEqual(tree(root), tree(path.join(REPO, 'test/fixtures/init-nygard')));
  });

  it('check --only reports the rules asked for (ensure:agents) and refuses an unknown one', () => {
    const root = copy('test/fixtures/init-madr');
    fs.appendFileSync(path.join(root, 'README.md'), '\nSee [the runbook](docs/runbooks/missing.md).\n');
    const all = findings(root);
    assert.match(all, /links\/missing-file/);
    const r = cli(
      root,
      'check',
      '.',
      '--only',
      'agents,sections/missing',
      '--format',
      'json',
      '--today',
      TODAY,
    );
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.stdout).findings, []);
    const links = cli(root, 'check', '.', '--only', 'links', '--format', 'json', '--today', TODAY);
    assert.equal(JSON.parse(links.stdout).findings.length, all.split('\n').filter(Boolean).length);
    const bad = cli(root, 'check', '.', '--only', 'agent');
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'opsdocs: --only takes rule ids or categories; "agent" is neither.\n');
  });
});
