import type { Range } from '../types.js';
import { naturalCompare } from '../util/ids.js';
import type { DocInfo } from '../index/docInfo.js';
import { fuzzyTier } from '../util/fuzzy.js';
import { Pacer } from '../util/pace.js';

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

/** A document or heading found by a workspace symbol search. */
export interface FoundSymbol {
  name: string;
  /** A document's title entry, or one of its headings. */
  what: 'document' | 'heading';
  /** The document's kind (a document), or its name (`ADR-002: Jobs`, a heading). */
  container?: string;
  file: string;
  range: Range;
}

/** Most symbols one search answers: the best ones by {@link fuzzyTier}. */
export const MAX_SYMBOLS = 200;

/**
 * Documents (by id and title, or by path) and their headings whose name matches the query as
 * VS Code's symbol search does ({@link fuzzyTier}), the best {@link MAX_SYMBOLS} first: by tier, then
 * documents of a kind, other documents, headings, then by name. A document's title heading is its
 * document entry, not a heading again. Pauses every few milliseconds (`pause` may throw to cancel).
 */
export async function workspaceSymbols(
  docs: Iterable<DocInfo>,
  query: string,
  pause: () => Promise<void>,
  limit = MAX_SYMBOLS,
): Promise<FoundSymbol[]> {
  const scored: { s: FoundSymbol; tier: number; order: number }[] = [];
  const pace = new Pacer(pause);
  for (const d of docs) {
    if (pace.due()) await pace.rest();
    const name = [d.id, d.title].filter(Boolean).join(': ') || d.file;
    // A path matches when it holds every word of the query, after every name match.
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const tier =
      fuzzyTier(name, query) ?? (words.every((w) => d.file.toLowerCase().includes(w)) ? 6 : undefined);
    if (tier !== undefined)
      scored.push({
        s: { name, what: 'document', container: d.kind?.name, file: d.file, range: d.titleRange },
        tier,
        order: d.kind ? 0 : 1,
      });
    for (const h of d.parsed.headings) {
      if (!h.text || (h.depth === 1 && h.range.start.line === d.titleRange.start.line)) continue;
      const t = fuzzyTier(h.text, query);
      if (t !== undefined)
        scored.push({
          s: { name: h.text, what: 'heading', container: name, file: d.file, range: h.range },
          tier: t,
          order: 2,
        });
    }
  }
  return scored
    .sort(
      (a, b) =>
        a.tier - b.tier ||
        a.order - b.order ||
        naturalCompare(a.s.name, b.s.name) ||
        naturalCompare(a.s.file, b.s.file) ||
        a.s.range.start.line - b.s.range.start.line,
    )
    .slice(0, limit)
    .map((x) => x.s);
}
