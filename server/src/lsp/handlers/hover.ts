import { hover } from '../../core/features/navigation.js';
import { cancellable, type HandlerContext } from './context.js';

/** `textDocument/hover`: what a reference names (its title, status, the heading it lands on). */
export function registerHover({ connection, lookup }: HandlerContext): void {
  connection.onHover(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const h = hover(view, hit.doc, p.position);
      return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
    }),
  );
}
