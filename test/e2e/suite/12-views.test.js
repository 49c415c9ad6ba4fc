// The OpsDocs view: its four trees as VS Code draws them equal docs/examples/handbook.views.txt
// (the same file the core and the server are tested against), with ADR-003 as "This document";
// the status bar item counts what the view does and opens it; "Mark as Reviewed Today" on the
// overdue runbook moves it out of "Overdue" live; the status digest panel draws its graphs. Screenshots
// go to OPSDOCS_E2E_SHOTS (run.mjs --shots DIR) when it is set.
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vscode = require('vscode');
const h = require('./helpers');

const EXPECTED = fs.readFileSync(
  path.resolve(__dirname, '../../../docs/examples/handbook.views.txt'),
  'utf8',
);
const ADR = 'docs/adr/ADR-003-queues-and-jobs.md';
const COST = 'docs/runbooks/cost-review.md';

/** The view's text snapshot once it equals `want` (or the last one, on time-out, for the diff). */
async function snapshotUntil(api, want, what) {
  let last = '';
  try {
    await h.until(
      async () => {
        last = await api.snapshot();
        return last === want;
      },
      { ms: 30000, every: 300, what },
    );
  } catch {
    // fall through: the assertion below shows the difference
  }
  return last;
}

describe('OpsDocs views', () => {
  let api;
  before(async () => {
    const { ext } = await h.openAndWaitForActivation(ADR);
    api = ext.exports.views;
    assert.ok(api, 'activate() answers { views }');
    await vscode.commands.executeCommand('opsdocs.showView');
  });

  after(() => h.revertIfDirty(COST));

  it('draws the trees of handbook.views.txt (This document: ADR-003)', async () => {
    await vscode.window.showTextDocument(h.fileUri(ADR));
    const shown = await snapshotUntil(api, EXPECTED, 'the OpsDocs view to show handbook.views.txt');
    assert.strictEqual(shown, EXPECTED);
    // Each tree drawn (a view renders its rows when it is focused), the editor focused again.
    for (const id of ['decisions', 'work', 'reviews', 'document'])
      await vscode.commands.executeCommand(`opsdocs.${id}.focus`);
    await vscode.window.showTextDocument(h.fileUri(ADR));
    await h.screenshot('views.png');
  });

  it('the status bar item counts errors, warnings and overdue items, and opens the view', async () => {
    const counts = JSON.parse(/^## Counts\n(.*)$/m.exec(EXPECTED)[1]);
    const findings = h.readExpected().findings;
    const count = (sev) => findings.filter((f) => f.severity === sev).length;
    assert.deepStrictEqual([counts.errors, counts.warnings], [count('error'), count('warning')]);
    const overdue = counts.overdueTasks + counts.overdueReviews;
    const want = `OpsDocs $(error) ${count('error')} $(warning) ${count('warning')} $(calendar) ${overdue} overdue`;
    await h.until(() => api.status.text === want, {
      ms: 30000,
      what: `the status bar item to read ${want}`,
      describe: () => api.status.text,
    });
    assert.strictEqual(api.status.command, 'opsdocs.showView');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand(api.status.command);
    await h.screenshot('status.png');
  });

  it('the status digest panel draws every graph of the digest as SVG; a node opens its document', async () => {
    const panel = api.digest;
    const drawn = new Promise((resolve) => {
      const once = panel.onDidRender((r) => {
        once.dispose();
        resolve(r);
      });
    });
    await vscode.commands.executeCommand('opsdocs.showDigest');
    const rendered = await h.withDeadline(drawn, 60000, 'the digest panel to draw its graphs');
    const graphs = panel.markdown.split('```mermaid').length - 1;
    assert.ok(graphs >= 2, `the digest has ${graphs} Mermaid graphs`);
    assert.deepStrictEqual(rendered, { svgs: graphs, errors: [] });
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await panel.revealGraph(0);
    await h.screenshot('digest-panel.png');
    // What a click on the node "ADR-002" posts: its document opens at its title.
    await panel.receive({ type: 'openId', id: 'ADR-002' });
    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(h.rel(editor.document.uri), 'docs/adr/ADR-002-background-jobs-on-supabase.md');
    assert.strictEqual(editor.selection.active.line, 10);
  });
  it('"Mark as Reviewed Today" on the overdue runbook takes it out of Overdue, and out of the digest', async () => {
    await vscode.window.showTextDocument(h.fileUri(ADR));
    const fix = h.expectedFinding(COST, 'lifecycle/review-overdue');
    await h.waitForDiagnostics(
      () => h.findDiagnostic(h.fileUri(COST), fix.rule, fix.range),
      30000,
      `${fix.rule} on ${COST}`,
    );
    // The tree item as the Reviews tree holds it: the command gets the node VS Code passes.
    const item = {
      node: { label: 'Monthly cost review', kind: 'review', file: COST },
      folder: h.folder().uri,
    };
    await vscode.commands.executeCommand('opsdocs.views.markReviewed', item);
    const doc = vscode.workspace.textDocuments.find((d) => h.rel(d.uri) === COST);
    assert.ok(doc && doc.isDirty, 'the fix edits the buffer of the runbook');
    assert.match(doc.getText(), new RegExp(`last_reviewed: ${h.readExpected().today}`));
    await h.until(async () => !(await api.snapshot()).includes('## Reviews\nOverdue'), {
      ms: 30000,
      every: 300,
      what: 'the Reviews tree to have no Overdue group',
    });
    assert.match(await api.snapshot(), /"overdueReviews":0/);
    await h.until(() => / \$\(calendar\) 1 overdue$/.test(api.status.text), {
      ms: 30000,
      what: 'the status bar to count one overdue item less',
      describe: () => api.status.text,
    });
    // The digest panel follows the index too.
    await h.until(() => / 0 reviews overdue, /.test(api.digest.markdown), {
      ms: 30000,
      what: 'the digest panel to count no review overdue',
      describe: () => /\*\*Summary:\*\*.*/.exec(api.digest.markdown)?.[0],
    });
  });
});
