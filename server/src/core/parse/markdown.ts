import type { Range } from '../types.js';
import { LineIndex } from './lines.js';
import { readFrontMatter, type FrontMatter } from './frontMatter.js';
import GithubSlugger from 'github-slugger';
import type { Ref } from './refs.js';
import { directivesIn, factsFromEvents } from './eventFacts.js';
import { HeldHeading, HeldRef } from './held.js';

/** A heading of a document. */
export interface Heading {
  text: string;
  depth: number;
  range: Range;
  /** GitHub's anchor for it (duplicates get `-1`, `-2`, …). */
  slug: string;
  /** The heading's content as written (after the `#`s), which a rename replaces. */
  contentRange: Range;
}

/** An `<!-- opsdocs-… -->` comment that turns rules off or on. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line';
  /** Rule ids; empty means every rule. */
  rules: string[];
  line: number;
}

/**
 * What the index keeps of a Markdown text, as plain data: the costly part of reading a document
 * (the Markdown parse), which a cache stores by content hash and a worker thread sends back.
 * It depends on the text alone, not on the file's name or kind.
 */
export interface DocFacts {
  frontMatter?: FrontMatter;
  headings: Heading[];
  checklist: { total: number; done: number };
  directives: Directive[];
  /**
   * Why the file was scanned line by line instead of parsed: too large, containers (quotes,
   * lists) nested deeper than any document needs, on which the parser's cost explodes, or more
   * markup than the parser's budget ({@link parseCost} over {@link MAX_PARSE_COST}).
   */
  fastMode:
    | false
    | { reason: 'large' }
    | { reason: 'nesting'; line: number; depth: number }
    | { reason: 'brackets'; count: number }
    | { reason: 'cost'; cost: number }
    /** A parser thread went over its time (ms) or memory (MB) budget on it; never cached. */
    | { reason: 'budget'; exceeded: 'time' | 'memory'; limit: number };
  /** References in the body (front-matter ones are added by the index, which knows the kind). */
  refs: Ref[];
  /** Anchors a link can land on: heading slugs and HTML `name`/`id` anchors. */
  anchors: string[];
  /** The first paragraph under a `## Status` heading (where Nygard ADRs write their status). */
  statusSection?: { text: string; range: Range };
  /**
   * Blocks of more than one line that fold (0-based lines, both included): code, tables, list
   * items, block quotes, HTML comments (`comment`), `<!-- #region -->` … `<!-- #endregion -->`
   * pairs (`region`). None in fast mode.
   */
  folds: Fold[];
  /**
   * Every link by its whole extent, for a cursor on its text: `label` (as CommonMark matches
   * labels) for a reference-style link (`[text][label]`, `[label][]`, `[label]`); an inline link's
   * destination is the `link` reference starting inside it. None in fast mode.
   */
  links: { range: Range; label?: string }[];
  /** Link reference definitions (`[label]: dest`), their whole extent, in document order. */
  definitions: { label: string; range: Range }[];
  /**
   * Full and collapsed reference links whose label no definition has (`[text][label]`, `[label][]`),
   * which CommonMark leaves as text: the label as written and its range. Shortcut `[label]` is
   * left out (it is also how prose writes `[WIP]`), and so is a link whose text holds markup. None
   * in fast mode.
   */
  undefinedRefs: { label: string; range: Range }[];
  /**
   * Code blocks whose lines may be shell commands, in document order: fenced blocks whose language
   * is a shell's ({@link SHELL_LANGS}; `lang` as written) and indented blocks (no `lang`). `value`
   * is the content as CommonMark reads it (container markers and the block's indentation removed),
   * `range` the whole block. None in fast mode.
   */
  codeBlocks: CodeBlock[];
}

/** A code block of {@link DocFacts.codeBlocks}. */
export interface CodeBlock {
  lang?: string;
  range: Range;
  value: string;
}

/** Languages of fenced blocks whose lines are shell commands (`console`: with `$ ` prompts and output). */
export const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'zsh']);

/** A foldable run of lines (both included), as LSP's `FoldingRange`. */
export interface Fold {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'region';
}

