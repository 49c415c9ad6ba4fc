import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits, type WorkspaceEdits } from '../core/features/edits.js';
import { isInside } from '../shared/paths.js';
import { writeFileAtomic } from './atomicWrite.js';

/**
 * Writes a set of edits to disk (the CLI's counterpart of an editor's WorkspaceEdit): nothing is
 * written unless every created file is new and every path stays inside the root; each file is
 * written atomically. Returns the files created and changed, or throws with the reason.
 */
export function applyToDisk(root: string, w: WorkspaceEdits): { created: string[]; changed: string[] } {
  const abs = (f: string) => {
    if (!isInside(f)) throw new Error(`${f} is outside the repository; nothing written.`);
    return path.join(root, ...f.split('/'));
  };
  for (const c of w.creates ?? [])
    if (fs.existsSync(abs(c.file)) || isLink(abs(c.file)))
      throw new Error(`${c.file} already exists; nothing written.`);
  // Edits are positions in the text as read, without its byte order mark; the mark is kept.
  const changes = [...w.edits].map(([file, edits]) => {
    const raw = fs.readFileSync(abs(file), 'utf8');
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    return { file, text: bom + applyTextEdits(raw.slice(bom.length), edits) };
  });
  for (const c of w.creates ?? []) {
    fs.mkdirSync(path.dirname(abs(c.file)), { recursive: true });
    // A new script with a shebang is made executable, as `chmod +x` would.
    const mode = c.text.startsWith('#!') ? 0o755 : 0o644;
    const refused = writeFileAtomic(abs(c.file), c.text, { mode });
    if (refused)
      throw new Error(
        `${c.file} ${refused.kind === 'failed' ? `could not be written (${refused.code})` : 'already exists'}; stopped.`,
      );
  }
  for (const c of changes) {
    const refused = writeFileAtomic(abs(c.file), c.text, { replace: true });
    if (refused)
      throw new Error(
        `${c.file} ${refused.kind === 'failed' ? `could not be written (${refused.code})` : 'is not a regular file'}; stopped.`,
      );
  }
  return { created: (w.creates ?? []).map((c) => c.file), changed: changes.map((c) => c.file) };
}

function isLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}
