// First real-editor test: opening a runbook of the example workspace activates OpsDocs, and the
// language server publishes diagnostics with source "opsdocs".
// The workbench is opened on docs/examples/handbook (run.mjs --workspace, or the launchArgs of
// test/e2e/electron.js); the test only relies on workspaceFolders[0].
'use strict';

const assert = require('assert');
const vscode = require('vscode');

const EXTENSION_ID = 'opsdocs.opsdocs';
const RUNBOOK = 'docs/runbooks/deployment.md';

/** Rejects after `ms` with a message, unless `promise` settles first. */
function withDeadline(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with the first non-empty result of `probe()`, evaluated now and after every
 * onDidChangeDiagnostics event; rejects after `ms` (the message says what was seen).
 */
function waitForDiagnostics(probe, ms, what) {
  return new Promise((resolve, reject) => {
    const finish = (fn, value) => { clearTimeout(timer); sub.dispose(); fn(value); };
    const check = () => {
      const found = probe();
      if (found) finish(resolve, found);
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const timer = setTimeout(() => {
      const seen = vscode.languages.getDiagnostics()
        .filter(([, ds]) => ds.length > 0)
        .map(([uri, ds]) => `${vscode.workspace.asRelativePath(uri)}: ${ds.map((d) => `[${d.source}] ${d.message}`).join('; ')}`);
      finish(reject, new Error(`timed out after ${ms} ms waiting for ${what}; diagnostics seen:\n  ${seen.join('\n  ') || '(none)'}`));
    }, ms);
    check();
  });
}

describe('OpsDocs activation', () => {
  let folder;

  // Every test needs the runbook open (that is what triggers onLanguage:markdown activation),
  // so open it once up front; tests stay runnable on their own (--grep).
  before(async () => {
    folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    assert.ok(folder, 'the workbench must be opened on a folder (docs/examples/handbook)');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, RUNBOOK));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'markdown');
  });

  it('activates when a runbook is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed; installed: ${
      vscode.extensions.all.filter((e) => !e.id.startsWith('vscode.')).map((e) => e.id).join(', ') || '(none)'}`);
    await withDeadline(ext.activate(), 60000, `activating ${EXTENSION_ID}`);
    assert.strictEqual(ext.isActive, true);
  });

  it('publishes diagnostics with source "opsdocs"', async () => {
    const found = await waitForDiagnostics(() => {
      const hits = vscode.languages.getDiagnostics()
        .flatMap(([uri, ds]) => ds.filter((d) => d.source === 'opsdocs').map((d) => ({ uri, d })));
      return hits.length > 0 ? hits : undefined;
    }, 60000, 'a diagnostic with source "opsdocs"');
    assert.ok(found.length >= 1);
  });
});
