import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';
import type { Ctx } from './commands/context';
import { newAdr, newDoc, newScript } from './commands/scaffold';
import { generateDigest } from './commands/digest';
import { DIGEST_COMMAND, FIND_REFERENCES_COMMAND, FIX_ALL_COMMAND } from '../../server/src/shared/protocol';
import { fixAllInWorkspace } from './commands/fixAll';
import { registerMcpProvider } from './mcp';
import { addMcpToolsToAgents } from './commands/agents';
import { markReviewed, registerViews, supersede, type ViewsApi } from './views';
import type { Item } from './views/tree';
import { extendMarkdownIt } from './views/markdownIt';

/** Restarts the server when it dies (bounded), and tells the user once, not on every crash. */
function restartingErrorHandler(output: vscode.LogOutputChannel, policy: RestartPolicy): ErrorHandler {
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const next = policy.onCrash();
      if (!next.restart) {
        output.error(
          `The OpsDocs server stopped ${next.crashes} times in 3 minutes; it is not restarted again.`,
        );
        return {
          action: CloseAction.DoNotRestart,
          message:
            'The OpsDocs server keeps stopping and was not restarted. See "OpsDocs: Show Output"; "OpsDocs: Restart Server" tries again.',
        };
      }
      output.warn('The OpsDocs server stopped unexpectedly; restarting it.');
      if (next.tellUser)
        void vscode.window.showWarningMessage(
          'The OpsDocs server stopped unexpectedly and was restarted. Details are in "OpsDocs: Show Output".',
        );
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

let client: LanguageClient | undefined;

/** Starts the OpsDocs language server for the workspace's Markdown files and registers the commands. */
export async function activate(
  context: vscode.ExtensionContext,
): Promise<{ client: LanguageClient; views: ViewsApi; extendMarkdownIt: typeof extendMarkdownIt }> {
  const output = vscode.window.createOutputChannel('OpsDocs', { log: true });
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const policy = new RestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    outputChannel: output,
    diagnosticCollectionName: 'opsdocs',
    errorHandler: restartingErrorHandler(output, policy),
    middleware: {
      // VS Code's own Markdown support lists every heading in Ctrl+T already: keep OpsDocs's
      // documents (ids, titles, paths) and leave the headings, which other editors get from the server.
      provideWorkspaceSymbols: async (query, token, next) =>
        (await next(query, token))?.filter((s) => s.kind !== vscode.SymbolKind.String),
    },
    // The server keeps what it parsed of each document here, so a reopened workspace indexes fast.
    // In Restricted Mode it does not use the workspace's own schemas (read again on each start).
    // The commands this extension registers itself (a references peek, a preview) are named so the
    // server does not offer them too: the client would register them again, which VS Code refuses.
    initializationOptions: () => ({
      cacheDir: (context.storageUri ?? context.globalStorageUri).fsPath,
      trusted: vscode.workspace.isTrusted,
      clientCommands: [FIND_REFERENCES_COMMAND, DIGEST_COMMAND, FIX_ALL_COMMAND],
    }),
  };
  client = new LanguageClient('opsdocs', 'OpsDocs', serverOptions, clientOptions);
  const ctx: Ctx = { client, output };
  const register = (id: string, fn: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('opsdocs.showOutput', () => output.show(true));
  register('opsdocs.restartServer', async () => {
    output.info('Restarting the OpsDocs server.');
    policy.reset(); // a manual restart starts afresh, even after the policy gave up
    await client?.restart();
  });
  register('opsdocs.findReferences', (uri: string, pos: { line: number; character: number }) =>
    vscode.commands.executeCommand(
      'editor.action.findReferences',
      vscode.Uri.parse(uri),
      new vscode.Position(pos.line, pos.character),
    ),
  );
  register('opsdocs.generateDigest', generateDigest(ctx));
  register('opsdocs.fixAll', fixAllInWorkspace(ctx));
  register('opsdocs.newAdr', newAdr(ctx));
  register('opsdocs.newRunbook', newDoc(ctx, 'runbook'));
  register('opsdocs.newPolicy', newDoc(ctx, 'policy'));
  register('opsdocs.newTask', newDoc(ctx, 'task'));
  register('opsdocs.newScript', newScript(ctx));
  register('opsdocs.addMcpToolsToAgents', addMcpToolsToAgents(output));
  registerMcpProvider(context, output);
  const views = registerViews(context, ctx);
  register('opsdocs.showView', () => vscode.commands.executeCommand('workbench.view.extension.opsdocs'));
  register('opsdocs.showDigest', () => views.digest.show());
  register('opsdocs.views.refresh', () => views.model.refreshAll());
  register('opsdocs.views.supersede', supersede);
  register('opsdocs.views.markReviewed', (item: Item) => markReviewed(ctx, item));
  // Trusting the workspace restarts the server, which then uses the workspace's schemas.
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(async () => {
      output.info(
        'The workspace is now trusted: restarting the OpsDocs server to use its configuration in full.',
      );
      try {
        await client?.restart();
      } catch (e) {
        output.error(`Restarting the OpsDocs server failed: ${(e as Error).message}`);
      }
    }),
  );
  // VS Code's Markdown preview asks for this to draw ```mermaid blocks (see markdownIt.ts).
  const answer = { client, views, extendMarkdownIt };
  await client.start();
  return answer;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
