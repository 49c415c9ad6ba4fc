/**
 * The text form of an OpsDocs view tree: one node a line, indented two spaces a level, as
 * `label — description (file:line) !` (`!`: needs attention). The expected trees beside the test
 * fixtures are written in it, and the extension's test snapshot of what VS Code draws is too.
 */
export interface TextNode {
  label: string;
  description?: string;
  file?: string;
  /** 0-based; written 1-based. */
  line?: number;
  warn?: boolean;
  children?: TextNode[];
}

export function renderViewTree(nodes: readonly TextNode[], depth = 0): string {
  let out = '';
  for (const n of nodes) {
    const at = n.file === undefined ? '' : ` (${n.file}${n.line === undefined ? '' : `:${n.line + 1}`})`;
    const desc = n.description ? ` — ${n.description}` : '';
    out += `${'  '.repeat(depth)}${n.label}${desc}${at}${n.warn ? ' !' : ''}\n`;
    out += renderViewTree(n.children ?? [], depth + 1);
  }
  return out;
}
