import * as path from 'node:path';

/** True when a repository-relative path stays inside the repository. */
export function isInside(rel: string): boolean {
  if (rel === '' || path.posix.isAbsolute(rel) || path.win32.isAbsolute(rel)) return false;
  const norm = path.posix.normalize(rel.replace(/\\/g, '/'));
  return norm !== '..' && !norm.startsWith('../');
}
