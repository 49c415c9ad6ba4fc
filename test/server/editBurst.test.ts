import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient.js';

const BIG = 'notes/big.md';
const EDITS = 200;

describe('language server: a burst of edits', () => {
  it('reads a document once for edits that arrive while its re-read waits, and ends on the last text', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-burst-'));
    fs.mkdirSync(path.join(root, 'notes'), { recursive: true });
    // About 50 KB of prose: each re-read costs tens of milliseconds.
    const prose = Array.from({ length: 1000 }, (_, i) => `Line ${i}: see [the other runbook](other.md).`);
    const text = `# Big\n\n${prose.join('\n')}\n`;
    fs.writeFileSync(path.join(root, BIG), text);
    fs.writeFileSync(path.join(root, 'notes/other.md'), '# Other\n');
    const client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    try {
      await client.start();
      await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 60_000);
      const uri = client.uri(BIG);
      await client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text },
      });
      await client.waitForDiagnostics(BIG, []);
      const before = client.publications.get(uri) ?? 0;
      // Each edit names another missing file; only the last one's should be reported, once.
      for (let i = 1; i <= EDITS; i++) {
        void client.notify('textDocument/didChange', {
          textDocument: { uri, version: i + 1 },
          contentChanges: [{ text: `${text}\nSee [gone](gone-${i}.md).\n` }],
        });
      }
      const last = `gone-${EDITS}.md`;
      const message = `\`${last}\` does not exist (looked for \`notes/${last}\`).`;
      // Generous: on a loaded machine the re-reads take seconds; the count below is the assertion.
      await client.waitForDiagnostics(
        BIG,
        [`links/missing-file@1004:12-1004:${12 + last.length} ${message}`],
        90_000,
      );
      const published = (client.publications.get(uri) ?? 0) - before;
      // Uncoalesced, each edit is read and published (200); a starved machine splits the burst a little.
      assert.ok(published < EDITS / 4, `${EDITS} edits published ${published} times`);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
