import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver/node';
import { complete, type Completion } from '../../core/features/completion.js';
import { cancellable, type HandlerContext } from './context.js';

const KIND: Record<Completion['kind'], CompletionItemKind> = {
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  id: CompletionItemKind.Reference,
  anchor: CompletionItemKind.Reference,
  key: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  script: CompletionItemKind.Function,
};

/** A folder's completion asks for the next one at once, so the user can go on into it. */
const SUGGEST_AGAIN = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

/** The engine's completion as an LSP item; `rank` keeps the engine's order. */
function toItem(c: Completion, rank: number): CompletionItem {
  return {
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    sortText: String(rank).padStart(5, '0'),
    textEdit: { range: c.range, newText: c.insertText ?? c.label },
    command: c.kind === 'folder' ? SUGGEST_AGAIN : undefined,
  };
}

/** `textDocument/completion`: paths, ids, anchors, front-matter keys and values, npm scripts. */
export function registerCompletion({ connection, lookup }: HandlerContext): void {
  connection.onCompletion(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const { engine } = hit.folder;
      const view = engine.view(() => token.isCancellationRequested);
      return complete(view, hit.doc, engine.schemaOf(hit.doc), p.position).map(toItem);
    }),
  );
}
