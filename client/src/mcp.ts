import * as vscode from 'vscode';
import { MCP_PROVIDER_ID, mcpServerDefinitions } from './mcpDefinitions';

/**
 * The parts of VS Code's MCP API (1.101 and later) used here. `@types/vscode` of the lowest
 * version the extension supports lacks them, so they are declared here and looked for at run time.
 */
interface McpStdioDefinition {
  cwd?: vscode.Uri;
}
type McpStdioConstructor = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string>,
  version?: string,
) => McpStdioDefinition;
interface McpProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(): McpStdioDefinition[];
}
interface McpApi {
  lm?: { registerMcpServerDefinitionProvider?: (id: string, provider: McpProvider) => vscode.Disposable };
  McpStdioServerDefinition?: McpStdioConstructor;
}

/**
 * Contributes `opsdocs mcp` to VS Code's MCP support where this VS Code has it: one read-only
 * server per enabled workspace folder, none in Restricted Mode (trusting the workspace, changing
 * folders or `opsdocs.enable` offers them again).
 */
export function registerMcpProvider(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): void {
  const api = vscode as unknown as McpApi;
  const register = api.lm?.registerMcpServerDefinitionProvider;
  const Stdio = api.McpStdioServerDefinition;
  if (typeof register !== 'function' || typeof Stdio !== 'function') {
    output.info(
      `VS Code ${vscode.version} has no MCP server API: the handbook's MCP server is not contributed.`,
    );
    return;
  }
  const changed = new vscode.EventEmitter<void>();
  const version = (context.extension.packageJSON as { version: string }).version;
  context.subscriptions.push(
    changed,
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration(
      (e) => e.affectsConfiguration('opsdocs.enable') && changed.fire(),
    ),
    register.call(api.lm, MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () =>
        mcpServerDefinitions({
          trusted: vscode.workspace.isTrusted,
          folders: (vscode.workspace.workspaceFolders ?? [])
            .filter((f) => f.uri.scheme === 'file')
            .map((f) => ({
              name: f.name,
              fsPath: f.uri.fsPath,
              enabled: vscode.workspace.getConfiguration('opsdocs', f.uri).get<boolean>('enable', true),
            })),
          execPath: process.execPath,
          cli: context.asAbsolutePath('bin/opsdocs.js'),
          version,
        }).map((d) => {
          const def = new Stdio(d.label, d.command, d.args, d.env, d.version);
          def.cwd = vscode.Uri.file(d.cwd);
          return def;
        }),
    }),
  );
}
