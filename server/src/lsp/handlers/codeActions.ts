import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver/node';
import { fixAll, fixesFor } from '../../core/features/fixes.js';
import { SOURCE, toFinding, toWorkspaceEdit } from '../convert.js';
import { cancellable, type HandlerContext } from './context.js';

/** The kind of the "fix all" source action (editor.codeActionsOnSave can ask for it). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.opsdocs`;

/** True when the request asks for actions of `kind` (all kinds when it names none). */
function wants(p: CodeActionParams, kind: string): boolean {
  const only = p.context.only;
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * `textDocument/codeAction`: the quick fixes of each OpsDocs diagnostic in the request, and one
 * action that applies every safe fix of the file. Answered after every queued update of the
 * folder: a fix may edit another document (the other side of a supersession).
 */
export function registerCodeActions({ connection, lookup }: HandlerContext): void {
  connection.onCodeAction(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri, 'folder');
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      const view = engine.view(() => token.isCancellationRequested);
      const schema = engine.schemaOf(hit.doc);
      const today = engine.getToday();
      const actions: CodeAction[] = [];
      if (wants(p, CodeActionKind.QuickFix)) {
        for (const d of p.context.diagnostics) {
          if (d.source !== SOURCE) continue;
          for (const fix of fixesFor(view, hit.doc, schema, toFinding(hit.rel, d), today)) {
            actions.push({
              title: fix.title,
              kind: CodeActionKind.QuickFix,
              diagnostics: [d],
              isPreferred: fix.preferred,
              edit: toWorkspaceEdit(hit.folder, fix.edits),
            });
          }
        }
      }
      const all = wants(p, FIX_ALL_KIND) && fixAll(view, hit.doc, schema, engine.findings(hit.rel), today);
      if (all)
        actions.push({
          title: 'Fix all OpsDocs problems in this file',
          kind: FIX_ALL_KIND,
          edit: toWorkspaceEdit(hit.folder, all),
        });
      return actions;
    }),
  );
}
