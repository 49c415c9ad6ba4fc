import { isMap, isSeq, isScalar, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Range } from '../types.js';
import { MAX_YAML_DEPTH, readMatterBlock } from './grayMatter.js';
import type { LineIndex } from './lines.js';

/** A YAML problem in the front matter, with its range in the whole document. */
export interface YamlProblem {
  message: string;
  range: Range;
}

/** Where a front-matter entry sits in the document. */
export interface Located {
  /** The key (absent for list items and the root). */
  key?: Range;
  /** The value. */
  value: Range;
}

/** The YAML front matter of a Markdown document. */
export interface FrontMatter {
  /** Parsed data; `{}` when the YAML does not parse or is not a mapping. */
  data: Record<string, unknown>;
  /** Problems that stop the YAML being read (at most one: the first). */
  error?: YamlProblem;
  /** Range of the opening `---` line. */
  open: Range;
  /** Range of the closing `---` line (or of the opening one if unclosed). */
  close: Range;
  /** Offset in the document where the Markdown body starts. */
  bodyOffset: number;
  /** Where each entry is written: read with {@link locateIn}. */
  places: Places;
}

/**
 * Where the entries of front matter are written, in document offsets: entry `i` is `paths[i]`
 * (its segments joined with {@link SEP}; `""` is the whole mapping), its key from `spans[4i]` to
 * `spans[4i + 1]` (both -1 for list items and the root) and its value from `spans[4i + 2]` to
 * `spans[4i + 3]`. Flat, plain data: a parsed document can be cached or sent between threads, and
 * a big workspace's documents held in memory without three objects per range.
 */
export interface Places {
  paths: string[];
  spans: number[];
}

const SEP = '\u001f';

/** The key/value ranges of a JSON-pointer-like path, or of the nearest existing parent. */
export function locateIn(fm: FrontMatter, path: readonly (string | number)[], lines: LineIndex): Located {
  const { paths, spans } = fm.places;
  for (let n = path.length; n >= 0; n--) {
    const i = paths.indexOf(path.slice(0, n).map(String).join(SEP));
    if (i < 0) continue;
    const value = lines.rangeOf(spans[4 * i + 2], spans[4 * i + 3]);
    return spans[4 * i] < 0 ? { value } : { key: lines.rangeOf(spans[4 * i], spans[4 * i + 1]), value };
  }
  return { value: fm.close };
}

