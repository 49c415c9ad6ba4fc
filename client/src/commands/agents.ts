import * as vscode from 'vscode';
import { agentsBlockEdit } from '../../../server/src/shared/mcpTools';
import { pickFolder } from './context';

/** Where the list goes when the folder has several AGENTS.md: scripts/ first, then the top, then the rest. */
const rank = (rel: string) => (rel === 'scripts/AGENTS.md' ? 0 : rel === 'AGENTS.md' ? 1 : 2);

/**
 * "OpsDocs: Add MCP Tools to AGENTS.md": writes or updates the generated list of the MCP tools in an
 * AGENTS.md the user picks (a new AGENTS.md at the top when the folder has none), as one undoable
 * edit of the buffer: the marked block replaced in place, or appended; the rest of the file as it was.
 */
export function addMcpToolsToAgents(output: vscode.LogOutputChannel) {
  return async (given?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    if (given) {
      const label = vscode.workspace.asRelativePath(given, false);
      if (given.path.split('/').pop() === 'AGENTS.md') return write(output, given, label, false);
      void vscode.window.showErrorMessage(`OpsDocs: ${label} is not an AGENTS.md; nothing changed.`);
      return undefined;
    }
    const folder = await pickFolder();
    if (!folder) return undefined;
    const found = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/AGENTS.md'),
      '**/node_modules/**',
      200,
    );
    const rel = (u: vscode.Uri) => vscode.workspace.asRelativePath(u, false);
    const files = found.sort((a, b) => rank(rel(a)) - rank(rel(b)) || rel(a).localeCompare(rel(b)));
    const top = vscode.Uri.joinPath(folder.uri, 'AGENTS.md');
    const picks = [
      ...files.map((uri) => ({ label: rel(uri), uri, create: false })),
      ...(files.some((u) => u.toString() === top.toString())
        ? []
        : [{ label: 'AGENTS.md', description: 'new file', uri: top, create: true }]),
    ];
    const pick =
      picks.length === 1
        ? picks[0]
        : await vscode.window.showQuickPick(picks, { placeHolder: 'AGENTS.md to list the MCP tools in' });
    if (!pick) return undefined;
    return write(output, pick.uri, pick.label, pick.create);
  };
}

/**
 * Writes the list into `uri` (a new file when `create`; `label` names it in messages); the file's
 * Uri, or undefined when nothing was done. An existing file is edited in its buffer.
 */
async function write(
  output: vscode.LogOutputChannel,
  uri: vscode.Uri,
  label: string,
  create: boolean,
): Promise<vscode.Uri | undefined> {
  const edit = new vscode.WorkspaceEdit();
  if (create) {
    const made = agentsBlockEdit('');
    if (!('text' in made)) return undefined;
    edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(made.text) });
  } else {
    const doc = await vscode.workspace.openTextDocument(uri);
    const made = agentsBlockEdit(doc.getText());
    if ('refused' in made) {
      void vscode.window.showErrorMessage(`OpsDocs: ${label}: ${made.refused}`);
      return undefined;
    }
    if ('unchanged' in made) {
      void vscode.window.showInformationMessage(`OpsDocs: the MCP tools in ${label} are up to date.`);
      return uri;
    }
    edit.replace(uri, new vscode.Range(doc.positionAt(made.start), doc.positionAt(made.end)), made.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    output.error(`Writing the MCP tools into ${label} was not applied.`);
    void vscode.window.showErrorMessage(`OpsDocs: the MCP tools could not be written into ${label}.`);
    return undefined;
  }
  await vscode.window.showTextDocument(uri);
  return uri;
}
