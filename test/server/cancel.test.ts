import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { LspClient } from '../helpers/lspClient.js';

const N = 2000;

describe('language server: a request cancelled while it runs', () => {
  it('stops in the middle and answers RequestCancelled instead of finishing (rename, folder move)', async function () {
    this.timeout(180_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-cancel-'));
    fs.mkdirSync(path.join(root, 'docs/adr'), { recursive: true });
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'docs/adr/ADR-001-queues.md'),
      '---\nid: ADR-001\ntitle: Queues\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-001: Queues\n\n## Context\n## Decision\n## Consequences\n',
    );
    // Twenty links each: the move's work must outlast its unpaced start by far, on a loaded machine too.
    const body = Array.from(
      { length: 20 },
      (_, j) => `Step ${j}: as ADR-001 says, see [the decision](../adr/ADR-001-queues.md#decision).`,
    ).join('\n\n');
    for (let i = 0; i < N; i++)
      fs.writeFileSync(path.join(root, `docs/runbooks/r${i}.md`), `# Runbook ${i}\n\n${body}\n`);
    const client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    try {
      await client.start();
      await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 120_000);
      const params = {
        textDocument: { uri: client.uri('docs/adr/ADR-001-queues.md') },
        position: { line: 1, character: 5 },
        newName: 'ADR-101',
      };
      // The first request also waits for the first diagnostics to be published: not timed.
      await client.request('textDocument/rename', params);
      // Uncancelled, the rename edits every runbook; it takes `full` ms.
      let started = Date.now();
      const edit = await client.request<{ documentChanges: unknown[] }>('textDocument/rename', params);
      const full = Date.now() - started;
      assert.ok(
        edit.documentChanges.length > N,
        `the rename edits every runbook (${edit.documentChanges.length})`,
      );
      assert.ok(full >= 100, `the rename must be long enough to cancel in its middle (took ${full} ms)`);
      // Cancelled a quarter of the way through: the server stops and says so, no edit is sent.
      const cts = new CancellationTokenSource();
      started = Date.now();
      setTimeout(() => cts.cancel(), Math.round(full / 4));
      const outcome = await client.request('textDocument/rename', params, cts.token).then(
        () => 'finished',
        (e: { code?: number }) => e.code,
      );
      assert.equal(outcome, -32800, 'RequestCancelled');
      // And the server keeps serving.
      const again = await client.request<{ documentChanges: unknown[] }>('textDocument/rename', params);
      assert.equal(again.documentChanges.length, edit.documentChanges.length);

      // A folder move (willRenameFiles) asks what cites each of its 2,000 files: cancelled early, it
      // answers long before it would have finished (it once gathered them in one block that did
      // not look at the cancel, a scan of every document per moved file).
      const move = {
        files: [{ oldUri: client.uri('docs/runbooks'), newUri: client.uri('playbooks') }],
      };
      started = Date.now();
      const moved = await client.request<{ documentChanges: unknown[] }>('workspace/willRenameFiles', move);
      const fullMove = Date.now() - started;
      assert.ok(moved.documentChanges.length > N / 2, `the move edits the runbooks' links`);
      const moveCts = new CancellationTokenSource();
      started = Date.now();
      setTimeout(() => moveCts.cancel(), 20);
      const moveOutcome = await client.request('workspace/willRenameFiles', move, moveCts.token).then(
        () => 'finished',
        (e: { code?: number }) => e.code,
      );
      const answeredAfter = Date.now() - started;
      assert.equal(moveOutcome, -32800, 'RequestCancelled');
      assert.ok(
        answeredAfter < 20 + fullMove / 2,
        `cancelled at 20 ms, answered after ${answeredAfter} ms (uncancelled: ${fullMove} ms)`,
      );
    } finally {
      await client.stop();
    }
  });
});
