import * as assert from 'node:assert/strict';
import { fileNamePattern, matchesFileName, startsWithDate } from '../../server/src/core/model/fileNames.js';

describe('file-name numbering: numbers, and dates that are not numbers', () => {
  it('gives the pattern of a numbered or dated name', () => {
    assert.deepEqual(
      [
        '0043-use-postgres.md',
        'adr-101-x.md',
        '20240305-x.md',
        '2024-03-05-use-flags.md',
        '2024_03_05 x.md',
        'notes.md',
        'alert-1.md',
        'ADR-001.md',
        '2024-03-05.md',
        '0007.x.md',
      ].map(fileNamePattern),
      [
        'NNNN-*.md',
        'adr-NNN-*.md',
        'YYYYMMDD-*.md',
        'YYYY-MM-DD-*.md',
        'NNNN_*.md',
        undefined,
        'alert-N.md',
        'ADR-NNN.md',
        'YYYY-MM-DD.md',
        'NNNN.*.md',
      ],
    );
  });

  it('a number right before the extension is the whole name: every name matches its own pattern', () => {
    for (const base of ['alert-1.md', 'ADR-001.md', '2024-03-05.md', '0043-use-postgres.md', '0007.x.md'])
      assert.ok(matchesFileName(fileNamePattern(base)!, base), base);
  });

  it('matches a name by its pattern, a dated one by its date', () => {
    const cases: [string, string, boolean][] = [
      ['YYYY-MM-DD-*.md', '2024-03-05-use-flags.md', true],
      ['YYYY-MM-DD-*.md', '0003-use-flags.md', false],
      ['YYYY-MM-DD-*.md', '20240305-use-flags.md', false],
    ];
    assert.deepEqual(
      cases.map(([p, base]) => matchesFileName(p, base)),
      cases.map((c) => c[2]),
    );
  });

  it('tells a date from a number: ADRs of one day or year share no id', () => {
    assert.deepEqual(
      [
        startsWithDate('2024-03-05-x.md'),
        startsWithDate('2024-13-05-x.md'),
        startsWithDate('2024-03-05.md'),
        startsWithDate('20240305-x.md', '20240305'),
        startsWithDate('0003-x.md', '0003'),
        startsWithDate('2024-x.md', '2024'),
      ],
      [true, false, true, true, false, false],
    );
  });
});
