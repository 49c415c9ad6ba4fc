import type { FoldingRange, SelectionRange } from 'vscode-languageserver/node';
import { foldingRanges, selectionRanges } from '../../core/features/ranges.js';
import type { HandlerContext } from './context.js';

/** `textDocument/foldingRange`: sections, front matter, regions, code, lists, tables, comments. */
export function registerFoldingRanges({ connection, lookup }: HandlerContext): void {
  connection.onFoldingRanges(async (p): Promise<FoldingRange[]> => {
    const hit = await lookup(p.textDocument.uri);
    return hit?.doc ? foldingRanges(hit.doc.parsed) : [];
  });
}

/** `textDocument/selectionRange`: word, inline markup, line, block, list item, section, document. */
export function registerSelectionRanges({ connection, lookup }: HandlerContext): void {
  connection.onSelectionRanges(async (p): Promise<SelectionRange[]> => {
    const hit = await lookup(p.textDocument.uri);
    if (!hit?.doc) return [];
    const doc = hit.doc.parsed;
    return p.positions.map((pos) =>
      selectionRanges(doc, pos).reduceRight<SelectionRange | undefined>(
        (parent, range) => ({ range, ...(parent ? { parent } : {}) }),
        undefined,
      )!,
    );
  });
}
