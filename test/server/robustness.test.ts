import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

describe('language server: a failing request is an error answer, never the end of the server', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = tempCopy('test/fixtures/links');
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    await client.start();
    await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('answers malformed requests with an LSP error and keeps serving', async () => {
    const uri = client.uri('docs/runbooks/deploy.md');
    await assert.rejects(
      client.request('textDocument/definition', { textDocument: { uri }, position: null }),
      (e: Error & { code?: number }) => typeof e.code === 'number',
    );
    await assert.rejects(
      client.request('textDocument/hover', { textDocument: null }),
      (e: Error & { code?: number }) => typeof e.code === 'number',
    );
    await assert.rejects(
      client.request('opsdocs/scaffold', { uri: 'file:///nowhere', kind: 'adr', title: 'x' }),
      /not in a workspace folder/,
    );
    // Still alive and answering correctly.
    const def = await client.request<{ uri: string }>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 23, character: 16 },
    });
    assert.equal(def.uri, client.uri('docs/adr/ADR-001-hosting.md'));
  });

  it('a scaffold that would overwrite is refused with the reason, and writes nothing', async () => {
    await assert.rejects(
      client.request('opsdocs/scaffold', { uri: client.uri(''), kind: 'runbook', title: 'Deploy' }),
      /docs\/runbooks\/deploy\.md already exists; choose another name\./,
    );
  });
});
