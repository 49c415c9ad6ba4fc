import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

// The VS Code client says whether the workspace is trusted (`initializationOptions.trusted`); in
// Restricted Mode the server leaves the workspace's own schemas alone. The findings of both modes
// are in test/fixtures/config.expected.txt and config.untrusted.expected.txt.
const RUNBOOK = 'handbook/ops/payments-down.md';
const OVERDUE =
  'lifecycle/review-overdue@4:14-4:24 Review overdue: last reviewed 2026-10-01, due every 30 days, so by 2026-10-31 (26 days ago).';

const UNTRUSTED_NOTES = [
  'config/untrusted@7:17-7:39 Schema "schemas/runbook.json" of kind "runbook" is not used until you trust this workspace (Restricted Mode); until then the kind\'s front matter is not validated against a schema and its required sections are not checked.',
  'config/untrusted@10:73-10:98 Schema "schemas/postmortem.json" of kind "postmortem" is not used until you trust this workspace (Restricted Mode); until then the kind\'s front matter is not validated against a schema and its required sections are not checked.',
];

describe('language server over stdio: Restricted Mode', () => {
  let root: string;
  let client: LspClient;

  beforeEach(() => {
    root = tempCopy('test/fixtures/config');
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('does not use the team schemas of an untrusted workspace, and says so on the config', async () => {
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    client.initializationOptions = { trusted: false };
    await client.start();
    await client.waitForDiagnostics('.opsdocs.json', UNTRUSTED_NOTES);
    await client.waitForDiagnostics(RUNBOOK, [OVERDUE]);
  });

  it('uses them when the workspace is trusted', async () => {
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    client.initializationOptions = { trusted: true };
    await client.start();
    await client.waitForDiagnostics(RUNBOOK, [
      'schema/enum@3:7-3:14 `team` is "payment"; expected one of: payments, platform. Did you mean "payments"?',
      OVERDUE,
    ]);
    await client.waitForDiagnostics('.opsdocs.json', []);
  });

  // A client other than VS Code's (Neovim, Helix…) may send no options at all, or no `trusted`:
  // it gets Restricted Mode unless it says `trusted: true`.
  for (const [what, options] of [
    ['no initializationOptions', undefined],
    ['initializationOptions without `trusted`', { cacheDir: undefined }],
    ['`trusted` that is not `true`', { trusted: 'yes' }],
  ] as const)
    it(`assumes Restricted Mode when the client sends ${what}`, async () => {
      client = new LspClient(root);
      client.settings = { today: '2026-11-26' };
      client.initializationOptions = options;
      await client.start();
      await client.waitForDiagnostics(RUNBOOK, [OVERDUE]);
      await client.waitForDiagnostics('.opsdocs.json', UNTRUSTED_NOTES);
      assert.match(client.logs.join(''), /in Restricted Mode \(team schemas not used, git not read\)/);
    });
});
