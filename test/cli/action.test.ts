import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { runAction, type RunOptions } from '../helpers/actionRunner.js';

const sh = (cwd: string, cmd: string, ...args: string[]) => {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** A temp git repository holding a copy of a fixture (under `sub` when given), committed. */
function gitRepo(fixture: string, sub = ''): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-action-'));
  fs.cpSync(path.join(REPO, fixture), path.join(root, sub), { recursive: true });
  sh(root, 'git', 'init', '-q');
  sh(root, 'git', 'add', '-A');
  sh(root, 'git', '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'docs');
  return root;
}

/** The findings of a fixture's expectation file as `--format github` annotations' start and severity. */
function expectedAnnotations(fixture: string, prefix = ''): string[] {
  return readExpected(path.join(REPO, `${fixture}.expected.txt`)).lines.map((l) => {
    const [, file, line, col, severity] = /^([^:]+):(\d+):(\d+)-\S+ (\S+)/.exec(l)!;
    const level = severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
    return `::${level} file=${prefix}${file},line=${line},col=${col}`;
  });
}
const annotationStarts = (stdout: string) =>
  stdout
    .split('\n')
    .filter((l) => /^::(error|warning|notice) file=/.test(l))
    .map((l) => /^::\w+ file=[^,]*,line=\d+,col=\d+/.exec(l)![0]);

/*
 * action.yml's run steps, run by a local runner (test/helpers/actionRunner.ts) as GitHub would:
 * OpsDocs installed and built from the action's own checkout (a copy of this repository's files;
 * npm ci offline, from the npm cache this checkout was installed from), then checked on fixture
 * repositories. The SARIF upload (a `uses:` step) cannot run here: it is reported as skipped.
 */
describe('GitHub Action (action.yml) run locally', function () {
  this.timeout(600000);
  let actionPath: string;
  let runnerTemp: string;
  const repos: string[] = [];
  const run = (workspace: string, inputs: RunOptions['inputs'] = {}) =>
    runAction({ actionPath, workspace, inputs, runnerTemp, env: { npm_config_offline: 'true' } });

  before(() => {
    actionPath = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-action-path-'));
    runnerTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-runner-temp-'));
    // What a checkout of the action holds: the repository's regular files, never its node_modules
    // (in a git worktree it may be a symbolic link git does not ignore: npm ci would empty its target).
    const files = sh(REPO, 'git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard')
      .split('\0')
      .filter((f) => f && !/^(node_modules|dist)(\/|$)/.test(f))
      .filter((f) => fs.lstatSync(path.join(REPO, f), { throwIfNoEntry: false })?.isFile());
    for (const f of files) fs.cpSync(path.join(REPO, f), path.join(actionPath, f));
    assert.ok(!fs.existsSync(path.join(actionPath, 'node_modules')), 'the copy has no node_modules');
  });

  after(() => {
    for (const dir of [actionPath, runnerTemp, ...repos]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('installs OpsDocs from its checkout, annotates every finding, writes SARIF, fails on errors', () => {
    const repo = gitRepo('test/fixtures/links');
    repos.push(repo);
    const { code, steps } = run(repo);
    assert.deepEqual(
      steps.map((s) => [s.name, s.code, s.skipped?.uses]),
      [
        ['Install OpsDocs', 0, undefined],
        ['Check', 0, undefined],
        ['Upload SARIF', undefined, 'github/codeql-action/upload-sarif@v3'],
        ['Verdict', 1, undefined],
      ],
      steps.map((s) => s.stderr).join('\n'),
    );
    assert.equal(code, 1);
    assert.ok(fs.existsSync(path.join(actionPath, 'dist/cli.js')), 'built in the action path');
    const [, check, upload, verdict] = steps;
    assert.deepEqual(annotationStarts(check.stdout), expectedAnnotations('test/fixtures/links'));
    const sarifFile = check.outputs['sarif-file'];
    assert.deepEqual(upload.skipped?.with, { sarif_file: sarifFile, category: 'opsdocs' });
    assert.equal(upload.skipped?.if, "${{ inputs.upload-sarif == 'true' }}");
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as {
      runs: {
        results: {
          level: string;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    const results = sarif.runs[0].results;
    const expected = readExpected(path.join(REPO, 'test/fixtures/links.expected.txt')).lines;
    assert.deepEqual(
      results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri),
      expected.map((l) => l.split(':')[0]),
    );
    const errors = expected.filter((l) => / error /.test(l.split(' ').slice(0, 2).join(' ') + ' ')).length;
    const warnings = expected.length - errors;
    assert.deepEqual([check.outputs.errors, check.outputs.warnings], [String(errors), String(warnings)]);
    assert.equal(verdict.stdout, `fail: ${errors} error(s), ${warnings} warning(s); fail-level is error.\n`);
  });

  it('fail-level: none passes with errors; warning fails on a warning that error lets pass', () => {
    const links = gitRepo('test/fixtures/links');
    repos.push(links);
    const none = run(links, { 'fail-level': 'none' });
    assert.equal(none.code, 0);
    assert.match(none.steps[3].stdout, /^pass: \d+ error\(s\), \d+ warning\(s\); fail-level is none\.\n$/);
    const warned = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-action-'));
    repos.push(warned);
    fs.mkdirSync(path.join(warned, 'docs/adr'), { recursive: true });
    fs.cpSync(path.join(REPO, 'test/fixtures/defer-links/docs/adr'), path.join(warned, 'docs/adr'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(warned, 'docs/guide.md'), '# Guide\n\nJobs were decided in ADR-001.\n');
    const asError = run(warned);
    assert.equal(asError.code, 0);
    assert.equal(asError.steps[3].stdout, 'pass: 0 error(s), 1 warning(s); fail-level is error.\n');
    assert.deepEqual(annotationStarts(asError.steps[1].stdout), [
      '::warning file=docs/guide.md,line=3,col=22',
    ]);
    const asWarning = run(warned, { 'fail-level': 'warning' });
    assert.equal(asWarning.code, 1);
    assert.equal(asWarning.steps[3].stdout, 'fail: 0 error(s), 1 warning(s); fail-level is warning.\n');
  });

  it('path: a subfolder is checked with its own config, paths stay relative to the repository', () => {
    const repo = gitRepo('test/fixtures/links', 'handbook');
    repos.push(repo);
    const { code, steps } = run(repo, { path: 'handbook' });
    assert.equal(code, 1);
    assert.deepEqual(
      annotationStarts(steps[1].stdout),
      expectedAnnotations('test/fixtures/links', 'handbook/'),
    );
    const sarif = JSON.parse(fs.readFileSync(steps[1].outputs['sarif-file'], 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    for (const r of sarif.runs[0].results)
      assert.match(r.locations[0].physicalLocation.artifactLocation.uri, /^handbook\/(docs|scripts|tasks)\//);
  });

  it('changed-since: only the changed files and those whose findings depend on them', () => {
    const repo = gitRepo('test/fixtures/links');
    repos.push(repo);
    fs.appendFileSync(path.join(repo, 'tasks/TASK-004.md'), '\nMore notes.\n');
    const { steps } = run(repo, { 'changed-since': 'HEAD' });
    // Which files depend on TASK-004 is the engine's to say: the action passes the option through.
    const cli = spawnSync(
      process.execPath,
      [path.join(REPO, 'bin/opsdocs.js'), 'check', repo, '--format', 'github', '--changed-since', 'HEAD'],
      { encoding: 'utf8' },
    );
    const reported = annotationStarts(steps[1].stdout);
    assert.deepEqual(reported, annotationStarts(cli.stdout));
    assert.ok(reported.includes('::error file=tasks/TASK-004.md,line=5,col=14'), 'the changed file');
    assert.ok(reported.length < expectedAnnotations('test/fixtures/links').length, 'not every file');
    assert.ok(
      !reported.some((a) => a.includes('scripts/AGENTS.md')),
      'not a file that does not depend on it',
    );
    assert.match(steps[1].stderr, /^1 file\(s\) changed since HEAD; \d+ file\(s\) reported\.$/m);
  });

  it('fails closed: an unknown fail-level, a path outside, a broken .opsdocs.json, a ref git does not know', () => {
    const repo = gitRepo('test/fixtures/links');
    repos.push(repo);
    const cases: [RunOptions['inputs'], string][] = [
      [
        { 'fail-level': 'high' },
        '::error title=OpsDocs::fail-level must be error, warning or none; got "high".',
      ],
      [
        { path: '../elsewhere' },
        '::error title=OpsDocs::path must be a folder inside the workspace; got "../elsewhere".',
      ],
      [
        { 'changed-since': 'no-such-ref' },
        '::error title=OpsDocs::opsdocs check exited 2: a usage or configuration error (see above).',
      ],
    ];
    for (const [inputs, message] of cases) {
      const { code, steps } = run(repo, inputs);
      assert.equal(code, 2, JSON.stringify(inputs));
      assert.deepEqual(
        steps.map((s) => s.name),
        ['Install OpsDocs', 'Check'],
        'nothing after the failed step',
      );
      assert.equal(steps[1].stdout.split('\n').filter(Boolean).at(-1), message);
    }
    fs.writeFileSync(path.join(repo, '.opsdocs.json'), '{ "rules": [ }\n');
    const broken = run(repo, { 'fail-level': 'none' });
    assert.equal(broken.code, 2);
    assert.match(broken.steps[1].stdout, /^::error file=\.opsdocs\.json,line=1,col=14,.*not valid JSON/m);
  });
});
