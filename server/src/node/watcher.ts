import { lstatSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../shared/paths.js';
import { SKIP_DIRS } from './fsWorkspace.js';

/**
 * True when `abs` is a symbolic link to a place outside `rootReal` (or to nothing): inotify follows
 * a link it watches, so a change in the linked folder is reported under the link's name.
 */
function linksOut(abs: string, rootReal: string): boolean {
  try {
    if (!lstatSync(abs).isSymbolicLink()) return false;
  } catch {
    return false; // gone: its deletion is a change
  }
  try {
    return !isInside(path.relative(rootReal, realpathSync(abs)));
  } catch {
    return true;
  }
}

export interface FolderWatchOptions {
  /** True for a path (relative to the root, `/`-separated) whose changes do not matter. */
  ignore: (rel: string) => boolean;
  /**
   * Called once a burst of changes is over with the paths that changed (files or folders), or with
   * `undefined` when the system did not say which (anything may have changed).
   */
  onChange: (rels: string[] | undefined) => void;
  /** Called once if the watch fails (then it is closed: nothing more is reported). */
  onError: (err: Error) => void;
  /** How long no event must come before a burst is reported. */
  quietMs?: number;
  /** The longest a change waits while events keep coming. */
  maxDelayMs?: number;
}

export interface FolderWatch {
  close(): void;
}

/**
 * Watches every file under `root` for the server itself, for clients that cannot watch files
 * (no dynamic `workspace/didChangeWatchedFiles`): Node's recursive `fs.watch` (inotify on Linux
 * since Node 20, FSEvents on macOS, ReadDirectoryChangesW on Windows), which does not descend into
 * symbolic links. A link out of the root is still reported when its target changes (inotify
 * follows the link it watches): such paths are dropped, so nothing outside the root is reported.
 * Changes under `.git`, `node_modules` and the other folders the workspace never reads are
 * dropped, as are the paths `ignore` names. A burst (a checkout, a formatter over the tree) is
 * reported once, after `quietMs` without events or `maxDelayMs` after its first event.
 */
export function watchFolder(root: string, opts: FolderWatchOptions): FolderWatch {
  const quietMs = opts.quietMs ?? 50;
  const maxDelayMs = opts.maxDelayMs ?? 500;
  let changed = new Set<string>();
  let unknown = false;
  let quiet: NodeJS.Timeout | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let closed = false;

  let rootReal: string | undefined;
  const flush = () => {
    clearTimeout(quiet);
    clearTimeout(deadline);
    quiet = deadline = undefined;
    try {
      rootReal ??= realpathSync(root);
    } catch {
      rootReal = root; // the root is gone: nothing under it is a link
    }
    const inRoot = (rel: string) => !linksOut(path.join(root, rel), rootReal!);
    const rels = unknown ? undefined : [...changed].filter(inRoot);
    changed = new Set();
    unknown = false;
    if (!closed && rels?.length !== 0) opts.onChange(rels);
  };

  const onEvent = (_event: string, filename: string | Buffer | null) => {
    if (closed) return;
    if (filename === null) unknown = true;
    else {
      const rel = path.normalize(filename.toString()).split(path.sep).join('/');
      if (rel === '.' || rel.startsWith('../') || path.isAbsolute(rel)) return;
      if (rel.split('/').some((seg) => SKIP_DIRS.has(seg)) || opts.ignore(rel)) return;
      changed.add(rel);
    }
    clearTimeout(quiet);
    quiet = setTimeout(flush, quietMs);
    deadline ??= setTimeout(flush, maxDelayMs);
  };

  let watcher: FSWatcher | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(quiet);
    clearTimeout(deadline);
    watcher?.close();
  };
  const fail = (err: Error) => {
    if (closed) return;
    close();
    opts.onError(err);
  };
  try {
    watcher = watch(root, { recursive: true, persistent: false }, onEvent);
    watcher.on('error', fail);
  } catch (e) {
    // Reported after the caller has its handle, as a later failure would be.
    queueMicrotask(() => fail(e as Error));
  }
  return { close };
}

/**
 * Every listed file with a stamp: for a file whose text matters (`read`), its size and modification
 * time (what tells it changed without reading it); for another, only that it is there.
 */
export function stampFiles(
  root: string,
  files: Iterable<string>,
  read: (rel: string) => boolean,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const rel of files) {
    if (!read(rel)) {
      out.set(rel, '');
      continue;
    }
    try {
      const s = statSync(path.join(root, ...rel.split('/')));
      out.set(rel, `${s.size}:${s.mtimeMs}`);
    } catch {
      // gone since it was listed: treated as deleted
    }
  }
  return out;
}

/** The files that differ between two {@link stampFiles} maps: changed, created or deleted. */
export function changedStamps(before: Map<string, string>, now: Map<string, string>): string[] {
  const changed = [...now].filter(([rel, stamp]) => before.get(rel) !== stamp).map(([rel]) => rel);
  for (const rel of before.keys()) if (!now.has(rel)) changed.push(rel);
  return changed.sort();
}

export interface FolderPollOptions {
  /** The files to look at, relative to the root and `/`-separated (what the workspace lists). */
  list: () => Promise<string[]>;
  /** True for a file whose text matters (edits are changes); for others only creation and deletion are. */
  read: (rel: string) => boolean;
  onChange: (rels: string[]) => void;
  /** Least time between two looks (a look that takes long spaces them out: ten times its time). */
  everyMs?: number;
}

/**
 * Finds changes by looking again: each listed file's size and modification time compared with the
 * previous look. For a folder the system cannot watch (out of inotify watches, a file system
 * without change events). The first look, at once, is the baseline; the looks run in the
 * background and never keep the process alive.
 */
export function pollFolder(root: string, opts: FolderPollOptions): FolderWatch {
  const everyMs = opts.everyMs ?? 5000;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let last: Map<string, string> | undefined;
  const look = async () => {
    const started = Date.now();
    try {
      // A folder that cannot be listed now (being moved, deleted) is looked at again next time.
      const now = stampFiles(root, await opts.list(), opts.read);
      if (closed) return;
      const changed = last ? changedStamps(last, now) : [];
      last = now;
      if (changed.length) opts.onChange(changed);
    } finally {
      if (!closed) {
        timer = setTimeout(
          () => void look().catch(() => undefined),
          Math.max(everyMs, 10 * (Date.now() - started)),
        );
        timer.unref();
      }
    }
  };
  void look().catch(() => undefined);
  return {
    close() {
      closed = true;
      clearTimeout(timer);
    },
  };
}
