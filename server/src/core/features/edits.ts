import * as path from 'node:path';
import type { Range } from '../types.js';
import { LineIndex } from '../parse/lines.js';
import type { DocInfo } from '../index/docInfo.js';

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
export const at = (line: number, character = 0): Range => ({
  start: { line, character },
  end: { line, character },
});

/** True when two ranges are equal. */
export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** The path to write in `fromFile` to reach `target`, relative to its folder (`./` kept if written). */
export function relativePath(fromFile: string, target: string, keepDotSlash = false): string {
  const dir = path.posix.dirname(fromFile);
  let rel = path.posix.relative(dir === '.' ? '' : dir, target);
  if (rel === '') rel = path.posix.basename(target);
  if (keepDotSlash && !rel.startsWith('../')) rel = `./${rel}`;
  return rel;
}

/**
 * A repository path as a Markdown link destination: percent-encodes what CommonMark or the URL
 * would read otherwise (whitespace and control characters, `%`, `#` a fragment, `?` a query,
 * parentheses and angle brackets, a backslash escape), so that the link names exactly `p`; and
 * quotes and `&`, which would end or change an HTML attribute's value (`<a href='x'>`).
 */
export function linkDestination(p: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are among what it encodes
  const UNSAFE = /[\x00-\x20\x7f%#?()<>\\"'&]/g;
  return p.replace(UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Applies text edits to a text; edits at the same position keep their order. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) => lines.offsetAt(p);
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => offset(b.e.range.start) - offset(a.e.range.start) || b.i - a.i);
  let out = text;
  for (const { e } of sorted)
    out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])(\s+)/;
const TABLE_ROW = /^\s*\|/;

/** The line width list items written are wrapped to: markdownlint's default (MD013). */
const LINE_WIDTH = 80;

/**
 * A list item as Markdown lines no longer than {@link LINE_WIDTH} wherever a space allows it:
 * `prefix` (indent and marker) starts the first line, the next ones are indented under its text,
 * and a line breaks only at a space outside inline code (a path or `npm run x` stays whole).
 */
export function wrapListItem(prefix: string, text: string): string {
  const words: string[] = [];
  let word = '';
  let code = false;
  for (const c of text) {
    if (c === '`') code = !code;
    if (c === ' ' && !code) {
      if (word) words.push(word);
      word = '';
    } else word += c;
  }
  if (word) words.push(word);
  const indent = ' '.repeat(prefix.length);
  const lines = [prefix];
  for (const w of words) {
    const line = lines[lines.length - 1];
    const bare = line === prefix || line === indent;
    if (!bare && line.length + 1 + w.length > LINE_WIDTH) lines.push(indent + w);
    else lines[lines.length - 1] = bare ? line + w : `${line} ${w}`;
  }
  return lines.join('\n') + '\n';
}

/** The line break a file's text uses: its first one's kind (CRLF, a bare CR or LF). */
export const lineBreakOf = (fileText: string): string => /\r\n|\r|\n/.exec(fileText)?.[0] ?? '\n';

/**
 * `text` (written with `\n`) in the line breaks of the file whose text is `fileText`
 * ({@link lineBreakOf}), so an insertion mixes none in.
 */
