import type { Nodes } from 'mdast';
import type { Position, Range } from '../types.js';
import type { Fold, ParsedDoc } from '../parse/markdown.js';
import { syntaxTree } from '../parse/tree.js';

/**
 * The folding ranges of a document, as VS Code's Markdown folds: each heading's section (to the
 * line before the next heading of its level or higher, without trailing blank lines), the front
 * matter, and the blocks the parse recorded (the facts' `folds`: code, list items, tables,
 * block quotes, HTML comments, regions). Read from the index: no parse. A file read in fast mode
 * folds by its sections and front matter only.
 */
export function foldingRanges(doc: ParsedDoc): Fold[] {
  const out: Fold[] = [...doc.folds];
  const lines = doc.lines;
  const add = (startLine: number, endLine: number) => {
    while (endLine > startLine && lines.lineText(endLine).trim() === '') endLine--;
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  const fm = doc.frontMatter;
  if (fm) add(fm.open.start.line, fm.close.start.line);
  const hs = doc.headings;
  // The next heading of the same or a higher level, for every heading at once (a stack).
  const ends: number[] = new Array<number>(hs.length).fill(lines.lineCount - 1);
  const open: number[] = [];
  hs.forEach((h, i) => {
    while (open.length && hs[open[open.length - 1]].depth >= h.depth)
      ends[open.pop()!] = h.range.start.line - 1;
    open.push(i);
  });
  hs.forEach((h, i) => add(h.range.start.line, ends[i]));
  const seen = new Set<string>();
  return out
    .sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine)
    .filter((f) => {
      const key = `${f.startLine}:${f.endLine}`;
      return !seen.has(key) && seen.add(key);
    });
}

/** Kinds of node a selection grows through (text nodes are the word's step, not one of these). */
const GROWS = new Set<Nodes['type']>([
  'link',
  'linkReference',
  'emphasis',
  'strong',
  'delete',
  'inlineCode',
  'image',
  'paragraph',
  'heading',
  'tableCell',
  'tableRow',
  'table',
  'code',
  'html',
  'listItem',
  'list',
  'blockquote',
  'definition',
]);

/**
 * The ranges a selection grows through from a position, smallest first, each holding the one
 * before, as VS Code's Markdown "Expand Selection" does: the word, the inline markup around it
 * (link, emphasis, code span), its line and block (paragraph, heading, table cell and row, code
 * block), list items and lists, the sections it is in (innermost heading first), the front matter
 * (its line, then the block), and the whole document. Asked for by the user (not on every
 * edit), it parses the document again ({@link syntaxTree}).
 */
export function selectionRanges(doc: ParsedDoc, pos: Position): Range[] {
  const lines = doc.lines;
  const text = lines.lineText(pos.line);
  pos = { line: pos.line, character: Math.min(pos.character, text.length) };
  const offset = lines.offsetAt(pos);
  const candidates: [number, number][] = [];
  const lineStart = lines.lineStart(pos.line);
  // The word: letters, digits and `_-` around the cursor.
  let [ws, we] = [pos.character, pos.character];
  while (ws > 0 && /[\p{L}\p{N}_-]/u.test(text[ws - 1])) ws--;
  while (we < text.length && /[\p{L}\p{N}_-]/u.test(text[we])) we++;
  if (we > ws) candidates.push([lineStart + ws, lineStart + we]);
  // The line without its indentation and list or quote markers, then the whole line (`[\s\S]`,
  // not `.`: a line may hold U+2028, which `.` does not match).
  const content = /^(\s*(?:>\s*)*(?:[-*+]\s+(?:\[[ xX]\]\s+)?|\d+[.)]\s+)?)([\s\S]*?)\s*$/.exec(text)!;
  candidates.push([lineStart + content[1].length, lineStart + content[1].length + content[2].length]);
  candidates.push([lineStart, lineStart + text.length]);
  const fm = doc.frontMatter;
  if (fm && pos.line >= fm.open.start.line && pos.line <= fm.close.start.line) {
    candidates.push([lines.offsetAt(fm.open.start), lines.offsetAt(fm.close.end)]);
  } else {
    const root = syntaxTree(doc);
    // The nodes holding the position, from the root down.
    for (let n: Nodes | undefined = root; n && 'children' in n;) {
      n = (n.children as Nodes[]).find(
        (c) => c.position && c.position.start.offset! <= offset && offset <= c.position.end.offset!,
      );
      if (n?.position && GROWS.has(n.type))
        candidates.push([n.position.start.offset!, n.position.end.offset!]);
    }
    const hs = doc.headings;
    hs.forEach((h, i) => {
      const next = hs.slice(i + 1).find((x) => x.depth <= h.depth);
      const end = next ? lines.lineStart(next.range.start.line) : doc.text.length;
      const start = lines.offsetAt(h.range.start);
      if (start <= offset && offset <= end) candidates.push([start, trimEnd(doc.text, start, end)]);
    });
  }
  candidates.push([0, doc.text.length]);
  // Smallest first; each kept range holds the last one kept and is larger.
  candidates.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
  const kept: [number, number][] = [];
  for (const c of candidates) {
    const last = kept.at(-1);
    if (c[0] > offset || c[1] < offset) continue;
    if (last && (c[0] > last[0] || c[1] < last[1] || (c[0] === last[0] && c[1] === last[1]))) continue;
    kept.push(c);
  }
  return kept.map(([s, e]) => lines.rangeOf(s, e));
}

/** The end of `text[start, end)` without its trailing white space. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
