import * as path from 'node:path';

/** True when a repository-relative path stays inside the repository. */
export function isInside(rel: string): boolean {
  if (rel === '' || path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return false;
  const norm = path.posix.normalize(rel.replace(/\\/g, '/'));
  return norm !== '..' && !norm.startsWith('../');
}

/** True when the repository-relative `rel` is `folder` or inside it (`''`, the root, holds every path). */
export function isWithin(rel: string, folder: string): boolean {
  return folder === '' || rel === folder || rel.startsWith(`${folder}/`);
}

/**
 * The deepest folder holding all of `folders` (repository-relative): `content/runbooks` for its team
 * folders; '' for none.
 */
export function commonFolder(folders: readonly string[]): string {
  let common = folders[0]?.split('/') ?? [];
  for (const f of folders.slice(1)) {
    const parts = f.split('/');
    let i = 0;
    while (i < common.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.join('/');
}
