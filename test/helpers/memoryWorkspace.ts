import * as path from 'node:path';
import type { ReadResult, Workspace } from '../../server/src/core/workspace.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { REPO } from './expected.js';

/**
 * A workspace held in memory: repository-relative paths (`/` separators) to their text. The engine
 * reads it as it reads the disk, for the tests where the disk is not what is tested. A missing file
 * reads as the disk reports one (`ENOENT`, missing).
 */
export class MemoryWorkspace implements Workspace {
  /** The files. A `Map` given to the constructor is this one: changing either changes the workspace. */
  readonly files: Map<string, string>;

  constructor(
    files: Map<string, string> | Iterable<readonly [string, string]> | Record<string, string> = [],
  ) {
    this.files =
      files instanceof Map ? files : new Map(Symbol.iterator in files ? files : Object.entries(files));
  }

  listFiles(under?: string): Promise<string[]> {
    const all = [...this.files.keys()];
    return Promise.resolve(under ? all.filter((f) => f.startsWith(`${under}/`)) : all);
  }

  read(file: string): Promise<ReadResult> {
    const text = this.files.get(file);
    return Promise.resolve(text === undefined ? { error: 'ENOENT', missing: true } : { text });
  }
}

/**
 * Loads a fixture workspace (repository-relative folder) into memory, listed and read as the
 * engine reads the disk; the fixture itself is left as it is.
 */
export async function memoryCopy(fixture: string): Promise<MemoryWorkspace> {
  const disk = new FsWorkspace(path.join(REPO, fixture), { log() {} });
  const files = new Map<string, string>();
  for (const file of await disk.listFiles()) {
    const r = await disk.read(file);
    if (!('text' in r)) throw new Error(`${fixture}/${file} cannot be read: ${r.error}`);
    files.set(file, r.text);
  }
  return new MemoryWorkspace(files);
}
