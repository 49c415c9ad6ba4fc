import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, Nodes, Heading as MdHeading } from 'mdast';
import type { Range } from '../types.js';
import { LineIndex } from './lines.js';
import { readFrontMatter, type FrontMatter } from './frontMatter.js';

/** A heading of a document. */
export interface Heading {
  text: string;
  depth: number;
  range: Range;
}

/** An `<!-- opsdocs-… -->` comment that turns rules off or on. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  /** Rule ids; empty means every rule. */
  rules: string[];
  line: number;
}

/** A Markdown file read once: front matter, syntax tree and what checks need from it. */
export interface ParsedDoc {
  file: string;
  text: string;
  lines: LineIndex;
  frontMatter?: FrontMatter;
  headings: Heading[];
  checklist: { total: number; done: number };
  directives: Directive[];
}

const processor = unified().use(remarkParse).use(remarkGfm);

/** Plain text of an mdast node (text, inline code and their containers). */
export function nodeText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}

const DIRECTIVE = /<!--\s*opsdocs-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->/g;

/**
 * Parses one Markdown file. Never throws for any input text. The syntax tree is returned
 * beside the document, not kept in it: the index holds only what checks need.
 */
export function parseMarkdown(file: string, text: string): { parsed: ParsedDoc; root: Root } {
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(text, lines);
  // Blank the front matter out (keeping line breaks) so mdast offsets are document offsets.
  const body = frontMatter
    ? text.slice(0, frontMatter.bodyOffset).replace(/[^\r\n]/g, ' ') + text.slice(frontMatter.bodyOffset)
    : text;
  const root = processor.parse(body) as Root;
  const headings: Heading[] = [];
  const directives: Directive[] = [];
  const checklist = { total: 0, done: 0 };
  const rangeOf = (n: Nodes): Range =>
    n.position ? lines.rangeOf(n.position.start.offset ?? 0, n.position.end.offset ?? 0) : lines.lineRange(0);
  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'heading':
        headings.push({ text: nodeText(node as MdHeading).trim(), depth: node.depth, range: rangeOf(node) });
        break;
      case 'listItem':
        if (typeof node.checked === 'boolean') {
          checklist.total++;
          if (node.checked) checklist.done++;
        }
        break;
      case 'html': {
        const start = node.position?.start.offset ?? 0;
        for (const m of node.value.matchAll(DIRECTIVE)) {
          const line = lines.positionAt(start + (m.index ?? 0)).line;
          const rules = m[2].split(/[\s,]+/).filter(Boolean);
          directives.push({ kind: m[1] as Directive['kind'], rules, line });
        }
        break;
      }
      case 'code':
        return;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(root);
  return { parsed: { file, text, lines, frontMatter, headings, checklist, directives }, root };
}
