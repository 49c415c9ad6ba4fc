// VS Code lists the contributed MCP server and runs it: "workbench.mcp.startServer" on every server
// (what MCP: List Servers → Start does) starts `opsdocs mcp` on the workspace folder with VS Code's
// own Node, and the handbook's read-only tools become language-model tools an agent can call.
'use strict';

const assert = require('assert');
const { execFileSync } = require('child_process');
const vscode = require('vscode');
const h = require('./helpers');

describe('MCP server contributed to VS Code', () => {
  before(async () => {
    await h.openAndWaitForActivation();
  });

  it('is started by VS Code on the folder, and its read-only tools are language-model tools', async () => {
    const root = h.folder().uri.fsPath;
    const started = vscode.commands.executeCommand('workbench.mcp.startServer', '*', {
      waitForLiveTools: true,
      autoTrustChanges: true,
    });
    const processes = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
    await h.until(() => processes().some((p) => p.endsWith(` mcp ${root}`)), {
      ms: 30000,
      what: `an "opsdocs mcp ${root}" process`,
      describe: () =>
        processes()
          .filter((p) => / mcp /.test(p))
          .join(' | ') || 'none',
    });
    await h.withDeadline(started, 30000, 'workbench.mcp.startServer');
    const tools = await h.until(
      () => {
        const found = vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('mcp_opsdocs_'));
        return found.length ? found : undefined;
      },
      { ms: 30000, what: 'the OpsDocs tools among vscode.lm.tools' },
    );
    assert.deepStrictEqual(tools.sort(), [
      'mcp_opsdocs_check',
      'mcp_opsdocs_current_decision',
      'mcp_opsdocs_digest',
      'mcp_opsdocs_find_docs',
      'mcp_opsdocs_get_doc',
      'mcp_opsdocs_open_tasks',
      'mcp_opsdocs_runbook_for',
    ]);
  });
});
