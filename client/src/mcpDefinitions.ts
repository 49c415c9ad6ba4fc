/**
 * What VS Code is told to start as the OpsDocs MCP server: one read-only `opsdocs mcp FOLDER` per
 * workspace folder where OpsDocs is enabled, run by the extension host's own executable as Node
 * (as the language client forks the language server), none at all in Restricted Mode. No editor API
 * here, so it is tested without VS Code.
 */

/** The id under `contributes.mcpServerDefinitionProviders` in package.json. */
export const MCP_PROVIDER_ID = 'opsdocs.handbook';

/** A stdio MCP server to launch. */
export interface McpLaunch {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  version: string;
}

/** A workspace folder: its name, path on disk, and whether `opsdocs.enable` is on there. */
export interface McpFolder {
  name: string;
  fsPath: string;
  enabled: boolean;
}

/** Options of {@link mcpServerDefinitions}. */
export interface McpDefinitionOptions {
  /** False in Restricted Mode: nothing is started. */
  trusted: boolean;
  folders: readonly McpFolder[];
  /** The extension host's executable (Node, or Electron run as Node). */
  execPath: string;
  /** The bundled `bin/opsdocs.js`. */
  cli: string;
  version: string;
}

/** The servers to launch (see the file comment). */
export function mcpServerDefinitions(o: McpDefinitionOptions): McpLaunch[] {
  if (!o.trusted) return [];
  const folders = o.folders.filter((f) => f.enabled);
  return folders.map((f) => ({
    label: o.folders.length > 1 ? `OpsDocs handbook (${f.name})` : 'OpsDocs handbook',
    command: o.execPath,
    args: [o.cli, 'mcp', f.fsPath],
    // What vscode-languageclient sets when it forks the language server with this executable.
    env: { ELECTRON_RUN_AS_NODE: '1', ELECTRON_NO_ASAR: '1' },
    cwd: f.fsPath,
    version: o.version,
  }));
}
