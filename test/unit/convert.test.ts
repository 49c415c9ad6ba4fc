import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { toDiagnostic, toFinding } from '../../server/src/lsp/convert.js';
import type { Finding, Severity } from '../../server/src/core/types.js';

describe('lsp/convert: findings and diagnostics, both ways', () => {
  const finding = (severity: Severity): Finding => ({
    file: 'docs/runbooks/deploy.md',
    range: { start: { line: 3, character: 0 }, end: { line: 3, character: 4 } },
    severity,
    rule: 'sections/missing',
    message: 'Missing required section "Rollback".',
    data: { section: 'Rollback' },
  });

  it('a finding comes back from its diagnostic with its severity', () => {
    for (const severity of ['error', 'warning', 'info', 'hint'] as const) {
      const f = finding(severity);
      assert.deepEqual(toFinding(f.file, toDiagnostic(f)), f);
    }
  });

  it('severities map to the LSP numbers, and a diagnostic without one is an error', () => {
    assert.equal(toDiagnostic(finding('info')).severity, DiagnosticSeverity.Information);
    const bare = { ...toDiagnostic(finding('hint')), severity: undefined };
    assert.equal(toFinding('x.md', bare).severity, 'error');
  });
});
