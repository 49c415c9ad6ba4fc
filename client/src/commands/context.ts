import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What every command needs: the running client and the output channel. */
export interface Ctx {
  client: LanguageClient;
  output: vscode.LogOutputChannel;
}

/** The workspace folder to act on: the active editor's, the only one, or one the user picks. */
export async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const own = active && vscode.workspace.getWorkspaceFolder(active);
  if (own) return own;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) {
    if (!folders.length) void vscode.window.showErrorMessage('OpsDocs: open a folder first.');
    return folders[0];
  }
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' });
}

/** The message of a failed request (the server explains clashes and bad names). */
export function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
