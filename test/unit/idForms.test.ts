import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { definition } from '../../server/src/core/features/navigation.js';
import { newIdProblem } from '../../server/src/core/features/ids.js';
import { fixesFor } from '../../server/src/core/features/fixes.js';
import { inForce } from '../../server/src/core/features/handbook.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { REPO } from '../helpers/expected.js';

const RUNBOOK = 'docs/runbooks/queues.md';

describe('ids in the forms teams write them', () => {
  it('`ADR 43`, `ADR 0043` and `adr-043` in prose lead to ADR-43 (0043-use-queues.md); other spaced words lead nowhere', async () => {
    const engine = new Engine({
      workspace: new FsWorkspace(path.join(REPO, 'test/fixtures/id-forms'), { log() {} }),
    });
    await engine.indexAll();
    const doc = engine.documents().get(RUNBOOK)!;
    const lines = doc.parsed.lines;
    const at = (needle: string) => {
      const text = lines.textOf({
        start: { line: 0, character: 0 },
        end: { line: lines.lineCount, character: 0 },
      });
      const offset = text.indexOf(needle);
      assert.ok(offset >= 0, needle);
      const before = text.slice(0, offset).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length + 1 };
    };
    const targetOf = (needle: string) => definition(engine.view(), doc, at(needle))?.file;
    for (const form of ['ADR-43 ', 'ADR-0043 ', 'adr-043)', 'ADR 43 ', 'ADR 0043;'])
      assert.equal(targetOf(form), 'docs/adr/0043-use-queues.md', form);
    for (const other of ['RFC 2119', 'ISO 8601', 'adr-999']) assert.equal(targetOf(other), undefined, other);
  });

  it('an id of several ADR logs leads to the nearest: each service README to its own log (test/fixtures/adr-logs)', async () => {
    const engine = new Engine({
      workspace: new FsWorkspace(path.join(REPO, 'test/fixtures/adr-logs'), { log() {} }),
    });
    await engine.indexAll();
    for (const [readme, adr] of [
      ['services/billing/README.md', 'services/billing/docs/adr/0001-keep-invoices-in-mysql.md'],
      ['services/search/README.md', 'services/search/docs/adr/0001-use-opensearch.md'],
    ]) {
      const doc = engine.documents().get(readme)!;
      const line = doc.parsed.lines.lineText(2);
      const at = { line: 2, character: line.indexOf('ADR-0001') + 2 };
      assert.equal(definition(engine.view(), doc, at)?.file, adr, readme);
    }
    // The decision in force (handbook view, MCP current_decision) follows billing's own log.
    const first = engine.documents().get('services/billing/docs/adr/0001-keep-invoices-in-mysql.md')!;
    const found = inForce(engine.view(), first);
    assert.deepEqual(
      [found.chain, found.decision.file, found.unresolved],
      [['ADR-0001', 'ADR-0002'], 'services/billing/docs/adr/0002-keep-invoices-in-postgresql.md', undefined],
    );
  });

  it('renaming an ADR of one log to an id only another log holds is allowed; to one of its own log, refused', async () => {
    const adr = (n: number, title: string) =>
      `# ${n}. ${title}\n\nDate: 2024-01-0${n}\n\n## Status\n\nAccepted\n\n## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n`;
    const files: Record<string, string> = {
      '.opsdocs.json': JSON.stringify({ kinds: { adr: { include: ['services/*/docs/adr/*.md'] } } }),
      'services/billing/docs/adr/0001-use-adrs.md': adr(1, 'Use ADRs'),
      'services/billing/docs/adr/0002-use-postgres.md': adr(2, 'Use Postgres'),
      'services/search/docs/adr/0001-use-adrs.md': adr(1, 'Use ADRs'),
      'services/search/docs/adr/0002-use-opensearch.md': adr(2, 'Use OpenSearch'),
      'services/search/docs/adr/0003-rank-by-sales.md': adr(3, 'Rank by sales'),
    };
    const engine = new Engine({ workspace: new MemoryWorkspace(files) });
    await engine.indexAll();
    const doc = engine.documents().get('services/billing/docs/adr/0002-use-postgres.md')!;
    assert.equal(newIdProblem(engine.view(), doc, 'ADR-0003'), undefined);
    assert.equal(
      newIdProblem(engine.view(), doc, 'ADR-0001'),
      'ADR-0001 is already the id of services/billing/docs/adr/0001-use-adrs.md.',
    );
  });

  it("the fix of a supersession one log's ADR disagrees on edits that log's ADR, not another's of the same id", async () => {
    const engine = new Engine({
      workspace: new FsWorkspace(path.join(REPO, 'test/fixtures/adr-logs'), { log() {} }),
      today: '2026-11-26',
    });
    await engine.indexAll();
    const file = 'services/payments/docs/adr/0002-take-cards-with-adyen.md';
    const doc = engine.documents().get(file)!;
    const finding = engine.findings(file).find((f) => f.rule === 'links/supersede-mismatch')!;
    const fixes = fixesFor(engine.view(), doc, engine.schemaOf(doc), finding, '2026-11-26');
    assert.deepEqual(
      fixes.map((f) => [f.title, [...f.edits.edits.keys()]]),
      [
        [
          'Set `superseded_by: ADR-0002` on ADR-0001',
          ['services/payments/docs/adr/0001-take-cards-with-stripe.md'],
        ],
      ],
    );
  });
});
