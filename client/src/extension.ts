import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts the OpsDocs language server for the workspace's Markdown files. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('OpsDocs', { log: true });
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    outputChannel: output,
    diagnosticCollectionName: 'opsdocs',
  };
  client = new LanguageClient('opsdocs', 'OpsDocs', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('opsdocs.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('opsdocs.findReferences', (uri: string, pos: { line: number; character: number }) =>
      vscode.commands.executeCommand('editor.action.findReferences', vscode.Uri.parse(uri), new vscode.Position(pos.line, pos.character)),
    ),
    vscode.commands.registerCommand('opsdocs.restartServer', async () => {
      output.appendLine('Restarting the OpsDocs server.');
      await client?.restart();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
