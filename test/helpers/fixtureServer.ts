import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { LspClient } from './lspClient.js';
import { tempCopy } from './tempCopy.js';
import { REPO, readExpected } from './expected.js';

/** The built server over stdio on a copy of a fixture workspace, `today` as the expectation files set it. */
export async function startFixtureServer(fixture: string): Promise<{ root: string; client: LspClient }> {
  const root = tempCopy(fixture);
  const client = new LspClient(root);
  client.settings = { today: '2026-11-26' };
  await client.start();
  return { root, client };
}

/** Stops the server and removes its copy. */
export async function stopFixtureServer(s: { root: string; client: LspClient }): Promise<void> {
  await s.client.stop();
  fs.rmSync(s.root, { recursive: true, force: true });
}

/** The findings of `file` in `<fixture>.expected.txt` as the client shows them (`rule@range message`). */
export function expectedDiagnosticsOf(fixture: string, file: string): string[] {
  return readExpected(path.join(REPO, `${fixture}.expected.txt`))
    .lines.filter((l) => l.startsWith(`${file}:`))
    .map((l) => {
      const [, range, rule, message] = /^\S+?:(\S+) \S+ (\S+) (.*)$/.exec(l)!;
      return `${rule}@${range} ${message}`;
    });
}

/** Each quick fix offered for the published diagnostics of `rel`: `rule@line:col title → new text`. */
export async function quickFixes(client: LspClient, rel: string): Promise<string[]> {
  const fixes: string[] = [];
  for (const d of client.diagnostics.get(client.uri(rel)) ?? []) {
    const actions = await client.request<{ title: string; edit: WorkspaceEdit }[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri: client.uri(rel) },
        range: d.range,
        context: { diagnostics: [d], only: ['quickfix'] },
      },
    );
    for (const a of actions) {
      const change = a.edit.documentChanges?.[0];
      const edit = change && 'edits' in change ? (change.edits[0] as TextEdit) : undefined;
      fixes.push(
        `${String(d.code)}@${d.range.start.line}:${d.range.start.character} ${a.title} → ${edit?.newText}`,
      );
    }
  }
  return fixes;
}
