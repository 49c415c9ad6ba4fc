// Activation and contributions: opening a Markdown file of the example workspace activates
// OpsDocs and starts its language server; every contributed command is registered; the
// workspace is the seeded copy (opsdocs.today), so dates in the other tests are reproducible.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('activation', () => {
  it('activates when a markdown file is opened (onLanguage:markdown)', async () => {
    const ext = h.extension();
    const events = ext.packageJSON.activationEvents || [];
    assert.ok(
      events.includes('onLanguage:markdown'),
      `activationEvents lack onLanguage:markdown: ${JSON.stringify(events)}`,
    );
    // Never ext.activate(): the extension must come up through its own activation events.
    const { doc } = await h.openAndWaitForActivation('docs/runbooks/deployment.md');
    assert.strictEqual(ext.isActive, true);
    assert.strictEqual(vscode.window.activeTextEditor && vscode.window.activeTextEditor.document, doc);
  });

  it('registers every contributed command', async () => {
    const ext = h.extension();
    await h.openAndWaitForActivation();
    const contributed = ((ext.packageJSON.contributes || {}).commands || []).map((c) => c.command);
    // The commands the other tests run must be contributed (a renamed id fails here and there).
    for (const id of ['opsdocs.generateDigest', 'opsdocs.newAdr']) {
      assert.ok(contributed.includes(id), `${id} is not in contributes.commands: ${contributed.join(', ')}`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(
      missing,
      [],
      `contributed but not registered after activation: ${missing.join(', ')}`,
    );
  });

  it('contributes the opsdocs.* settings and the workspace seeds opsdocs.today', async () => {
    const ext = h.extension();
    const props = Object.keys(((ext.packageJSON.contributes || {}).configuration || {}).properties || {});
    for (const key of ['opsdocs.enable', 'opsdocs.today', 'opsdocs.rules', 'opsdocs.digest.path']) {
      assert.ok(props.includes(key), `setting ${key} is not contributed: ${props.join(', ')}`);
    }
    const { today } = h.readExpected();
    assert.ok(today, `${h.EXPECTED_FILE} has no "# today:" line`);
    const config = vscode.workspace.getConfiguration('opsdocs', h.folder().uri);
    assert.strictEqual(
      config.get('today'),
      today,
      'the workspace .vscode/settings.json must set "opsdocs.today" (run.mjs --today / electron.js seed it)',
    );
  });
});