export function inLineBreaksOf(fileText: string, text: string): string {
  const eol = lineBreakOf(fileText);
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/**
 * Inserts a line (text ending in a line break) before line `line`, or after the last line when there is none
 * (a file without a final line break); in the file's line breaks.
 */
function insertLine(w: WorkspaceEdits, file: string, lines: LineIndex, line: number, text: string): void {
  if (line < lines.lineCount)
    return addEdit(w, file, { range: at(line), newText: inLineBreaksOf(lines.text, text) });
  const last = lines.lineCount - 1;
  addEdit(w, file, {
    range: at(last, lines.lineText(last).length),
    newText: inLineBreaksOf(lines.text, `\n${text.replace(/\n$/, '')}`),
  });
}

/**
 * Adds an entry to an AGENTS.md after the last table row or list item naming a file of the folder
 * it documents (AGENTS.md aside): a row of `cells` at the end of that table, in its columns, or a
 * list item `item` after that item, with its marker. With no such entry: a row at the end of the
 * first table, else an item at the end of the file.
 */
export function addAgentsEntry(w: WorkspaceEdits, agents: DocInfo, cells: string[], item: string): void {
  const lines = agents.parsed.lines;
  const dir = path.posix.dirname(agents.file);
  const inDir = (f: string) => f !== '' && f !== agents.file && path.posix.dirname(f) === dir;
  const names = (r: DocInfo['refs'][number]) =>
    (r.kind === 'path' || r.kind === 'link') &&
    [
      r.base !== 'root' ? path.posix.join(dir, r.target) : '',
      r.base !== 'file' ? path.posix.normalize(r.target) : '',
    ].some(inDir);
  const entryLines = agents.refs
    .filter(names)
    .map((r) => r.range.start.line)
    .filter((l) => TABLE_ROW.test(lines.lineText(l)) || LIST_ITEM.test(lines.lineText(l)));
  const last = Math.max(-1, ...entryLines);
  const listItem = last >= 0 ? LIST_ITEM.exec(lines.lineText(last)) : null;
  if (listItem) {
    const [, indent, mark, space] = listItem;
    let after = last + 1;
    const deeper = (t: string) =>
      /^\s/.test(t) && t.trim() !== '' && (LIST_ITEM.exec(t)?.[1].length ?? Infinity) > indent.length;
    // Past the item's continuation lines, also paragraphs after a blank line, indented under it.
    for (let next = after; next < lines.lineCount; next++) {
      const t = lines.lineText(next);
      if (deeper(t)) after = next + 1;
      else if (t.trim() !== '') break;
    }
    const marker = /\d/.test(mark) ? `${Number(/\d+/.exec(mark)![0]) + 1}${mark.slice(-1)}` : mark;
    return insertLine(w, agents.file, lines, after, wrapListItem(`${indent}${marker}${space}`, item));
  }
  const row = (l: number) => l >= 0 && l < lines.lineCount && TABLE_ROW.test(lines.lineText(l));
  let header = last;
  let after = last + 1;
  while (row(header - 1)) header--;
  while (row(after)) after++;
  const table =
    last >= 0
      ? {
          after,
          columns: columnsOf(lines.lineText(header)),
        }
      : entriesTable(lines);
  if (table) return insertLine(w, agents.file, lines, table.after, tableRow(cells, table.columns));
  const end = lines.lineCount - 1;
  addEdit(w, agents.file, {
    range: at(end, lines.lineText(end).length),
    newText: `${lines.lineText(end) ? '\n' : ''}${wrapListItem('- ', item)}`,
  });
}

/**
 * Where a new row goes in an AGENTS.md that lists no file of its folder yet: the first table
 * (outside fenced code, with its delimiter row) whose header names files or scripts (`File`,
 * `Script`, `Path`, `Command`): the line after its last row, and its number of columns.
 * Undefined when there is none: a table about something else (a glossary, a table shown in a
 * code block) is no place for it, and the entry goes in a list at the end.
 */
export function entriesTable(lines: LineIndex): { after: number; columns: number } | undefined {
  let fence: string | undefined;
  for (let i = 0; i + 1 < lines.lineCount; i++) {
    const text = lines.lineText(i);
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      // Closed by a run of the same character at least as long, and nothing else on the line.
      if (marker?.[0] === fence[0] && marker.length >= fence.length && /^\s*[`~]+\s*$/.test(text))
        fence = undefined;
      continue;
    }
    if (marker !== undefined) fence = marker;
    else if (TABLE_ROW.test(text) && DELIMITER_ROW.test(lines.lineText(i + 1)) && ENTRIES_HEADER.test(text)) {
      let last = i + 1;
      while (last + 1 < lines.lineCount && TABLE_ROW.test(lines.lineText(last + 1))) last++;
      return { after: last + 1, columns: columnsOf(text) };
    }
  }
  return undefined;
}

/** How many cells a table row has (`| a | b |` and `a | b`: two). */
const columnsOf = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|').length;

const DELIMITER_ROW = /^\s*\|?(\s*:?-+:?\s*\|)+\s*(:?-+:?\s*)?$/;
const ENTRIES_HEADER = /\b(files?|scripts?|paths?|commands?)\b/i;

/** A table row of `cells`, padded with empty cells (or cut) to `columns`. */
export function tableRow(cells: string[], columns: number): string {
  const row = cells.slice(0, columns);
  while (row.length < columns) row.push('');
  return `|${row.map((c) => (c ? ` ${c} |` : ' |')).join('')}\n`;
}
