// "Generate Status Digest" (opsdocs.generateDigest) opens the digest as a Markdown document, in the
// active editor group (opsdocs.digest.openBeside is off by default).
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('status digest', () => {
  before(async () => {
    await h.openAndWaitForActivation();
  });

  it('opsdocs.generateDigest opens a document starting with "# Status digest", in the active group', async () => {
    const column = vscode.window.activeTextEditor && vscode.window.activeTextEditor.viewColumn;
    assert.ok(column, 'a document is open before the digest');
    const doc = await h.withDeadline(
      vscode.commands.executeCommand('opsdocs.generateDigest'),
      60000,
      'opsdocs.generateDigest',
    );
    assert.ok(
      doc && typeof doc.getText === 'function',
      `opsdocs.generateDigest returned ${doc}, not a TextDocument`,
    );
    const text = doc.getText();
    assert.ok(text.startsWith('# Status digest'), `digest starts with ${JSON.stringify(text.slice(0, 80))}`);
    assert.strictEqual(doc.languageId, 'markdown');
    const shown = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    assert.ok(shown, 'the digest is not shown in an editor');
    assert.strictEqual(shown.viewColumn, column, 'the digest opens in the group that was active');
    // It is about this workspace: the ADRs appear in it.
    for (const id of ['ADR-001', 'ADR-005'])
      assert.ok(text.includes(id), `the digest does not mention ${id}`);
  });
});
