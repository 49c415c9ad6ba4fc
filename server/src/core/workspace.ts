/**
 * The text of a file, or why it could not be read. `missing`: the file is not part of the
 * workspace (gone, not a file, or a link out of it), so the index forgets it. `version`: the
 * version of the file the text was read from, when the workspace can tell (see
 * {@link Workspace.version}).
 */
export type ReadResult = { text: string; version?: string } | { error: string; missing?: boolean };

/** True when a read failed because nothing is at that path. */
export const notFound = (r: ReadResult): boolean =>
  'error' in r && (r.error === 'ENOENT' || r.error === 'ENOTDIR');

/**
 * The files the engine sees. Paths are repository-relative with `/` separators.
 * Implementations: the file system (CLI, server) and {@link OverlayWorkspace} (unsaved buffers).
 */
export interface Workspace {
  /**
   * Every file under the root, except folders that are never read (e.g. `.git`, `node_modules`)
   * and those `skip` answers true for (not walked: a configuration excludes them whole); with
   * `under`, only the files in that folder (none when it is not a folder).
   */
  listFiles(under?: string, skip?: (folder: string) => boolean): Promise<string[]>;
  /** Reads a file as UTF-8. Never throws. */
  read(file: string): Promise<ReadResult>;
  /**
   * The file's version now, without reading it: equal to the `version` of an earlier read only
   * when the file has not been written since (its size, times and identity on disk). Undefined
   * when it cannot tell (then the file is read). Never throws.
   */
  version?(file: string): string | undefined;
  /**
   * The index takes `file`'s text at its version from elsewhere (a parse cache) instead of reading
   * it: false when it must read it after all (an editor's buffer holds the file now). The
   * workspace then treats the file as read (a later read checks its path again, as for any file
   * read before).
   */
  skipRead?(file: string): boolean;
  /**
   * Second names of files and folders inside the root (symbolic links the listing leaves out,
   * since it lists what they name by its real path): each name → the real path, as the last
   * whole listing found them.
   */
  aliases?(): ReadonlyMap<string, string>;
  /**
   * Folders the last whole listing could not read (their files are unknown), each with why:
   * `docs/locked` → `no permission to read it (EACCES)`.
   */
  unlisted?(): ReadonlyMap<string, string>;
}

/** A workspace whose open editor buffers take the place of the files on disk. */
export class OverlayWorkspace implements Workspace {
  private readonly buffers = new Map<string, string>();

  constructor(private readonly base: Workspace) {}

  /** Uses `text` for `file` until {@link clear} is called. */
  set(file: string, text: string): void {
    this.buffers.set(file, text);
  }

  clear(file: string): void {
    this.buffers.delete(file);
  }

  has(file: string): boolean {
    return this.buffers.has(file);
  }

  aliases(): ReadonlyMap<string, string> {
    return this.base.aliases?.() ?? new Map();
  }

  unlisted(): ReadonlyMap<string, string> {
    return this.base.unlisted?.() ?? new Map();
  }

  async listFiles(under?: string, skip?: (folder: string) => boolean): Promise<string[]> {
    const files = await this.base.listFiles(under, skip);
    const seen = new Set(files);
    for (const f of this.buffers.keys())
      if (!seen.has(f) && (!under || f.startsWith(`${under}/`))) files.push(f);
    return files;
  }

  version(file: string): string | undefined {
    return this.buffers.has(file) ? undefined : this.base.version?.(file);
  }

  skipRead(file: string): boolean {
    return !this.buffers.has(file) && this.base.skipRead?.(file) !== false;
  }

  read(file: string): Promise<ReadResult> {
    const text = this.buffers.get(file);
    return text !== undefined ? Promise.resolve({ text }) : this.base.read(file);
  }
}