/** A Markdown file read once: its text, line index and {@link DocFacts}. */
export interface ParsedDoc extends Omit<DocFacts, 'anchors'> {
  file: string;
  text: string;
  lines: LineIndex;
  anchors: Set<string>;
}

/** Bumped whenever {@link DocFacts} or the way they are read changes: it keys cached facts. */
export const FACTS_VERSION = 21;

/** Builds the document from its text and facts (read now, cached, or sent by a worker). */
export function parseMarkdown(file: string, text: string, facts?: DocFacts): ParsedDoc {
  const lines = new LineIndex(text);
  const f = facts ?? extractFacts(text, lines);
  return {
    file,
    text,
    lines,
    ...f,
    headings: f.headings.map((h) => new HeldHeading(lines, h)),
    refs: f.refs.map((r) => new HeldRef(lines, r)),
    anchors: new Set(f.anchors),
  };
}

/**
 * Above this size a file is read in fast mode: front matter, headings, checklists and disable
 * comments by a line scanner instead of the full Markdown parser, whose cost grows faster than
 * the text on huge paragraphs (a 5 MB paragraph took minutes).
 */
export const FULL_PARSE_LIMIT = 1024 * 1024;

/**
 * The text of heading content written as Markdown (`Use **MFA**` → `Use MFA`): what its anchor is made of.
 */
export function headingText(content: string): string {
  const heading = `# ${content}`;
  return factsFromEvents(heading, new LineIndex(heading), undefined).headings[0]?.text ?? content;
}

/**
 * The text the Markdown parser reads: the front matter blanked out (keeping line breaks) so mdast
 * offsets are document offsets. A byte order mark becomes a space too: micromark drops it and
 * would count offsets without it.
 */
export function bodyOf(text: string, frontMatter: FrontMatter | undefined): string {
  return frontMatter
    ? text.slice(0, frontMatter.bodyOffset).replace(/[^\r\n]/g, ' ') + text.slice(frontMatter.bodyOffset)
    : text.replace(/^\uFEFF/, ' ');
}

/**
 * Why `text` is read in fast mode (line by line) instead of parsed, or undefined when it is
 * parsed in full: too large, too deeply nested, too many brackets or over the parse budget.
 */
export function fastModeOf(
  text: string,
  lines = new LineIndex(text),
): Exclude<DocFacts['fastMode'], false> | undefined {
  if (text.length > FULL_PARSE_LIMIT) return { reason: 'large' };
  return deepNesting(lines) ?? manyBrackets(text) ?? costly(text, lines);
}

/**
 * Parses one Markdown text and keeps what checks need. Never throws for any input text; no
 * syntax tree is built (the facts are read from the parser's events).
 */
export function extractFacts(text: string, lines = new LineIndex(text)): DocFacts {
  const frontMatter = readFrontMatter(text, lines);
  const fast = fastModeOf(text, lines);
  if (fast) return scanned(lines, frontMatter, fast);
  return factsFromEvents(text, lines, frontMatter);
}

/** The facts of `text` read in fast mode (line by line), for the reason given. */
export function scanFacts(text: string, fastMode: Exclude<DocFacts['fastMode'], false>): DocFacts {
  const lines = new LineIndex(text);
  return scanned(lines, readFrontMatter(text, lines), fastMode);
}

function scanned(
  lines: LineIndex,
  frontMatter: FrontMatter | undefined,
  fastMode: Exclude<DocFacts['fastMode'], false>,
): DocFacts {
  const found = scanLines(lines, frontMatter ? lines.positionAt(frontMatter.bodyOffset).line : 0);
  const anchors = [...new Set(found.headings.map((h) => h.slug))];
  return {
    frontMatter,
    ...found,
    fastMode,
    refs: [],
    anchors,
    folds: [],
    links: [],
    definitions: [],
    undefinedRefs: [],
    codeBlocks: [],
  };
}

/** Containers nested deeper than this send a file to fast mode (real documents stay under 10). */
export const MAX_NESTING = 32;

/** More `]` than this send a file to fast mode: the parser's link-label search grows with their square. */
export const MAX_BRACKETS = 10_000;

