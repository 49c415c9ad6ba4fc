import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { workspaceSymbols } from '../../server/src/core/features/symbols.js';
import { Cancelled } from '../../server/src/core/index/view.js';
import { fuzzyTier } from '../../server/src/core/util/fuzzy.js';
import { MemoryWorkspace, memoryCopy } from '../helpers/memoryWorkspace.js';

describe('workspace symbols: fuzzy matching as VS Code ranks it', () => {
  it('ranks the whole name, its start, a word start, a substring, word-start runs, then scattered letters', () => {
    const cases: [string, string, number | undefined][] = [
      ['Escalation', 'escalation', 0],
      ['Escalation', 'ESCAL', 1],
      ['Incident response', 'resp', 2],
      ['Incident response', 'dent', 3],
      ['Incident response', 'ir', 4],
      ['Incident response', 'inc resp', 4],
      ['fixAllWorkspace', 'faw', 4], // camelCase humps are word starts
      ['ADR-003: Queues and jobs', 'qj', 4],
      ['Escalation', 'escl', 5],
      ['Escalation', 'scl', undefined], // the first letter must start a word
      ['Escalation', 'lace', undefined], // letters out of order
      ['Overview', 'overviews', undefined],
      ['Rollback', '', 0],
    ];
    for (const [name, query, tier] of cases)
      assert.equal(fuzzyTier(name, query), tier, `${JSON.stringify(query)} in ${JSON.stringify(name)}`);
  });

  it('finds headings as well as titles, best first, bounded, and stops when cancelled', async () => {
    const e = new Engine({ workspace: await memoryCopy('docs/examples/handbook'), today: '2026-11-26' });
    await e.indexAll();
    const docs = () => e.documents().values();
    const none = () => Promise.resolve();
    const found = await workspaceSymbols(docs(), 'Escalation', none);
    assert.deepEqual(
      found.map((s) => [s.what, s.name, s.file, s.range.start.line]),
      [
        ['heading', 'Escalation', 'docs/runbooks/cost-review.md', 36],
        ['heading', 'Escalation', 'docs/runbooks/deployment.md', 42],
        ['heading', 'Escalation', 'docs/runbooks/incident-response.md', 40],
      ],
    );
    // A title ranks before a heading of the same tier; scattered letters after a word start's run.
    const ir = await workspaceSymbols(docs(), 'incident resp', none);
    assert.equal(ir[0].name, 'Incident response');
    assert.equal(ir[0].what, 'document');
    // Bounded: many matches, at most `limit` answered.
    assert.equal((await workspaceSymbols(docs(), '', none, 5)).length, 5);
    // A cancel (the pause throws) ends the search of a big workspace.
    const big = new MemoryWorkspace(
      Object.fromEntries(
        Array.from({ length: 3000 }, (_, i) => [`docs/n${i}.md`, `# Note ${i}\n\n## Part\n`]),
      ),
    );
    const b = new Engine({ workspace: big, today: '2026-11-26' });
    await b.indexAll();
    let pauses = 0;
    await assert.rejects(
      workspaceSymbols(b.documents().values(), 'part', () => {
        pauses++;
        return Promise.reject(new Cancelled());
      }),
      Cancelled,
    );
    assert.equal(pauses, 1);
  });
});
