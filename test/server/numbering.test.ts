import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { LspClient } from '../helpers/lspClient.js';
import { adrText, branchWith, collidingBranches, git, numberedRepo } from '../helpers/gitRepo.js';
import { SCAFFOLD, type ScaffoldResult } from '../../server/src/shared/protocol.js';

// The palette's "New ADR" (opsdocs/scaffold) and links/id-collision over stdio, on a repository
// whose other branches took numbers.

describe('language server over stdio: numbers and ids across branches', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a new ADR skips the number another branch takes; the id main gave another file is reported', async () => {
    root = numberedRepo();
    const sha = collidingBranches(root);
    branchWith(
      root,
      'feature/redis',
      { 'docs/adr/ADR-004-redis.md': adrText('004', 'Use Redis') },
      '2026-09-06',
    );
    git(root, 'checkout', '-q', 'pr/kafka');
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    client.initializationOptions = { trusted: true };
    await client.start();
    await client.waitForDiagnostics('docs/adr/ADR-003-kafka.md', [
      `links/id-collision@6:1-6:21 ADR-003 is also taken on main: \`docs/adr/0003-nats.md\` was added there (${sha}: 'Decide on NATS') since this branch left it. Renumber this document before merging.`,
    ]);
    const made = await client.request<ScaffoldResult>(SCAFFOLD, {
      uri: client.uri(''),
      kind: 'adr',
      title: 'Use NATS streams',
    });
    assert.equal(made.open, client.uri('docs/adr/ADR-005-use-nats-streams.md'));
  });

  it('in Restricted Mode neither: no git is read', async () => {
    root = numberedRepo();
    branchWith(
      root,
      'feature/redis',
      { 'docs/adr/ADR-003-redis.md': adrText('003', 'Use Redis') },
      '2026-09-06',
    );
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    client.initializationOptions = { trusted: false };
    await client.start();
    await client.waitFor('the index', () => client.progress.some((p) => p.kind === 'end'));
    const made = await client.request<ScaffoldResult>(SCAFFOLD, {
      uri: client.uri(''),
      kind: 'adr',
      title: 'Use NATS',
    });
    assert.equal(made.open, client.uri('docs/adr/ADR-003-use-nats.md'));
  });
});
