import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { LspClient, formatDiagnostic, messageText } from '../helpers/lspClient.js';
import { REPO } from '../helpers/expected.js';
import { tempFiles } from '../helpers/tempCopy.js';

const TODAY = '2026-11-26';
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

/** Every finding of a fresh check of the disk (the CLI), by file: `rule@line:col message`. */
function fresh(root: string): Map<string, string[]> {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', TODAY],
    { encoding: 'utf8' },
  );
  const out = new Map<string, string[]>();
  for (const f of JSON.parse(r.stdout).findings as {
    file: string;
    rule: string;
    line: number;
    column: number;
    message: string;
  }[]) {
    out.set(f.file, [...(out.get(f.file) ?? []), `${f.rule}@${f.line}:${f.column} ${f.message}`]);
  }
  return out;
}

/** The diagnostics the server has published, in the same form (files without any left out). */
function live(client: LspClient): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [uri, diags] of client.diagnostics) {
    if (!diags.length) continue;
    const rel = path.relative(client.root, new URL(uri).pathname).split(path.sep).join('/');
    out.set(
      rel,
      diags.map(
        (d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1} ${messageText(d)}`,
      ),
    );
  }
  return out;
}

const show = (m: Map<string, string[]>) => JSON.stringify([...m].sort(), null, 1);

/** Waits until the server's diagnostics equal a fresh check of the disk as it is now. */
async function waitForFresh(client: LspClient): Promise<Map<string, string[]>> {
  const expected = fresh(client.root);
  await client.waitFor(
    `live diagnostics equal to a fresh check:\n${show(expected)}\n(live: ${show(live(client))})`,
    () => show(live(client)) === show(expected),
  );
  return expected;
}

describe('language server: folders and files changed on disk (didChangeWatchedFiles)', () => {
  let root: string;
  let outside: string;
  let client: LspClient;

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
  });

  async function start(files: Record<string, string>): Promise<void> {
    root = tempFiles(files);
    client = new LspClient(root);
    client.settings = { today: TODAY };
    await client.start();
    await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 30_000);
    await waitForFresh(client);
  }

  it('indexes the files of a folder renamed or created in the Explorer (one event for the folder), as a fresh index does', async () => {
    // The editor reports a folder rename as Deleted old + Created new, and nothing for the files
    // in it (microsoft/vscode#86213). The folder holds a subfolder, an excluded draft and a link
    // out of the workspace, which a fresh index leaves out.
    outside = tempFiles({ 'stray.md': '# Stray\n\n[x](nowhere.md)\n' });
    await start({
      '.opsdocs.json': '{ "exclude": ["**/drafts/**"] }\n',
      'docs/guide.md':
        '# Guide\n\nSee [deploy](runbooks/deploy.md), [steps](runbooks/sub/steps.md) and ADR-001.\n',
      'docs/runbooks/deploy.md': '# Deploy\n\nSee [gone](nothing.md).\n',
      'docs/runbooks/sub/steps.md': '# Steps\n\nBack to [deploy](../deploy.md#nowhere), then ADR-001.\n',
      'docs/runbooks/drafts/wip.md': '# WIP\n\n[x](nowhere.md)\n',
      'docs/adr/ADR-001-x.md':
        '---\nid: ADR-001\ntitle: X\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-001: X\n\n## Context\n## Decision\n## Consequences\n',
    });
    fs.symlinkSync(path.join(outside, 'stray.md'), path.join(root, 'docs/runbooks/stray.md'));
    fs.renameSync(path.join(root, 'docs/runbooks'), path.join(root, 'docs/playbooks'));
    fs.renameSync(path.join(root, 'docs/adr'), path.join(root, 'docs/decisions'));
    fs.writeFileSync(
      path.join(root, 'docs/guide.md'),
      '# Guide\n\nSee [deploy](playbooks/deploy.md), [steps](playbooks/sub/steps.md) and ADR-001.\n',
    );
    fs.mkdirSync(path.join(root, 'docs/extra/deeper'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'docs/extra/deeper/more.md'),
      '# More\n\n[deploy](../../playbooks/deploy.md#overview)\n',
    );
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('docs/runbooks'), type: DELETED },
        { uri: client.uri('docs/playbooks'), type: CREATED },
        { uri: client.uri('docs/adr'), type: DELETED },
        { uri: client.uri('docs/decisions'), type: CREATED },
        { uri: client.uri('docs/guide.md'), type: CHANGED },
        { uri: client.uri('docs/extra'), type: CREATED },
      ],
    });
    const expected = await waitForFresh(client);
    assert.deepEqual(
      [...expected.keys()].sort(),
      ['docs/extra/deeper/more.md', 'docs/playbooks/deploy.md', 'docs/playbooks/sub/steps.md'],
      'the moved and created files have findings; the guide, the draft and the stray link none',
    );
    const symbols = await client.request<{ location: Location }[]>('workspace/symbol', { query: 'ADR-001' });
    assert.deepEqual(
      symbols.map((s) => s.location.uri),
      [client.uri('docs/decisions/ADR-001-x.md')],
    );
  });

  it('keeps an open document when the folder holding it is deleted, as when the file alone is', async () => {
    await start({
      'docs/b.md': '# B\n',
      'docs/notes/a.md': '# A\n\nSee [gone](nothing.md) and [b](../b.md).\n',
      'docs/notes/c.md': '# C\n\nSee [gone](nothing.md).\n',
    });
    const a = 'docs/notes/a.md';
    const uri = client.uri(a);
    await client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'markdown',
        version: 1,
        text: fs.readFileSync(path.join(root, a), 'utf8'),
      },
    });
    const before = (client.diagnostics.get(uri) ?? []).map(formatDiagnostic);
    assert.equal(before.length, 1);
    fs.rmSync(path.join(root, 'docs/notes'), { recursive: true });
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: client.uri('docs/notes'), type: DELETED }],
    });
    await client.waitForDiagnostics('docs/notes/c.md', []);
    const symbols = await client.request<DocumentSymbol[] | null>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    assert.deepEqual(
      symbols?.map((s) => s.name),
      ['A'],
    );
    const target = await client.request<Location | null>('textDocument/definition', {
      textDocument: { uri },
      position: { line: 2, character: 33 },
    });
    assert.equal(target?.uri, client.uri('docs/b.md'));
    assert.deepEqual((client.diagnostics.get(uri) ?? []).map(formatDiagnostic), before);
    // Closed, the buffer falls back to the disk, where the file is gone.
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitForDiagnostics(a, []);
    await waitForFresh(client);
  });

  it('updates "Did you mean" of a missing file when a file is created or deleted, and an edit re-checks no other document', async () => {
    await start({
      'docs/a.md': '# A\n\nSee [deploy](deploy.md) and [x](rollback-plan.md).\n',
      'docs/b.md': '# B\n\nSee [gone](nothing.md).\n',
      'docs/other/rollback-plan.md': '# R\n',
    });
    const a = 'docs/a.md';
    assert.match(live(client).get(a)?.[1] ?? '', /Did you mean `other\/rollback-plan.md`\?$/);
    fs.mkdirSync(path.join(root, 'docs/runbooks'));
    fs.writeFileSync(path.join(root, 'docs/runbooks/deploy.md'), '# Deploy\n');
    fs.rmSync(path.join(root, 'docs/other/rollback-plan.md'));
    await client.notify('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('docs/runbooks/deploy.md'), type: CREATED },
        { uri: client.uri('docs/other/rollback-plan.md'), type: DELETED },
      ],
    });
    const expected = await waitForFresh(client);
    assert.match(expected.get(a)?.[0] ?? '', /Did you mean `runbooks\/deploy.md`\?$/);
    // An edit that adds or removes no file re-checks only its document, not every one that asked for the file
    // list.
    let published = 0;
    const set = client.diagnostics.set.bind(client.diagnostics);
    client.diagnostics.set = (uri, diags) => {
      if (uri === client.uri(a)) published++;
      return set(uri, diags);
    };
    const b = client.uri('docs/b.md');
    await client.notify('textDocument/didOpen', {
      textDocument: {
        uri: b,
        languageId: 'markdown',
        version: 1,
        text: '# B\n\nSee [gone](nothing.md), again.\n',
      },
    });
    // answered once the edit is published
    await client.request('textDocument/documentSymbol', { textDocument: { uri: b } });
    assert.equal(published, 0, 'docs/a.md was not re-checked');
  });
});
