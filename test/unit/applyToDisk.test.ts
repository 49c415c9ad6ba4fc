import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { applyToDisk } from '../../server/src/node/applyEdits.js';
import type { WorkspaceEdits } from '../../server/src/core/features/edits.js';

describe('applyToDisk: edits land only on the text they were made from', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-apply-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const read = 'title: Use Postgres\nstatus: acepted\n';
  // `acepted` → `accepted`, by position in `read`.
  const edits: WorkspaceEdits = {
    edits: new Map([
      [
        'adr.md',
        [
          {
            range: { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } },
            newText: 'accepted',
          },
        ],
      ],
    ]),
    renames: [],
  };

  it('writes them on the text they were made from (a byte order mark kept)', () => {
    fs.writeFileSync(path.join(root, 'adr.md'), `\uFEFF${read}`);
    assert.deepEqual(
      applyToDisk(root, edits, () => read),
      { created: [], changed: ['adr.md'] },
    );
    assert.equal(
      fs.readFileSync(path.join(root, 'adr.md'), 'utf8'),
      '\uFEFFtitle: Use Postgres\nstatus: accepted\n',
    );
  });

  it('writes nothing to a file changed since it was read, or never read', () => {
    // A line typed above meanwhile: the positions would land in the title.
    const now = `owner: typed meanwhile\n${read}`;
    fs.writeFileSync(path.join(root, 'adr.md'), now);
    assert.throws(() => applyToDisk(root, edits, () => read), {
      message: 'adr.md changed since it was read; nothing written (run the command again).',
    });
    assert.throws(() => applyToDisk(root, edits, () => undefined), {
      message: 'adr.md was not read before its edits were made; nothing written.',
    });
    assert.equal(fs.readFileSync(path.join(root, 'adr.md'), 'utf8'), now);
  });
});
