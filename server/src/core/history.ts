/** The last commit that changed a file: its date (`YYYY-MM-DD`), short hash and subject line. */
export interface Change {
  date: string;
  sha: string;
  subject: string;
}

/**
 * What the repository's history says, as plain data read once per run (server/src/node/git.ts
 * reads it with the git CLI): the last change of each file, and, for a pull request, the files it
 * changes. `none` says why there is no history (not a repository, a shallow clone, no git, an
 * untrusted workspace); the checks that need it are then off.
 */
export type History = GitHistory | { kind: 'none'; reason: string };

/** See {@link History}. */
export interface GitHistory {
  kind: 'git';
  /** Workspace-relative path → its last change, newest commit first in insertion order. */
  files: ReadonlyMap<string, Change>;
  /** The files a change under review touches (`check --changed-since REF`), workspace-relative. */
  changed?: ReadonlySet<string>;
  /**
   * Files added on the other local and remote-tracking branches that HEAD does not have
   * (workspace-relative): their numbers are taken for `new adr` / `new task`.
   */
  elsewhere?: readonly string[];
  /** The default branch (`origin/main`) and the files added there that HEAD does not have. */
  defaultBranch?: { name: string; added: ReadonlyMap<string, Change> };
}

/** No history was asked for (the engine was given no history source). */
export const NO_HISTORY: History = { kind: 'none', reason: 'no history was read' };

/** The history of an untrusted workspace: no git command runs there (its config can run programs). */
export const UNTRUSTED_HISTORY: History = {
  kind: 'none',
  reason: 'the workspace is not trusted (Restricted Mode): no git command runs',
};

/** One line saying what history the checks against code have, or that they are off and why. */
export function describeHistory(h: History): string {
  return h.kind === 'git'
    ? `Git history read: the last change of ${h.files.size} file(s).`
    : `No git information (${h.reason}): lifecycle/stale-against-code and lifecycle/cites-changed are off.`;
}

/**
 * Lookups over a {@link GitHistory}: the last change of a file, of anything under a folder or of
 * anything a glob matches, and whether a change under review touches them.
 */
export class HistoryIndex {
  /** Paths sorted, so the files under a folder are one run of them. */
  private readonly sorted: string[];
  /** Path → its position in the log (0 is the newest commit's first file). */
  private readonly order = new Map<string, number>();

  constructor(readonly history: GitHistory) {
    let i = 0;
    for (const f of history.files.keys()) this.order.set(f, i++);
    this.sorted = [...history.files.keys()].sort();
  }

  /**
   * The last change of a file, or of the newest-changed file under a folder that `accept` takes
   * (with that file).
   */
  lastChange(
    path: string,
    isFolder: boolean,
    accept: (file: string) => boolean = () => true,
  ): { file: string; change: Change } | undefined {
    if (!isFolder) {
      const change = this.history.files.get(path);
      return change && { file: path, change };
    }
    return this.lastOf(this.under(path).filter(accept));
  }

  /** The last change of the newest-changed file among those `matches` accepts. */
  lastMatching(matches: (file: string) => boolean): { file: string; change: Change } | undefined {
    return this.lastOf(this.sorted.filter(matches));
  }

  /** True when a change is under review (`check --changed-since`). */
  get reviewing(): boolean {
    return this.history.changed !== undefined;
  }

  /** True when the change under review touches `file`. */
  isChanged(file: string): boolean {
    return this.history.changed?.has(file) ?? false;
  }

  /** The files under review that are `path` or under it (a folder) and `accept` takes, sorted. */
  touched(path: string, isFolder: boolean, accept: (file: string) => boolean = () => true): string[] {
    const changed = this.history.changed;
    if (!changed) return [];
    if (!isFolder) return changed.has(path) ? [path] : [];
    const prefix = path === '' ? '' : `${path}/`;
    return [...changed].filter((f) => f.startsWith(prefix) && accept(f)).sort();
  }

  /** The files under review that `matches` accepts, sorted. */
  touchedMatching(matches: (file: string) => boolean): string[] {
    return [...(this.history.changed ?? [])].filter(matches).sort();
  }

  /** The files of the history under a folder ('' is the root). */
  private under(dir: string): string[] {
    if (dir === '') return this.sorted;
    const prefix = `${dir}/`;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++)
      out.push(this.sorted[i]);
    return out;
  }

  /** The newest-changed of `files` (all in the history), with its change. */
  private lastOf(files: string[]): { file: string; change: Change } | undefined {
    let best: string | undefined;
    for (const f of files) if (best === undefined || this.order.get(f)! < this.order.get(best)!) best = f;
    return best === undefined ? undefined : { file: best, change: this.history.files.get(best)! };
  }
}
