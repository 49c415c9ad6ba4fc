import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient.js';
import { DENSE, DENSE_HEAD, denseDoc, table } from '../helpers/dense.js';
import { REPO, formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { Engine } from '../../server/src/core/engine.js';
import { MAX_PARSE_COST } from '../../server/src/core/parse/markdown.js';
import { ParsePool } from '../../server/src/node/facts.js';

const BIG = 'docs/runbooks/big.md';
const OTHER = 'docs/runbooks/other.md';

describe('language server: a file over the parse budget', () => {
  it('answers a hover on another file while the 1 MB table is opened, and reports the table in fast mode', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-budget-lsp-'));
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    fs.writeFileSync(path.join(root, BIG), DENSE_HEAD);
    const other = `${DENSE_HEAD}See [the big runbook](big.md).\n`;
    fs.writeFileSync(path.join(root, OTHER), other);
    const client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    try {
      await client.start();
      await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 60_000);
      // The table: 46,000 rows × 10 cells, which the full parser read in 41 s on the main thread.
      const rows = table(10);
      const text = DENSE_HEAD + rows.pre + rows.line().repeat(46_000);
      await client.notify('textDocument/didOpen', {
        textDocument: { uri: client.uri(BIG), languageId: 'markdown', version: 1, text },
      });
      const line = other.split('\n').length - 2;
      const started = Date.now();
      const hover = await client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri: client.uri(OTHER) },
        position: { line, character: 24 },
      });
      const waited = Date.now() - started;
      assert.deepEqual(hover, {
        contents: {
          kind: 'markdown',
          value: '**Big**\n\nrunbook · last reviewed: 2026-11-01 · owner: ops\n\n`docs/runbooks/big.md`',
        },
        range: { start: { line, character: 22 }, end: { line, character: 28 } },
      });
      // It waits for the re-read of the big file (requests see the latest edits): a scan, not a parse.
      assert.ok(waited < 10_000, `the hover waited ${waited} ms`);
      await client.waitForDiagnostics(BIG, [
        'file/large@1:1-1:4 Too much markup for the parse budget (cost 721,739, over 64,000: table cells, list items, lines and punctuation): read in fast mode; front matter, headings and sections are checked, links are not.',
      ]);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('parser threads: a parse over its time or memory budget', () => {
  // A 100-column table just under the markup budget: seconds and hundreds of MB to parse.
  const text = denseDoc(DENSE['wide table'], { cost: MAX_PARSE_COST });
  const cases = [
    { exceeded: 'time', budget: { timeMs: 300, memoryMb: 1024 }, says: 'time budget (0.3 s)' },
    { exceeded: 'memory', budget: { timeMs: 120_000, memoryMb: 48 }, says: 'memory budget (48 MB)' },
  ] as const;
  for (const { exceeded, budget, says } of cases) {
    it(`reads the document in fast mode with an info when the thread goes over its ${exceeded} budget, and keeps parsing`, async function () {
      this.timeout(120_000);
      const logs: string[] = [];
      const pool = new ParsePool(path.join(REPO, 'dist/parser.js'), 1, { log: (m) => logs.push(m) }, budget);
      try {
        const engine = new Engine({
          workspace: new MemoryWorkspace(new Map([[BIG, text]])),
          today: '2026-11-26',
          facts: (t) => pool.extract(t),
        });
        await engine.indexAll();
        assert.deepEqual(engine.documents().get(BIG)?.parsed.fastMode, {
          reason: 'budget',
          exceeded,
          limit: exceeded === 'time' ? budget.timeMs : budget.memoryMb,
        });
        assert.deepEqual(engine.allFindings().map(formatFinding), [
          `${BIG}:1:1-1:4 info file/large The parser went over its ${says}: read in fast mode; front matter, headings and sections are checked, links are not.`,
        ]);
        assert.ok(
          logs.some((l) => l.endsWith('; the document is read in fast mode')),
          logs.join('\n'),
        );
        // A new thread parses the next document in full.
        assert.equal((await pool.extract(`${DENSE_HEAD}See [x](x.md).\n`)).fastMode, false);
      } finally {
        pool.close();
      }
    });
  }
});
