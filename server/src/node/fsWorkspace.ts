import * as fs from 'node:fs/promises';
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readFileSync,
  readSync as readBytesSync,
  realpathSync,
  type Stats,
} from 'node:fs';
import * as path from 'node:path';
import { isInside } from '../shared/paths.js';
import type { Logger } from '../core/types.js';
import type { ReadResult, Workspace } from '../core/workspace.js';

/** Folders never walked. */
export const SKIP_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);

/** Files larger than this are not read (reported as unreadable). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What a failed read means, for the `file/unreadable` message. */
const READ_ERRORS: Record<string, string> = {
  EACCES: 'no permission to read it',
  EPERM: 'no permission to read it',
  EIO: 'the disk reported an I/O error',
  EMFILE: 'too many files open',
  ELOOP: 'too many symbolic links, or a link swapped in while it was read',
  EMLINK: 'a link swapped in while it was read',
};

/**
 * The workspace on disk. Symbolic links are followed only to files inside the root and
 * to each real folder once, so loops and links to `/` cannot make the walk endless.
 */
export class FsWorkspace implements Workspace {
  /**
   * `syncReads`: read files with blocking calls: several times cheaper per file than the promise
   * API (four round trips to the thread pool and their promises per file). The CLI, the MCP server
   * and the language server read so; the engine's loops over many files rest every ~10 ms, so a
   * request waits for at most a slice and one file's read (a FIFO is opened non-blocking and not
   * read). Without it (tests), reads are async.
   * `keepTexts`: remember the text of each file read, for {@link textRead} (commands that write).
   */
  constructor(
    readonly root: string,
    private readonly logger: Logger,
    private readonly options: { syncReads?: boolean; keepTexts?: boolean } = {},
  ) {}

  /** The text of each file as last read, with `keepTexts`. */
  private readonly texts = new Map<string, string>();

  /**
   * The text `file` had when it was last read (without its byte order mark), or undefined when it
   * was not read, could not be or texts are not kept: what edits made from the index are positions
   * in, which a command holds a file to before it writes them (applyToDisk).
   */
  textRead(file: string): string | undefined {
    return this.texts.get(file);
  }

  private rootReal?: string;
  /**
   * Files the last listing reached through real folders only and not read since: their first read
   * (the index that follows the listing) skips resolving links. Later reads resolve again, since
   * a folder on the way may have become a link meanwhile (a checkout).
   */
  private plain = new Set<string>();
  /** The second names of the last whole listing (see {@link Workspace.aliases}). */
  private aliasMap = new Map<string, string>();

  aliases(): ReadonlyMap<string, string> {
    return this.aliasMap;
  }

  /** The folders the last whole listing could not read (see {@link Workspace.unlisted}). */
  private unlistedMap = new Map<string, string>();

  unlisted(): ReadonlyMap<string, string> {
    return this.unlistedMap;
  }

