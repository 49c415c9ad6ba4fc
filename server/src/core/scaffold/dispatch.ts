import { CONFIG_FILE, defaultConfig } from '../config.js';
import { globMatcher } from '../util/globs.js';
import type { IndexView } from '../index/view.js';
import type { Workspace } from '../workspace.js';
import { ScaffoldError } from './names.js';
import { newAdr, newDoc, newScript, type Scaffold } from './scaffold.js';

/** The kinds a scaffold makes: four document kinds and scripts. */
export const SCAFFOLD_KINDS = ['adr', 'runbook', 'policy', 'task', 'script'] as const;

/** One of {@link SCAFFOLD_KINDS}. */
export type ScaffoldKind = (typeof SCAFFOLD_KINDS)[number];

/** What to make; the editor's "New …" commands and `opsdocs new` ask the same. */
export interface ScaffoldRequest {
  kind: ScaffoldKind;
  /** The title (documents) or the name (scripts). */
  title: string;
  /** ADRs: the id of the ADR the new one supersedes (empty: none). */
  supersedes?: string;
  /**
   * ADRs, where they are kept in several logs (see `adrLogs`): the folder of the log the new
   * ADR goes into (needed unless it goes into the superseded ADR's).
   */
  log?: string;
  /** ADRs: the file of the ADR `supersedes` names (the editor's tree's), where several logs have the id. */
  supersedesFile?: string;
  /**
   * Scripts: the file type (see `SCRIPT_EXTENSIONS`); when unset, the extension the name is written
   * with (`backup.py`), else `sh`.
   */
  ext?: string;
  /** Scripts: what the script does, for its header and its AGENTS.md row. */
  description?: string;
  /**
   * ADRs and tasks: the files other local and remote-tracking branches add (from git history);
   * the numbers their names take are not used.
   */
  elsewhere?: readonly string[];
}

/** The edits of a scaffold, or why it was refused (a message for the user). */
export type ScaffoldOutcome = { made: Scaffold } | { refused: string };

/**
 * Makes a new document or script in the indexed workspace `view`, dated `today`. A script's npm
 * entry goes into the root `package.json` as `workspace` reads it (in the editor, its open buffer).
 * A title, name or supersession the scaffold refuses ({@link ScaffoldError}) comes back as
 * `refused`; any other
 * error is thrown.
 */
export async function scaffold(
  view: IndexView,
  today: string,
  workspace: Workspace,
  request: ScaffoldRequest,
): Promise<ScaffoldOutcome> {
  try {
    return { made: await make(view, today, workspace, request) };
  } catch (e) {
    if (e instanceof ScaffoldError) return { refused: e.message };
    throw e;
  }
}

/** Calls the scaffold of the request's kind with its parameters. */
async function make(
  view: IndexView,
  today: string,
  workspace: Workspace,
  r: ScaffoldRequest,
): Promise<Scaffold> {
  if (r.kind === 'adr')
    return newAdr(view, r.title, today, r.supersedes || undefined, {
      elsewhere: r.elsewhere,
      log: r.log,
      supersedesFile: r.supersedesFile,
    });
  if (r.kind !== 'script') return newDoc(view, r.kind, r.title, today, r.elsewhere);
  const pkg = await workspace.read('package.json');
  const packageText = 'text' in pkg ? pkg.text : undefined;
  return newScript(view, r.title, r.ext, r.description ?? '', packageText);
}

/**
 * Whether the indexed folder is a repository root of docs, one `new` may write into unasked: it has
 * `.opsdocs.json`, documents of a kind with a layout (ADRs, runbooks, policies, tasks) where the
 * built-in kinds look for them, or an AGENTS.md at its top or one folder down. A deeper AGENTS.md
 * does not count: copies of examples and test fixtures have them too; nor do documents found
 * where only learning looks (a `runbooks/` folder one level down is what a subfolder of a
 * repository of docs has).
 */
export function isDocsRoot(view: IndexView): boolean {
  if (view.hasFile(CONFIG_FILE)) return true;
  const where = new Map(
    defaultConfig().kinds.map((k) => {
      const include = globMatcher(k.include);
      const exclude = globMatcher(k.exclude);
      return [k.name, (file: string) => include(file) && !exclude(file)] as const;
    }),
  );
  return view
    .documents()
    .some(
      (d) =>
        d.kind &&
        where.get(d.kind.name)?.(d.file) &&
        (d.kind.name !== 'agents' || d.file.split('/').length <= 2),
    );
}
