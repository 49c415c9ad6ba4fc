import * as assert from 'node:assert/strict';
import { adrFolder, adrLogOf } from '../../server/src/core/model/adr.js';

describe('ADR folders and logs: status folders belong to the log above them, year folders do not', () => {
  it('a folder named for decision records, or a status folder inside one, holds ADRs by its name; a year folder does not', () => {
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
      ['docs/adr', 'docs/architecture/decisions', 'docs/adr/superseded', 'docs/decisions/archive/rejected'],
    );
  });

  it("a record's log is the ADR folder above its status folder; a year's or a service's folder is a log of its own", () => {
    const holds = new Set(['docs/adr', 'services/a/docs/adr']);
    const log = (f: string) => adrLogOf(f, (folder) => holds.has(folder));
    assert.deepEqual(
      [
        'docs/adr/0001-x.md',
        'docs/adr/superseded/0002-x.md',
        'docs/decisions/superseded/0002-x.md',
        'docs/decisions/2023/001-x.md',
        'services/a/docs/adr/0001-x.md',
        'docs/decisions/billing/0001-x.md',
      ].map(log),
      [
        'docs/adr',
        'docs/adr',
        'docs/decisions',
        'docs/decisions/2023',
        'services/a/docs/adr',
        'docs/decisions/billing',
      ],
    );
  });
});
