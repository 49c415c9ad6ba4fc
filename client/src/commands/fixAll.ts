import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { FIX_ALL_COMMAND, type FixAllResult } from '../../../server/src/shared/protocol';
import { reason, type Ctx } from './context';
import { fixAllMessage } from './fixAllMessage';

/**
 * OpsDocs: Fix All Safe Problems in the Workspace — the server's `opsdocs.fixAll`: every safe fix of
 * every folder as one edit per folder, documents with unsaved changes left out; says what it did.
 */
export function fixAllInWorkspace(ctx: Ctx) {
  return async (): Promise<FixAllResult | undefined> => {
    let result: FixAllResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'OpsDocs: applying safe fixes' },
        () =>
          ctx.client.sendRequest(ExecuteCommandRequest.type, {
            command: FIX_ALL_COMMAND,
            arguments: [],
          }) as Promise<FixAllResult>,
      );
    } catch (e) {
      void vscode.window.showErrorMessage(`OpsDocs: fixing failed: ${reason(e)}`);
      return undefined;
    }
    const { text, level } = fixAllMessage(result);
    ctx.output.info(text);
    void (level === 'info'
      ? vscode.window.showInformationMessage(text)
      : vscode.window.showWarningMessage(text));
    return result;
  };
}
