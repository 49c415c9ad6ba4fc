import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyTextEdits, type WorkspaceEdits } from '../core/features/edits.js';
import { isInside } from '../shared/paths.js';
import { writeFileAtomic, type WriteRefusal } from './atomicWrite.js';

/**
 * Writes a set of edits to disk (the CLI's counterpart of an editor's WorkspaceEdit), all or
 * nothing. Before anything is written, every path is resolved (the real path of its deepest
 * existing part) and must stay inside the root, every created file must be new (nothing at its
 * name, not even a symbolic link) and every changed file is read. Each file is then written
 * atomically, a created one exclusively; if any write fails, the files created are removed and the
 * files changed are restored. Returns the files created and changed, or throws with the reason.
 *
 * The edits are positions in the text `read(file)` gives (the text they were made from): a file
 * whose text is not that any more (changed since it was read), or was never read, is not written,
 * nor is one that is not UTF-8 (its other bytes would be lost in the text written back).
 */
export function applyToDisk(
  root: string,
  w: WorkspaceEdits,
  read: (file: string) => string | undefined,
): { created: string[]; changed: string[] } {
  const rootReal = fs.realpathSync(root);
  const creates = (w.creates ?? []).map((c) => {
    const target = resolveInside(root, rootReal, c.file);
    if (fs.existsSync(target) || isLink(target))
      throw new Error(`${c.file} already exists; nothing written.`);
    // A new script with a shebang is made executable, as `chmod +x` would.
    return { ...c, target, mode: c.text.startsWith('#!') ? 0o755 : 0o644 };
  });
  // Edits are positions in the text as read, without its byte order mark; the mark is kept.
  const changes = [...w.edits].map(([file, edits]) => {
    const target = resolveInside(root, rootReal, file);
    const raw = utf8(file, fs.readFileSync(target));
    const bom = raw.charCodeAt(0) === 0xfeff ? '\uFEFF' : '';
    const before = read(file);
    const unread = `${file} was not read before its edits were made; nothing written.`;
    if (before === undefined) throw new Error(unread);
    const changed = `${file} changed since it was read; nothing written (run the command again).`;
    if (raw.slice(bom.length) !== before) throw new Error(changed);
    return { file, target, raw, text: bom + applyTextEdits(before, edits) };
  });
  const undo: { file: string; run: () => WriteRefusal | undefined }[] = [];
  let file = '';
  try {
    for (const c of creates) {
      file = c.file;
      const dir = path.dirname(c.target);
      const made = fs.mkdirSync(dir, { recursive: true });
      if (made !== undefined) undo.push({ file: c.file, run: () => removeFolders(dir, made) });
      check(c.file, writeFileAtomic(c.target, c.text, { mode: c.mode }));
      undo.push({ file: c.file, run: () => void fs.rmSync(c.target, { force: true }) });
    }
    for (const c of changes) {
      file = c.file;
      check(c.file, writeFileAtomic(c.target, c.text, { replace: true }));
      undo.push({ file: c.file, run: () => writeFileAtomic(c.target, c.raw, { replace: true }) });
    }
  } catch (e) {
    const why = e instanceof Refused ? e.message : `cannot write ${file} (${errorCode(e)})`;
    const left = new Set<string>();
    for (const u of undo.reverse()) {
      try {
        if (u.run()) left.add(u.file);
      } catch {
        left.add(u.file);
      }
    }
    throw new Error(
      left.size === 0
        ? `${why}; nothing written.`
        : `${why}; could not undo what was written to ${[...left].join(', ')}: check ${left.size === 1 ? 'it' : 'them'}.`,
      { cause: e },
    );
  }
  return { created: creates.map((c) => c.file), changed: changes.map((c) => c.file) };
}

/**
 * Why {@link applyToDisk} would not write the repository-relative `file`, or undefined when it
 * would: the file is a symbolic link (nothing is written through one), or its real place is
 * outside the root.
 */
export function unwritable(root: string, file: string): string | undefined {
  if (isLink(path.join(root, ...file.split('/')))) return `${file} is a symbolic link`;
  return leadsOutside(root, file);
}

/**
 * Why the repository-relative `file` is not really inside the repository (a folder on its way is
 * a link that leads out of it), or undefined when it is.
 */
export function leadsOutside(root: string, file: string): string | undefined {
  try {
    resolveInside(root, fs.realpathSync(root), file);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/; nothing written\.$/, '');
  }
}

/** The text of `bytes`, the file `file`'s; throws when they are not UTF-8. */
function utf8(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new Error(`${file} is not UTF-8 text (OpsDocs edits only UTF-8 files); nothing written.`);
  }
}

/** A write the writer refused (the reason, for the user). */
class Refused extends Error {}

/** Throws {@link Refused} when the writer did not write `file`. */
function check(file: string, refusal: WriteRefusal | undefined): void {
  if (refusal === undefined) return;
  if (refusal.kind === 'exists') throw new Refused(`${file} already exists`);
  if (refusal.kind === 'link') throw new Refused(`${file} is a symbolic link`);
  throw new Refused(`cannot write ${file} (${refusal.code})`);
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e as Error).message;

/**
 * Where the repository-relative `file` really is: the real path of its deepest existing part (so
 * every link on the way is followed) with the rest of it. Throws, naming the path, when that lies
 * outside the real root `rootReal` or runs through a link to nothing.
 */
function resolveInside(root: string, rootReal: string, file: string): string {
  if (!isInside(file)) throw new Error(`${file} is outside the repository; nothing written.`);
  const abs = path.join(root, ...file.split('/'));
  const rest: string[] = [];
  let existing = abs;
  while (!isLink(existing) && !fs.existsSync(existing)) {
    rest.unshift(path.basename(existing));
    existing = path.dirname(existing);
  }
  const real = realOrThrow(root, existing);
  if (isOutside(rootReal, real)) {
    // Name the link that leads out: the first part of the path whose real path is outside.
    let link = existing;
    while (path.dirname(link) !== root && isOutside(rootReal, realOrThrow(root, path.dirname(link))))
      link = path.dirname(link);
    const shown = relative(root, link);
    throw new Error(
      shown === file
        ? `${file} leads outside the repository (to ${real}); nothing written.`
        : `${file} would be outside the repository: ${shown} leads to ${realOrThrow(root, link)}; nothing written.`,
    );
  }
  return path.join(real, ...rest);
}

const relative = (root: string, abs: string) => path.relative(root, abs).split(path.sep).join('/');
const isOutside = (rootReal: string, real: string) =>
  real !== rootReal && !isInside(path.relative(rootReal, real));

/** The real path of `abs`, which exists; throws, naming it, when it is a link to nothing. */
function realOrThrow(root: string, abs: string): string {
  try {
    return fs.realpathSync.native(abs);
  } catch {
    throw new Error(`${relative(root, abs)} is a symbolic link to nothing; nothing written.`);
  }
}

function isLink(abs: string): boolean {
  try {
    return fs.lstatSync(abs).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Removes the empty folders from `dir` up to `top`, which `mkdir -p` made. */
function removeFolders(dir: string, top: string): undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    fs.rmdirSync(d);
    if (d === top || path.dirname(d) === d) return undefined;
  }
}
