import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './commands/context';
import { newAdr, newDoc, newScript } from './commands/scaffold';
import { generateDigest } from './commands/digest';

let client: LanguageClient | undefined;

/** Starts the OpsDocs language server for the workspace's Markdown files and registers the commands. */
export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient }> {
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
  const ctx: Ctx = { client, output };
  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  register('opsdocs.showOutput', () => output.show(true));
  register('opsdocs.restartServer', async () => {
    output.info('Restarting the OpsDocs server.');
    await client?.restart();
  });
  register('opsdocs.findReferences', (uri: string, pos: { line: number; character: number }) =>
    vscode.commands.executeCommand('editor.action.findReferences', vscode.Uri.parse(uri), new vscode.Position(pos.line, pos.character)),
  );
  register('opsdocs.generateDigest', generateDigest(ctx));
  register('opsdocs.newAdr', newAdr(ctx));
  register('opsdocs.newRunbook', newDoc(ctx, 'runbook'));
  register('opsdocs.newPolicy', newDoc(ctx, 'policy'));
  register('opsdocs.newTask', newDoc(ctx, 'task'));
  register('opsdocs.newScript', newScript(ctx));
  await client.start();
  return { client };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
