import type { Range } from '../types.js';
import type { LineIndex } from './lines.js';

/** How a reference names its target. */
export type RefKind = 'link' | 'path' | 'id' | 'script' | 'make' | 'field';

/**
 * One reference from a document to a document, heading, id, npm script or make target. `range` covers the
 * target text as written (what a rename replaces), not the whole link.
 */
export interface Ref {
  kind: RefKind;
  range: Range;
  /** A path (decoded, without fragment), an id as written, an npm script or a make target. */
  target: string;
  /** A heading anchor (`#…`) of a link; with an empty target it is in the same document. */
  fragment?: string;
  /** Range of the fragment text after `#`. */
  fragmentRange?: Range;
  /** Paths: relative to the document (`file`), to the repository root (`root`), or either. */
  base?: 'file' | 'root' | 'either' | 'site';
  /** A path written with a trailing `/`: a folder. */
  folder?: boolean;
  /** For `field` references: the front-matter field. */
  field?: string;
  /** Links whose whole text is an id (`[ADR-001](…)`): its range, so an id rename renames the text too. */
  textRange?: Range;
  /**
   * An id written another way in prose (`ADR 43`, `adr-043`; `target` is `ADR-43`): a reference
   * when a document has that id, never reported as unknown ("RFC 2119" names no document here).
   */
  loose?: boolean;
  /** An image (`![alt](x.png)`): its missing file is `links/missing-image`. */
  image?: boolean;
  /**
   * Read from a shell command in a code block (see parse/commands.ts): a file it runs, an npm
   * script or a make target. `loose` there: a name the tool may also find elsewhere (a package
   * binary, a built-in make rule), never reported missing.
   */
  command?: boolean;
  /**
   * A command's working folder (repository-relative, `''` the root): where a run path is resolved,
   * and, when a `cd` or `make -C` set it, where a script's package.json or a target's Makefile is.
   */
  dir?: string;
}

/**
 * Something that looks like an id (`ADR-003`, `TASK-42`); which prefixes are ids is decided later.
 * A match never starts right after a word that could begin one (`A-` in `A-A-A-…`): each start
 * would scan the rest of the chain again, quadratic on a long one. After a number it may
 * (`TASK-001-TASK-009`, `2024-ADR-7`).
 */
export const ID_CANDIDATE = /(?<!\b[A-Z][A-Z0-9]*-)\b([A-Z][A-Z0-9]*(?:-[A-Z][A-Z0-9]*)*)-(\d+)\b/g;
/** An id written with a space (`ADR 43`) or in lower case (`adr-043`): see {@link Ref.loose}. */
const LOOSE_ID = /\b(?:([A-Z][A-Z0-9]*) |([a-z][a-z0-9]*)-)(\d{1,8})\b(?!-\w)/g;
/** What every match of {@link ID_CANDIDATE} and {@link LOOSE_ID} holds. */
const ID_DIGIT = /[- ]\d/;
/** `npm run` followed by a space; the words after it are read by {@link npmRunWord}. */
const NPM_RUN = /\bnpm\s+run(?:-script)?(?=\s)/g;
/** Flags of `npm run` whose value is the next word (`-w web`). */
const VALUE_FLAGS = new Set(['-w', '--workspace', '--prefix', '--script-shell']);
/** A script name; a trailing `.` or `:` ends the sentence, not the name. */
const SCRIPT_NAME = /^[\w:.@/-]*[\w@/-]/;

/**
 * The first word after `npm run` (whose end is at `from`) that is neither a flag (`-s`,
 * `--workspace=web`) nor a flag's value (`-w web`), with its offset; undefined when the text ends
 * first. Each word is read once.
 */
