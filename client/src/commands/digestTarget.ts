import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from '../../../server/src/shared/paths';

/**
 * Where "Generate Status Digest" may save: the `opsdocs.digest.path` setting as path segments
 * under the folder, or why it may not (a workspace's settings must not send the digest outside it).
 */
export function digestTarget(setting: string): { segments: string[] } | { error: string } {
  const rel = setting.trim();
  if (!isInside(rel))
    return {
      error: `opsdocs.digest.path "${setting}" is not a path inside the folder; the digest can only be saved inside it.`,
    };
  if (!/\.(md|markdown)$/i.test(rel))
    return { error: `opsdocs.digest.path "${setting}" does not name a Markdown file (.md or .markdown).` };
  return { segments: path.posix.normalize(rel.replace(/\\/g, '/')).split('/') };
}

/**
 * Why the digest may not be written at `segments` under the folder `root` on disk: a symbolic
 * link on the way (the repository's own `docs/status-digest.md` could link anywhere), or undefined.
 */
export async function throughLink(root: string, segments: string[]): Promise<string | undefined> {
  let at = root;
  for (const [i, s] of segments.entries()) {
    at = path.join(at, s);
    const rel = path.relative(root, at).split(path.sep).join('/');
    let st;
    try {
      st = await fs.lstat(at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined; // the rest is created inside the folder
      return `${rel} cannot be checked (${code ?? String(e)}); the digest is not written.`;
    }
    if (st.isSymbolicLink()) return `${rel} is a symbolic link; the digest is not written through links.`;
    // A hard link shares its content with another path, which may be outside the folder.
    if (i === segments.length - 1 && st.isFile() && st.nlink > 1)
      return `${rel} has other hard links; the digest is not written to it.`;
  }
  return undefined;
}
