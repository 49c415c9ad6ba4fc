import type { WorkspaceEdit } from 'vscode-languageserver/node';
import type { DocInfo } from '../../core/index/docInfo.js';
import type { IndexView } from '../../core/index/view.js';
import { renameFiles } from '../../core/features/rename.js';
import type { Folder } from '../folder.js';
import { toWorkspaceEdit } from '../convert.js';
import { cancellable, type HandlerContext } from './context.js';

/** A file or folder move within one workspace folder, as repository-relative paths. */
interface Move {
  from: string;
  to: string;
}

/**
 * The documents that may cite a moved file or anything inside a moved folder (the moved documents included).
 */
async function movedCandidates(folder: Folder, view: IndexView, moves: Move[]): Promise<Iterable<DocInfo>> {
  if (folder.indexing) return folder.engine.documents().values();
  const files = view.allFiles();
  const moved = moves.flatMap(({ from }) => [from, ...files.filter((x) => x.startsWith(`${from}/`))]);
  return folder.engine.citingAll(moved, view);
}

/**
 * `workspace/willRenameFiles`: the edits that keep every reference to the moved files and folders
 * working (moves between workspace folders are left alone).
 */
export function registerRenameFiles({ connection, lookup }: HandlerContext): void {
  connection.workspace.onWillRenameFiles(
    cancellable(async (p, token) => {
      const byFolder = new Map<Folder, Move[]>();
      for (const f of p.files) {
        const a = await lookup(f.oldUri, 'folder');
        const b = await lookup(f.newUri, 'folder');
        if (!a || !b || a.folder !== b.folder) continue;
        const list = byFolder.get(a.folder) ?? [];
        list.push({ from: a.rel, to: b.rel });
        byFolder.set(a.folder, list);
      }
      const documentChanges: WorkspaceEdit['documentChanges'] = [];
      for (const [folder, moves] of byFolder) {
        const view = folder.engine.view(() => token.isCancellationRequested);
        const w = await renameFiles(view, await movedCandidates(folder, view, moves), moves);
        documentChanges.push(...(toWorkspaceEdit(folder, w).documentChanges ?? []));
      }
      return documentChanges.length ? { documentChanges } : null;
    }),
  );
}