  async listFiles(under = '', skip: (folder: string) => boolean = () => false): Promise<string[]> {
    const out: string[] = [];
    const plain = new Set<string>();
    const rootReal = await fs.realpath(this.root);
    const seen = new Set<string>([rootReal]);
    // Files reached through a link whose real path the walk does not reach (under node_modules):
    // each real file's first path in sorted order, and the other paths, dropped at the end.
    const linkedFile = new Map<string, string>();
    const aliases = new Map<string, string>();
    const unlisted = new Map<string, string>();
    const dropped = new Set<string>();
    const addLinked = (rel: string, real: string) => {
      const first = linkedFile.get(real);
      if (first !== undefined && first < rel) {
        dropped.add(rel);
        return;
      }
      if (first !== undefined) dropped.add(first);
      linkedFile.set(real, rel);
    };
    // `real` is the folder's real path; `linked`: reached through a link, so not the real path.
    const walk = async (dir: string, rel: string, real: string, linked = false): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        this.logger.log(`Skipping folder ${rel || '.'}: ${code ?? String(err)}`);
        // One gone meanwhile has no files; any other holds files no one can tell of.
        if (code !== 'ENOENT' && code !== 'ENOTDIR')
          unlisted.set(
            rel || '.',
            code && READ_ERRORS[code] ? `${READ_ERRORS[code]} (${code})` : (code ?? String(err)),
          );
        return;
      }
      // Sorted, so of two links to one folder the first in sorted order is walked.
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name) && !skip(r)) await walk(abs, r, path.join(real, e.name), linked);
        } else if (e.isFile()) {
          out.push(r);
          if (!linked) plain.add(r);
          else addLinked(r, path.join(real, e.name));
        } else if (e.isSymbolicLink()) {
          let target: string;
          let st: import('node:fs').Stats;
          try {
            target = await fs.realpath(abs);
            st = await fs.stat(target);
          } catch {
            continue; // dangling link
          }
          if (target !== rootReal && !within(rootReal, target)) continue; // never leave the root
          // A file or folder the walk reaches by its real path is listed there, once (a link to
          // a folder of the workspace, a loop back to a parent or the root, a second name of a file).
          if (walked(rootReal, target)) {
            if (!linked) aliases.set(r, path.relative(rootReal, target).split(path.sep).join('/'));
            continue;
          }
          if (st.isFile()) {
            out.push(r);
            addLinked(r, target);
          } else if (st.isDirectory() && !seen.has(target) && !SKIP_DIRS.has(e.name) && !skip(r)) {
            seen.add(target);
            await walk(abs, r, target, true);
          }
        }
      }
    };
    const done = () => (dropped.size ? out.filter((f) => !dropped.has(f)) : out);
    if (under === '') {
      await walk(this.root, '', rootReal);
      this.plain = plain;
      this.aliasMap = aliases;
      this.unlistedMap = unlisted;
      return done();
    }
    // One folder (created or renamed in the editor): walked as the whole listing would walk it,
    // never a skipped folder nor through a link out of the root. Its files are not marked plain
    // (their first read resolves links), since the folders above were not walked this time.
    if (under.split('/').some((s) => SKIP_DIRS.has(s))) return out;
    if (under.split('/').some((_, i, parts) => skip(parts.slice(0, i + 1).join('/')))) return out;
    const abs = path.join(this.root, ...under.split('/'));
    let real: string;
    try {
      real = await fs.realpath(abs);
      if (!within(rootReal, real) || !(await fs.stat(real)).isDirectory()) return out;
      // A link to a folder the whole listing reaches by its real path adds no file.
      if (real !== path.join(rootReal, ...under.split('/')) && walked(rootReal, real)) return out;
      seen.add(real);
    } catch {
      return out; // gone, or not there at all (the path of a deleted file)
    }
    await walk(abs, under, real, true);
    return done();
  }

  /**
   * Only for a file the last listing reached through real folders and not through a link of its
   * own (any other is read): see {@link versionOf}.
   */
  version(file: string): string | undefined {
    if (!this.plain.has(file)) return undefined;
    try {
      const st = lstatSync(path.join(this.root, ...file.split('/')), { throwIfNoEntry: false });
      return st?.isFile() ? versionOf(st) : undefined;
    } catch {
      return undefined;
    }
  }

  /** False when texts are kept (see {@link textRead}): each file written to must have been read. */
  skipRead(file: string): boolean {
    if (this.options.keepTexts) return false;
    this.plain.delete(file);
    return true;
  }

  async read(file: string): Promise<ReadResult> {
    const abs = path.join(this.root, ...file.split('/'));
    try {
      // A file the listing just reached through real folders is opened as it is (a link swapped
      // in at its name since is refused by the open). Any other path is resolved first: through
      // a link, only files inside the root are read, as when listing.
      let target = abs;
      if (!this.plain.delete(file)) {
        target = this.options.syncReads ? realpathSync.native(abs) : await fs.realpath(abs);
        this.rootReal ??= realpathSync.native(this.root);
        if (!within(this.rootReal, target))
          return { error: 'it is a link to a file outside the repository', missing: true };
      }
      const res = this.options.syncReads ? readSync(target) : await readAsync(target);
      if ('text' in res && this.options.keepTexts) this.texts.set(file, res.text);
      else this.texts.delete(file);
      return res;
    } catch (err) {
      this.texts.delete(file);
      const code = (err as NodeJS.ErrnoException).code;
      const why = code && READ_ERRORS[code] ? `${READ_ERRORS[code]} (${code})` : (code ?? String(err));
      // EISDIR: a folder (Windows refuses to open one) is not a file of the workspace either.
      return { error: why, missing: code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' };
    }
  }
}

