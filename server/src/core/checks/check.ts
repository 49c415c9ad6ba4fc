import type { FixData, Range, Severity } from '../types.js';
import type { Config } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';
import type { CompiledSchema } from '../schemas/registry.js';
import type { IndexView } from '../index/view.js';
import type { HistoryIndex } from '../history.js';

/** A rule: a stable id, its default severity and one line saying what it finds. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  summary: string;
}

/** What a check sees of one document. */
export interface CheckContext {
  doc: DocInfo;
  /** The schema of the document's kind (or legacy profile), if it has one. */
  schema?: CompiledSchema;
  config: Config;
  /** `YYYY-MM-DD`. */
  today: string;
  /** The rest of the workspace (lookups are recorded as dependencies of this document). */
  view: IndexView;
  /**
   * Plain Markdown links are left to another validator (the editor's): missing files and anchors
   * of `isPlainLink` references (model/paths.ts) are not reported. They are still resolved, so
   * the lookups are recorded and renames and moves follow them.
   */
  deferPlainLinks: boolean;
  /** The repository's history, when it was read (see {@link HistoryIndex}); else undefined. */
  history?: HistoryIndex;
  report: (rule: string, range: Range, message: string, data?: FixData) => void;
}

/** One check: the rules it can report and the function that finds them in one document. */
export interface Check {
  name: string;
  rules: RuleInfo[];
  run: (ctx: CheckContext) => void;
}
