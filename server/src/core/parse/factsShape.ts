/**
 * Checks that `value` is `DocFacts` that `extractFacts` could have made of `text`:
 * every field of its type, no other field, each number a whole number in range (positions inside
 * the text, heading depths 1–6, checklist counts), and front-matter data plain YAML values (no
 * cycle, no class instance). Returns why not, or undefined. For facts read from a cache or sent
 * by another thread: one walk over them, linear in their size.
 *
 * It cannot tell facts of another text that fit this one: the cache binds each entry to its text's
 * hash for that.
 */
export function factsProblem(value: unknown, text: string): string | undefined {
  try {
    new Shape(text).facts(value);
    return undefined;
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}

class ShapeError extends Error {}

const BUDGETS = new Set(['time', 'memory']);
const HEADING = new Set(['text', 'depth', 'range', 'slug', 'contentRange']);
const DIRECTIVE = new Set(['kind', 'rules', 'line']);
const DIRECTIVE_KINDS = new Set(['disable', 'enable', 'disable-next-line', 'disable-line']);
const REF = new Set([
  'kind',
  'range',
  'target',
  'fragment',
  'fragmentRange',
  'base',
  'folder',
  'field',
  'textRange',
  'loose',
  'image',
]);
const REF_KINDS = new Set(['link', 'path', 'id', 'script', 'field']);
const REF_BASES = new Set(['file', 'root', 'either', 'site']);
const FACTS = new Set([
  'frontMatter',
  'headings',
  'checklist',
  'directives',
  'fastMode',
  'refs',
  'anchors',
  'statusSection',
  'folds',
  'links',
  'definitions',
  'undefinedRefs',
  'codeBlocks',
]);
const FOLD = new Set(['startLine', 'endLine', 'kind']);
const FOLD_KINDS = new Set(['comment', 'region']);
const FRONT_MATTER = new Set(['data', 'error', 'open', 'close', 'bodyOffset', 'places']);
const RANGE = new Set(['start', 'end']);
const PLACES = new Set(['paths', 'spans']);
const POSITION = new Set(['line', 'character']);

type Obj = Record<string, unknown>;

/** One check of one value; throws a {@link ShapeError} naming the first thing wrong. */
class Shape {
  /** The highest line any position names, compared with the text's lines once at the end. */
  private maxLine = 0;
  /** Plain data objects of the front matter: `true` while being walked (a cycle), `false` once done. */
  private readonly walking = new Map<object, boolean>();

  constructor(private readonly text: string) {}

  facts(v: unknown): void {
    const f = this.object(v, FACTS, 'the facts');
    if (f.frontMatter !== undefined) this.frontMatter(f.frontMatter);
    this.array(f.headings, 'headings').forEach((h, i) => this.heading(h, `headings[${i}]`));
    const c = this.object(f.checklist, new Set(['total', 'done']), 'checklist');
    const total = this.count(c.total, 'checklist.total');
    if (this.count(c.done, 'checklist.done') > total) this.fail('checklist.done is over checklist.total');
    this.array(f.directives, 'directives').forEach((d, i) => this.directive(d, `directives[${i}]`));
    this.fastMode(f.fastMode);
    this.array(f.refs, 'refs').forEach((r, i) => this.ref(r, `refs[${i}]`));
    this.array(f.anchors, 'anchors').forEach((a, i) => this.string(a, `anchors[${i}]`));
    if (f.statusSection !== undefined) {
      const s = this.object(f.statusSection, new Set(['text', 'range']), 'statusSection');
      this.string(s.text, 'statusSection.text');
      this.range(s.range, 'statusSection.range');
    }
    this.array(f.folds, 'folds').forEach((x, i) => {
      const at = `folds[${i}]`;
      const fold = this.object(x, FOLD, at);
      if (this.line(fold.endLine, `${at}.endLine`) <= this.line(fold.startLine, `${at}.startLine`))
        this.fail(`${at} does not end after it starts`);
      if (fold.kind !== undefined) this.oneOf(fold.kind, FOLD_KINDS, `${at}.kind`);
    });
    this.array(f.links, 'links').forEach((x, i) => {
      const l = this.object(x, new Set(['range', 'label']), `links[${i}]`);
      this.range(l.range, `links[${i}].range`);
      if (l.label !== undefined) this.string(l.label, `links[${i}].label`);
    });
    for (const name of ['definitions', 'undefinedRefs'] as const) {
      this.array(f[name], name).forEach((x, i) => {
        const d = this.object(x, new Set(['label', 'range']), `${name}[${i}]`);
        this.string(d.label, `${name}[${i}].label`);
        this.range(d.range, `${name}[${i}].range`);
      });
    }
    this.array(f.codeBlocks, 'codeBlocks').forEach((x, i) => {
      const c = this.object(x, new Set(['lang', 'range', 'value']), `codeBlocks[${i}]`);
      if (c.lang !== undefined) this.string(c.lang, `codeBlocks[${i}].lang`);
      this.range(c.range, `codeBlocks[${i}].range`);
      this.string(c.value, `codeBlocks[${i}].value`);
    });
    if (this.maxLine > 0 && !this.hasLine(this.maxLine))
      this.fail(`line ${this.maxLine} is past the text's end`);
  }

  private frontMatter(v: unknown): void {
    const fm = this.object(v, FRONT_MATTER, 'frontMatter');
    const data = this.object(fm.data, undefined, 'frontMatter.data');
    this.data(data, 'frontMatter.data');
    if (fm.error !== undefined) {
      const e = this.object(fm.error, new Set(['message', 'range']), 'frontMatter.error');
      this.string(e.message, 'frontMatter.error.message');
      this.range(e.range, 'frontMatter.error.range');
    }
    this.range(fm.open, 'frontMatter.open');
    this.range(fm.close, 'frontMatter.close');
    if (this.count(fm.bodyOffset, 'frontMatter.bodyOffset') > this.text.length)
      this.fail('frontMatter.bodyOffset is past the text');
    const places = this.object(fm.places, PLACES, 'frontMatter.places');
    const paths = this.array(places.paths, 'frontMatter.places.paths');
    paths.forEach((p, i) => this.string(p, `frontMatter.places.paths[${i}]`));
    const spans = this.array(places.spans, 'frontMatter.places.spans');
    if (spans.length !== 4 * paths.length) this.fail('frontMatter.places.spans is not four offsets a path');
    for (let i = 0; i < spans.length; i += 2) {
      const at = `frontMatter.places.spans[${i}]`;
      const [s, e] = [spans[i], spans[i + 1]];
      if (i % 4 === 0 && s === -1 && e === -1) continue; // no key
      if (this.count(s, at) > this.count(e, at) || (e as number) > this.text.length)
        this.fail(`${at} is no span of the text`);
    }
  }

  private heading(v: unknown, at: string): void {
    const h = this.object(v, HEADING, at);
    this.string(h.text, `${at}.text`);
    const depth = this.count(h.depth, `${at}.depth`);
    if (depth < 1 || depth > 6) this.fail(`${at}.depth is ${depth}, not 1 to 6`);
    this.range(h.range, `${at}.range`);
    this.string(h.slug, `${at}.slug`);
    this.range(h.contentRange, `${at}.contentRange`);
  }

  private directive(v: unknown, at: string): void {
    const d = this.object(v, DIRECTIVE, at);
    this.oneOf(d.kind, DIRECTIVE_KINDS, `${at}.kind`);
    this.array(d.rules, `${at}.rules`).forEach((r, i) => this.string(r, `${at}.rules[${i}]`));
    this.line(d.line, `${at}.line`);
  }

  private fastMode(v: unknown): void {
    if (v === false) return;
    const kind = this.object(v, undefined, 'fastMode').reason;
    if (kind === 'large') this.object(v, new Set(['reason']), 'fastMode');
    else if (kind === 'nesting') {
      const f = this.object(v, new Set(['reason', 'line', 'depth']), 'fastMode');
      this.line(f.line, 'fastMode.line');
      this.count(f.depth, 'fastMode.depth');
    } else if (kind === 'brackets') {
      this.count(this.object(v, new Set(['reason', 'count']), 'fastMode').count, 'fastMode.count');
    } else if (kind === 'budget') {
      const f = this.object(v, new Set(['reason', 'exceeded', 'limit']), 'fastMode');
      this.oneOf(f.exceeded, BUDGETS, 'fastMode.exceeded');
      this.count(f.limit, 'fastMode.limit');
    } else if (kind === 'cost') {
      this.count(this.object(v, new Set(['reason', 'cost']), 'fastMode').cost, 'fastMode.cost');
    } else this.fail('fastMode is neither false nor a known reason');
  }

  private ref(v: unknown, at: string): void {
    const r = this.object(v, REF, at);
    this.oneOf(r.kind, REF_KINDS, `${at}.kind`);
    this.range(r.range, `${at}.range`);
    this.string(r.target, `${at}.target`);
    if (r.fragment !== undefined) this.string(r.fragment, `${at}.fragment`);
    if (r.fragmentRange !== undefined) this.range(r.fragmentRange, `${at}.fragmentRange`);
    if (r.base !== undefined) this.oneOf(r.base, REF_BASES, `${at}.base`);
    if (r.folder !== undefined && typeof r.folder !== 'boolean') this.fail(`${at}.folder is not a boolean`);
    if (r.field !== undefined) this.string(r.field, `${at}.field`);
    if (r.textRange !== undefined) this.range(r.textRange, `${at}.textRange`);
    if (r.loose !== undefined && typeof r.loose !== 'boolean') this.fail(`${at}.loose is not a boolean`);
    if (r.image !== undefined && typeof r.image !== 'boolean') this.fail(`${at}.image is not a boolean`);
  }

  private range(v: unknown, at: string): void {
    const r = this.object(v, RANGE, at);
    const s = this.position(r.start, `${at}.start`);
    const e = this.position(r.end, `${at}.end`);
    if (e.line < s.line || (e.line === s.line && e.character < s.character))
      this.fail(`${at} ends before it starts`);
  }

  private position(v: unknown, at: string): { line: number; character: number } {
    const p = this.object(v, POSITION, at);
    const line = this.line(p.line, `${at}.line`);
    const character = this.count(p.character, `${at}.character`);
    if (character > this.text.length) this.fail(`${at}.character is past the text`);
    return { line, character };
  }

  private line(v: unknown, at: string): number {
    const line = this.count(v, at);
    if (line > this.maxLine) this.maxLine = line;
    return line;
  }

  /** Front-matter data: what YAML makes (plain objects and arrays, strings, numbers, booleans, null). */
  private data(v: unknown, at: string): void {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return;
    if (typeof v !== 'object') this.fail(`${at} holds a ${typeof v}`);
    const state = this.walking.get(v);
    if (state) this.fail(`${at} contains itself`);
    if (state === false) return; // shared (a YAML alias), checked already
    this.walking.set(v, true);
    if (Array.isArray(v)) {
      this.dense(v, at);
      v.forEach((x, i) => this.data(x, `${at}[${i}]`));
    } else {
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) this.fail(`${at} is not plain data`);
      for (const [k, x] of Object.entries(v)) this.data(x, `${at}.${k}`);
    }
    this.walking.set(v, false);
  }

  /** A plain object with only the `keys` given (any keys when undefined). */
  private object(v: unknown, keys: ReadonlySet<string> | undefined, at: string): Obj {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.fail(`${at} is not an object`);
    if (keys) for (const k in v) if (!keys.has(k)) this.fail(`${at} has an unknown field "${k}"`);
    return v as Obj;
  }

  private array(v: unknown, at: string): unknown[] {
    if (!Array.isArray(v)) this.fail(`${at} is not a list`);
    this.dense(v as unknown[], at);
    return v as unknown[];
  }

  /**
   * A list a parser of this text could make: no longer than four items per character (so a forged
   * length cannot make a walk over it endless) and without holes (which `forEach` would skip).
   */
  private dense(list: unknown[], at: string): void {
    if (list.length > 4 * (this.text.length + 1)) this.fail(`${at} is longer than the text allows`);
    for (let i = 0; i < list.length; i++) if (!(i in list)) this.fail(`${at} has a hole at ${i}`);
  }

  private string(v: unknown, at: string): void {
    if (typeof v !== 'string') this.fail(`${at} is not a string`);
  }

  /** A whole number from 0. */
  private count(v: unknown, at: string): number {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      this.fail(`${at} is not a whole number from 0`);
    return v;
  }

  private oneOf(v: unknown, values: ReadonlySet<string>, at: string): void {
    if (typeof v !== 'string' || !values.has(v)) this.fail(`${at} is not one of ${[...values].join(', ')}`);
  }

  /** True when the text has a line `line` (0-based), counting as the line index does (LF, CRLF, CR). */
  private hasLine(line: number): boolean {
    const t = this.text;
    let n = 0;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) if (++n >= line) return true;
    }
    return false;
  }

  private fail(message: string): never {
    throw new ShapeError(message);
  }
}
