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
