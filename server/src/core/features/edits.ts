import * as path from 'node:path';
import type { Range } from '../types.js';
import { LineIndex } from '../parse/lines.js';

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

/** The empty range at a position: where an insertion goes. */
export const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });

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

/** Applies text edits to a text; edits at the same position keep their order. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) => Math.min(lines.lineStart(p.line) + p.character, text.length);
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => offset(b.e.range.start) - offset(a.e.range.start) || b.i - a.i);
  let out = text;
  for (const { e } of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/**
 * Where a new row goes in the first Markdown table of a text: the line after its last row, and
 * its number of columns. Undefined when the text has no table.
 */
export function firstTable(lines: LineIndex): { after: number; columns: number } | undefined {
  let header = -1;
  let last = -1;
  for (let i = 0; i < lines.lineCount; i++) {
    if (lines.lineText(i).trim().startsWith('|')) {
      if (header < 0) header = i;
      last = i;
    } else if (header >= 0) break;
  }
  if (header < 0) return undefined;
  return { after: last + 1, columns: lines.lineText(header).trim().replace(/^\||\|$/g, '').split('|').length };
}

/** A table row of `cells`, padded with empty cells (or cut) to `columns`. */
export function tableRow(cells: string[], columns: number): string {
  const row = cells.slice(0, columns);
  while (row.length < columns) row.push('');
  return `|${row.map((c) => (c ? ` ${c} |` : ' |')).join('')}\n`;
}
