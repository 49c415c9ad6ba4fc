import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { formatFinding } from '../helpers/expected.js';
import { skipBecause } from '../helpers/skip.js';

const RUNBOOK =
  '---\ntitle: Restart\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Restart\n\nSee [the page](./gone.md).\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n';

/**
 * A repository whose docs are reachable through links: a folder linked from two places, a link to
 * a file, loops back to a parent and to the root, and a folder outside the walked tree
 * (node_modules) linked from two places.
 */
function linkedRepo(base: string): string {
  const repo = path.join(base, 'repo');
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    fs.writeFileSync(path.join(repo, rel), text);
  };
  write('docs/runbooks/restart.md', RUNBOOK);
  write('docs/notes.md', '# Notes\n\nSee [nothing](./nothing.md).\n');
  write('node_modules/vendor-docs/guide.md', '# Guide\n\nSee [away](./away.md).\n');
  const link = (target: string, at: string) => {
    fs.mkdirSync(path.dirname(path.join(repo, at)), { recursive: true });
    fs.symlinkSync(target, path.join(repo, at));
  };
  link('docs', 'alias'); // a folder linked from two places
  link('../docs/runbooks', 'handbook/ops');
  link('runbooks/restart.md', 'docs/latest.md'); // a file linked
  link('..', 'docs/runbooks/up'); // a loop to a parent
  link('../..', 'docs/runbooks/root'); // a loop to the root
  link('node_modules/vendor-docs', 'vendor'); // a folder the walk skips, linked from two places
  link('../node_modules/vendor-docs', 'docs/vendor');
  return repo;
}

describe('symbolic links inside the repository: each real file is indexed once', () => {
  let base: string;
  let repo: string;
  before(function () {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-links-'));
    try {
      repo = linkedRepo(base);
    } catch (e) {
      skipBecause(this, `symbolic links cannot be made here (${(e as NodeJS.ErrnoException).code})`);
    }
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  it('lists each real file once: under its own path, or the first linked path in sorted order', async () => {
    for (const syncReads of [false, true]) {
      const ws = new FsWorkspace(repo, { log() {} }, { syncReads });
      assert.deepEqual((await ws.listFiles()).sort(), [
        'docs/notes.md',
        'docs/runbooks/restart.md',
        'docs/vendor/guide.md',
      ]);
    }
  });

  it('reports each finding once', async () => {
    const engine = new Engine({ workspace: new FsWorkspace(repo, { log() {} }), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      'docs/notes.md:3:15-3:27 error links/missing-file `./nothing.md` does not exist (looked for `docs/nothing.md`).',
      'docs/runbooks/restart.md:8:16-8:25 error links/missing-file `./gone.md` does not exist (looked for `docs/runbooks/gone.md`).',
      'docs/vendor/guide.md:3:12-3:21 error links/missing-file `./away.md` does not exist (looked for `docs/vendor/away.md`).',
    ]);
  });

  it('lists a linked folder named by an editor event as nothing new (its files are listed already)', async () => {
    const ws = new FsWorkspace(repo, { log() {} });
    assert.deepEqual(await ws.listFiles('alias'), []);
    assert.deepEqual(await ws.listFiles('handbook'), []);
    assert.deepEqual(await ws.listFiles('docs'), [
      'docs/notes.md',
      'docs/runbooks/restart.md',
      'docs/vendor/guide.md',
    ]);
  });

  it('resolves links to a second name (a linked file, a path through a linked folder) to the real file', async () => {
    const page = path.join(repo, 'links.md');
    fs.writeFileSync(
      page,
      '# Links\n\n[a](docs/latest.md) [b](alias/notes.md) [c](handbook/ops/restart.md#restart) [d](alias/) [e](alias/gone.md) [f](docs/runbooks/root/docs/notes.md)\n',
    );
    try {
      const ws = new FsWorkspace(repo, { log() {} });
      const engine = new Engine({ workspace: ws, today: '2026-11-26' });
      await engine.indexAll();
      assert.deepEqual(Object.fromEntries(ws.aliases()), {
        alias: 'docs',
        'docs/latest.md': 'docs/runbooks/restart.md',
        'docs/runbooks/root': '',
        'docs/runbooks/up': 'docs',
        'handbook/ops': 'docs/runbooks',
      });
      assert.deepEqual(engine.findings('links.md').map(formatFinding), [
        'links.md:3:94-3:107 error links/missing-file `alias/gone.md` does not exist.',
      ]);
    } finally {
      fs.rmSync(page);
    }
  });
});
