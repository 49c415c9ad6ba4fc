import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { fixWorkspace } from '../../server/src/core/features/fixes.js';
import { unwritable } from '../../server/src/node/applyEdits.js';
import { memoryCopy } from '../helpers/memoryWorkspace.js';

describe('fix all in the workspace', () => {
  it('takes every safe fix once, and leaves out whole any fix that would edit a skipped file', async () => {
    const e = new Engine({ workspace: await memoryCopy('test/fixtures/fixes'), today: '2026-11-26' });
    await e.indexAll();
    const run = (skip?: (file: string) => boolean) =>
      fixWorkspace(
        e.view(),
        e.documents().values(),
        (f) => e.findings(f),
        (d) => e.schemaOf(d),
        e.getToday(),
        skip,
      );
    const all = await run();
    assert.equal(all.count, 19);
    // ADR-002's finding is fixed in ADR-003: skipping ADR-003 drops that fix, and only it.
    const skipped = await run((f) => f === 'docs/adr/ADR-003-sqs.md');
    assert.equal(skipped.count, 18);
    assert.equal(skipped.edits.edits.has('docs/adr/ADR-003-sqs.md'), false);
    assert.deepEqual(
      [...skipped.applied.keys()],
      [...all.applied.keys()].filter((f) => f !== 'docs/adr/ADR-003-sqs.md'),
    );
    // Skipping a document skips its own findings' fixes too (both sections of end.md).
    const noEnd = await run((f) => f === 'docs/runbooks/end.md');
    assert.equal(noEnd.count, 17);
    assert.equal(noEnd.applied.has('docs/runbooks/end.md'), false);
  });

  it('names the files it will not write: symbolic links, and paths that lead out of the root', function () {
    if (process.platform === 'win32') this.skip();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-unwritable-'));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-outside-'));
    try {
      fs.mkdirSync(path.join(root, 'docs'));
      fs.writeFileSync(path.join(root, 'docs/a.md'), '# A\n');
      fs.symlinkSync('a.md', path.join(root, 'docs/b.md'));
      fs.symlinkSync(outside, path.join(root, 'out'));
      assert.equal(unwritable(root, 'docs/a.md'), undefined);
      assert.equal(unwritable(root, 'docs/b.md'), 'docs/b.md is a symbolic link');
      assert.equal(
        unwritable(root, 'out/c.md'),
        `out/c.md would be outside the repository: out leads to ${fs.realpathSync(outside)}`,
      );
      assert.equal(unwritable(root, '../c.md'), '../c.md is outside the repository');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
