import * as vscode from 'vscode';
import { DIGEST, type DigestResult } from '../../../server/src/shared/protocol';
import { pickFolder, reason, type Ctx } from './context';
import { digestTarget, throughLink } from './digestTarget';

/**
 * OpsDocs: Generate Status Digest — opens the digest (in the active group, or beside it with
 * `opsdocs.digest.openBeside`) with its Markdown preview,
 * and offers to save it to `opsdocs.digest.path` (one WorkspaceEdit, so it can be undone).
 */
export function generateDigest(ctx: Ctx) {
  return async (): Promise<vscode.TextDocument | undefined> => {
    const folder = await pickFolder();
    if (!folder) return undefined;
    let result: DigestResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'OpsDocs: building the status digest' },
        () => ctx.client.sendRequest<DigestResult>(DIGEST, { uri: folder.uri.toString() }),
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`OpsDocs: ${reason(e)}`);
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.markdown });
    // In the active editor group, unless `opsdocs.digest.openBeside` asks for a group of its own.
    const beside = vscode.workspace
      .getConfiguration('opsdocs', folder.uri)
      .get<boolean>('digest.openBeside', false);
    await vscode.window.showTextDocument(doc, {
      viewColumn: beside ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
      preview: false,
    });
    void vscode.commands
      .executeCommand('markdown.showLockedPreviewToSide', doc.uri)
      .then(undefined, () => undefined);
    const where = digestPath(folder);
    if ('error' in where) {
      void vscode.window.showWarningMessage(
        `Status digest of ${folder.name} is ready, not saved: ${where.error}`,
      );
      return doc;
    }
    void vscode.window
      .showInformationMessage(`Status digest of ${folder.name} is ready.`, `Save to ${where.shown}`)
      .then((choice) => choice && saveDigest(ctx, folder, result.markdown));
    return doc;
  };
}

/** Where the digest of `folder` is saved (`opsdocs.digest.path`, checked), or why it may not be. */
function digestPath(
  folder: vscode.WorkspaceFolder,
): { segments: string[]; shown: string } | { error: string } {
  const target = vscode.workspace
    .getConfiguration('opsdocs', folder.uri)
    .get<string>('digest.path', 'docs/status-digest.md');
  const where = digestTarget(target);
  return 'error' in where ? where : { segments: where.segments, shown: where.segments.join('/') };
}

/**
 * Saves a digest of `folder` to `opsdocs.digest.path` (one WorkspaceEdit, so it can be undone): asks
 * before replacing an existing file, never writes through a link, and says where it saved. The
 * file's Uri, or undefined when nothing was saved (the user was told why).
 */
export async function saveDigest(
  ctx: Ctx,
  folder: vscode.WorkspaceFolder,
  markdown: string,
): Promise<vscode.Uri | undefined> {
  const where = digestPath(folder);
  if ('error' in where) {
    void vscode.window.showWarningMessage(`Status digest not saved: ${where.error}`);
    return undefined;
  }
  const { shown } = where;
  const refused = async () => {
    const linked = await throughLink(folder.uri.fsPath, where.segments);
    if (linked) void vscode.window.showWarningMessage(`Status digest not saved: ${linked}`);
    return !!linked;
  };
  if (await refused()) return undefined;
  const uri = vscode.Uri.joinPath(folder.uri, ...where.segments);
  const edit = new vscode.WorkspaceEdit();
  let exists = true;
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    exists = false;
  }
  if (exists) {
    const replace = await vscode.window.showWarningMessage(
      `${shown} exists. Replace it with the new digest?`,
      { modal: true },
      'Replace',
    );
    if (replace !== 'Replace') return undefined;
    // Again after the question, which may have stayed open while the disk changed.
    if (await refused()) return undefined;
    const old = await vscode.workspace.openTextDocument(uri);
    edit.replace(uri, new vscode.Range(0, 0, old.lineCount, 0), markdown);
  } else {
    edit.createFile(uri, { ignoreIfExists: false });
    edit.insert(uri, new vscode.Position(0, 0), markdown);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(
      `Status digest not saved: ${shown} changed on disk meanwhile. Run the command again.`,
    );
    return undefined;
  }
  const saved = await vscode.workspace.openTextDocument(uri);
  await saved.save();
  ctx.output.info(`Saved the status digest to ${shown}.`);
  void vscode.window
    .showInformationMessage(`Saved the status digest to ${shown}.`, 'Open')
    .then((open) => open && vscode.window.showTextDocument(saved));
  return uri;
}
