import * as path from 'node:path';
import type { Range } from '../types.js';

/** A replacement of a range of a file's text. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Edits to several files, plus files to rename, applied as one undoable step by the editor. */
export interface WorkspaceEdits {
  edits: Map<string, TextEdit[]>;
  renames: { from: string; to: string }[];
  /** Files to create with their text (scaffolding); never over an existing file. */
  creates?: { file: string; text: string }[];
}

export function emptyEdits(): WorkspaceEdits {
  return { edits: new Map(), renames: [] };
}

export function addEdit(w: WorkspaceEdits, file: string, edit: TextEdit): void {
  const list = w.edits.get(file) ?? [];
  if (!list.some((e) => sameRange(e.range, edit.range) && e.newText === edit.newText)) list.push(edit);
  w.edits.set(file, list);
}

/** True when two ranges are equal. */
export function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The path to write in `fromFile` to reach `target`, relative to its folder (`./` kept if written). */
export function relativePath(fromFile: string, target: string, keepDotSlash = false): string {
  const dir = path.posix.dirname(fromFile);
  let rel = path.posix.relative(dir === '.' ? '' : dir, target);
  if (rel === '') rel = path.posix.basename(target);
  if (keepDotSlash && !rel.startsWith('../')) rel = `./${rel}`;
  return rel;
}
