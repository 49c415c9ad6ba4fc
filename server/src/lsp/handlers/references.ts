import { references } from '../../core/features/navigation.js';
import { cancellable, candidates, type HandlerContext } from './context.js';

/** `textDocument/references`: every place that cites the document, heading or id under the cursor. */
export function registerReferences({ connection, lookup }: HandlerContext): void {
  connection.onReferences(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const citing = (file: string) => candidates(hit.folder, file);
      const includeDeclaration = p.context?.includeDeclaration ?? false;
      const found = await references(view, citing, hit.doc, p.position, includeDeclaration);
      return found.map((l) => ({ uri: hit.folder.uriOf(l.file), range: l.range }));
    }),
  );
}
