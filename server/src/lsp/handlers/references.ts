import type { CancellationToken, Location, Position } from 'vscode-languageserver/node';
import { references } from '../../core/features/navigation.js';
import { cancellable, candidates, type DocLookup, type HandlerContext } from './context.js';

/** Every place that cites the document, heading or id at `position` of the document `uri`. */
export async function findReferences(
  lookup: DocLookup,
  uri: string,
  position: Position,
  includeDeclaration: boolean,
  token: CancellationToken,
): Promise<Location[]> {
  const hit = await lookup(uri);
  if (!hit?.doc) return [];
  const view = hit.folder.engine.view(() => token.isCancellationRequested);
  const citing = (file: string) => candidates(hit.folder, file);
  const found = await references(view, citing, hit.doc, position, includeDeclaration);
  return found.map((l) => ({ uri: hit.folder.uriOf(l.file), range: l.range }));
}

/** `textDocument/references`: every place that cites the document, heading or id under the cursor. */
export function registerReferences({ connection, lookup }: HandlerContext): void {
  connection.onReferences(
    cancellable((p, token) =>
      findReferences(lookup, p.textDocument.uri, p.position, p.context?.includeDeclaration ?? false, token),
    ),
  );
}
