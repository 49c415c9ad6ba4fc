// "New ADR" (opsdocs.newAdr with arguments, so no prompts): creates the next-numbered ADR with
// its front matter and opens it; one undo removes the file again.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

describe('new ADR', () => {
  before(async () => {
    await h.openAndWaitForActivation();
  });

  it('creates the next-numbered ADR file with its front matter, and one undo removes it', async () => {
    const existing = (await vscode.workspace.findFiles('docs/adr/*.md')).map(h.rel);
    const nums = existing
      .map((p) => Number((/\/ADR-(\d+)-[^/]*\.md$/.exec(p) || [])[1]))
      .filter((n) => n > 0);
    assert.ok(nums.length > 0, `no numbered ADRs in docs/adr: ${existing.join(', ')}`);
    const id = `ADR-${String(Math.max(...nums) + 1).padStart(3, '0')}`;
    const expectedPath = `docs/adr/${id}-use-eventbridge.md`;
    assert.strictEqual(
      expectedPath,
      'docs/adr/ADR-006-use-eventbridge.md',
      'the example workspace has ADR-001..005',
    );
    const expectedUri = h.fileUri(expectedPath);
    assert.strictEqual(await h.exists(expectedUri), false, `${expectedPath} exists before the command`);

    const uri = await h.withDeadline(
      vscode.commands.executeCommand('opsdocs.newAdr', { title: 'Use EventBridge', supersedes: '' }),
      60000,
      'opsdocs.newAdr',
    );
    assert.ok(uri instanceof vscode.Uri, `opsdocs.newAdr returned ${uri}, not the new file's Uri`);
    assert.strictEqual(uri.toString(), expectedUri.toString());
    assert.strictEqual(await h.exists(uri), true, `${expectedPath} was not created on disk`);

    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(doc, `${expectedPath} is not open`);
    const editor = vscode.window.activeTextEditor;
    assert.ok(
      editor && editor.document === doc,
      `the new ADR is not the active editor (active: ${editor && h.rel(editor.document.uri)})`,
    );
    const text = doc.getText();
    const { today } = h.readExpected();
    assert.deepStrictEqual(
      h.frontMatter(text),
      { id, title: 'Use EventBridge', status: 'proposed', date: today },
      `front matter of ${expectedPath}:\n${text}`,
    );
    // The title is the front matter's; no H1 repeats it (markdownlint's MD025 would report it).
    assert.match(text, /^---\n[\s\S]*?\n---\n\n## Context\n/, `sections of ${expectedPath}:\n${text}`);

    // One undo, with the new ADR's editor focused: the file goes away (text and creation are
    // one workspace edit, so one undo).
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await h.withDeadline(
      vscode.commands.executeCommand('undo'),
      30000,
      'undo (a confirmation dialog would block here)',
    );
    await h.until(async () => !(await h.exists(uri)), {
      ms: 30000,
      what: `${expectedPath} to be deleted by one undo`,
      describe: () =>
        `document text ${JSON.stringify(doc.getText().slice(0, 80))}, dirty ${doc.isDirty}, closed ${doc.isClosed}`,
    });
    const left = (await vscode.workspace.findFiles('docs/adr/*.md')).map(h.rel).sort();
    assert.deepStrictEqual(left, existing.slice().sort(), 'docs/adr after the undo');
  });
});
