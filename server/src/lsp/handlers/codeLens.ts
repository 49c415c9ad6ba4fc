import type { CodeLens } from 'vscode-languageserver/node';
import { citedBy } from '../../core/features/navigation.js';
import { FIND_REFERENCES_COMMAND } from '../../shared/protocol.js';
import { cancellable, candidates, type HandlerContext } from './context.js';

/** `textDocument/codeLens`: "cited by N documents" above the title, which lists them when clicked. */
export function registerCodeLens({ connection, lookup }: HandlerContext): void {
  connection.onCodeLens(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return [];
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const citing = (await citedBy(view, candidates(hit.folder, hit.rel), hit.rel)).size;
      const title = citing === 1 ? 'cited by 1 document' : `cited by ${citing} documents`;
      const lens: CodeLens = {
        range: hit.doc.titleRange,
        command: {
          title,
          command: citing ? FIND_REFERENCES_COMMAND : '',
          arguments: [p.textDocument.uri, hit.doc.titleRange.start],
        },
      };
      return [lens];
    }),
  );
}
