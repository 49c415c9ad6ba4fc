import { parseCost } from '../../server/src/core/parse/markdown.js';

/**
 * Markup that costs the Markdown parser much more per byte than prose: one line repeated under a
 * runbook's front matter and sections. Used by the parse-budget tests, the fuzz harness and
 * `bench/budget.mjs`.
 */
export const DENSE_HEAD =
  '---\ntitle: Big\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Big\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n\n';

/** A table of `cells` columns: its header and delimiter rows, and a row. */
export const table = (cells: number, cell = 'a') => ({
  pre: `|${'h|'.repeat(cells)}\n|${'-|'.repeat(cells)}\n`,
  line: () => `|${`${cell}|`.repeat(cells)}\n`,
});

/** Each class of dense markup: what precedes its lines, and its line `i`. */
export const DENSE: Record<string, { pre: string; line: (i: number) => string }> = {
  table: table(10),
  'wide table': table(100),
  list: { pre: '', line: (i) => `- item ${i}\n` },
  'link definitions': { pre: '', line: (i) => `[r${i}]: /x${i}\n` },
  emphasis: { pre: '', line: () => '*a ' },
  'code spans': { pre: '', line: () => '`a` ' },
  html: { pre: '', line: () => '<div>\n' },
  quotes: { pre: '', line: (i) => `> line ${i}\n` },
  headings: { pre: '', line: (i) => `## H${i}\n` },
  paragraph: { pre: '', line: () => 'A line of text that repeats.\n' },
};

/** {@link DENSE_HEAD} and as many of the class's lines as stay within `limit` (bytes or cost). */
export function denseDoc(
  c: { pre: string; line: (i: number) => string },
  limit: { bytes: number } | { cost: number },
): string {
  const parts = [DENSE_HEAD, c.pre];
  let length = DENSE_HEAD.length + c.pre.length;
  // The cost without its byte units adds up line by line.
  const marks = (t: string) => parseCost(t) - Math.ceil(t.length / 32);
  let cost = marks(parts.join(''));
  for (let i = 0; ; i++) {
    const line = c.line(i);
    const l = length + line.length;
    const m = cost + marks(line);
    if ('bytes' in limit ? l > limit.bytes : m + Math.ceil(l / 32) > limit.cost) return parts.join('');
    parts.push(line);
    length = l;
    cost = m;
  }
}
