// The palette's "OpsDocs: Fix All Safe Problems in the Workspace" applies the workspace's safe fixes
// (ADR-004's `status: acepted`, incident-response's missing Rollback section) and says what it did;
// and Ctrl+T finds each heading once: VS Code's own Markdown support lists headings, and the
// client leaves the server's heading symbols out so they are not listed twice.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const ADR = 'docs/adr/ADR-004-observability.md';
const RUNBOOK = 'docs/runbooks/incident-response.md';

describe('workspace symbols (Ctrl+T) in VS Code', () => {
  before(async () => {
    await h.openAndWaitForActivation();
  });

  it('lists each "Escalation" heading once, and OpsDocs documents by id', async () => {
    const at = (s) => `${h.rel(s.location.uri)}:${s.location.range.start.line}`;
    const expected = [
      'docs/runbooks/cost-review.md:36',
      'docs/runbooks/deployment.md:42',
      'docs/runbooks/incident-response.md:40',
    ];
    // Runs before the fix-all test below: VS Code's Markdown index was seen to keep the fixed text of
    // incident-response.md (a section more above Escalation) after the revert, for more than 30 s.
    // The wait covers its index still being built when the suite reaches here.
    let seen = [];
    const headings = await h.until(
      async () => {
        const found =
          (await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'Escalation')) || [];
        const named = found.filter((s) => /escalation$/i.test(s.name.replace(/^#+\s*/, '')));
        seen = named.map(at).sort();
        return JSON.stringify(seen) === JSON.stringify(expected) ? named : undefined;
      },
      {
        ms: 30000,
        what: 'the three "Escalation" heading symbols, once each',
        describe: () => seen.join(', '),
      },
    );
    assert.deepStrictEqual(headings.map(at).sort(), expected);
    const adr =
      (await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'ADR-004')) || [];
    assert.ok(
      adr.some((s) => h.rel(s.location.uri) === ADR),
      `no symbol for ADR-004: ${adr.map((s) => `${s.name} @ ${at(s)}`).join(', ')}`,
    );
  });
});

describe('fix all in the workspace, from the palette', () => {
  const originals = {};
  before(async () => {
    await h.openAndWaitForActivation();
    for (const f of [ADR, RUNBOOK]) originals[f] = await h.readText(f);
  });

  after(async () => {
    // Leave the workspace as seeded, and wait until the server has both findings back.
    for (const f of [ADR, RUNBOOK]) await h.restoreText(f, originals[f]);
    for (const [f, rule] of [
      [ADR, 'schema/enum'],
      [RUNBOOK, 'sections/missing'],
    ]) {
      const finding = h.expectedFinding(f, rule);
      await h.waitForDiagnostics(
        () => h.findDiagnostic(h.fileUri(f), finding.rule, finding.range),
        30000,
        `${finding.rule} back on ${f}`,
      );
    }
  });

  it('applies both safe fixes, returns what it did, and the findings go away', async () => {
    const adr = h.fileUri(ADR);
    const runbook = h.fileUri(RUNBOOK);
    const enumFinding = h.expectedFinding(ADR, 'schema/enum');
    await h.waitForDiagnostics(
      () => h.findDiagnostic(adr, enumFinding.rule, enumFinding.range),
      60000,
      `${enumFinding.rule} on ${ADR}`,
    );
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('opsdocs.fixAll'), 'opsdocs.fixAll is not a registered command');
    const result = await vscode.commands.executeCommand('opsdocs.fixAll');
    assert.deepStrictEqual(
      { ...result, files: result.files.map((u) => h.rel(vscode.Uri.parse(u))).sort() },
      { fixed: 2, files: [ADR, RUNBOOK], skipped: [], applied: true, deferred: 0 },
    );
    const text = (uri) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const adrDoc = await h.until(() => text(adr), { what: `${ADR} open with the fix` });
    assert.strictEqual(adrDoc.lineAt(enumFinding.range.start.line).text, 'status: accepted');
    const runbookDoc = await h.until(() => text(runbook), { what: `${RUNBOOK} open with the fix` });
    assert.ok(runbookDoc.getText().includes('\n## Rollback\n'), `${RUNBOOK} has no Rollback section`);
    await h.waitForDiagnostics(
      () => !h.findDiagnostic(adr, 'schema/enum'),
      30000,
      `schema/enum gone from ${ADR}`,
    );
    await h.waitForDiagnostics(
      () => !h.findDiagnostic(runbook, 'sections/missing'),
      30000,
      `sections/missing gone from ${RUNBOOK}`,
    );
  });
});
