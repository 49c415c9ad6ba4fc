import { definition } from '../../core/features/navigation.js';
import { cancellable, type HandlerContext } from './context.js';

/** `textDocument/definition`: the document, heading or script a reference names. */
export function registerDefinition({ connection, lookup }: HandlerContext): void {
  connection.onDefinition(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const loc = definition(view, hit.doc, p.position);
      return loc ? { uri: hit.folder.uriOf(loc.file), range: loc.range } : null;
    }),
  );
}
