// The mdast tree of a document, for the one request that needs a tree (Expand Selection); the
// facts are read without one (eventFacts.ts), so nothing else loads remark.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import type { Root, Nodes } from 'mdast';
import { remarkGfmWithoutAutolinks } from './gfm.js';
import { bodyOf, type ParsedDoc } from './markdown.js';

const processor = unified().use(remarkParse).use(remarkGfmWithoutAutolinks);

/** Plain text of an mdast node (text, inline code and their containers). */
export function nodeText(node: Nodes): string {
  if ('value' in node && (node.type === 'text' || node.type === 'inlineCode')) return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(nodeText).join('');
  return '';
}

/** The last tree {@link syntaxTree} built: Expand Selection is asked for again and again, step by step. */
let lastTree: { doc: ParsedDoc; root: Root } | undefined;

/**
 * The Markdown syntax tree of a document, for a request that needs more than its facts (selection
 * ranges, which the user asks for); undefined for a file read in fast mode, whose parse the budget
 * refused. The index keeps no trees: this parses again, on the thread that asks, at a cost the
 * parse budget bounds, and keeps the last tree only.
 */
export function syntaxTree(doc: ParsedDoc): Root | undefined {
  if (doc.fastMode) return undefined;
  if (lastTree?.doc !== doc) lastTree = { doc, root: markdownTree(bodyOf(doc.text, doc.frontMatter)) };
  return lastTree.root;
}

/** The mdast tree of a body ({@link bodyOf}): remark-parse with the same extensions as the facts. */
export function markdownTree(body: string): Root {
  return processor.parse(body);
}
