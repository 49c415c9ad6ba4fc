import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentSymbol, Hover } from 'vscode-languageserver-protocol';
import { LspClient } from '../helpers/lspClient.js';
import { DENSE, denseDoc } from '../helpers/dense.js';
import { MAX_PARSE_COST } from '../../server/src/core/parse/markdown.js';

const BIG = 'notes/big.md';
const OTHER = 'notes/other.md';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('language server: a slow document being re-read', () => {
  it('answers requests on other files while the parser thread reads it, and requests on it after', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-responsive-'));
    fs.mkdirSync(path.join(root, 'notes'), { recursive: true });
    fs.writeFileSync(path.join(root, BIG), '# Big\n');
    const other = '# Other\n\nSee [the big one](big.md).\n';
    fs.writeFileSync(path.join(root, OTHER), other);
    const client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    try {
      await client.start();
      await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 60_000);
      // A wide table just under the parse budget: most of a second of parsing in the parser thread
      // (0.4 s once its code is optimized, on a 2-core machine), then a broken link so that the end
      // of the re-read shows as a publication.
      const text = `${denseDoc(DENSE['wide table'], { cost: MAX_PARSE_COST * 0.9 })}\n## Tail\n\nSee [gone](gone.md).\n`;
      const last = text.split('\n').length - 2;
      const uri = client.uri(BIG);
      const published = () => client.publications.get(uri) ?? 0;
      await client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text },
      });
      // On the document itself: answered from its new text, so after its re-read.
      const symbols = client
        .request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } })
        .then((s) => ({ s, published: published() }));
      // On another file, while the parse runs (it has started: 15 ms of settling, then the thread).
      const hovers: { hover: Hover | null; published: number }[] = [];
      for (const wait of [50, 50, 50]) {
        await sleep(wait);
        const hover = await client.request<Hover | null>('textDocument/hover', {
          textDocument: { uri: client.uri(OTHER) },
          position: { line: 2, character: 20 },
        });
        hovers.push({ hover, published: published() });
      }
      await client.waitForDiagnostics(
        BIG,
        [
          `links/missing-file@${last + 1}:12-${last + 1}:19 \`gone.md\` does not exist (looked for \`notes/gone.md\`).`,
        ],
        60_000,
      );
      for (const h of hovers) {
        assert.equal(h.published, 0, 'a hover on the other file waited for the re-read of the big one');
        assert.deepEqual(h.hover?.range, {
          start: { line: 2, character: 18 },
          end: { line: 2, character: 24 },
        });
        assert.match((h.hover?.contents as { value: string }).value, /^\*\*Big\*\*/);
      }
      const after = await symbols;
      assert.equal(after.published, 1, 'the request on the document was answered before its re-read');
      assert.deepEqual(
        after.s.map((s) => s.name),
        ['Big'],
      );
      assert.deepEqual(
        after.s[0].children?.map((s) => s.name),
        ['Overview', 'Steps', 'Rollback', 'Escalation', 'Tail'],
      );
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
