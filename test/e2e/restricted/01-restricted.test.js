// Restricted Mode in a real VS Code: run.mjs --restricted opens a copy of test/fixtures/config
// with workspace trust on and the folder untrusted. The client must tell the server, which then
// leaves the workspace's own schemas unused (config/untrusted; see
// test/fixtures/config.untrusted.expected.txt).
'use strict';

const assert = require('assert');
const { execFileSync } = require('child_process');
const vscode = require('vscode');
const h = require('../suite/helpers');

describe('Restricted Mode', () => {
  it('is on, and the server does not use the workspace schemas', async () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'the folder must open untrusted');
    await h.openAndWaitForActivation('handbook/ops/payments-down.md');
    const config = h.fileUri('.opsdocs.json');
    const untrusted = () =>
      h
        .opsdocsDiagnostics(config)
        .filter((d) => h.codeOf(d) === 'config/untrusted')
        .map((d) => d.message)
        .sort();
    await h.waitForDiagnostics(
      () => untrusted().length === 2,
      60000,
      'two config/untrusted diagnostics on .opsdocs.json',
    );
    assert.deepStrictEqual(untrusted(), [
      'Schema "schemas/postmortem.json" of kind "postmortem" is not used until you trust this workspace (Restricted Mode); until then the kind\'s front matter is not validated against a schema and its required sections are not checked.',
      'Schema "schemas/runbook.json" of kind "runbook" is not used until you trust this workspace (Restricted Mode); until then the kind\'s front matter is not validated against a schema and its required sections are not checked.',
    ]);
    const runbook = h.fileUri('handbook/ops/payments-down.md');
    // Each file's diagnostics are published on their own: the runbook's may come after the config's.
    await h.waitForDiagnostics(
      () => h.opsdocsDiagnostics(runbook).length > 0,
      60000,
      'diagnostics on handbook/ops/payments-down.md',
    );
    assert.deepStrictEqual(
      h.opsdocsDiagnostics(runbook).map(h.codeOf),
      ['lifecycle/review-overdue'],
      'no schema/enum from the team schema',
    );
  });

  it('offers no MCP server: starting every server runs no "opsdocs mcp" and adds no OpsDocs tool', async () => {
    await h.openAndWaitForActivation('handbook/ops/payments-down.md');
    await h.withDeadline(
      vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true }),
      30000,
      'workbench.mcp.startServer',
    );
    const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n');
    assert.deepStrictEqual(
      ps.filter((p) => p.endsWith(` mcp ${h.folder().uri.fsPath}`)),
      [],
    );
    assert.deepStrictEqual(
      vscode.lm.tools.map((t) => t.name).filter((n) => n.startsWith('mcp_opsdocs_')),
      [],
    );
  });

  it('the OpsDocs view shows the workspace, read-only: Mark as Reviewed Today changes nothing', async () => {
    const { ext } = await h.openAndWaitForActivation('handbook/ops/payments-down.md');
    const api = ext.exports.views;
    const reviews = () => api.snapshot().then((t) => /^## Reviews\n([\s\S]*?)\n## /m.exec(t)[1]);
    await h.until(async () => /\(handbook\/ops\/payments-down\.md:\d+\) !/.test(await reviews()), {
      ms: 30000,
      what: 'the Reviews tree to list payments-down.md as overdue',
      describe: reviews,
    });
    assert.match(
      await api.snapshot(),
      /^## Decisions\n[\s\S]*\(handbook\/adr\/ADR-001-custom-place\.md:\d+\)/m,
    );
    const item = {
      node: { label: 'payments down', kind: 'review', file: 'handbook/ops/payments-down.md' },
      folder: h.folder().uri,
    };
    await vscode.commands.executeCommand('opsdocs.views.markReviewed', item);
    const doc = vscode.workspace.textDocuments.find((d) => h.rel(d.uri) === 'handbook/ops/payments-down.md');
    assert.ok(doc && !doc.isDirty, 'the runbook is not edited in Restricted Mode');
  });
});
