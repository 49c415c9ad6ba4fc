import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LspClient } from '../helpers/lspClient.js';
import {
  expectedDiagnosticsOf,
  quickFixes,
  startFixtureServer,
  stopFixtureServer,
} from '../helpers/fixtureServer.js';

// owners/unknown-owner through the built server over stdio, on one copy of test/fixtures/owners.

describe('language server over stdio: owners against CODEOWNERS and the config', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;

  before(async () => {
    ({ root, client } = await startFixtureServer('test/fixtures/owners'));
  });

  after(() => stopFixtureServer({ root, client }));

  const expectedOf = (file: string) => expectedDiagnosticsOf('test/fixtures/owners', file);

  it('publishes the unknown owners, with the near one as a quick fix', async () => {
    await client.waitForDiagnostics('docs/runbooks/typo.md', expectedOf('docs/runbooks/typo.md'));
    await client.waitForDiagnostics('docs/policies/access.md', expectedOf('docs/policies/access.md'));
    await client.waitForDiagnostics('tasks/TASK-002-oncall.md', []);
    const fixes = [
      ...(await quickFixes(client, 'docs/runbooks/typo.md')),
      ...(await quickFixes(client, 'docs/policies/access.md')),
    ];
    assert.deepEqual(fixes, [
      'owners/unknown-owner@2:7 Change to platform → platform',
      'owners/unknown-owner@2:7 Change to @acme/security → "@acme/security"',
    ]);
  });

  it('follows CODEOWNERS as it changes on disk: an owner added there is known at once', async () => {
    const file = path.join(root, '.github/CODEOWNERS');
    fs.appendFileSync(file, '/tasks/ @bob\n');
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('.github/CODEOWNERS'), type: 2 }],
    });
    await client.waitForDiagnostics(
      'docs/policies/access.md',
      expectedOf('docs/policies/access.md').filter((d) => !d.includes('`bob`')),
    );
    // Without any CODEOWNERS, only the config's list is known: `platform` is then unknown too.
    fs.rmSync(file);
    fs.rmSync(path.join(root, 'docs/CODEOWNERS'));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('.github/CODEOWNERS'), type: 3 },
        { uri: client.uri('docs/CODEOWNERS'), type: 3 },
      ],
    });
    await client.waitForDiagnostics('docs/runbooks/known.md', [
      'owners/unknown-owner@3:8-3:16 `platform` is not an owner in the config.',
    ]);
  });
});
