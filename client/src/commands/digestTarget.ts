import * as path from 'node:path';
import { isInside } from '../../../server/src/core/paths';

/**
 * Where "Generate Status Digest" may save: the `opsdocs.digest.path` setting as path segments
 * under the folder, or why it may not (a workspace's settings must not send the digest outside it).
 */
export function digestTarget(setting: string): { segments: string[] } | { error: string } {
  const rel = setting.trim();
  if (!isInside(rel)) return { error: `opsdocs.digest.path "${setting}" is not a path inside the folder; the digest can only be saved inside it.` };
  if (!/\.(md|markdown)$/i.test(rel)) return { error: `opsdocs.digest.path "${setting}" does not name a Markdown file (.md or .markdown).` };
  return { segments: path.posix.normalize(rel.replace(/\\/g, '/')).split('/') };
}
