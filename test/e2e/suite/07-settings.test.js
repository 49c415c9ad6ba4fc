// Settings reach the server: turning a rule off with opsdocs.rules (workspace settings) removes
// its diagnostic, and removing the setting brings it back. Other findings stay.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const FILE = 'docs/runbooks/cost-review.md';
const RULE = 'lifecycle/review-overdue';

describe('settings', () => {
  const f = h.expectedFinding(FILE, RULE);
  const others = h.readExpected().findings.filter((x) => x.rule !== RULE);
  const config = () => vscode.workspace.getConfiguration('opsdocs', h.folder().uri);
  let before_;

  before(async () => {
    await h.openAndWaitForActivation();
    before_ = config().inspect('rules').workspaceValue;
  });

  after(async () => {
    await config().update('rules', before_, vscode.ConfigurationTarget.Workspace);
  });

  it(`opsdocs.rules {"${RULE}": "off"} removes its diagnostic; restoring brings it back`, async () => {
    const uri = h.fileUri(FILE);
    const present = () => h.findDiagnostic(uri, f.rule, f.range);
    const othersPresent = () => others.every((o) => h.findDiagnostic(h.fileUri(o.file), o.rule, o.range));
    await h.waitForDiagnostics(
      () => present() && othersPresent(),
      60000,
      `${RULE} on ${FILE} and the other expected findings`,
    );

    await config().update('rules', { [RULE]: 'off' }, vscode.ConfigurationTarget.Workspace);
    assert.deepStrictEqual(config().get('rules'), { [RULE]: 'off' });
    await h.waitForDiagnostics(
      () => !present(),
      30000,
      `${RULE} to disappear from ${FILE} after turning it off`,
    );
    // Only that rule went: the other findings are still there.
    assert.ok(othersPresent(), `other findings disappeared too:\n    ${h.describeDiagnostics()}`);

    await config().update('rules', before_, vscode.ConfigurationTarget.Workspace);
    await h.waitForDiagnostics(
      present,
      30000,
      `${RULE} to come back on ${FILE} after restoring opsdocs.rules`,
    );
  });
});
