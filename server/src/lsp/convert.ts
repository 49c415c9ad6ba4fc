import {
  DiagnosticSeverity,
  SymbolKind,
  type CreateFile,
  type Diagnostic,
  type DocumentSymbol,
  type RenameFile,
  type TextDocumentEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, FixData, Severity } from '../core/types.js';
import type { DocSymbol } from '../core/features/symbols.js';
import type { WorkspaceEdits } from '../core/features/edits.js';
import type { Folder } from './folder.js';

/** The `source` of every OpsDocs diagnostic. */
export const SOURCE = 'opsdocs';

const TO_LSP: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const FROM_LSP: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** An engine finding as an LSP diagnostic (`source` opsdocs, `code` the rule id). */
export function toDiagnostic(f: Finding): Diagnostic {
  return {
    range: f.range,
    severity: TO_LSP[f.severity],
    source: SOURCE,
    code: f.rule,
    message: f.message,
    ...(f.data ? { data: f.data } : {}),
  };
}

/**
 * An OpsDocs diagnostic of `file` back as the engine's finding (for its quick fixes). A diagnostic
 * without a severity is an error, as editors show it.
 */
export function toFinding(file: string, d: Diagnostic): Finding {
  return {
    file,
    range: d.range,
    severity: d.severity === undefined ? 'error' : FROM_LSP[d.severity],
    rule: String(d.code),
    message: typeof d.message === 'string' ? d.message : d.message.value,
    data: d.data as FixData | undefined,
  };
}

/** An engine edit set as an LSP WorkspaceEdit: created files first, then text edits, then file renames. */
export function toWorkspaceEdit(folder: Folder, w: WorkspaceEdits): WorkspaceEdit {
  const documentChanges: (TextDocumentEdit | RenameFile | CreateFile)[] = [];
  const start = { line: 0, character: 0 };
  for (const c of w.creates ?? []) {
    const uri = folder.uriOf(c.file);
    documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
    documentChanges.push({
      textDocument: { uri, version: null },
      edits: [{ range: { start, end: start }, newText: c.text }],
    });
  }
  for (const [file, edits] of [...w.edits].sort(([a], [b]) => a.localeCompare(b)))
    documentChanges.push({ textDocument: { uri: folder.uriOf(file), version: null }, edits });
  for (const r of w.renames) {
    const [oldUri, newUri] = [folder.uriOf(r.from), folder.uriOf(r.to)];
    documentChanges.push({ kind: 'rename', oldUri, newUri, options: { overwrite: false } });
  }
  return { documentChanges };
}

/** A document's heading outline as LSP symbols: the title a file, the sections strings. */
export function toDocumentSymbol(s: DocSymbol): DocumentSymbol {
  return {
    name: s.name,
    kind: s.depth === 1 ? SymbolKind.File : SymbolKind.String,
    range: s.range,
    selectionRange: s.selectionRange,
    children: s.children.map(toDocumentSymbol),
  };
}
