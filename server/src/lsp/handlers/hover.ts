import { hover } from '../../core/features/navigation.js';
import { fieldHover, sectionHover } from '../../core/features/fieldHover.js';
import { cancellable, type HandlerContext } from './context.js';

/**
 * `textDocument/hover`: what a reference names (its title, status, the heading it lands on), or
 * on a front-matter key what the kind's schema says of it, on a section heading how many documents
 * of the kind share it.
 */
export function registerHover({ connection, lookup }: HandlerContext): void {
  connection.onHover(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const { engine } = hit.folder;
      const view = engine.view(() => token.isCancellationRequested);
      const schema = engine.schemaOf(hit.doc);
      const h =
        hover(view, hit.doc, p.position) ??
        fieldHover(view, hit.doc, schema, p.position) ??
        sectionHover(view, hit.doc, schema, p.position);
      return h ? { contents: { kind: 'markdown', value: h.markdown }, range: h.range } : null;
    }),
  );
}
