import { SymbolKind, type SymbolInformation } from 'vscode-languageserver/node';
import { MAX_SYMBOLS, documentSymbols, workspaceSymbols } from '../../core/features/symbols.js';
import { toDocumentSymbol } from '../convert.js';
import { cancellable, type HandlerContext } from './context.js';

/** `textDocument/documentSymbol`: a document's headings as an outline. */
export function registerDocumentSymbols({ connection, lookup }: HandlerContext): void {
  connection.onDocumentSymbol(async (p) => {
    const hit = await lookup(p.textDocument.uri);
    return hit?.doc ? documentSymbols(hit.doc).map(toDocumentSymbol) : [];
  });
}

/**
 * `workspace/symbol`: documents (id, title, path) and headings of every folder, fuzzy-matched and
 * ranked as VS Code does, at most {@link MAX_SYMBOLS}; a cancel stops the search.
 */
export function registerWorkspaceSymbols({ connection, folders }: HandlerContext): void {
  connection.onWorkspaceSymbol(
    cancellable(async (p, token) => {
      const out: SymbolInformation[] = [];
      for (const folder of folders()) {
        const view = folder.engine.view(() => token.isCancellationRequested);
        const found = await workspaceSymbols(folder.engine.documents().values(), p.query, () => view.pause());
        for (const s of found) {
          out.push({
            name: s.name,
            kind: s.what === 'document' ? SymbolKind.File : SymbolKind.String,
            containerName: s.container,
            location: { uri: folder.uriOf(s.file), range: s.range },
          });
        }
      }
      return out.slice(0, MAX_SYMBOLS);
    }),
  );
}
