import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { LspClient } from '../helpers/lspClient.js';

// A multi-root workspace may hold a folder and a folder inside it (`/repo`, `/repo/svc`). A file of
// the inner folder is checked by its own folder (its own `.opsdocs.json`) and published once; the
// outer folder indexes it too (its links reach it) and sees the same editor buffer.
const NOTES = 'svc/notes.md';
const MISSING = 'links/missing-file@3:12-3:22 `nothing.md` does not exist (looked for `svc/nothing.md`).';
const UNKNOWN = 'links/unknown-id@3:25-3:32 No document has the id ADR-042. Did you mean ADR-001 (X)?';
const CHANGED = 2;

describe('language server over stdio: nested workspace folders', () => {
  let root: string;
  let client: LspClient;

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('the innermost folder publishes a file, outer folders follow its buffer, and own it again when it is removed', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-nested-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('docs/index.md', '# Index\n');
    // An ADR, so that ADR ids in prose are checked (ADR-042 names none).
    write(
      'svc/docs/adr/ADR-001-x.md',
      '---\nid: ADR-001\ntitle: X\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-001: X\n\n## Context\n## Decision\n## Consequences\n',
    );
    write(NOTES, '# Notes\n\nSee [gone](nothing.md), ADR-042 and [the index](../docs/index.md).\n');
    // The inner folder's own config turns the missing-file rule off: its findings differ from the outer
    // folder's.
    write('svc/.opsdocs.json', '{ "rules": { "links/missing-file": "off" } }\n');
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    await client.start();
    await client.waitForDiagnostics(NOTES, [MISSING, UNKNOWN]);

    const svc = { uri: URI.file(path.join(root, 'svc')).toString(), name: 'svc' };
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [svc], removed: [] } });
    await client.waitForDiagnostics(NOTES, [UNKNOWN]);

    // The outer folder re-checks the notes when the index they link to changes on disk; it must
    // not publish them over the inner folder's diagnostics.
    write('docs/index.md', '# Index\n\n[x](missing.md)\n');
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('docs/index.md'), type: CHANGED }],
    });
    await client.waitForDiagnostics('docs/index.md', [
      'links/missing-file@3:5-3:15 `missing.md` does not exist (looked for `docs/missing.md`).',
    ]);
    await client.waitForDiagnostics(NOTES, [UNKNOWN]);

    // An edit in the editor reaches both folders.
    const text = fs.readFileSync(path.join(root, NOTES), 'utf8');
    await client.notify('textDocument/didOpen', {
      textDocument: { uri: client.uri(NOTES), languageId: 'markdown', version: 1, text },
    });
    await client.notify('textDocument/didChange', {
      textDocument: { uri: client.uri(NOTES), version: 2 },
      contentChanges: [{ text: text.replace('ADR-042', 'the ADR') }],
    });
    await client.waitForDiagnostics(NOTES, []);

    // Without the inner folder the outer one owns the file again, with the buffer's text.
    await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [svc] } });
    await client.waitForDiagnostics(NOTES, [MISSING]);
  });
});
