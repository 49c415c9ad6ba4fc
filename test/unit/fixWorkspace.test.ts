import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { applyTextEdits } from '../../server/src/core/features/edits.js';
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

  it('defers a fix whose edit touches one already taken in the same file, for the next pass', async () => {
    const w = await memoryCopy('test/fixtures/fixes');
    // A second ADR superseded by ADR-003: both ask for `supersedes` on ADR-003, at one point.
    // Taken together they would write the key twice; the second waits for the next pass.
    const adr2 = w.files.get('docs/adr/ADR-002-cron.md')!;
    w.files.set('docs/adr/ADR-008-at.md', adr2.replace(/ADR-002/g, 'ADR-008').replace('Cron', 'At'));
    const run = async () => {
      const e = new Engine({ workspace: w, today: '2026-11-26' });
      await e.indexAll();
      return fixWorkspace(
        e.view(),
        e.documents().values(),
        (f) => e.findings(f),
        (d) => e.schemaOf(d),
        e.getToday(),
      );
    };
    const first = await run();
    assert.equal(first.deferred, 1);
    assert.deepEqual(first.applied.get('docs/adr/ADR-003-sqs.md'), [
      'Add ADR-002 to `supersedes` of ADR-003',
    ]);
    const sqs = 'docs/adr/ADR-003-sqs.md';
    w.files.set(sqs, applyTextEdits(w.files.get(sqs)!, first.edits.edits.get(sqs)!));
    const second = await run();
    assert.equal(second.deferred, 0);
    assert.deepEqual(second.edits.edits.get(sqs), [
      { range: { start: { line: 5, character: 20 }, end: { line: 5, character: 20 } }, newText: ', ADR-008' },
    ]);
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