/** True when the real path `real` lies under the real folder `root` (which may be `/` or `C:\\`). */
const within = (root: string, real: string) => isInside(path.relative(root, real));

/**
 * True when the whole listing reaches the real path `real` (inside `root`, or `root` itself) by
 * real folders alone: no folder on the way is one it skips (`node_modules`, `.git`…).
 */
const walked = (root: string, real: string) =>
  real === root ||
  (within(root, real) &&
    !path
      .relative(root, real)
      .split(path.sep)
      .some((s) => SKIP_DIRS.has(s)));

// One open per file, non-blocking so a FIFO named `x.md` cannot hang it; the size and kind are
// checked on the open file before anything is read. The path opened is already resolved, so its
// last part must not be a link (one swapped in after resolving is refused where the system can).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0);

/** Why an open file is not read (not a regular file, or too large), or undefined to read it. */
function refusal(st: Stats): ReadResult | undefined {
  if (!st.isFile()) return { error: 'not a file', missing: true };
  if (st.size > MAX_FILE_BYTES)
    return {
      error: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(st.size / 1024 / 1024).toFixed(1)} MB)`,
    };
  return undefined;
}

/**
 * A file written this long before it was read may be written again within the same tick of the
 * file system's clock (2 s on FAT, 1 s on ext3) without its times changing: no version is given.
 */
const RACY_MS = 3000;

/**
 * The version of a file as its stats tell: its device, inode, size, modification and change times.
 * A write changes the change time, which no program can set back (a write through a shared memory
 * map into pages dirtied before may not: git's index has the same gap); a file written within
 * {@link RACY_MS} of now has none (as git treats "racily clean" entries).
 */
function versionOf(st: Stats): string | undefined {
  const racy = Date.now() - RACY_MS;
  if (st.mtimeMs > racy || st.ctimeMs > racy) return undefined;
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

function decode(buf: Buffer, st: Stats): ReadResult {
  if (buf.subarray(0, 8000).includes(0)) return { error: 'binary content (NUL bytes)' };
  // Without a byte order mark, as an editor shows the text: positions on line 1 agree with it.
  const text = buf.toString('utf8');
  const version = versionOf(st);
  const read = { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  return version === undefined ? read : { ...read, version };
}

async function readAsync(abs: string): Promise<ReadResult> {
  const handle = await fs.open(abs, OPEN_FLAGS);
  try {
    const st = await handle.stat();
    return refusal(st) ?? decode(await handle.readFile(), st);
  } finally {
    await handle.close();
  }
}

function readSync(abs: string): ReadResult {
  const fd = openSync(abs, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    return refusal(st) ?? decode(readWhole(fd, st.size), st);
  } finally {
    closeSync(fd);
  }
}

/**
 * The bytes of the open file `fd` of `size` bytes (as `fstat` gave it): one read of a byte more
 * than that, which comes back short unless the file grew since (then read whole).
 * `readFileSync(fd)` asks `fstat` again (10k documents: ~30 ms of a start).
 */
function readWhole(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size + 1);
  const n = readBytesSync(fd, buf, 0, size + 1, 0);
  return n <= size ? buf.subarray(0, n) : readFileSync(fd);
}
