// Quick fix: the code action offered on ADR-004's `status: acepted` diagnostic ("Change to
// "accepted"") edits the file, and the diagnostic goes away. The edit is reverted afterwards.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const FILE = 'docs/adr/ADR-004-observability.md';
const TITLE = 'Change to "accepted"';

describe('quick fix', () => {
  const f = h.expectedFinding(FILE, 'schema/enum');
  let uri;
  before(async () => {
    await h.openAndWaitForActivation();
    uri = h.fileUri(FILE);
  });

  after(async () => {
    // Leave the workspace as seeded: revert the (unsaved) fix, and see the finding come back.
    const doc = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await h.until(() => !doc.isDirty, { ms: 10000, what: `${FILE} to be reverted` });
      await h.waitForDiagnostics(
        () => h.findDiagnostic(uri, f.rule, f.range),
        30000,
        `${f.rule} back on ${FILE} after the revert`,
      );
    }
  });

  it(`"${TITLE}" fixes \`status: acepted\` and its diagnostic disappears`, async () => {
    const diag = await h.waitForDiagnostics(
      () => h.findDiagnostic(uri, f.rule, f.range),
      60000,
      `${f.rule} on ${FILE}`,
    );
    // Code actions are asked of an open model (the workbench rejects a closed file's Uri).
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const actions = await h.until(
      async () => {
        const all =
          (await vscode.commands.executeCommand(
            'vscode.executeCodeActionProvider',
            uri,
            diag.range,
            vscode.CodeActionKind.QuickFix.value,
            10,
          )) || [];
        return all.some((a) => a.title === TITLE) ? all : undefined;
      },
      { ms: 30000, what: `a code action "${TITLE}" on ${FILE} ${h.fmtRange(diag.range)}` },
    );
    const fix = actions.find((a) => a.title === TITLE);
    assert.ok(
      fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind),
      `"${TITLE}" is not a quick fix (kind ${fix.kind && fix.kind.value})`,
    );
    assert.ok(fix.edit instanceof vscode.WorkspaceEdit, `"${TITLE}" has no edit`);
    // (executeCodeActionProvider does not hand back action.diagnostics, so the link between the
    // action and the diagnostic is shown by the diagnostic going away below.)

    assert.strictEqual(await vscode.workspace.applyEdit(fix.edit), true, 'applyEdit refused the fix');
    assert.strictEqual(doc.lineAt(f.range.start.line).text, 'status: accepted');
    await h.waitForDiagnostics(
      () => !h.findDiagnostic(uri, f.rule),
      30000,
      `${f.rule} to disappear from ${FILE}`,
    );
    assert.deepStrictEqual(
      h.opsdocsDiagnostics(uri).map(h.fmtDiag),
      [],
      `${FILE} should have no findings left`,
    );
  });
});
