import * as path from 'node:path';
import type { Check } from '../check.js';
import { startsWithDate } from '../../model/fileNames.js';
import { idPrefix, normaliseId } from '../../util/ids.js';

/** A numbered file name: `ADR-012-x.md`, `adr_12 x.md`, `0012-x.md` (letters, then the number). */
const NUMBERED = /^(?:([a-z]+)[-_ ]?)?(\d+)[-_ .]/i;

/**
 * The number a file's name gives it, with the letters before it (upper case, '' for none); none
 * for a date (`20240101-x.md`, `2024-01-01-x.md`).
 */
export function fileNumber(file: string): { prefix: string; n: number } | undefined {
  const base = path.posix.basename(file);
  const m = NUMBERED.exec(base);
  if (!m || startsWithDate(base, m[2])) return undefined;
  return { prefix: (m[1] ?? '').toUpperCase(), n: Number(m[2]) };
}

const messages = {
  collision: (id: string, branch: string, file: string, sha: string, subject: string) =>
    `${id} is also taken on ${branch}: \`${file}\` was added there (${sha}: '${subject}') since this ` +
    `branch left it. Renumber this document before merging.`,
};

/**
 * A numbered document (ADR-012, TASK-7) whose id is taken on the default branch by another file
 * added there since HEAD left it, in the same folder: the second pull request to take ADR-012
 * learns it before merge. Needs git history (off without it); reads file names only.
 */
export const collisionCheck: Check = {
  name: 'links/collision',
  rules: [
    {
      id: 'links/id-collision',
      severity: 'warning',
      summary:
        'The same id names a different file on the default branch (added there since this branch left it).',
    },
  ],
  run({ doc, view, history, report }) {
    const branch = history?.history.defaultBranch;
    if (!branch || !doc.kind || !doc.id) return;
    const m = /^(.*)-(\d+)$/.exec(normaliseId(doc.id));
    if (!m) return;
    const [prefix, n] = [idPrefix(doc.id), Number(m[2])];
    const dir = path.posix.dirname(doc.file);
    for (const [file, change] of branch.added) {
      // A file this checkout has too is a duplicate here already (links/duplicate-id).
      if (file === doc.file || path.posix.dirname(file) !== dir || view.hasFile(file)) continue;
      const other = fileNumber(file);
      if (!other || other.n !== n || (other.prefix !== '' && other.prefix !== prefix)) continue;
      const message = messages.collision(doc.id, branch.name, file, change.sha, change.subject);
      report('links/id-collision', doc.idRange, message);
    }
  },
};
