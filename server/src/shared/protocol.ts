/**
 * Custom requests between the OpsDocs client and server. Both sides import this file, so the
 * method names and shapes cannot drift apart.
 */

/** `opsdocs/scaffold`: the edit that creates a new document or script (not yet applied). */
export const SCAFFOLD = 'opsdocs/scaffold';
export interface ScaffoldParams {
  /** Any URI inside the workspace folder (the folder itself, or an open document). */
  uri: string;
  kind: 'adr' | 'runbook' | 'policy' | 'task' | 'script';
  /** The title (documents) or the name (scripts). */
  title: string;
  supersedes?: string;
  /** ADRs kept in several logs: the folder of the log the new ADR goes into ({@link AdrSummary.log}). */
  log?: string;
  /** The file of the ADR `supersedes` names ({@link AdrSummary.file}), where several logs have the id. */
  supersedesFile?: string;
  ext?: string;
  description?: string;
}
export interface ScaffoldResult {
  /** An LSP WorkspaceEdit: created files, edits to existing ones. */
  edit: unknown;
  /** The URI of the main new file, to open after applying. */
  open: string;
}

/** `opsdocs/digest`: the status digest of a folder as Markdown. */
export const DIGEST = 'opsdocs/digest';
export interface DigestParams {
  uri: string;
}
export interface DigestResult {
  markdown: string;
}

/** `opsdocs/adrs`: the ADRs of a folder (for "supersedes" pickers). */
export const ADRS = 'opsdocs/adrs';
export interface AdrSummary {
  id: string;
  title: string;
  status: string;
  /** Its file, relative to the workspace folder. */
  file: string;
  /** The folder of its log, where ADRs are kept in several logs numbered on their own (a monorepo). */
  log?: string;
}

/**
 * `workspace/executeCommand` commands the server runs, for clients without the VS Code extension:
 * - `opsdocs.findReferences` (the "cited by N documents" code lens), arguments `[uri, position]`:
 *   the `Location[]` of the places citing that document;
 * - `opsdocs.generateDigest`, arguments `[uri]` (any URI in the folder; none: the first folder):
 *   the {@link DigestResult};
 * - `opsdocs.fixAll`, arguments `[folder URI]` (none: every folder): every safe fix, sent back as
 *   `workspace/applyEdit` (documents with unsaved changes left out).
 * A client that implements some of them itself (the VS Code extension: a references peek, a preview)
 * lists them in `initializationOptions.clientCommands`; the server then leaves them out of its
 * `executeCommandProvider`, so the client's registration does not clash, and still runs them if asked.
 */
export const FIND_REFERENCES_COMMAND = 'opsdocs.findReferences';
export const DIGEST_COMMAND = 'opsdocs.generateDigest';
export const FIX_ALL_COMMAND = 'opsdocs.fixAll';
export const SERVER_COMMANDS = [FIND_REFERENCES_COMMAND, DIGEST_COMMAND, FIX_ALL_COMMAND];

/** What the fix-all command answers: what it asked the editor to change, and what it left alone. */
export interface FixAllResult {
  /** Fixes applied. */
  fixed: number;
  /** URIs of the files edited. */
  files: string[];
  /** URIs of documents open with unsaved changes, whose fixes were left out. */
  skipped: string[];
  /** False when the editor refused the edit (nothing was changed then). */
  applied: boolean;
  /** Safe fixes left for the next run: each touches an edit of another fix (see `fixWorkspace`). */
  deferred: number;
}

/**
 * `opsdocs/views`: what the OpsDocs view shows of a folder, as trees ready to draw. Computed by the
 * server from its index (`server/src/core/features/views.ts`); the client only draws them.
 */
export const VIEWS = 'opsdocs/views';
/** The trees of the OpsDocs view. */
export type ViewPart = 'decisions' | 'work' | 'reviews' | 'document';
export interface ViewsParams {
  /** Any URI inside the workspace folder (the folder itself, or an open document). */
  uri: string;
  /** The document of the "This document" tree (a URI inside the folder); none: that tree is empty. */
  document?: string;
  /** The trees wanted (all when omitted); those not asked for are answered as `[]`. */
  parts?: ViewPart[];
}
/** What a node is: how it is drawn and which actions it offers. */
export type ViewNodeKind = 'group' | 'adr' | 'task' | 'review' | 'doc' | 'file';
/** One node of a tree. */
export interface ViewNode {
  label: string;
  /** Shown beside the label, dimmed (a date, a status, an owner, a count). */
  description?: string;
  tooltip?: string;
  kind: ViewNodeKind;
  /** Needs attention: overdue, blocked, proposed for too long, a dependency cycle. */
  warn?: boolean;
  /** Set for a node that stands for a superseded or done item (drawn dimmed). */
  past?: boolean;
  /** The file the node opens, relative to the folder, and the 0-based line to open it at. */
  file?: string;
  line?: number;
  /** The id of the document it stands for, if it has one. */
  id?: string;
  /**
   * Actions the node offers: `supersede` (a new ADR superseding this one), `markReviewed` (its review
   * is overdue: the quick fix that sets the review date to today).
   */
  actions?: ('supersede' | 'markReviewed')[];
  children?: ViewNode[];
}
/** Counts for the status bar. */
export interface ViewCounts {
  errors: number;
  warnings: number;
  /** Tasks not done whose due date is past. */
  overdueTasks: number;
  /** Runbooks and policies whose next review date is past. */
  overdueReviews: number;
  /** Documents OpsDocs knows of (0: the welcome content is shown). */
  documents: number;
}
export interface ViewsResult {
  /** The folder's URI (`file` of each node is relative to it). */
  folder: string;
  decisions: ViewNode[];
  work: ViewNode[];
  reviews: ViewNode[];
  document: ViewNode[];
  counts: ViewCounts;
}
/**
 * `opsdocs/viewsChanged` (server → client notification): what the index knows of a folder changed
 * (after a first index, an edit, a change on disk, new settings); the client asks `opsdocs/views` again.
 */
export const VIEWS_CHANGED = 'opsdocs/viewsChanged';
export interface ViewsChangedParams {
  /** The folder's URI. */
  folder: string;
}