/** The range of the first alias inside the node it refers to (`&a [*a]`), if any. */
function circularAlias(d: Document): [number, number, number] | undefined {
  let found: [number, number, number] | undefined;
  visit(d, {
    Alias(_, node, path) {
      const target = node.resolve(d);
      if (target && path.includes(target)) {
        found = node.range ?? undefined;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Reads the front matter of `text` with gray-matter (delimiters) and `yaml` (positions), both
 * through {@link readMatterBlock}.
 * Returns undefined when the document does not start with a `---` line.
 */
export function readFrontMatter(text: string, lines: LineIndex): FrontMatter | undefined {
  const block = readMatterBlock(text);
  if (!block) return undefined;
  const open = lines.lineRange(0);
  const openEnd = lines.offsetAt(open.end);
  if (!block.closed) {
    return {
      data: {},
      error: { message: 'Front matter opened on line 1 is never closed with a `---` line.', range: open },
      open,
      close: open,
      bodyOffset: lines.lineStart(1),
      places: { paths: [''], spans: [-1, -1, 0, openEnd] },
    };
  }
  const { doc: d, source, offset: yamlOffset, tooDeep } = block;
  const closeStart = yamlOffset + source.length;
  // The closing `---` starts after the line break at closeStart (LF, CRLF or a bare CR).
  const closeLine = lines.positionAt(
    closeStart + (text.startsWith('\r\n', closeStart) ? 2 : /[\r\n]/.test(text[closeStart] ?? '') ? 1 : 0),
  ).line;
  const close = lines.lineRange(closeLine);
  const bodyOffset =
    lines.lineStart(closeLine + 1) > lines.lineStart(closeLine)
      ? lines.lineStart(closeLine + 1)
      : text.length;
  const toRange = (r: readonly number[] | undefined | null): Range =>
    r ? lines.rangeOf(yamlOffset + r[0], yamlOffset + r[1]) : open;
  let error: YamlProblem | undefined;
  const firstError = d.errors[0];
  let data: Record<string, unknown> = {};
  let loop: [number, number, number] | undefined;
  if (tooDeep !== undefined) {
    error = {
      message: `YAML nested more than ${MAX_YAML_DEPTH} levels deep is not read.`,
      range: lines.rangeOf(yamlOffset + tooDeep, yamlOffset + tooDeep + 1),
    };
  } else if (firstError) {
    const [s, e] = firstError.pos;
    // A one-character position (e.g. a duplicate key) is widened to the token it starts.
    const token = /^[^\s:,\]}]+/.exec(source.slice(s))?.[0].length ?? 1;
    const end = e - s > 1 ? e : s + Math.max(1, token);
    error = {
      message: `YAML does not parse: ${firstError.message.split('\n')[0]}.`,
      range: lines.rangeOf(yamlOffset + s, yamlOffset + end),
    };
  } else if ((loop = circularAlias(d))) {
    // `&a [*a]` would make the data contain itself: every consumer of it would loop or throw.
    error = {
      message:
        'YAML does not parse: an alias refers to the node that contains it, so the data would contain itself.',
      range: toRange(loop),
    };
  } else {
    let js: unknown;
    try {
      js = d.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // Aliases that expand past 100 nodes (`b: [*a, *a…]` of `a: [*x…]`): a "billion laughs".
      error = {
        message: `YAML does not parse: ${(e as Error).message.split('\n')[0]}.`,
        range: toRange(d.contents?.range),
      };
    }
    const mapping = js === null || js === undefined || (typeof js === 'object' && !Array.isArray(js));
    if (!error && !mapping)
      error = {
        message: 'Front matter must be a YAML mapping of keys to values.',
        range: toRange(d.contents?.range),
      };
    else if (!error && js) data = js as Record<string, unknown>;
  }
  /** Document offsets of a node's range (the opening line's without one). */
  const span = (r: readonly number[] | undefined | null): [number, number] =>
    r ? [yamlOffset + r[0], yamlOffset + r[1]] : [0, openEnd];
  const places: Places = { paths: [], spans: [] };
  const seen = new Set<string>();
  const place = (path: string, key: [number, number], value: [number, number]) => {
    seen.add(path);
    places.paths.push(path);
    places.spans.push(key[0], key[1], value[0], value[1]);
  };
  const none: [number, number] = [-1, -1];
  const rootNode = d.contents;
  const closeSpan: [number, number] = [lines.offsetAt(close.start), lines.offsetAt(close.end)];
  const rootValue = rootNode?.range ? span(rootNode.range) : closeSpan;
  place('', none, rootValue);
  // Every entry's place, walked once (aliases are not followed, so `&a [*a]` ends).
  const walk = (node: unknown, prefix: string, parentValue: [number, number]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const path =
          (prefix ? prefix + SEP : '') + (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
        if (seen.has(path)) continue; // a duplicate key: the first one is the entry
        const key = isScalar(pair.key) ? span(pair.key.range) : none;
        const valueNode = pair.value as YamlNode | null;
        const value = valueNode?.range ? span(valueNode.range) : key !== none ? key : parentValue;
        place(path, key, value);
        walk(valueNode, path, value);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const range = (item as YamlNode | null)?.range;
        if (!range) return;
        const path = (prefix ? prefix + SEP : '') + String(i);
        const value = span(range);
        place(path, none, value);
        walk(item, path, value);
      });
    }
  };
  walk(rootNode, '', rootValue);
  // Copies without the room the lists grew (a third more, kept for every document).
  const exact = { paths: places.paths.slice(), spans: places.spans.slice() };
  return { data, error, open, close, bodyOffset, places: exact };
}
