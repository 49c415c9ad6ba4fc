import matter from 'gray-matter';
import { parseDocument, type Document } from 'yaml';

/**
 * The one place OpsDocs calls gray-matter, the front-matter reader it uses for the delimiters.
 * Everything gray-matter does that OpsDocs must not, or does differently, is handled here:
 *
 * - it evaluates `---js` / `---coffee` front matter: only a bare `---` opening line reaches it,
 *   and every engine it knows other than YAML throws instead of running anything;
 * - it knows `\n` line breaks only: a bare CR (old Mac files) ends no line for it, so `---\r…\r---\r`
 *   would not be front matter, and a language name after `---` would be read up to the first `\n`
 *   (`---\rjs\n…` would name `js`). It is given the text with every bare CR turned into `\n`
 *   (one character for one, so every offset stays), as the line index reads it: `---\rjs` is an
 *   opening `---` line and a YAML line `js`, and gray-matter never sees a language after `---`;
 * - it ends the block before `\n---`, which leaves the `\r` of a CRLF file in the YAML;
 * - it does not call the engine for an empty block (`---` straight after `---`).
 */

/** A front-matter block delimited by gray-matter and parsed by `yaml`. */
export type MatterBlock =
  | {
      closed: true;
      /** The YAML between the delimiters, parsed (positions index {@link source}). */
      doc: Document;
      /** The text between the delimiters as gray-matter cut it (may end with the `\r` of a CRLF file). */
      source: string;
      /** Offset in the whole text where {@link source} starts: right after the opening `---`. */
      offset: number;
      /**
       * Where (an offset in {@link source}) the YAML nests deeper than {@link MAX_YAML_DEPTH}: it
       * was not parsed ({@link doc} is empty).
       */
      tooDeep?: number;
    }
  | {
      /** No `---` line closes the block. */
      closed: false;
    };

// A bare `---` opening line, tested on the text whose bare CRs are `\n` (see {@link lfOnly}).
const FENCE = /^\uFEFF?---[ \t]*(\r?\n|$)/;

/**
 * The text with each CR that is not followed by LF turned into LF: same length, same offsets, the
 * same lines as the line index counts them, and only line breaks gray-matter knows.
 */
const lfOnly = (text: string): string => (text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text);

const refuse = (): never => {
  throw new Error('front matter in a programming language is never run');
};

/** Parses YAML as front matter is read: duplicate keys are errors. */
export const parseYaml = (src: string): Document =>
  parseDocument(src, { uniqueKeys: true, prettyErrors: false });

/**
 * gray-matter merges the engines given with its own (`yaml`, `json`, `javascript`, which evals),
 * and looks a language up by its name and then its alias: every name it knows is replaced here, so
 * none of its own engines can run even if a language name got past {@link FENCE}.
 */
const BLOCKED = ['json', 'js', 'javascript', 'coffee', 'coffeescript', 'cson', 'yml'];

/**
 * Splits the front matter off `original` and parses it as YAML. Returns undefined when the document
 * does not start with a bare `---` line (none, or one naming a language), or when gray-matter fails.
 * Line breaks may be LF, CRLF or CR alone; the block's {@link MatterBlock} source has LF for a bare CR.
 */
export function readMatterBlock(original: string): MatterBlock | undefined {
  if (!original.startsWith('---') && !original.startsWith('\uFEFF---')) return undefined;
  const text = lfOnly(original);
  if (!FENCE.test(text)) return undefined;
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let doc: Document | undefined;
  let tooDeep: number | undefined;
  let source: string;
  try {
    source = matter(text, {
      language: 'yaml',
      engines: {
        ...Object.fromEntries(BLOCKED.map((l) => [l, refuse])),
        yaml: (src: string) => {
          tooDeep = deepAt(src);
          // gray-matter ends the matter before "\n---", which leaves the "\r" of a CRLF file.
          doc = parseYaml(tooDeep !== undefined ? '' : src.endsWith('\r') ? src.slice(0, -1) : src);
          return {};
        },
      },
    }).matter;
  } catch {
    return undefined;
  }
  // gray-matter hands the engine the text between the delimiters; it starts right after `---`.
  const offset = bom + 3;
  const closeStart = offset + source.length;
  if (closeStart >= text.length || !/^\r?\n?---/.test(text.slice(closeStart, closeStart + 6)))
    return { closed: false };
  // gray-matter does not call the engine for an empty block (`---` straight after `---`).
  return {
    closed: true,
    doc: doc ?? parseYaml(''),
    source,
    offset,
    ...(tooDeep !== undefined && { tooDeep }),
  };
}

/**
 * Front matter nesting deeper than this is not parsed: `yaml`'s parser and every walk of the data
 * recurse once per level (2,000 nested flow mappings, 10 KB, ran a parser thread to its 30 s
 * budget). Real front matter nests a few levels.
 */
export const MAX_YAML_DEPTH = 100;

/**
 * Where YAML source nests deeper than {@link MAX_YAML_DEPTH}, by an upper bound read in one pass:
 * flow brackets open outside quotes and comments, plus the block levels (indentation steps and
 * `- ` items started on one line) of the line they are on; undefined when it does not.
 */
function deepAt(src: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let at = 0;
  for (const line of src.split('\n')) {
    const indent = /^[ \t]*/.exec(line)![0].length;
    if (flow === 0 && line.trim() && !line.trimStart().startsWith('#')) {
      while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    const dashes = /^(?:[ \t]*-[ \t]+)*/.exec(line)![0].split('-').length - 1;
    let quote = '';
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = '';
        continue;
      }
      if (c === '"' || c === "'") quote = c;
      else if (c === '#' && /\s/.test(line[i - 1] ?? ' ')) break;
      else if (c === '{' || c === '[') flow++;
      else if ((c === '}' || c === ']') && flow > 0) flow--;
      if (indents.length + dashes + flow > MAX_YAML_DEPTH) return at + i;
    }
    if (indents.length + dashes > MAX_YAML_DEPTH) return at + indent;
    at += line.length + 1;
  }
  return undefined;
}
