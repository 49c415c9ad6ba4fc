import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

const OVERDUE = 'docs/runbooks/overdue.md';
const OVERDUE_DIAG =
  'lifecycle/review-overdue@4:16-4:26 Review overdue: last reviewed 2026-05-04, due every 90 days, so by 2026-08-02 (116 days ago).';

describe('language server over stdio: diagnostics', () => {
  let root: string;
  let client: LspClient;

  beforeEach(async () => {
    root = tempCopy('test/fixtures/lifecycle');
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    await client.start();
    await client.waitForDiagnostics(OVERDUE, [OVERDUE_DIAG]);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('indexes the workspace with progress and publishes diagnostics for files never opened', async () => {
    await client.waitForDiagnostics('tasks/devops/TASK-012-blocked.md', [
      'lifecycle/blocked-without-reason@4:9-4:16 Status is "blocked" but `blocked_reason` does not say why.',
    ]);
    assert.deepEqual(
      client.progress.map((p) => p.kind).filter((k) => k !== 'report'),
      ['begin', 'end'],
    );
    assert.equal(
      client.diagnostics.get(client.uri('tasks/devops/TASK-011-done-late.md')),
      undefined,
      'a clean file gets no diagnostics',
    );
  });

  it('re-validates an open buffer on each edit, and falls back to the disk on close', async () => {
    const uri = client.uri(OVERDUE);
    const text = fs.readFileSync(path.join(root, OVERDUE), 'utf8');
    await client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version: 1, text },
    });
    await client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 3, character: 15 }, end: { line: 3, character: 25 } }, text: '2026-11-01' },
      ],
    });
    await client.waitForDiagnostics(OVERDUE, []);
    await client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        {
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } },
          text: 'owner: [unclosed\n',
        },
      ],
    });
    await client.waitForDiagnostics(OVERDUE, [
      'frontmatter/yaml@3:1-3:6 YAML does not parse: Flow sequence in block collection must be sufficiently indented and end with a ].',
    ]);
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitForDiagnostics(OVERDUE, [OVERDUE_DIAG]);
  });

  it('follows files created, changed and deleted on disk', async () => {
    const rel = 'docs/runbooks/new.md';
    fs.writeFileSync(
      path.join(root, rel),
      '---\ntitle: New\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# New\n\n## Overview\n## Steps\n## Escalation\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rel), type: 1 }] });
    await client.waitForDiagnostics(rel, ['sections/missing@6:1-6:6 Missing required section "Rollback".']);
    fs.appendFileSync(path.join(root, rel), '## Rollback\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(rel), type: 2 }] });
    await client.waitForDiagnostics(rel, []);
    fs.rmSync(path.join(root, OVERDUE));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri(OVERDUE), type: 3 }],
    });
    await client.waitForDiagnostics(OVERDUE, []);
  });

  it('reads opsdocs.* settings: a rule turned off, and the date', async () => {
    client.settings = { today: '2026-11-26', rules: { 'lifecycle/review-overdue': 'off' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(OVERDUE, []);
    client.settings = { today: '2026-06-01', rules: { lifecycle: 'error' } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics('tasks/devops/TASK-010-overdue.md', []);
    await client.waitForDiagnostics(OVERDUE, []);
    await client.waitForDiagnostics('docs/adr/ADR-002-old-queues.md', [
      'lifecycle/superseded-without-successor@4:9-4:19 Status is "superseded" but `superseded_by` does not name the ADR that replaces it.',
    ]);
  });

  it('reloads .opsdocs.json when it changes on disk, and reports it when invalid', async () => {
    fs.writeFileSync(
      path.join(root, '.opsdocs.json'),
      '{ "rules": { "lifecycle/review-overdue": "off" } }\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('.opsdocs.json'), type: 1 }],
    });
    await client.waitForDiagnostics(OVERDUE, []);
    fs.writeFileSync(path.join(root, '.opsdocs.json'), '{ "rules": [ }\n');
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('.opsdocs.json'), type: 2 }],
    });
    await client.waitForDiagnostics('.opsdocs.json', [
      'config/invalid@1:14-1:15 .opsdocs.json is not valid JSON (ValueExpected); using the built-in defaults.',
    ]);
    await client.waitForDiagnostics(OVERDUE, [OVERDUE_DIAG]);
  });
});