/**
 * The parse budget of one file, in units of {@link parseCost}: about 2.5 times the densest
 * document of the real-docs corpus (25,700), parsed in about a second (docs/performance.md).
 */
export const MAX_PARSE_COST = 64_000;

/**
 * What parsing `text` costs, predicted in one pass: the parser's time and memory grow with the
 * tokens it makes, not the bytes. One unit per ASCII punctuation character (each may open or
 * close a token: a table cell, an emphasis run, a link), four per line (a line ending and the
 * containers and blocks it opens: a list item costs the most), one per 32 bytes of other text.
 */
export function parseCost(text: string): number {
  let punctuation = 0;
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10))
      lines++; // LF, CRLF or CR
    else if ((c > 32 && c < 48) || (c > 57 && c < 65) || (c > 90 && c < 97) || (c > 122 && c < 127))
      punctuation++;
  }
  return punctuation + 4 * lines + Math.ceil(text.length / 32);
}

function costly(text: string, lines: LineIndex): { reason: 'cost'; cost: number } | undefined {
  // The most a text of this length and lines can cost (every character but its line feeds
  // punctuation): its characters are not counted when that is within the budget (most documents).
  const most = text.length + 3 * (lines.lineCount - 1) + Math.ceil(text.length / 32);
  if (most <= MAX_PARSE_COST) return undefined;
  const cost = parseCost(text);
  return cost > MAX_PARSE_COST ? { reason: 'cost', cost } : undefined;
}

function manyBrackets(text: string): { reason: 'brackets'; count: number } | undefined {
  let count = 0;
  for (let i = text.indexOf(']'); i >= 0; i = text.indexOf(']', i + 1)) count++;
  return count > MAX_BRACKETS ? { reason: 'brackets', count } : undefined;
}

/** The first line whose quote/list markers nest deeper than {@link MAX_NESTING}, in one linear pass. */
function deepNesting(lines: LineIndex): { reason: 'nesting'; line: number; depth: number } | undefined {
  const { text } = lines;
  const n = text.length;
  // Every line, however it ends (LF, CRLF or a CR alone: a file of CR-only lines was one line here).
  for (let line = 0; line < lines.lineCount; line++) {
    let i = lines.lineStart(line);
    let depth = 0;
    for (;;) {
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      const c = text[i];
      if (c === '>') {
        depth++;
        i++;
      } else if ((c === '-' || c === '*' || c === '+') && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        depth++;
        i += 2;
      } else {
        let j = i;
        while (j < n && j - i < 9 && text[j] >= '0' && text[j] <= '9') j++;
        if (j > i && (text[j] === '.' || text[j] === ')') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
          depth++;
          i = j + 2;
        } else break;
      }
      if (depth > MAX_NESTING) return { reason: 'nesting', line, depth };
    }
  }
  return undefined;
}

const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const TASK = /^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s/;

/** Fast mode: ATX headings, task items and disable comments outside fenced code, line by line. */
function scanLines(lines: LineIndex, from: number): Pick<ParsedDoc, 'headings' | 'checklist' | 'directives'> {
  const headings: Heading[] = [];
  const directives: Directive[] = [];
  const checklist = { total: 0, done: 0 };
  const slugger = new GithubSlugger();
  let fence: string | undefined;
  for (let line = from; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const f = FENCE_LINE.exec(text);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    const h = ATX.exec(text);
    if (h) {
      const range = lines.lineRange(line);
      const at = h[2] ? text.indexOf(h[2], h[1].length) : range.end.character;
      const contentRange = {
        start: { line, character: at },
        end: { line, character: at + (h[2]?.length ?? 0) },
      };
      headings.push({
        text: (h[2] ?? '').trim(),
        depth: h[1].length,
        range,
        slug: slugger.slug(h[2] ?? ''),
        contentRange,
      });
    }
    const t = TASK.exec(text);
    if (t) {
      checklist.total++;
      if (t[1] !== ' ') checklist.done++;
    }
    if (text.includes('<!--')) directives.push(...directivesIn(text, () => line));
  }
  return { headings, checklist, directives };
}
