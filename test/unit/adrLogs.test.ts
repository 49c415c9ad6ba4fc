import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { adrFolder, adrLogOf } from '../../server/src/core/model/adr.js';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { scaffold } from '../../server/src/core/scaffold/dispatch.js';
import { REPO } from '../helpers/expected.js';

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

describe('New ADR superseding an id several logs have, named by its file (the Decisions tree)', () => {
  it("is numbered in that file's log and marks that file superseded; by id alone it is refused", async () => {
    const workspace = new FsWorkspace(path.join(REPO, 'test/fixtures/adr-logs'), { log() {} });
    const engine = new Engine({ workspace, today: '2026-12-06' });
    await engine.indexAll();
    const request = { kind: 'adr' as const, title: 'Use Redis', supersedes: 'ADR-0001' };
    const file = 'services/search/docs/adr/0001-use-opensearch.md';
    const made = await scaffold(engine.view(), '2026-12-06', workspace, { ...request, supersedesFile: file });
    assert.ok('made' in made, JSON.stringify(made));
    assert.deepEqual(
      [made.made.open, [...made.made.edits.edits.keys()]],
      ['services/search/docs/adr/0003-use-redis.md', [file]],
    );
    const refused = await scaffold(engine.view(), '2026-12-06', workspace, request);
    assert.match('refused' in refused ? refused.refused : '', /^ADR-0001 is in 6 ADR logs/);
  });
});
