import { isDeepStrictEqual } from 'node:util';
import {
  CST,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  visit,
  type Document,
  type Node,
  type Scalar,
} from 'yaml';
import type { Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import { parseYaml } from '../parse/grayMatter.js';
import { addEdit, lineBreakOf, type WorkspaceEdits } from './edits.js';

/**
 * Edits of front matter that keep it YAML holding exactly what was meant. Each edit is the text of
 * one value (or one inserted entry), written by the `yaml` library's own scalar writer in the style
 * the value had (plain, single- or double-quoted) when the new value allows it, else quoted for its
 * context (a flow collection reads `,`, `[`, `]`, `{`, `}` as its own); the rest of the front matter
 * is left byte for byte. Before an edit is made, the front matter with it applied is parsed again:
 * it must parse and hold the new value at its place and every other value as it was. An edit that
 * would not is not made (the functions return false), so nothing writes front matter it cannot read.
 */

/** The front matter of a document parsed for editing: offsets index {@link Matter.text}. */
interface Matter {
  /** The document's text. */
  text: string;
  /** Offset in {@link text} where the YAML starts (right after the opening `---`). */
  start: number;
  /** The YAML: from {@link start} to the start of the closing `---` line, bare CRs read as LF. */
  yaml: string;
  doc: Document;
  /** The data the YAML holds. */
  js: unknown;
  /** The line break the file uses. */
  eol: string;
}

const TO_JS = { maxAliasCount: 100 };

/**
 * The last document's front matter: the edits of one document come one after another, and it is
 * parsed once for them (a DocInfo never changes); only one is kept.
 */
let last: { d: DocInfo; m: Matter | undefined } | undefined;

function matterOf(d: DocInfo): Matter | undefined {
  if (last?.d !== d) last = { d, m: readMatter(d) };
  return last.m;
}

function readMatter(d: DocInfo): Matter | undefined {
  const fm = d.parsed.frontMatter;
  if (!fm || fm.error || sameLine(fm.open, fm.close)) return undefined;
  const lines = d.parsed.lines;
  const text = lines.text;
  const start = lines.offsetAt(fm.open.end);
  const yaml = text.slice(start, lines.offsetAt(fm.close.start)).replace(/\r(?!\n)/g, '\n');
  const doc = parseYaml(yaml);
  if (doc.errors.length) return undefined;
  const js = doc.toJS(TO_JS) as unknown;
  if (js !== null && (typeof js !== 'object' || Array.isArray(js))) return undefined;
  return { text, start, yaml, doc, js: js ?? {}, eol: lineBreakOf(text) };
}

const sameLine = (a: Range, b: Range) => a.start.line === b.start.line;

/** A replacement in {@link Matter.yaml}: offsets `from`…`to` (in the YAML) by `text`. */
interface Splice {
  from: number;
  to: number;
  text: string;
}

/**
 * Makes `splices` when the YAML with them applied parses and holds exactly `expected`; returns
 * whether it did.
 */
function commit(w: WorkspaceEdits, d: DocInfo, m: Matter, splices: Splice[], expected: unknown): boolean {
  let yaml = m.yaml;
  for (const s of [...splices].sort((a, b) => b.from - a.from))
    yaml = yaml.slice(0, s.from) + s.text + yaml.slice(s.to);
  const after = parseYaml(yaml.replace(/\r(?!\n)/g, '\n'));
  if (after.errors.length || !isDeepStrictEqual(after.toJS(TO_JS) ?? {}, expected)) return false;
  const lines = d.parsed.lines;
  for (const s of splices)
    addEdit(w, d.file, {
      range: lines.rangeOf(m.start + s.from, m.start + s.to),
      newText: s.text,
    });
  return true;
}

/** Where a value is in a flow collection (`[…]`, `{…}`) or not, and whether it is a key. */
interface Context {
  inFlow: boolean;
  implicitKey?: boolean;
}

/** Whether `text` (one line) reads as the string `value` in `ctx`, alone. */
function readsAs(text: string, value: string, ctx: Context): boolean {
  const probes: [string, unknown][] = ctx.implicitKey
    ? [[ctx.inFlow ? `{${text}: 0}` : `${text}: 0`, { [value]: 0 }]]
    : ctx.inFlow
      ? [
          [`[${text}]`, [value]],
          [`{k: ${text}}`, { k: value }],
        ]
      : [
          [`k: ${text}`, { k: value }],
          [`- ${text}`, [value]],
        ];
  return probes.every(([src, js]) => {
    const d = parseYaml(src);
    return d.errors.length === 0 && isDeepStrictEqual(d.toJS(TO_JS), js);
  });
}

/**
 * The string `value` as a YAML scalar on one line in `ctx`: in the style `prefer` when it reads
 * back as the value there, else double-quoted (the `yaml` library's writer; JSON's as a last resort,
 * whose every escape YAML reads).
 */
export function yamlScalar(value: string, ctx: Context, prefer: Scalar.Type = 'PLAIN'): string {
  const kept = prefer === 'BLOCK_FOLDED' || prefer === 'BLOCK_LITERAL' ? 'PLAIN' : prefer;
  // A move writes one new path into many documents: each way of writing it is worked out once.
  const key = `${kept} ${ctx.inFlow ? 1 : 0}${ctx.implicitKey ? 1 : 0} ${value}`;
  let text = written.get(key);
  if (text === undefined) {
    if (written.size >= 1000) written.clear();
    written.set(key, (text = writeScalar(value, ctx, kept)));
  }
  return text;
}

const written = new Map<string, string>();

function writeScalar(value: string, ctx: Context, kept: Scalar.Type): string {
  for (const type of [kept, 'QUOTE_DOUBLE'] as const) {
    const token = CST.createScalarToken(value, { ...ctx, type, indent: 0, end: [] });
    if (token.type !== 'block-scalar' && !/[\r\n]/.test(token.source) && readsAs(token.source, value, ctx))
      return token.source;
  }
  return JSON.stringify(value);
}

/** A value as YAML text on one line: strings as {@link yamlScalar}, lists in `[…]`, anything else as JSON. */
function yamlValue(value: unknown, ctx: Context): string {
  if (typeof value === 'string') return yamlScalar(value, ctx);
  if (Array.isArray(value)) return `[${value.map((v) => yamlValue(v, { inFlow: true })).join(', ')}]`;
  return JSON.stringify(value);
}

/** A value node of the YAML (not a key) with its path in the data and whether it is in a flow collection. */
interface Place {
  node: Node;
  path: (string | number)[];
  inFlow: boolean;
}

/** The path in the data of `node`, whose ancestors (document first) are `ancestors`; undefined for a key. */
function dataPath(ancestors: readonly unknown[], node: unknown): (string | number)[] | undefined {
  const out: (string | number)[] = [];
  for (let i = 0; i < ancestors.length; i++) {
    const a = ancestors[i];
    const child = ancestors[i + 1] ?? node;
    if (isSeq(a)) out.push(a.items.indexOf(child));
    else if (isPair(a)) {
      if (a.value !== child) return undefined;
      out.push(isScalar(a.key) ? (a.key.value as string) : String(a.key));
    }
  }
  return out;
}

/** The value scalar (not a key) of the YAML whose source contains `offset`. */
function scalarAt(m: Matter, offset: number): Place | undefined {
  let found: Place | undefined;
  visit(m.doc, {
    Scalar(_, node, ancestors) {
      const r = node.range;
      if (!r || offset < r[0] || offset > r[1]) return undefined;
      const path = dataPath(ancestors, node);
      if (!path) return undefined;
      found = { node, path, inFlow: ancestors.some((a) => isCollection(a) && a.flow) };
      return visit.BREAK;
    },
  });
  return found;
}

/** A copy of `data` with `value` at `path`. */
function withValue(data: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(data) ? [...(data as unknown[])] : { ...(data as object) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = withValue(copy[head], rest, value);
  return copy;
}

/**
 * The line break the source at `from`…`to` of the YAML ends with (a block scalar's range runs to
 * the next line), as the file writes it: the YAML parsed has a bare CR read as LF.
 */
const trailingBreak = (m: Matter, from: number, to: number) =>
  /(\r\n|\r|\n)$/.exec(m.text.slice(m.start + from, m.start + to))?.[0] ?? '';

/**
 * Replaces the front-matter text at `range` by `text`, where `range` is a string value as the
 * front matter locates it (with or without its quotes) or a part of one written as is (the path
 * before a `#fragment`): the whole value is written again, so that it reads as the new string.
 * Returns false, and edits nothing, when `range` is no string value of the front matter or the
 * new value cannot be written there.
 */
export function editFrontMatterString(w: WorkspaceEdits, d: DocInfo, range: Range, text: string): boolean {
  const m = matterOf(d);
  if (!m) return false;
  const lines = d.parsed.lines;
  const from = lines.offsetAt(range.start) - m.start;
  const to = lines.offsetAt(range.end) - m.start;
  const place = scalarAt(m, from);
  if (!place || !isScalar(place.node) || typeof place.node.value !== 'string' || !place.node.range)
    return false;
  const node = place.node as Scalar<string>;
  const [start, end] = node.range!;
  const brk = trailingBreak(m, start, end);
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
  const inner = { from: start + quoted, to: end - brk.length - quoted };
  let value: string;
  if ((from === start && to === end) || (from === inner.from && to === inner.to)) value = text;
  else if (
    from >= inner.from &&
    to <= inner.to &&
    m.yaml.slice(inner.from, inner.to) === node.value // written as is: offsets in the source are in the value
  )
    value = node.value.slice(0, from - inner.from) + text + node.value.slice(to - inner.from);
  else return false;
  const written = yamlScalar(value, { inFlow: place.inFlow }, node.type) + brk;
  // Only `range` changes when the rest of the value is written as it was (quotes, a path's #fragment).
  const before = m.yaml.slice(start, from);
  const after = m.yaml.slice(to, end);
  const splice =
    written.length >= before.length + after.length && written.startsWith(before) && written.endsWith(after)
      ? { from, to, text: written.slice(before.length, written.length - after.length) }
      : { from: start, to: end, text: written };
  return commit(w, d, m, [splice], withValue(m.js, place.path, value));
}

/** The top-level mapping of the front matter, undefined for an empty one (null when not a mapping). */
function rootMap(m: Matter) {
  const root = m.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return undefined;
  return isMap(root) ? root : null;
}

/**
 * The splice that adds `key: value` to the front matter's top-level mapping: a line before the
 * closing `---` (at the indent of the mapping's keys, in the file's line breaks), or `, key: value`
 * after the last entry of a flow mapping (`{id: ADR-2}`).
 */
function addPair(m: Matter, key: string, value: unknown): Splice | undefined {
  const map = rootMap(m);
  if (map === null) return undefined;
  if (map?.flow) {
    const ctx = { inFlow: true };
    const pair = `${yamlScalar(key, { ...ctx, implicitKey: true })}: ${yamlValue(value, ctx)}`;
    const last = map.items[map.items.length - 1];
    const lastEnd = (last?.value as Node | null)?.range?.[1] ?? (last?.key as Node | null)?.range?.[1];
    const at = lastEnd ?? (map.range ? map.range[0] + 1 : undefined);
    if (at === undefined) return undefined;
    return { from: at, to: at, text: last ? `, ${pair}` : pair };
  }
  const firstKey = (map?.items[0]?.key as Node | null)?.range?.[0];
  const indent = firstKey === undefined ? '' : /[ \t]*$/.exec(m.yaml.slice(0, firstKey))![0];
  const ctx = { inFlow: false };
  const text = `${indent}${yamlScalar(key, { ...ctx, implicitKey: true })}: ${yamlValue(value, ctx)}${m.eol}`;
  // Before the closing `---` line; after a last line with no break of its own, on a line of its own.
  const end = m.yaml.length;
  const needsBreak = end > 0 && !/[\r\n]$/.test(m.yaml);
  return { from: end, to: end, text: needsBreak ? m.eol + text : text };
}

/** The pair of `key` in the top-level mapping, and its value node. */
function pairOf(m: Matter, key: string) {
  const map = rootMap(m);
  return map?.items.find((p) => isScalar(p.key) && p.key.value === key);
}

/**
 * Sets the top-level front-matter entry `key` to `value` (a string, a list of strings, or another
 * JSON value), in the style its value is written when it was a string, or adds the entry. Returns
 * false, and edits nothing, when the front matter is not a readable mapping or the edit would not
 * read back as `value`.
 */
export function setFrontMatterValue(w: WorkspaceEdits, d: DocInfo, key: string, value: unknown): boolean {
  const m = matterOf(d);
  if (!m) return false;
  const expected = withValue(m.js, [key], value);
  const pair = pairOf(m, key);
  if (!pair) {
    const splice = addPair(m, key, value);
    return !!splice && commit(w, d, m, [splice], expected);
  }
  const map = rootMap(m)!;
  const node = pair.value as Node | null;
  const inFlow = !!map.flow;
  const range = node?.range;
  if (!range || range[0] === range[1]) {
    // `key:` or `key: # note`: the value goes where the node would be, with the spaces YAML needs.
    const at = range?.[0] ?? (pair.key as Node).range![2];
    const space = (c: string | undefined) => (c !== undefined && !/\s/.test(c) ? ' ' : '');
    const text = `${space(m.yaml[at - 1])}${yamlValue(value, { inFlow })}${space(m.yaml[at])}`;
    return commit(w, d, m, [{ from: at, to: at, text }], expected);
  }
  const text =
    typeof value === 'string' && isScalar(node)
      ? yamlScalar(value, { inFlow }, node.type)
      : yamlValue(value, { inFlow });
  const brk = trailingBreak(m, range[0], range[1]);
  return commit(w, d, m, [{ from: range[0], to: range[1], text: text + brk }], expected);
}

/**
 * Adds `item` at the end of the list at the top-level entry `key`: after the last item of a flow
 * list (`[a, b]`), as a new `- item` line after the last item of a block list, as `[value, item]`
 * for a single value, `[item]` for an empty or missing one. Returns false, and edits nothing,
 * when the entry holds a mapping or the edit would not read back as the longer list.
 */
export function addToFrontMatterList(w: WorkspaceEdits, d: DocInfo, key: string, item: string): boolean {
  const m = matterOf(d);
  if (!m) return false;
  const pair = pairOf(m, key);
  const node = pair?.value as Node | null | undefined;
  const data = (m.js as Record<string, unknown>)[key];
  if (!isSeq(node)) {
    if (data === undefined || data === null || data === '') return setFrontMatterValue(w, d, key, [item]);
    if (typeof data === 'string' || typeof data === 'number')
      return setFrontMatterValue(w, d, key, [data, item]);
    return false;
  }
  const expected = withValue(m.js, [key], [...(data as unknown[]), item]);
  const last = node.items[node.items.length - 1] as Node | null | undefined;
  if (node.flow) {
    const text = yamlScalar(item, { inFlow: true });
    const at = last?.range?.[1] ?? (node.range ? node.range[0] + 1 : undefined);
    if (at === undefined) return false;
    return commit(w, d, m, [{ from: at, to: at, text: last ? `, ${text}` : text }], expected);
  }
  // A block list: a line after its last item, with the `-` where the list's are.
  if (!last?.range || !node.range) return false;
  // (The YAML's line breaks all end in LF: a CRLF's CR stays, a bare CR was read as LF.)
  const dash = m.yaml.slice(m.yaml.lastIndexOf('\n', node.range[0] - 1) + 1, node.range[0]);
  const end = last.range[1];
  const nextLine = end > 0 && m.yaml[end - 1] === '\n' ? end : m.yaml.indexOf('\n', end) + 1;
  if (nextLine === 0) return false;
  const text = `${dash}- ${yamlScalar(item, { inFlow: false })}${m.eol}`;
  return commit(w, d, m, [{ from: nextLine, to: nextLine, text }], expected);
}
