import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every entry under `dir` (recursively, links not followed) with its kind and content: a file's
 * mode and text, a link's target, a folder's `/`. Equal snapshots: nothing was written, created,
 * removed or replaced.
 */
export function snapshot(dir: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(dir, rel))
    .sort()
    .flatMap((entry) => {
      const name = rel ? `${rel}/${entry}` : entry;
      const abs = path.join(dir, name);
      const st = fs.lstatSync(abs);
      if (st.isSymbolicLink()) return [`${name} -> ${fs.readlinkSync(abs)}`];
      if (st.isDirectory()) return [`${name}/`, ...snapshot(dir, name)];
      return [`${name} (${(st.mode & 0o777).toString(8)}): ${fs.readFileSync(abs, 'utf8')}`];
    });
}
