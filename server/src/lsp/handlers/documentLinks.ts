import type { DocumentLink } from 'vscode-languageserver/node';
import { resolveRef } from '../../core/features/locate.js';
import { cancellable, type HandlerContext } from './context.js';

/**
 * `textDocument/documentLink`: ids, inline-code paths and front-matter references as links to the
 * line they land on (Markdown links are left to VS Code's own Markdown support).
 */
export function registerDocumentLinks({ connection, lookup }: HandlerContext): void {
  connection.onDocumentLinks(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const links: DocumentLink[] = [];
      for (const ref of hit.doc.refs) {
        if (ref.kind === 'link') continue; // VS Code's Markdown support links these already
        const t = resolveRef(view, hit.doc, ref);
        if (!t || t.isFolder) continue;
        links.push({
          range: ref.range,
          target: `${hit.folder.uriOf(t.file)}#L${t.range.start.line + 1}`,
          tooltip: t.doc?.title ?? t.file,
        });
      }
      return links;
    }),
  );
}
