import * as assert from 'node:assert/strict';
import { adrFolder, adrLogOf } from '../../server/src/core/model/adr.js';

describe('ADR folders and logs: status and year folders belong to the log above them', () => {
  it('a folder named for decision records, or a status or year folder inside one, holds ADRs by its name', () => {
    const folders = [
      'docs/adr',
      'docs/architecture/decisions',
      'docs/adr/superseded',
      'docs/decisions/archive/rejected',
      'docs/adr/2019',
      'docs/superseded',
      'docs/adr/billing',
      'docs/adr/superseded/notes',
      'archive',
      '',
    ];
    assert.deepEqual(
      folders.filter((f) => adrFolder(f)),
      [
        'docs/adr',
        'docs/architecture/decisions',
        'docs/adr/superseded',
        'docs/decisions/archive/rejected',
        'docs/adr/2019',
      ],
    );
  });

  it("a record's log is the ADR folder above its status or year folder; a service's folder is a log of its own", () => {
    const holds = new Set(['docs/adr', 'services/a/docs/adr']);
    const log = (f: string) => adrLogOf(f, (folder) => holds.has(folder));
    assert.deepEqual(
      [
        'docs/adr/0001-x.md',
        'docs/adr/superseded/0002-x.md',
        'docs/adr/2019/0003-x.md',
        'services/a/docs/adr/0001-x.md',
        'docs/decisions/billing/0001-x.md',
      ].map(log),
      ['docs/adr', 'docs/adr', 'docs/adr', 'services/a/docs/adr', 'docs/decisions/billing'],
    );
  });
});
