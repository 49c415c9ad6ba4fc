import type { Range } from '../types.js';
import { naturalCompare } from '../util/ids.js';
import type { DocInfo } from '../index/docInfo.js';

/** A heading as an outline entry, with its sub-headings. */
export interface DocSymbol {
  name: string;
  depth: number;
  /** The whole section. */
  range: Range;
  /** The heading line. */
  selectionRange: Range;
  children: DocSymbol[];
}

/** The outline of a document: headings nested by level. */
export function documentSymbols(doc: DocInfo): DocSymbol[] {
  const roots: DocSymbol[] = [];
  const stack: DocSymbol[] = [];
  const headings = doc.parsed.headings;
  const lines = doc.parsed.lines;
  const last = lines.lineCount - 1;
  headings.forEach((h, i) => {
    // A section runs to the line before the next heading of the same or a higher level.
    const next = headings.slice(i + 1).find((x) => x.depth <= h.depth);
    const endLine = next ? Math.max(h.range.start.line, next.range.start.line - 1) : last;
    const range = { start: h.range.start, end: { line: endLine, character: lines.lineText(endLine).length } };
    const sym: DocSymbol = {
      name: h.text || '(empty heading)',
      depth: h.depth,
      range,
      selectionRange: h.range,
      children: [],
    };
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    (stack.length ? stack[stack.length - 1].children : roots).push(sym);
    stack.push(sym);
  });
  return roots;
}

/** A document found by a workspace symbol search. */
export interface FoundDoc {
  name: string;
  kind?: string;
  file: string;
  range: Range;
}

/** Documents whose id, title or path contains every word of the query (case-insensitive). */
export function workspaceSymbols(docs: Iterable<DocInfo>, query: string, limit = 200): FoundDoc[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const out: FoundDoc[] = [];
  for (const d of docs) {
    const name = [d.id, d.title].filter(Boolean).join(': ') || d.file;
    const hay = `${name} ${d.file}`.toLowerCase();
    if (words.every((w) => hay.includes(w)))
      out.push({ name, kind: d.kind?.name, file: d.file, range: d.titleRange });
  }
  return out
    .sort((a, b) => (a.kind ? 0 : 1) - (b.kind ? 0 : 1) || naturalCompare(a.name, b.name))
    .slice(0, limit);
}
