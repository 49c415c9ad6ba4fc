import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { formatFinding } from '../helpers/expected.js';
import { tempFiles } from '../helpers/tempCopy.js';

// Folders the configuration excludes whole (`**/dist/**`, `.venv`, a team's `target/**`) are not
// walked: a build's or a virtualenv's hundreds of thousands of files are neither listed nor held.

describe('folders a configuration excludes whole are not walked', () => {
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the listing asks about each folder before walking it, and never walks one it is told to skip', async () => {
    root = tempFiles({
      'docs/a.md': '# A\n',
      'skip/b.md': '# B\n',
      'skip/deep/c.md': '# C\n',
      'keep/deep/d.md': '# D\n',
    });
    fs.symlinkSync('skip', path.join(root, 'linked'));
    const asked: string[] = [];
    const listed = await new FsWorkspace(root, { log() {} }).listFiles(undefined, (folder) => {
      asked.push(folder);
      return folder === 'skip' || folder === 'linked';
    });
    assert.deepEqual(listed.sort(), ['docs/a.md', 'keep/deep/d.md']);
    assert.deepEqual(asked.sort(), ['docs', 'keep', 'keep/deep', 'skip']);
    assert.deepEqual(
      await new FsWorkspace(root, { log() {} }).listFiles('skip/deep', (f) => f === 'skip'),
      [],
    );
  });

  /** An engine over `root` whose listing reports each folder it skips into `skipped`. */
  const engineOf = (skipped?: string[]) => {
    const workspace = new FsWorkspace(root, { log() {} });
    const list = workspace.listFiles.bind(workspace);
    workspace.listFiles = (under, skip) =>
      list(under, (folder) => {
        if (!skipped) return false; // every folder walked
        const skips = skip?.(folder) ?? false;
        if (skips) skipped.push(folder);
        return skips;
      });
    return new Engine({ workspace, today: '2026-12-06' });
  };
  const findingsOf = async (engine: Engine) => {
    await engine.indexAll();
    return engine.allFindings().map(formatFinding);
  };

  it('the engine skips the default and configured globs that end in /** (not notes/*), with the same findings', async () => {
    root = tempFiles({
      '.opsdocs.json': JSON.stringify({ exclude: ['target/**', 'notes/*'] }),
      'README.md':
        '# R\n\n[guide](docs/guide.md) [build](target/out.md) [note](notes/n.md) [deep](notes/deep/x.md)\n',
      'docs/guide.md': '# Guide\n',
      'target/out.md': '# Out\n\n[gone](gone.md)\n',
      'target/debug/deps/lib.md': '# Lib\n\n[gone](gone.md)\n',
      '.venv/lib/README.md': '# Pkg\n\n[gone](gone.md)\n',
      'packages/web/dist/README.md': '# Built\n\n[gone](gone.md)\n',
      'notes/n.md': '# N\n',
      'notes/deep/x.md': '# X\n\n[gone](gone.md)\n',
    });
    const skipped: string[] = [];
    const findings = await findingsOf(engineOf(skipped));
    assert.deepEqual(skipped.sort(), ['.venv', 'packages/web/dist', 'target']);
    // Excluded files are never read nor known, walked or not: the same findings either way.
    assert.deepEqual(findings, await findingsOf(engineOf()));
    assert.deepEqual(findings, [
      'README.md:3:32-3:45 error links/missing-file `target/out.md` does not exist.',
      'README.md:3:54-3:64 error links/missing-file `notes/n.md` does not exist. Did you mean `notes/deep/x.md`?',
      'notes/deep/x.md:3:8-3:15 error links/missing-file `gone.md` does not exist (looked for `notes/deep/gone.md`).',
    ]);
  });

  it('a folder holding a schema the configuration names is walked; a negated glob (!docs/**) skips nothing', async () => {
    root = tempFiles({
      '.opsdocs.json': JSON.stringify({
        exclude: ['out/**', '!docs/**', 'build/**'],
        kinds: { postmortem: { include: ['pm/*.md'], schema: './out/pm.json' } },
      }),
      'out/pm.json': JSON.stringify({ type: 'object', required: ['title'] }),
      'pm/p.md': '---\ntitle: P\n---\n# P\n',
      'docs/adr/x.md': '# X\n\n[gone](gone.md)\n',
      'build/a.md': '# A\n',
    });
    const skipped: string[] = [];
    const engine = engineOf(skipped);
    const findings = await findingsOf(engine);
    assert.deepEqual(skipped, ['build']);
    // Written `./out/pm.json`: a change to out/pm.json is a change to the configuration.
    assert.ok(engine.isConfigFile('out/pm.json'));
    assert.deepEqual(findings, await findingsOf(engineOf()));
  });
});
