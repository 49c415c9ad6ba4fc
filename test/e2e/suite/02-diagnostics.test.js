// Workspace-wide diagnostics: every finding of docs/examples/handbook.expected.txt (read here,
// not copied) is published with its rule as diagnostic.code, source "opsdocs", its severity,
// message and exact range, including for files that were never opened in the editor.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

// Files whose findings must arrive without the file being opened (the server checks the
// whole workspace, not only open documents).
const NEVER_OPENED = ['tasks/devops/TASK-004-rotate-supabase-keys.md', 'docs/adr/ADR-004-observability.md'];

const isOpen = (uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

describe('diagnostics', () => {
  const { findings } = h.readExpected();

  before(async () => {
    for (const file of NEVER_OPENED) {
      assert.ok(
        findings.some((f) => f.file === file),
        `${h.EXPECTED_FILE} lists no finding for ${file}`,
      );
      assert.ok(
        !isOpen(h.fileUri(file)),
        `${file} is already open: this test must run before anything opens it`,
      );
    }
    await h.openAndWaitForActivation('docs/runbooks/deployment.md'); // no findings of its own
  });

  it('publishes exactly the expected findings (rule, source, severity, range, message)', async () => {
    const want = findings
      .map(
        (f) =>
          `${f.file}:${h.fmtDiag({ range: f.range, severity: h.SEVERITY[f.severity], code: f.rule, message: f.message })}`,
      )
      .sort();
    const actual = () =>
      vscode.languages
        .getDiagnostics()
        .flatMap(([uri, ds]) =>
          ds.filter((d) => d.source === h.SOURCE).map((d) => `${h.rel(uri)}:${h.fmtDiag(d)}`),
        )
        .sort();
    // Diagnostics arrive file by file: wait until the set is exactly the expected one.
    await h
      .waitForDiagnostics(
        () => JSON.stringify(actual()) === JSON.stringify(want),
        60000,
        `exactly the ${want.length} findings of ${h.EXPECTED_FILE}`,
      )
      .catch((e) => {
        assert.deepStrictEqual(actual(), want, e.message); // shows the difference line by line
      });
    // Field by field through the API objects (code is the rule id, source "opsdocs").
    for (const f of findings) {
      const uri = h.fileUri(f.file);
      const d = h.findDiagnostic(uri, f.rule, f.range);
      assert.ok(
        d,
        `${f.line}\n  not published; ${f.file} has: ${h.opsdocsDiagnostics(uri).map(h.fmtDiag).join(' | ') || 'nothing'}`,
      );
      assert.strictEqual(h.codeOf(d), f.rule);
      assert.strictEqual(d.source, 'opsdocs');
      assert.ok(
        d.range.isEqual(f.range),
        `${f.file}: range ${h.fmtRange(d.range)} != ${h.fmtRange(f.range)}`,
      );
      assert.strictEqual(d.severity, h.SEVERITY[f.severity], `${f.file} ${f.rule}: severity`);
      assert.strictEqual(d.message, f.message, `${f.file} ${f.rule}: message`);
    }
  });

  it('reports files that were never opened', async () => {
    for (const file of NEVER_OPENED) {
      const uri = h.fileUri(file);
      const expected = findings.filter((f) => f.file === file);
      await h.waitForDiagnostics(
        () => expected.every((f) => h.findDiagnostic(uri, f.rule, f.range)),
        60000,
        `the findings of ${file}: ${expected.map((f) => f.rule).join(', ')}`,
      );
      assert.ok(!isOpen(uri), `${file} got opened; the point is that it never was`);
    }
  });
});
