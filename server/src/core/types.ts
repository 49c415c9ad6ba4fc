/** Severity of a finding, as configured per rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A rule level in configuration: a severity, or `off`. */
export type RuleLevel = Severity | 'off';

/** Zero-based line and UTF-16 character offset, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range in a document. */
export interface Range {
  start: Position;
  end: Position;
}

/** One problem found in one file. `file` is repository-relative with `/` separators. */
export interface Finding {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable rule id, e.g. `schema/enum`. */
  rule: string;
  message: string;
  /** What a quick fix needs (a suggested value, a missing section, …); see checks. */
  data?: FixData;
}

/** Facts a check records for the quick fix of its finding. */
export interface FixData {
  /** A replacement for the finding's range (enum value, id, path, anchor, successor). */
  replacement?: string;
  /** A missing required section or field. */
  section?: string;
  field?: string;
  /** A file of a folder missing from its AGENTS.md. */
  file?: string;
}

/** Something the engine reports about its own work (not a finding). */
export interface Logger {
  log(message: string): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = { log() {} };