function npmRunWord(text: string, from: number): { start: number; word: string } | undefined {
  const next = /\s+(\S+)/y;
  next.lastIndex = from;
  let value = false;
  for (let m = next.exec(text); m; m = next.exec(text)) {
    const word = m[1];
    if (value) value = false;
    else if (word.length > 1 && word.startsWith('-')) value = VALUE_FLAGS.has(word);
    else return { start: m.index + m[0].length - word.length, word };
  }
  return undefined;
}

/**
 * The script name being typed at the end of `line` after `npm run` and its flags (`''` after a space), or
 * undefined.
 */
export function npmRunTyped(line: string): string | undefined {
  let last: RegExpMatchArray | undefined;
  for (const m of line.matchAll(NPM_RUN)) last = m;
  if (!last) return undefined;
  const w = npmRunWord(line, (last.index ?? 0) + last[0].length);
  if (!w) return /\s$/.test(line) ? '' : undefined;
  return w.start + w.word.length === line.length && /^[\w:.@/-]*$/.test(w.word) ? w.word : undefined;
}
/** A whole text that is one id in any spelling (`adr-1`). */
const ID_EXACT = new RegExp(`^${ID_CANDIDATE.source}$`, 'i');
/** A whole text that is one id as prose writes it (`ADR-003`). */
const ID_WORD = new RegExp(`^${ID_CANDIDATE.source}$`);
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const TEMPLATE = /\{\{|\{%|<%|\$\{/;
/** A destination that names no repository file: empty, a URL, protocol-relative, a template. */
const notAFile = (url: string) => !url || URL_SCHEME.test(url) || url.startsWith('//') || TEMPLATE.test(url);
/**
 * An `<a>` or `<img>` tag: its name and what follows up to its `>`, quoted values whole (`alt="a > b"`),
 * at most 2,000 parts.
 */
const LINK_TAG = /<(a|img)(?=[\s/>])((?:[^<>"']|"[^"]*"|'[^']*'){0,2000})/gi;
/** An attribute in a tag: its name and its value, double or single quoted, unquoted or none. */
const ATTRIBUTE = /\s([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** HTML comments: whole (`<!-->` and `<!--->` are), or one left open to the end (captured). */
const COMMENT = /<!--(?:-?>|[\s\S]*?-->)|(<!--[\s\S]*$)/g;
/** A character reference other than `&amp;`: `&#35;`, `&#x23;`, `&num;`. */
const OTHER_REFERENCE = /&(?!amp;)(#(?:\d{1,7}|x[\da-f]{1,6})|[\da-z]{1,31});/i;

/** A block whose content is no markup: script, style, textarea. */
const RAW_TEXT = /^\s*<(script|style|textarea)\b/i;
/** The markers all-contributors writes around the table it generates (its links point nowhere). */
const GENERATED = /ALL-CONTRIBUTORS-LIST:(START|END)/g;
/** File endings that make a slash-less inline-code word a path (`deployment.md`). */
const PATH_ENDINGS =
  /\.(md|markdown|sh|bash|ps1|py|js|mjs|cjs|ts|json|ya?ml|toml|tf|hcl|sql|txt|cfg|ini|env|rb|go)$/i;
const PATH_WORD = /^(?:\.{1,2}\/)?[\w@.+-]+(?:\/[\w@.+-]+)*\/?$/;

/** A span of the text: start and end offsets. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Collects references and HTML anchors from the parts of a parsed document, given by their offsets
 * in the text the parser read; each method is called in document order.
 */
export class RefCollector {
  /** Where found references go: a reader may point it at the place of the part it reads next. */
  refs: Ref[] = [];
  /** `<a name="x">` / `id="x"` anchors. */
  readonly htmlAnchors = new Set<string>();
  /** Where a comment left open by the HTML read ends; inside all-contributors' generated table. */
  private commentEnd = 0;
  private generated = false;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private range(start: number, end: number): Range {
    return this.lines.rangeOf(start, end);
  }

  /**
   * An inline link or image (`[text](dest)`) or a definition (`[label]: dest`) spanning `node`,
   * whose parsed destination is `url`: its destination, unless it is a URL, site-absolute or a
   * template. `lastChildEnd` is where the link's text ends (its last child), `onlyChild` its one
   * child when it has one.
   */
  linkOrDefinition(
    type: 'link' | 'image' | 'definition',
    node: Span,
    url: string,
    lastChildEnd?: number,
    onlyChild?: Span,
  ): void {
    if (notAFile(url)) return;
    const src = this.text.slice(node.start, node.end);
    // Find the raw destination: after `](` (inline link) or `]:` (definition).
    let i: number;
    if (type === 'link') {
      const from = lastChildEnd !== undefined ? lastChildEnd - node.start : 1;
      i = src.indexOf('](', from);
      if (i < 0) return; // a reference-style link; its definition is checked
      i += 2;
    } else if (type === 'image') {
      i = src.indexOf('](');
      if (i < 0) return; // a reference-style image; its definition is checked
      i += 2;
    } else {
      i = src.indexOf(']:');
      if (i < 0) return;
      i += 2;
    }
    while (i < src.length && /\s/.test(src[i])) i++;
    const angle = src[i] === '<';
    if (angle) i++;
    let j = i;
    while (
      j < src.length &&
      (angle
        ? src[j] !== '>'
        : !/\s/.test(src[j]) && !(src[j] === ')' && type !== 'definition' && balance(src.slice(i, j)) === 0))
    )
      j++;
    const text = type === 'link' ? onlyChild : undefined;
    this.pushLink(node.start + i, src.slice(i, j), url, type === 'image', text);
  }

  /**
   * A link at offset `start` written `raw`, whose parsed destination is `url`: ranges come from the
   * source as written, values from the parsed URL (escapes resolved). `text`: the link's one child.
   */
  private pushLink(start: number, raw: string, url: string, image: boolean, text?: Span): void {
    const rawHash = fragmentAt(raw);
    const rawPath = (rawHash < 0 ? raw : raw.slice(0, rawHash)).replace(/\?.*$/, '');
    const hash = url.indexOf('#');
    const urlPath = (hash < 0 ? url : url.slice(0, hash)).replace(/\?.*$/, '');
    this.refs.push({
      kind: 'link',
      range: this.range(start, start + rawPath.length),
      target: safeDecode(urlPath),
      fragment: hash < 0 ? undefined : safeDecode(url.slice(hash + 1)),
      fragmentRange: rawHash < 0 ? undefined : this.range(start + rawHash + 1, start + raw.length),
      // Site-absolute links (`/manual/x.html`) resolve only under a configured `siteRoot`.
      base: urlPath.startsWith('/') ? 'site' : 'file',
      folder: urlPath.endsWith('/'),
      ...(image ? { image: true } : {}),
      ...(text && ID_EXACT.test(this.text.slice(text.start, text.end))
        ? { textRange: this.range(text.start, text.end) }
        : {}),
    });
  }

  /**
   * Inline code spanning `node` whose content is `value`: a repository path (first word) or an
   * `npm run` command.
   */
  inlineCode(node: Span, value: string): void {
    const src = this.text.slice(node.start, node.end);
    const valueAt = node.start + Math.max(0, src.indexOf(value));
    if (this.npmRuns(value, valueAt)) return;
    // An id in backticks, as handbooks write them (`ADR-003`): the whole span is the id.
    const id = ID_WORD.exec(value);
    if (id) {
      this.refs.push({ kind: 'id', range: this.range(valueAt, valueAt + id[0].length), target: id[0] });
      return;
    }
    const word = value.trim().split(/\s+/)[0] ?? '';
    if (!word || URL_SCHEME.test(word) || TEMPLATE.test(word) || !PATH_WORD.test(word)) return;
    if (!word.includes('/') && !PATH_ENDINGS.test(word)) return;
    if (/^\.+\/?$/.test(word) || /^\/|\/\//.test(word)) return;
    const start = valueAt + value.indexOf(word);
    this.refs.push({
      kind: 'path',
      range: this.range(start, start + word.length),
      target: word.replace(/\/$/, ''),
      base: 'either',
      folder: word.endsWith('/'),
    });
  }

  /** Prose spanning `node` (a text node outside links): ids and `npm run` mentions. */
  textNode(node: Span): void {
    // Searched as written, so offsets are exact: the source of a wrapped list item or quote holds
    // its indentation and `>` markers, and escapes or entities stay as typed (`\-` is no id).
    const src = this.text.slice(node.start, node.end);
    this.npmRuns(src, node.start);
    // Every id has a digit after a `-` or a space: text without one is not searched.
    if (!ID_DIGIT.test(src)) return;
    for (const m of src.matchAll(ID_CANDIDATE)) {
      const start = node.start + (m.index ?? 0);
      this.refs.push({ kind: 'id', range: this.range(start, start + m[0].length), target: m[0] });
    }
    for (const m of src.matchAll(LOOSE_ID)) {
      const start = node.start + (m.index ?? 0);
      const target = `${(m[1] ?? m[2]).toUpperCase()}-${m[3]}`;
      this.refs.push({ kind: 'id', range: this.range(start, start + m[0].length), target, loose: true });
    }
  }

  /** HTML (its value): anchors (`<a name>`, `id=`). */
  html(value: string): void {
    // `<a id="x">`, `<a name='x'>`, and unquoted as HTML allows: `<a id=note1>`.
    for (const m of value.matchAll(/\s(?:name|id)\s*=\s*(?:"([^"]+)"|'([^']+)'|([^\s"'=<>`]+))/gi))
      this.htmlAnchors.add(m[1] ?? m[2] ?? m[3]);
  }

  /**
   * HTML spanning `node`: the links of `<a href>` and `<img src>` (quoted or not, character
   * references decoded; outside comments, script, style and textarea, and all-contributors'
   * generated table), read
   * in the text as written (a quote's `>` markers and a list item's indentation, which the parser
   * leaves out of the HTML's value, are between lines, not inside a tag on one).
   */
  htmlLinks(node: Span): void {
    const raw = this.text.slice(node.start, node.end);
    let generated = this.generated;
    for (const m of raw.matchAll(GENERATED)) generated = m[1] === 'START';
    const skip = this.generated || generated !== this.generated;
    this.generated = generated;
    // A comment an earlier HTML node left open runs to its `-->`, past blank lines and text.
    const hidden = Math.max(0, Math.min(this.commentEnd, node.end) - node.start);
    if (skip || hidden === raw.length || RAW_TEXT.test(raw)) return;
    const src = ' '.repeat(hidden) + raw.slice(hidden);
    const live = src.replace(COMMENT, (c: string, open: string | undefined, at: number) => {
      if (open) {
        const close = this.text.indexOf('-->', node.start + at + 4);
        this.commentEnd = close < 0 ? this.text.length : close + 3;
      }
      return ' '.repeat(c.length);
    });
    for (const tag of live.matchAll(LINK_TAG)) {
      const want = tag[1].toLowerCase() === 'img' ? 'src' : 'href';
      for (const a of tag[2].matchAll(ATTRIBUTE)) {
        const quoted = a[2] ?? a[3];
        const value = quoted ?? a[4];
        if (a[1].toLowerCase() !== want || value === undefined) continue;
        // `src={logo}`: a JSX expression (MDX, Docusaurus), no path.
        if (quoted === undefined && value.startsWith('{')) break;
        // Where the value starts: the tag, its name, the attribute, up to the closing quote if any.
        const end = node.start + tag.index + 1 + tag[1].length + a.index + a[0].length;
        const start = end - (quoted === undefined ? 0 : 1) - value.length;
        const written = value.trim();
        // `&amp;` (a query string's `&`) is read as `&`. A value with any other reference
        // (`&#35;` for `#`, `&#46;` for `.`) is left alone: its path and anchor as written would not
        // be where the file and heading names are, for the ranges and the edits of a rename.
        const url = written.replace(/&amp;/gi, '&');
        if (!OTHER_REFERENCE.test(written) && !notAFile(url))
          this.pushLink(start + value.indexOf(written), written, url, want === 'src');
        break;
      }
    }
  }

  private npmRuns(value: string, at: number): boolean {
    let found = false;
    if (!value.includes('npm')) return found;
    for (const m of value.matchAll(NPM_RUN)) {
      const w = npmRunWord(value, (m.index ?? 0) + m[0].length);
      const name = w && SCRIPT_NAME.exec(w.word)?.[0];
      if (!w || !name) continue;
      this.refs.push({
        kind: 'script',
        range: this.range(at + w.start, at + w.start + name.length),
        target: name,
      });
      found = true;
    }
    return found;
  }
}

/**
 * Where the fragment of a destination as written starts: its first `#` that is not inside a
 * character reference (`docs/gone&#46;md` has none; in `x\&#35;y` the `&` is escaped), or -1.
 */
function fragmentAt(raw: string): number {
  const escaped = (at: number) => {
    let n = 0;
    while (raw[at - 1 - n] === '\\') n++;
    return n % 2 === 1;
  };
  for (let i = raw.indexOf('#'); i >= 0; i = raw.indexOf('#', i + 1))
    if (raw[i - 1] !== '&' || escaped(i - 1) || !/^#(\d{1,7}|x[\da-f]{1,6});/i.test(raw.slice(i, i + 9)))
      return i;
  return -1;
}

/** Depth of unclosed parentheses (a link destination may hold balanced ones). */
function balance(s: string): number {
  let d = 0;
  for (const c of s) d += c === '(' ? 1 : c === ')' ? -1 : 0;
  return d;
}

/** `decodeURIComponent`, or the text as written when it is not valid percent-encoding (`100%`). */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** References held in front-matter fields: `ids` fields hold ids only; `mixed` ones ids or paths. */
export function fieldRefs(
  data: Record<string, unknown>,
  locate: (path: (string | number)[]) => { value: Range },
  fields: { ids: readonly string[]; mixed: readonly string[] },
): Ref[] {
  const refs: Ref[] = [];
  for (const field of [...fields.ids, ...fields.mixed]) {
    const v = data[field];
    const values = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
    values.forEach((item, i) => {
      if (typeof item !== 'string' || item.trim() === '') return;
      const range = locate(Array.isArray(v) ? [field, i] : [field]).value;
      const value = item.trim();
      // The range of a quoted scalar includes its quotes; aim at the text inside.
      const inner =
        range.end.character - range.start.character === value.length + 2 &&
        range.start.line === range.end.line
          ? {
              start: { line: range.start.line, character: range.start.character + 1 },
              end: { line: range.end.line, character: range.end.character - 1 },
            }
          : range;
      if (fields.ids.includes(field) || ID_EXACT.test(value)) {
        refs.push({ kind: 'field', field, range: inner, target: value });
      } else {
        const hash = value.indexOf('#');
        const ref: Ref = {
          kind: 'field',
          field,
          range: inner,
          target: hash < 0 ? value : value.slice(0, hash),
          fragment: hash < 0 ? undefined : value.slice(hash + 1),
          base: 'either',
        };
        // Written as is on one line: the path and the fragment get their own ranges (a rename
        // replaces one and keeps the other). Otherwise (escapes, folded lines) the whole value.
        const { start, end } = inner;
        if (hash >= 0 && start.line === end.line && end.character - start.character === value.length) {
          const at = (n: number) => ({ line: start.line, character: start.character + n });
          ref.range = { start, end: at(hash) };
          ref.fragmentRange = { start: at(hash + 1), end };
        }
        refs.push(ref);
      }
    });
  }
  return refs;
}
