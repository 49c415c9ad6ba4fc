import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { renderViews } from '../helpers/views.js';
import { VIEWS, VIEWS_CHANGED, type ViewsResult } from '../../server/src/shared/protocol.js';

// `opsdocs/views` and `opsdocs/viewsChanged` of the built server over stdio, on a copy of the
// example handbook: the trees are those of docs/examples/handbook.views.txt (test/unit/views.test.ts
// computes the same from the core), and an edit is followed by a notification and new trees.

const EXPECTED = fs.readFileSync(path.join(REPO, 'docs/examples/handbook.views.txt'), 'utf8');
const TODAY = /^#\s*today:\s*(\S+)/m.exec(
  fs.readFileSync(path.join(REPO, 'docs/examples/handbook.expected.txt'), 'utf8'),
)![1];
const ADR = 'docs/adr/ADR-003-queues-and-jobs.md';
const COST = 'docs/runbooks/cost-review.md';

describe('language server over stdio: opsdocs/views', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;
  const changed = () => client.notifications.filter((n) => n.method === VIEWS_CHANGED);

  before(async () => {
    root = tempCopy('docs/examples/handbook');
    client = new LspClient(root);
    client.settings = { today: TODAY };
    await client.start();
    await client.waitFor('opsdocs/viewsChanged after the first index', () => changed().length > 0);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('notifies with the folder once indexed, and answers the trees of handbook.views.txt', async () => {
    assert.deepEqual(changed()[0].params, { folder: client.uri('').replace(/\/$/, '') });
    const folder = (changed()[0].params as { folder: string }).folder;
    const result = await client.request<ViewsResult>(VIEWS, { uri: folder, document: client.uri(ADR) });
    assert.equal(result.folder, folder);
    assert.equal(renderViews(result, ADR), EXPECTED);
  });

  it('an edit to an open document is followed by opsdocs/viewsChanged and new trees', async () => {
    const folder = (changed()[0].params as { folder: string }).folder;
    const text = fs.readFileSync(path.join(root, COST), 'utf8');
    const seen = changed().length;
    await client.notify('textDocument/didOpen', {
      textDocument: { uri: client.uri(COST), languageId: 'markdown', version: 1, text },
    });
    await client.notify('textDocument/didChange', {
      textDocument: { uri: client.uri(COST), version: 2 },
      contentChanges: [{ text: text.replace(/last_reviewed: .*/, `last_reviewed: ${TODAY}`) }],
    });
    await client.waitFor('opsdocs/viewsChanged after the edit', () => changed().length > seen);
    const result = await client.request<ViewsResult>(VIEWS, { uri: folder, parts: ['reviews'] });
    assert.equal(result.counts.overdueReviews, 0);
    assert.deepEqual(
      result.reviews.map((g) => g.label),
      ['Later'],
    );
    assert.ok(result.reviews[0].children!.some((n) => n.file === COST));
    assert.deepEqual([result.decisions, result.work, result.document], [[], [], []]);
  });

  it('a URI outside every folder is an error the client shows, not an empty view', async () => {
    await assert.rejects(client.request(VIEWS, { uri: 'file:///nowhere/at/all' }), {
      message: 'That folder is not a workspace folder OpsDocs checks.',
    });
  });

  it('params not of its shape (null, no uri, parts not a list) are invalid params (-32602), not an internal error', async () => {
    const folder = client.uri('').replace(/\/$/, '');
    for (const params of [
      null,
      {},
      { uri: 42 },
      { uri: folder, parts: 'adrs' },
      { uri: folder, document: [] },
    ])
      await assert.rejects(client.request(VIEWS, params), (e: { code?: number; message?: string }) => {
        assert.equal(e.code, -32602, JSON.stringify(params));
        assert.match(e.message ?? '', /^opsdocs\/views takes \{ uri, document\?, parts\? \}/);
        return true;
      });
    assert.equal((await client.request<ViewsResult>(VIEWS, { uri: folder })).folder, folder, 'still answers');
  });
});
