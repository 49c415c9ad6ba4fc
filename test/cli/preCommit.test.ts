import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO } from '../helpers/expected.js';

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  pass_filenames?: boolean;
}

const HOOKS = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
};

/*
 * .pre-commit-hooks.yaml: each hook's entry run as pre-commit runs it (from the repository root,
 * no file arguments since pass_filenames is false, unstaged changes set aside: here there are
 * none) on a committed copy of test/fixtures/pre-commit, whose draft note keeps a finding of its own. The
 * `node` hook finds `opsdocs` on PATH (pre-commit installs it there); the `system` one in the
 * repository's node_modules, as `npm i -D` puts it.
 */
describe('pre-commit hooks (.pre-commit-hooks.yaml)', () => {
  let bin: string;
  before(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-bin-'));
    fs.writeFileSync(
      path.join(bin, 'opsdocs'),
      `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, 'bin/opsdocs.js')}" "$@"\n`,
      { mode: 0o755 },
    );
  });
  after(() => fs.rmSync(bin, { recursive: true, force: true }));

  it('declares the two hooks, node and system, without file arguments', () => {
    assert.deepEqual(
      HOOKS.map((h) => [h.id, h.language, h.pass_filenames]),
      [
        ['opsdocs', 'node', false],
        ['opsdocs-installed', 'system', false],
      ],
    );
  });

  for (const hook of HOOKS)
    describe(`${hook.id} (${hook.language})`, () => {
      let repo: string;
      const entry = () => {
        assert.doesNotMatch(hook.entry, /["'\\]/, 'an entry split at spaces, as pre-commit would');
        const [cmd, ...args] = hook.entry.split(/\s+/);
        return spawnSync(cmd, args, {
          cwd: repo,
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${hook.language === 'node' ? `${bin}${path.delimiter}` : ''}${process.env.PATH}`,
          },
        });
      };
      const stage = () => git(repo, 'add', '-A');

      beforeEach(() => {
        repo = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-hook-'));
        fs.cpSync(path.join(REPO, 'test/fixtures/pre-commit'), repo, { recursive: true });
        fs.writeFileSync(path.join(repo, '.gitignore'), 'node_modules/\n');
        if (hook.language === 'system') {
          // What `npm i -D ./opsdocs-<v>.tgz` leaves: the package and its bin.
          fs.mkdirSync(path.join(repo, 'node_modules/.bin'), { recursive: true });
          fs.symlinkSync(REPO, path.join(repo, 'node_modules/opsdocs'));
          fs.symlinkSync('../opsdocs/bin/opsdocs.js', path.join(repo, 'node_modules/.bin/opsdocs'));
        }
        git(repo, 'init', '-q');
        stage();
        git(repo, 'commit', '-qm', 'docs with findings of their own');
      });
      afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

      it('a change that breaks nothing passes, whatever the untouched files hold', () => {
        fs.appendFileSync(path.join(repo, 'docs/guide/backups.md'), '\nOne more line.\n');
        stage();
        const r = entry();
        assert.equal(r.stdout, 'No findings in 3 Markdown file(s).\n');
        assert.equal(r.stderr, '1 file(s) changed since HEAD; 2 file(s) reported.\n');
        assert.equal(r.status, 0);
      });

      it('a staged broken link fails the commit and is the finding shown', () => {
        fs.appendFileSync(
          path.join(repo, 'docs/guide/backups.md'),
          '\nSee [the runbook](../runbooks/gone.md).\n',
        );
        stage();
        const r = entry();
        assert.equal(
          r.stdout,
          'docs/guide/backups.md:7:19  error    `../runbooks/gone.md` does not exist (looked for `docs/runbooks/gone.md`).  links/missing-file\n\n1 finding(s) in 1 file(s): 1 error(s), 0 warning(s). 3 Markdown file(s) checked.\n',
        );
        assert.equal(r.status, 1);
      });

      it('a staged deletion fails on the documents that cite the deleted one', () => {
        fs.rmSync(path.join(repo, 'docs/guide/backups.md'));
        stage();
        const r = entry();
        const lines = r.stdout.split('\n').filter((l) => l.startsWith('docs/'));
        assert.ok(
          lines.includes(
            'docs/guide/start.md:3:22  error    `backups.md` does not exist (looked for `docs/guide/backups.md`).  links/missing-file',
          ),
          r.stdout,
        );
        // A deletion also re-checks every document with a missing link (the file may be what it wanted).
        assert.deepEqual(
          lines.filter((l) => !l.startsWith('docs/guide/start.md:')).map((l) => l.split('  ')[0]),
          ['docs/notes/draft.md:3:46'],
        );
        assert.equal(r.status, 1);
      });
    });
});
