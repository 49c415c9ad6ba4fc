import type { Point, Token, TokenizeContext } from 'micromark-util-types';
import { normalizeIdentifier } from 'micromark-util-normalize-identifier';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import GithubSlugger from 'github-slugger';
import type { Range } from '../types.js';
import type { LineIndex } from './lines.js';
import type { FrontMatter } from './frontMatter.js';
import {
  SHELL_LANGS,
  type CodeBlock,
  type DocFacts,
  type Directive,
  type Fold,
  type Heading,
} from './markdown.js';
import { markdownEvents } from './events.js';
import { RefCollector, type Ref } from './refs.js';

/** `<!-- #region name -->` / `<!-- #endregion -->`, as VS Code's Markdown folds them. */
const REGION = /^<!--\s*#?(region|endregion)\b[\s\S]*-->$/;

const DIRECTIVE = /<!--\s*opsdocs-(disable-next-line|disable-line|disable|enable)\b([^>]*?)\s*-->/g;

/** The disable comments in `text` (a line, or an HTML node's value starting at offset `at`). */
export function directivesIn(text: string, lineOf: (index: number) => number): Directive[] {
  const found: Directive[] = [];
  for (const m of text.matchAll(DIRECTIVE))
    found.push({
      kind: m[1] as Directive['kind'],
      rules: m[2].split(/[\s,]+/).filter(Boolean),
      line: lineOf(m.index ?? 0),
    });
  return found;
}

