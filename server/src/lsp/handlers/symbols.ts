import { SymbolKind, type SymbolInformation } from 'vscode-languageserver/node';
import { documentSymbols, workspaceSymbols } from '../../core/features/symbols.js';
import { toDocumentSymbol } from '../convert.js';
import type { HandlerContext } from './context.js';

/** `textDocument/documentSymbol`: a document's headings as an outline. */
export function registerDocumentSymbols({ connection, lookup }: HandlerContext): void {
  connection.onDocumentSymbol(async (p) => {
    const hit = await lookup(p.textDocument.uri);
    return hit?.doc ? documentSymbols(hit.doc).map(toDocumentSymbol) : [];
  });
}

/** `workspace/symbol`: documents of every folder by id or title. */
export function registerWorkspaceSymbols({ connection, folders }: HandlerContext): void {
  connection.onWorkspaceSymbol((p) => {
    const out: SymbolInformation[] = [];
    for (const folder of folders()) {
      for (const s of workspaceSymbols(folder.engine.documents().values(), p.query)) {
        out.push({
          name: s.name,
          kind: SymbolKind.File,
          containerName: s.kind,
          location: { uri: folder.uriOf(s.file), range: s.range },
        });
      }
    }
    return out;
  });
}
