// The facts of a parsed body read through the mdast tree remark-parse builds: how OpsDocs read
// them before it read micromark's events (server/src/core/parse/eventFacts.ts). The oracle of the
// differential test (test/unit/eventFacts.test.ts): both must give the same DocFacts for any text.
import type { Nodes, Root } from 'mdast';
import type { Range } from '../../server/src/core/types.js';
import type { LineIndex } from '../../server/src/core/parse/lines.js';
import type { FrontMatter } from '../../server/src/core/parse/frontMatter.js';
import type { DocFacts } from '../../server/src/core/parse/markdown.js';
import { nodeText } from '../../server/src/core/parse/tree.js';
import { FactsParts, STATUS_HEADING } from '../../server/src/core/parse/eventFacts.js';

/** The facts of `body` (the text with its front matter blanked) from the tree `parseTree` builds of it. */
export function mdastFacts(
  parseTree: (body: string) => Root,
  body: string,
  lines: LineIndex,
  frontMatter: FrontMatter | undefined,
): DocFacts {
  const root = parseTree(body);
  const parts = new FactsParts(body, lines);
  const { collector, folds, links, definitions } = parts;
  const rangeOf = (n: Nodes): Range =>
    n.position ? lines.rangeOf(n.position.start.offset ?? 0, n.position.end.offset ?? 0) : lines.lineRange(0);
  const fold = (n: Nodes) => {
    if (n.position) folds.add(n.position.start.line - 1, n.position.end.line - 1);
  };
  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'heading': {
        const kids = node.children;
        const first = kids[0]?.position?.start.offset;
        const last = kids.at(-1)?.position?.end.offset;
        const range = rangeOf(node);
        const contentRange =
          first !== undefined && last !== undefined
            ? lines.rangeOf(first, last)
            : { start: range.end, end: range.end };
        parts.heading(nodeText(node), node.depth, range, contentRange);
        break;
      }
      case 'listItem':
        fold(node);
        parts.task(node.checked ?? undefined);
        break;
      case 'html':
        parts.html(
          node.value,
          node.position?.start.offset ?? 0,
          (node.position?.start.line ?? 1) - 1,
          (node.position?.end.line ?? 1) - 1,
        );
        break;
      case 'code': {
        fold(node);
        const fenced = /^ {0,3}[`~]{3}/.test(body.slice(node.position?.start.offset ?? 0));
        parts.code(fenced, node.lang, rangeOf(node), node.value);
        return;
      }
      case 'table':
      case 'blockquote':
        fold(node);
        break;
      case 'link':
        links.push({ range: rangeOf(node) });
        break;
      case 'linkReference':
      case 'imageReference':
        links.push({ range: rangeOf(node), label: node.identifier });
        break;
      case 'definition':
        definitions.push({ label: node.identifier, range: rangeOf(node) });
        break;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  // html.add collects anchors as visit meets HTML nodes; the walk below adds the references.
  visit(root);
  walk(parts, root);
  const status = sectionParagraph(root);
  return parts.facts(
    frontMatter,
    collector.refs,
    status?.node.position ? { text: status.text, range: rangeOf(status.node) } : undefined,
  );
}

const span = (n: Nodes) => ({ start: n.position?.start.offset ?? 0, end: n.position?.end.offset ?? 0 });

/** References of the tree: never into code blocks; link text is not searched for ids. */
function walk(parts: FactsParts, node: Nodes, inLink = false): void {
  const c = parts.collector;
  switch (node.type) {
    case 'code':
      return;
    case 'link': {
      const only = node.children.length === 1 ? node.children[0] : undefined;
      c.linkOrDefinition(
        'link',
        span(node),
        node.url,
        node.children.at(-1)?.position?.end.offset,
        only && span(only),
      );
      break;
    }
    case 'definition':
    case 'image':
      c.linkOrDefinition(node.type, span(node), node.url);
      return;
    case 'inlineCode':
      c.inlineCode(span(node), node.value);
      return;
    case 'text':
      if (!inLink) {
        c.textNode(span(node));
        parts.text(span(node).start, span(node).end);
      }
      return;
    case 'html':
      c.htmlLinks(span(node)); // its anchors were read by `visit`
      return;
  }
  if ('children' in node)
    for (const k of node.children as Nodes[])
      walk(parts, k, inLink || node.type === 'link' || node.type === 'linkReference');
}

/** The first paragraph of the section under a top-level `Status` heading. */
function sectionParagraph(root: Root): { text: string; node: Nodes } | undefined {
  const kids = root.children;
  for (let i = 0; i < kids.length; i++) {
    const h = kids[i];
    if (h.type !== 'heading' || !STATUS_HEADING.test(nodeText(h).trim())) continue;
    for (let j = i + 1; j < kids.length && kids[j].type !== 'heading'; j++) {
      const text = nodeText(kids[j]).trim();
      if (text) return { text, node: kids[j] };
    }
  }
  return undefined;
}
