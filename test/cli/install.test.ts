import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

// The packed tarball installed into another repository, as a team would: `npm pack` here,
// `npm i -D ./opsdocs-<v>.tgz` there with no registry (--offline: it must need nothing else), then
// `npx opsdocs …` from that repository's own root.

const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** npm without its audit and funding notices: only what the install says. */
const QUIET = ['--no-audit', '--no-fund'];

/**
 * The environment without the variables an outer `npm run` sets (they would steer the inner npm),
 * and without npm's notice of a newer npm (an empty HOME has no record of the last check).
 */
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  npm_config_update_notifier: 'false',
};

function run(cwd: string, command: string, args: string[], extra: SpawnSyncOptions = {}) {
  const r = spawnSync(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    shell: process.platform === 'win32',
    ...extra,
  });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('the npm package installed into another repository', function () {
  this.timeout(180_000);
  let tmp: string;
  let repo: string;
  let npm: (...args: string[]) => ReturnType<typeof run>;
  const npx = (...args: string[]) => run(repo, 'npx', ['--offline', 'opsdocs', ...args]);

  before(() => {
    assert.ok(fs.existsSync(path.join(REPO, 'dist/cli.js')), 'npm run build first');
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-install-')));
    // npm's cache inside the temp folder: nothing read from or written to the user's.
    npm = (...args: string[]) =>
      run(repo, 'npm', [...args, '--cache', path.join(tmp, 'npm-cache'), ...QUIET]);
    // As a user packs it: `prepack` builds dist/ first.
    const packed = run(REPO, 'npm', ['pack', '--pack-destination', tmp, '--json', ...QUIET]);
    assert.equal(packed.code, 0, packed.stderr);
    const [{ filename }] = JSON.parse(packed.stdout) as { filename: string }[];
    assert.equal(filename, `${pkg.name}-${pkg.version}.tgz`);
    // A team's repository: a git repository with its own package.json and docs (the example's).
    repo = path.join(tmp, 'team-repo');
    fs.cpSync(path.join(REPO, 'docs/examples/handbook'), repo, { recursive: true });
    assert.equal(run(repo, 'git', ['init', '-q']).code, 0);
    fs.copyFileSync(path.join(tmp, filename), path.join(repo, filename));
    const installed = npm('install', '--save-dev', '--offline', `./${filename}`);
    assert.equal(installed.code, 0, installed.stderr);
    // Quiet: no install script to approve (the build is `prepack`, not `prepare`), no warning.
    assert.equal(installed.stderr, '');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('installs offline with nothing but itself: no runtime dependency to fetch', () => {
    const modules = fs.readdirSync(path.join(repo, 'node_modules')).filter((f) => !f.startsWith('.'));
    assert.deepEqual(modules, ['opsdocs']);
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    assert.deepEqual(manifest.devDependencies, { opsdocs: `file:${pkg.name}-${pkg.version}.tgz` });
    assert.equal(manifest.scripts['lint:tasks'], 'opsdocs check .', 'the repository’s scripts kept');
  });

  it('npx opsdocs check from the repository’s root: the same findings as this checkout’s CLI', () => {
    const here = spawnSync(
      process.execPath,
      [path.join(REPO, 'bin/opsdocs.js'), 'check', '--today', '2026-11-26'],
      { cwd: repo, encoding: 'utf8' },
    );
    const r = npx('check', '--today', '2026-11-26');
    assert.equal(r.stdout, here.stdout);
    assert.match(
      r.stdout,
      /\n5 finding\(s\) in 5 file\(s\): 3 error\(s\), 2 warning\(s\)\. 17 Markdown file\(s\) checked\.\n$/,
    );
    assert.equal(r.code, 1);
    // The installed bin straight away (npx found it above): the parser thread ships too
    // (dist/parser.js beside dist/cli.js), and the version is the package's.
    const bin = (...args: string[]) =>
      run(repo, process.execPath, [path.join(repo, 'node_modules/opsdocs/bin/opsdocs.js'), ...args], {
        shell: false,
      });
    const threaded = bin('check', '--today', '2026-11-26', '--threads', '1', '--format', 'json');
    assert.equal(JSON.parse(threaded.stdout).findings.length, 5, threaded.stderr);
    assert.equal(bin('--version').stdout, `${pkg.version}\n`);
  });

  it('npx opsdocs digest --out and new write into the repository', () => {
    const digest = npx('digest', '--out', 'docs/status-digest.md', '--today', '2026-11-26');
    assert.equal(digest.stderr, '');
    assert.equal(digest.code, 0);
    assert.match(fs.readFileSync(path.join(repo, 'docs/status-digest.md'), 'utf8'), /^# Status digest/);
    const made = npx('new', 'adr', 'Use EventBridge for jobs', '--today', '2026-11-26');
    assert.equal(made.stderr, '');
    assert.equal(made.stdout, 'created docs/adr/ADR-006-use-eventbridge-for-jobs.md\n');
    assert.equal(made.code, 0);
    const sub = run(path.join(repo, 'docs'), 'npx', ['--offline', 'opsdocs', 'new', 'runbook', 'Failover']);
    assert.equal(sub.code, 2, 'from a subfolder: refused');
    assert.match(sub.stderr, /is not a repository root of docs/);
  });

  it('npx opsdocs init --ci github: the defaults fit, the scripts are kept, the workflow is written', () => {
    const r = npx('init', '--ci', 'github', '--today', '2026-11-26');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.match(r.stdout, /\n {2}no \.opsdocs\.json: the defaults fit this layout\n/);
    assert.match(r.stdout, /\n {2}keep the npm script "lint:tasks": package\.json has it already\n/);
    assert.match(r.stdout, /\ncreated \.github\/workflows\/opsdocs\.yml\n/);
    assert.ok(fs.existsSync(path.join(repo, '.github/workflows/opsdocs.yml')));
    assert.ok(!fs.existsSync(path.join(repo, '.opsdocs.json')));
  });
});

describe('bin/opsdocs.js in a checkout that is not built', () => {
  it('says how to build instead of a stack trace, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-unbuilt-'));
    try {
      fs.mkdirSync(path.join(dir, 'bin'));
      fs.copyFileSync(path.join(REPO, 'bin/opsdocs.js'), path.join(dir, 'bin/opsdocs.js'));
      const r = spawnSync(process.execPath, [path.join(dir, 'bin/opsdocs.js'), 'check'], {
        encoding: 'utf8',
      });
      assert.equal(
        r.stderr,
        `opsdocs: ${path.join(dir, 'dist/cli.js')} is missing; in a checkout of OpsDocs, run npm run build first.\n`,
      );
      assert.equal(r.status, 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
