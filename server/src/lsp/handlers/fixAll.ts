import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixWorkspace } from '../../core/features/fixes.js';
import type { Folder } from '../folder.js';
import { toWorkspaceEdit } from '../convert.js';
import type { CancellationToken, ExecuteCommandParams } from 'vscode-languageserver/node';
import type { HandlerContext } from './context.js';
import type { FixAllResult } from '../../shared/protocol.js';

export { FIX_ALL_COMMAND, type FixAllResult } from '../../shared/protocol.js';

/**
 * The documents of a folder open in the editor with a text other than the disk's: their findings
 * are those of the buffer, and the user has not decided about those changes yet.
 */
async function unsavedFiles(folder: Folder): Promise<Set<string>> {
  const out = new Set<string>();
  for (const file of folder.engine.documents().keys()) {
    if (!folder.overlay.has(file)) continue;
    const buffer = await folder.overlay.read(file);
    let disk: string | undefined;
    try {
      disk = fs.readFileSync(path.join(folder.root, ...file.split('/')), 'utf8').replace(/^\uFEFF/, '');
    } catch {
      disk = undefined; // a new buffer not saved yet
    }
    if (!('text' in buffer) || buffer.text !== disk) out.add(file);
  }
  return out;
}

/**
 * `workspace/executeCommand` `opsdocs.fixAll` [folder URI]: every safe fix of every document of the
 * folder (of every folder without one), sent to the editor as one `workspace/applyEdit` per
 * folder; documents open with unsaved changes are left out, and so is every fix that would edit them.
 */
export function fixAllCommand({ connection, folders }: HandlerContext) {
  return async (p: ExecuteCommandParams, token: CancellationToken): Promise<FixAllResult> => {
    const only = typeof p.arguments?.[0] === 'string' ? p.arguments[0] : undefined;
    const result: FixAllResult = { fixed: 0, files: [], skipped: [], applied: true, deferred: 0 };
    for (const folder of folders()) {
      if (only !== undefined && folder.uri !== only) continue;
      await folder.settled();
      const { engine } = folder;
      const view = engine.view(() => token.isCancellationRequested);
      const unsaved = await unsavedFiles(folder);
      const { edits, applied, count, deferred } = await fixWorkspace(
        view,
        engine.documents().values(),
        (file) => engine.findings(file),
        (doc) => engine.schemaOf(doc),
        engine.getToday(),
        (file) => unsaved.has(file),
      );
      result.skipped.push(...[...unsaved].sort().map((f) => folder.uriOf(f)));
      result.deferred += deferred;
      if (count === 0) continue;
      const answer = await connection.workspace.applyEdit({
        label: 'Fix all OpsDocs problems',
        edit: toWorkspaceEdit(folder, edits),
      });
      if (!answer.applied) {
        result.applied = false;
        continue;
      }
      result.fixed += count;
      result.files.push(...[...applied.keys()].sort().map((f) => folder.uriOf(f)));
    }
    return result;
  };
}