/** `## Set up {#setup}`: the id kramdown, Hugo and MkDocs (attr_list) give the heading. */
export function customHeadingId(text: string): string | undefined {
  return /^\{\s*#([^\s{}]+)(?:\s[^{}]*)?\}\s*$/.exec(text.slice(text.lastIndexOf('{')))?.[1];
}

/** The heading text whose first paragraph is a document's status section (Nygard ADRs). */
export const STATUS_HEADING = /^status$/i;

/**
 * Folds in document order: a container reserves its place when it opens and fills it when it
 * closes. Blank lines at a fold's end are left out; a fold of one line is none.
 */
export class FoldList {
  private readonly slots: (Fold | undefined)[] = [];

  constructor(private readonly lines: LineIndex) {}

  reserve(): number {
    return this.slots.push(undefined) - 1;
  }

  add(startLine: number, endLine: number, kind?: Fold['kind'], at = this.reserve()): void {
    while (endLine > startLine && this.lines.lineText(endLine).trim() === '') endLine--;
    if (endLine > startLine) this.slots[at] = { startLine, endLine, ...(kind ? { kind } : {}) };
  }

  get folds(): Fold[] {
    return this.slots.filter((f) => f !== undefined);
  }
}

/**
 * The facts of a parsed body as its nodes are met in document order: what both readers of a
 * parse (the events here, the tree in the differential test) record the same way.
 */
export class FactsParts {
  readonly headings: Heading[] = [];
  readonly directives: Directive[] = [];
  readonly checklist = { total: 0, done: 0 };
  readonly links: DocFacts['links'] = [];
  readonly definitions: DocFacts['definitions'] = [];
  readonly undefinedRefs: DocFacts['undefinedRefs'] = [];
  readonly codeBlocks: CodeBlock[] = [];
  readonly collector: RefCollector;
  readonly folds: FoldList;
  private readonly slugger = new GithubSlugger();
  private readonly customIds: string[] = [];
  private readonly regions: number[] = [];

  constructor(
    private readonly body: string,
    private readonly lines: LineIndex,
  ) {
    this.collector = new RefCollector(body, lines);
    this.folds = new FoldList(lines);
  }

  /** A heading whose text as read is `raw`; returns the text (trimmed). */
  heading(raw: string, depth: number, range: Range, contentRange: Range): string {
    const text = raw.trim();
    this.headings.push({ text, depth, range, slug: this.slugger.slug(raw), contentRange });
    const custom = customHeadingId(text);
    if (custom) this.customIds.push(custom);
    return text;
  }

  /**
   * A text node outside any link, `start`–`end` in the body: its full and collapsed reference links
   * that no definition made links (read in the text as written, escapes and all).
   */
  text(start: number, end: number): void {
    const raw = this.body.slice(start, end);
    if (!raw.includes('][')) return;
    for (const m of raw.matchAll(UNDEFINED_REF)) {
      const full = m[2] !== '';
      const label = full ? m[2] : m[1];
      if (!label.trim() || label.startsWith('^')) continue;
      const at = start + m.index + (full ? m[0].length - 1 - label.length : m[0].indexOf('[') + 1);
      this.undefinedRefs.push({ label, range: this.lines.rangeOf(at, at + label.length) });
    }
  }

  /**
   * A code block: fenced with the first word of its info string `lang` (decoded; null without
   * one), or indented. Kept when its lines may be shell commands (see {@link DocFacts.codeBlocks}).
   */
  code(fenced: boolean, lang: string | null | undefined, range: Range, value: string): void {
    if (!fenced) this.codeBlocks.push({ range, value });
    else if (lang && SHELL_LANGS.has(lang.toLowerCase())) this.codeBlocks.push({ lang, range, value });
  }

  /** A list item; `checked` when it is a task. */
  task(checked: boolean | undefined): void {
    if (typeof checked !== 'boolean') return;
    this.checklist.total++;
    if (checked) this.checklist.done++;
  }

  /**
   * An HTML node with `value` from offset `start` on lines `startLine`–`endLine` (0-based): a
   * region or comment fold, disable comments, anchors.
   */
  html(value: string, start: number, startLine: number, endLine: number): void {
    const region = REGION.exec(value.trim())?.[1];
    if (region === 'region') this.regions.push(startLine);
    else if (region === 'endregion' && this.regions.length)
      this.folds.add(this.regions.pop()!, startLine, 'region');
    else if (value.trimStart().startsWith('<!--')) this.folds.add(startLine, endLine, 'comment');
    this.directives.push(...directivesIn(value, (i) => this.lines.positionAt(start + i).line));
    this.collector.html(value);
  }

  facts(
    frontMatter: FrontMatter | undefined,
    refs: Ref[],
    statusSection: DocFacts['statusSection'],
  ): DocFacts {
    const anchors = [
      ...new Set([...this.headings.map((h) => h.slug), ...this.customIds, ...this.collector.htmlAnchors]),
    ];
    return {
      frontMatter,
      headings: this.headings,
      checklist: this.checklist,
      directives: this.directives,
      fastMode: false,
      refs,
      anchors,
      ...(statusSection ? { statusSection } : {}),
      folds: this.folds.folds,
      // In document order of where each starts (a link holding an image reference first).
      links: this.links.sort(
        (a, b) =>
          a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      ),
      definitions: this.definitions,
      undefinedRefs: this.undefinedRefs,
      codeBlocks: this.codeBlocks,
    };
  }
}

/**
 * `[text][label]` or `[label][]` in text, not escaped, not after another `]` or a word (`x["a"]["b"]`
 * is code), with no markup inside: group 1 the text, group 2 the label (empty when collapsed).
 */
const UNDEFINED_REF = /(?<![\\\]\w])!?\[((?:\\.|[^[\]\\])+)\]\[((?:\\.|[^[\]\\])*)\](?![[(:])/g;

/** A character escape or reference of a Markdown string (micromark-util-decode-string's). */
const ESCAPE_OR_REFERENCE = /\\([!-/:-@[-`{-~])|&(#(?:\d{1,7}|x[\da-f]{1,6})|[\da-z]{1,31});/gi;

/** The character a reference names (`amp`, `#35`, `#x23`), or undefined for an unknown name. */
function decodeReference(ref: string): string | undefined {
  if (ref[0] !== '#') return decodeNamedCharacterReference(ref) || undefined;
  const hex = ref[1] === 'x' || ref[1] === 'X';
  return decodeNumericCharacterReference(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
}

/** A Markdown string (a fenced code block's info) with its escapes and character references decoded. */
function decodeString(value: string): string {
  return value.replace(
    ESCAPE_OR_REFERENCE,
    (all, escaped: string | undefined, ref: string) => escaped ?? decodeReference(ref) ?? all,
  );
}

/** Token types whose text is the value of a text node (mdast-util-from-markdown's `onenterdata`). */
const DATA_ENTER = new Set([
  'data',
  'autolinkProtocol',
  'autolinkEmail',
  'characterEscape',
  'characterReference',
  'codeTextData',
  'htmlFlowData',
  'htmlTextData',
]);
const DATA_EXIT = new Set([
  'data',
  'autolinkProtocol',
  'autolinkEmail',
  'characterEscapeValue',
  'codeTextData',
  'htmlFlowData',
  'htmlTextData',
]);
/** Tokens that do not end a list item's content (mdast-util-from-markdown's `prepareList`). */
const ITEM_TAIL = new Set([
  'lineEnding',
  'lineEndingBlank',
  'linePrefix',
  'blockQuotePrefix',
  'blockQuotePrefixWhitespace',
  'blockQuoteMarker',
  'listItemIndent',
]);
/** Tokens whose content makes no node: skipped whole (the string is the node's value, unused here). */
const SKIPPED = new Set([
  'resourceTitleString',
  'definitionTitleString',
  'codeFencedFenceInfo',
  'codeFencedFenceMeta',
  'gfmFootnoteDefinitionLabelString',
  'referenceString',
  'definitionLabelString',
]);
/** Node types in which a line ending is text (mdast-util-from-markdown's `canContainEols`). */
const EOL_NODES = new Set(['emphasis', 'heading', 'paragraph', 'strong', 'delete']);
/** Container tokens and the node they open. */
const CONTAINERS: Record<string, string> = {
  atxHeading: 'heading',
  setextHeading: 'heading',
  paragraph: 'paragraph',
  emphasis: 'emphasis',
  strong: 'strong',
  strikethrough: 'delete',
  blockQuote: 'blockquote',
  listOrdered: 'list',
  listUnordered: 'list',
  table: 'table',
  tableRow: 'tableRow',
  tableHeader: 'tableCell',
  tableData: 'tableCell',
  gfmFootnoteDefinition: 'footnoteDefinition',
  definition: 'definition',
  link: 'link',
  autolink: 'link',
  image: 'image',
};

/** A text node being read: its extent and where its references go. */
interface Text {
  start: number;
  end: number;
  /** Its references' place in document order; undefined when it is not searched (link text). */
  refs: Ref[] | undefined;
  /** The first character is dropped (the space after a task list item's `[x]`). */
  drop: boolean;
}

/** An open node of the tree mdast-util-from-markdown would build, or one of its buffers. */
class Frame {
  children = 0;
  /** Start of the first child and end of the last. */
  firstStart = 0;
  lastEnd = 0;
  /** The last child while it is a text node. */
  text: Text | undefined = undefined;
  /** A buffer whose text is a value (inline code, HTML, a destination): that value. */
  value: string | undefined = undefined;
  /** A link's place among the references: its destination comes before those of its text. */
  refs: Ref[] | undefined = undefined;
  /** Fold slot of a container. */
  fold = -1;
  depth = 0;
  url = '';
  resource = false;
  labelText: Token | undefined = undefined;
  identifier: string | undefined = undefined;
  checked: boolean | undefined = undefined;
  /** A list item has had a paragraph; a paragraph is its item's first. */
  paragraph = false;

  constructor(
    readonly type: string,
    readonly start: Point,
    /** Line endings inside are text. */
    readonly eol: boolean,
  ) {}
}

/**
 * The facts of a text that is parsed in full, read from micromark's events (the parser
 * remark-parse runs, with the same extensions) as mdast-util-from-markdown would build the tree,
 * without building it: what a node holds, where it starts and ends and in which order the tree
 * lists it are those of the tree `syntaxTree` returns, which the differential test
 * (test/unit/eventFacts.test.ts) compares on the real-docs corpus and the CommonMark and GFM
 * spec examples.
 *
 * The parser starts at the body (after the front matter), with its points set there, so offsets
 * are the text's own and every string the facts keep is a slice of `text`, which the document
 * keeps anyway: no copy of the text is made or kept alive.
 */
export function factsFromEvents(
  source: string,
  lines: LineIndex,
  frontMatter: FrontMatter | undefined,
): DocFacts {
  // A leading byte order mark is read as a space: micromark would drop it and count offsets
  // without it (the one case where a copy of the text is parsed).
  const text = frontMatter || source.charCodeAt(0) !== 0xfeff ? source : ' ' + source.slice(1);
  const from = frontMatter?.bodyOffset ?? 0;
  const events = markdownEvents(text, from, lines);
  const parts = new FactsParts(text, lines);
  const { collector, folds, links, definitions } = parts;
  const refSlots: Ref[][] = [];
  const range = (start: Point, end: Point): Range => lines.rangeOf(start.offset, end.offset);
  const refsAt = (): Ref[] => {
    const slot: Ref[] = [];
    refSlots.push(slot);
    return (collector.refs = slot);
  };

  const root = new Frame('root', events[0]?.[1].start ?? { line: 1, column: 1, offset: 0 }, false);
  const stack: Frame[] = [root];
  let top = root;
  /** Inside a link's text (not searched for ids), a table (inline code unescapes `\|`). */
  let inLink = 0;
  let inTable = false;
  /** A token whose content is skipped, until it exits. */
  let skipping: Token | undefined;
  let atHardBreak = false;
  let setextSlurp = false;
  /** The kind of the character reference being read (numeric, hexadecimal; else named). */
  let referenceKind: string | undefined;
  /** The text of the open heading; of the open top-level block after a `## Status` heading. */
  let headingText: string | undefined;
  let statusText: string | undefined;
  /** A top-level `## Status` heading was read, and no heading or non-empty block since. */
  let statusArmed = false;
  let status: DocFacts['statusSection'];
  /** Where the line endings after the last content began: where a list item ends. */
  let tailStart: Point | undefined;
  /** The code block being read (skipped otherwise): its info string's first word and its content. */
  let code: { lang?: string; value: string } | undefined;

  const tabs = text.includes('\t');
  const serialize = (token: Token, context: TokenizeContext): string => {
    const { offset: s } = token.start;
    const e = token.end.offset;
    // Tabs may stand for spaces the token starts inside: micromark's own serialization then.
    if (tabs)
      for (let i = s > 0 ? s - 1 : s; i < e; i++)
        if (text.charCodeAt(i) === 9) return context.sliceSerialize(token);
    return text.slice(s, e);
  };

  const appendValue = (value: string) => {
    if (top.value !== undefined) {
      top.value += value;
      return;
    }
    const t = top.text!;
    if (t.drop) {
      t.drop = false;
      value = value.slice(1);
    }
    if (headingText !== undefined) headingText += value;
    if (statusText !== undefined) statusText += value;
  };

  const closeText = (f: Frame) => {
    const t = f.text;
    if (!t) return;
    f.text = undefined;
    if (t.refs && t.end > t.start) {
      collector.refs = t.refs;
      collector.textNode({ start: t.start, end: t.end });
      parts.text(t.start, t.end);
    }
  };

  const addChild = (start: number) => {
    closeText(top);
    if (++top.children === 1) top.firstStart = start;
  };

  const enterData = (token: Token) => {
    if (top.value !== undefined || top.text) return;
    addChild(token.start.offset);
    const firstOfChecked =
      top.type === 'paragraph' &&
      top.paragraph &&
      top.children === 1 &&
      typeof stack[stack.length - 2]?.checked === 'boolean';
    top.text = {
      start: token.start.offset,
      end: token.start.offset,
      refs: inLink ? undefined : refsAt(),
      drop: firstOfChecked,
    };
  };

  /** The end of a token of text: its text is read only where it is kept (most prose is not). */
  const exitData = (token: Token, context: TokenizeContext) => {
    if (top.value !== undefined || headingText !== undefined || statusText !== undefined)
      appendValue(serialize(token, context));
    else top.text!.drop = false;
    if (top.value === undefined) top.text!.end = top.lastEnd = token.end.offset;
  };

  const open = (type: string, token: Token, eol = EOL_NODES.has(type)): Frame => {
    addChild(token.start.offset);
    const f = new Frame(type, token.start, eol);
    if (top === root && statusArmed && type !== 'heading') statusText = '';
    stack.push(f);
    top = f;
    return f;
  };

  const close = (end: Point): Frame => {
    const f = top;
    closeText(f);
    stack.pop();
    top = stack[stack.length - 1];
    top.lastEnd = end.offset;
    if (top === root && statusText !== undefined) {
      const text = statusText.trim();
      statusText = undefined;
      if (text && f.type !== 'heading') {
        status = { text, range: range(f.start, end) };
        statusArmed = false;
      }
    }
    return f;
  };

  const closeItem = (end: Point) => {
    const item = close(end);
    folds.add(item.start.line - 1, end.line - 1, undefined, item.fold);
    parts.task(item.checked);
  };

  for (let i = 0; i < events.length; i++) {
    // Indexed, not destructured: a destructuring loop allocates an iterator result an event.
    const event = events[i];
    const kind = event[0];
    const token = event[1];
    const context = event[2];
    const type = token.type;
    const itemEnd = tailStart;
    if (type === 'lineEnding' || type === 'lineEndingBlank') {
      if (kind === 'enter') tailStart ??= token.start;
    } else if (!ITEM_TAIL.has(type)) tailStart = undefined;

    if (skipping) {
      if (code && kind === 'exit' && token !== skipping) {
        if (type === 'codeFencedFenceInfo') code.lang = decodeString(context.sliceSerialize(token));
        else if (type === 'codeFlowValue') code.value += serialize(token, context);
        // A line ending's token runs on over the next line's container prefix (`> `), not its chunks.
        else if (type === 'lineEnding') code.value += lineEndingAt(text, token.start.offset);
      } else if (kind === 'exit' && token === skipping) {
        skipping = undefined;
        if (type === 'referenceString' || type === 'definitionLabelString')
          top.identifier = normalizeIdentifier(context.sliceSerialize(token)).toLowerCase();
        else if (type === 'codeFenced' || type === 'codeIndented') {
          folds.add(token.start.line - 1, token.end.line - 1);
          // As mdast-util-from-markdown trims it: the line endings after the opening fence and last line.
          const fenced = type === 'codeFenced';
          const value = code!.value.replace(fenced ? /^(\r?\n|\r)|(\r?\n|\r)$/g : /(\r?\n|\r)$/g, '');
          parts.code(fenced, code!.lang, range(token.start, token.end), value);
          code = undefined;
        } else if (type === 'gfmFootnoteCall') top.lastEnd = token.end.offset;
      }
      continue;
    }

    if (kind === 'enter') {
      if (DATA_ENTER.has(type)) {
        enterData(token);
        continue;
      }
      const container = CONTAINERS[type];
      if (container) {
        if (top === root && container === 'heading') {
          statusArmed = false;
          headingText = '';
        } else if (container === 'heading') headingText = '';
        const f = open(container, token);
        if (container === 'paragraph' && stack[stack.length - 2].type === 'listItem') {
          const item = stack[stack.length - 2];
          f.paragraph = !item.paragraph;
          item.paragraph = true;
        } else if (container === 'blockquote' || container === 'table') f.fold = folds.reserve();
        if (container === 'table') inTable = true;
        else if (container === 'link') {
          inLink++;
          f.refs = refsAt();
        }
        continue;
      }
      switch (type) {
        case 'listItemPrefix':
          if (top.type === 'listItem') closeItem(itemEnd ?? token.end);
          open('listItem', token).fold = folds.reserve();
          break;
        case 'label':
          if (top.type === 'image') {
            top.labelText = token; // `![alt]`: the label of a collapsed or shortcut reference
            skipping = token;
          } else open('fragment', token, true);
          break;
        case 'labelText':
          stack[stack.length - 2].labelText = token;
          break;
        case 'resource':
          top.resource = true;
          break;
        case 'resourceDestinationString':
        case 'definitionDestinationString': {
          const f = new Frame('fragment', token.start, true);
          f.value = '';
          stack.push(f);
          top = f;
          break;
        }
        case 'codeText':
        case 'htmlFlow':
        case 'htmlText':
          open(type, token, true).value = '';
          break;
        case 'codeFenced':
        case 'codeIndented':
          code = { value: '' };
          addChild(token.start.offset);
          skipping = token;
          break;
        case 'gfmFootnoteCall':
          addChild(token.start.offset);
          skipping = token;
          break;
        case 'hardBreakEscape':
        case 'hardBreakTrailing':
          addChild(token.start.offset);
          break;
        default:
          if (SKIPPED.has(type)) skipping = token;
      }
      continue;
    }

    // exit
    if (DATA_EXIT.has(type)) {
      exitData(token, context);
      continue;
    }
    switch (type) {
      case 'lineEnding':
        // The line ending after a hard break belongs to the break.
        if (atHardBreak) atHardBreak = false;
        else if (!setextSlurp && top.eol) {
          enterData(token);
          exitData(token, context);
        }
        break;
      case 'characterReferenceMarkerNumeric':
      case 'characterReferenceMarkerHexadecimal':
        referenceKind = type;
        break;
      case 'characterReferenceValue': {
        // A known reference (micromark makes no token of an unknown name).
        const marker = referenceKind === 'characterReferenceMarkerNumeric' ? '#' : referenceKind ? '#x' : '';
        appendValue(decodeReference(marker + context.sliceSerialize(token)) ?? '');
        referenceKind = undefined;
        break;
      }
      case 'characterReference':
        if (top.value === undefined) top.text!.end = top.lastEnd = token.end.offset;
        break;
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        atHardBreak = true;
        break;
      case 'atxHeadingSequence':
        if (!top.depth) top.depth = token.end.offset - token.start.offset;
        break;
      case 'setextHeadingText':
        setextSlurp = true;
        break;
      case 'setextHeadingLineSequence':
        top.depth = text[token.start.offset] === '=' ? 1 : 2;
        break;
      case 'taskListCheckValueChecked':
      case 'taskListCheckValueUnchecked':
        stack[stack.length - 2].checked = type === 'taskListCheckValueChecked';
        break;
      case 'atxHeading':
      case 'setextHeading': {
        setextSlurp = false;
        const atRoot = stack[stack.length - 2] === root;
        const h = close(token.end);
        const r = range(h.start, token.end);
        const contentRange = h.children
          ? lines.rangeOf(h.firstStart, h.lastEnd)
          : { start: r.end, end: r.end };
        const text = parts.heading(headingText!, h.depth, r, contentRange);
        headingText = undefined;
        if (atRoot && !status && STATUS_HEADING.test(text)) statusArmed = true;
        break;
      }
      case 'label': {
        const label = close(token.end);
        top.children = label.children;
        top.firstStart = label.firstStart;
        top.lastEnd = label.lastEnd;
        break;
      }
      case 'resourceDestinationString':
      case 'definitionDestinationString': {
        const f = top;
        stack.pop();
        top = stack[stack.length - 1];
        top.url = f.value!;
        break;
      }
      case 'link':
      case 'autolink': {
        const children = top.children;
        const lastEnd = children ? top.lastEnd : undefined;
        const onlyChild = children === 1 ? { start: top.firstStart, end: top.lastEnd } : undefined;
        const l = close(token.end);
        inLink--;
        const r = range(l.start, token.end);
        if (type === 'autolink' || l.resource) {
          links.push({ range: r });
          collector.refs = l.refs!;
          if (type === 'link')
            collector.linkOrDefinition(
              'link',
              { start: l.start.offset, end: token.end.offset },
              l.url,
              lastEnd,
              onlyChild,
            );
        } else
          links.push({
            range: r,
            label:
              l.identifier ??
              (l.labelText
                ? normalizeIdentifier(
                    text.slice(l.labelText.start.offset, l.labelText.end.offset),
                  ).toLowerCase()
                : ''),
          });
        break;
      }
      case 'image': {
        const img = close(token.end);
        if (img.resource) {
          refsAt();
          collector.linkOrDefinition('image', { start: img.start.offset, end: token.end.offset }, img.url);
        } else {
          const alt =
            img.labelText && text.slice(img.labelText.start.offset + 2, img.labelText.end.offset - 1);
          const label = img.identifier ?? normalizeIdentifier(alt ?? '').toLowerCase();
          links.push({ range: range(img.start, token.end), label });
        }
        break;
      }
      case 'definition': {
        const d = close(token.end);
        definitions.push({ label: d.identifier!, range: range(d.start, token.end) });
        refsAt();
        collector.linkOrDefinition('definition', { start: d.start.offset, end: token.end.offset }, d.url);
        break;
      }
      case 'codeText': {
        const c = close(token.end);
        const value = inTable
          ? c.value!.replace(/\\([\\|])/g, (m, x: string) => (x === '|' ? x : m))
          : c.value!;
        if (headingText !== undefined) headingText += value;
        if (statusText !== undefined) statusText += value;
        refsAt();
        collector.inlineCode({ start: c.start.offset, end: token.end.offset }, value);
        break;
      }
      case 'htmlFlow':
      case 'htmlText': {
        const h = close(token.end);
        parts.html(h.value!, h.start.offset, h.start.line - 1, token.end.line - 1);
        refsAt();
        collector.htmlLinks({ start: h.start.offset, end: token.end.offset });
        break;
      }
      case 'listOrdered':
      case 'listUnordered':
        if (top.type === 'listItem') closeItem(itemEnd ?? token.end);
        close(token.end);
        break;
      case 'blockQuote':
      case 'table': {
        const f = close(token.end);
        folds.add(f.start.line - 1, token.end.line - 1, undefined, f.fold);
        if (type === 'table') inTable = false;
        break;
      }
      default:
        if (CONTAINERS[type]) close(token.end);
    }
  }

  return parts.facts(frontMatter, refSlots.flat(), status);
}

/** The line ending of `text` at `offset` (CRLF, LF or CR). */
function lineEndingAt(text: string, offset: number): string {
  if (text.charCodeAt(offset) !== 13) return '\n';
  return text.charCodeAt(offset + 1) === 10 ? '\r\n' : '\r';
}
