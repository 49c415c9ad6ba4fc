import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Why {@link writeFileAtomic} wrote nothing: something is at the target (`exists`: a file, or a
 * folder, FIFO…; `link`: a symbolic link, dangling or not), or the system refused (`failed`, with
 * the error code).
 */
export type WriteRefusal = { kind: 'exists' } | { kind: 'link' } | { kind: 'failed'; code: string };

/**
 * Writes a file atomically: the text goes to a temp file beside it, which then becomes the file in
 * one step, so a reader never sees half a file and nothing is written where the target's folder
 * does not lead.
 *
 * Without `replace` the file is created exclusively (a hard link to the temp file, which fails
 * when anything is at the name): an existing file, folder or symbolic link (dangling or not) is
 * never replaced, even one that appears after any earlier check. With `replace` an existing
 * regular file is replaced by a rename (keeping its mode unless `mode` says otherwise); a symbolic
 * link or a folder at the target still is not, so nothing is ever written through a link.
 * Returns undefined when written, or why not.
 */
export function writeFileAtomic(
  file: string,
  text: string | Uint8Array,
  options: { replace?: boolean; mode?: number } = {},
): WriteRefusal | undefined {
  const { replace = false } = options;
  let mode = options.mode ?? 0o644;
  let keepMode = false;
  if (replace) {
    const st = lstatOrUndefined(file);
    if (st?.isSymbolicLink()) return { kind: 'link' };
    if (st && !st.isFile()) return { kind: 'exists' };
    if (st && options.mode === undefined) [mode, keepMode] = [st.mode & 0o7777, true];
  }
  // A random name, created exclusively: a file or link planted at a guessed name is never written.
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, text, { flag: 'wx', mode });
    if (keepMode) fs.chmodSync(tmp, mode); // the replaced file's mode, whatever the umask
    if (replace) fs.renameSync(tmp, file);
    else createExclusive(tmp, file);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    if (code === 'EEXIST') return { kind: lstatOrUndefined(file)?.isSymbolicLink() ? 'link' : 'exists' };
    return { kind: 'failed', code };
  } finally {
    removeTemp(tmp);
  }
}

/** Removes the temp file `tmp` if it was made (under a "folder" that is a file none was: ENOTDIR). */
export function removeTemp(tmp: string): void {
  try {
    fs.rmSync(tmp, { force: true });
  } catch {
    // nothing was made there
  }
}

/**
 * The bytes of a file OpsDocs keeps for itself (a cache, a snapshot), or undefined when there is
 * none or it is not a regular file: opened without blocking, so a FIFO at its name cannot hang the
 * run, and checked to be a file before anything is read.
 */
export function readOwnFile(file: string): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return fs.fstatSync(fd).isFile() ? fs.readFileSync(fd) : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * {@link readOwnFile} for a thread that serves requests meanwhile: read by the thread pool (a big
 * cache file in one blocking read held the language server ~0.1 s at its start).
 */
export async function readOwnFileAsync(file: string): Promise<Buffer | undefined> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    return (await handle.stat()).isFile() ? await handle.readFile() : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** A temp file's name beside `file`, hard to guess (it is created exclusively all the same). */
export const tempBeside = (file: string): string =>
  path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);

/**
 * Gives the temp file `tmp` the name `file` unless something is there (EEXIST): a hard link, or
 * where the file system has none, an exclusive copy (not atomic for readers, but never replacing).
 */
function createExclusive(tmp: string, file: string): void {
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw err;
    fs.copyFileSync(tmp, file, fs.constants.COPYFILE_EXCL);
  }
}

function lstatOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(file);
  } catch {
    return undefined;
  }
}
