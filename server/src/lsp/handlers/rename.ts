import { NOT_ONE_LINE } from '../../core/util/oneLine.js';
import { renameHeading, renameId, renameTarget } from '../../core/features/rename.js';
import { newIdProblem } from '../../core/features/ids.js';
import { toWorkspaceEdit } from '../convert.js';
import { cancellable, candidates, failed, type HandlerContext } from './context.js';

/** `textDocument/prepareRename`: the id or heading under the cursor, if there is one to rename. */
export function registerPrepareRename({ connection, lookup }: HandlerContext): void {
  connection.onPrepareRename(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri);
      if (!hit?.doc) return null;
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const t = renameTarget(view, hit.doc, p.position);
      return t ? { range: t.range, placeholder: t.placeholder } : null;
    }),
  );
}

/**
 * `textDocument/rename`: an id (every mention, its `id:` value, the title, the file name) or a
 * heading (its text and every fragment that lands on it), across the folder.
 */
export function registerRename({ connection, lookup }: HandlerContext): void {
  connection.onRenameRequest(
    cancellable(async (p, token) => {
      const hit = await lookup(p.textDocument.uri, 'folder');
      if (!hit?.doc) return null;
      const view = hit.folder.engine.view(() => token.isCancellationRequested);
      const t = renameTarget(view, hit.doc, p.position);
      if (!t) return null;
      const docs = candidates(hit.folder, t.doc.file);
      const name = p.newName.trim();
      if (t.kind === 'id') {
        const problem = newIdProblem(view, t.doc, name);
        if (problem) return failed(problem);
        return toWorkspaceEdit(hit.folder, await renameId(view, docs, t.doc, name));
      }
      if (!name) return failed('A heading cannot be empty.');
      if (NOT_ONE_LINE.test(name))
        return failed(
          'A heading is one line: the new name cannot hold a line break or another control character.',
        );
      return toWorkspaceEdit(hit.folder, await renameHeading(view, docs, t.doc, t.slug, name));
    }),
  );
}
