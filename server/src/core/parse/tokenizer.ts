// micromark's tokenizer, run with fewer objects made for each construct it tries.
import type {
  Chunk,
  Code,
  Construct,
  ConstructRecord,
  ContainerState,
  Effects,
  Event,
  InitialConstruct,
  ParseContext,
  Point,
  State,
  Token,
  TokenType,
  TokenizeContext,
} from 'micromark-util-types';
import { resolveAll } from 'micromark-util-resolve-all';

/**
 * A tokenizer for `parser` starting with `initialize` at `from`: what micromark's `createTokenizer`
 * (micromark/lib/create-tokenizer.js, 4.0) makes — the same states run in the same order over the
 * same chunks, the same events — with less made along the way. micromark makes about a dozen
 * objects for each construct it tries (its closures, a copy of the point, a copy of the stack of
 * open tokens, a record to restore them): the largest share of what a parse allocates, and of the
 * time spent collecting it. Here a try is one record and the states it hands out, the point is the
 * tokenizer's own fields, and the open tokens a linked list a try keeps by reference. The
 * differential test (test/unit/eventFacts.test.ts) compares the events with micromark's own parse
 * on every spec example, the fixtures and the corpus.
 */
export function createTokenizer(
  parser: ParseContext,
  initialize: InitialConstruct,
  from?: Omit<Point, '_bufferIndex' | '_index'>,
): TokenizeContext {
  return new Tokenizer(parser, initialize, from).context;
}

/** The open tokens, innermost first: never changed, so a try keeps the list it started with. */
interface Open {
  token: Token;
  below: Open | undefined;
}

/** What a try does when its construct succeeds: keep what it read, or go back (check, interrupt). */
const ATTEMPT = 0;
const CHECK = 1;
const INTERRUPT = 2;
type Mode = typeof ATTEMPT | typeof CHECK | typeof INTERRUPT;

/** The effects constructs are given (`consume`, `enter`, `exit`, `attempt`, `check`, `interrupt`). */
class Tokenizer implements Effects {
  // The point: where the next character is (micromark's `point`, a field each).
  _bufferIndex = -1;
  _index = 0;
  line: number;
  column: number;
  offset: number;
  readonly chunks: Chunk[] = [];
  open: Open | undefined = undefined;
  /** Line → the column its content starts at (`defineSkip`). */
  readonly skips: Record<number, number> = {};
  readonly resolvers: { resolveAll?: Construct['resolveAll'] }[] = [];
  readonly context: TokenizeContext;
  private state: State | undefined;

  constructor(
    parser: ParseContext,
    private readonly initialize: InitialConstruct,
    from: Omit<Point, '_bufferIndex' | '_index'> | undefined,
  ) {
    this.line = from?.line || 1;
    this.column = from?.column || 1;
    this.offset = from?.offset || 0;
    this.context = new Context(parser, this);
    this.state = initialize.tokenize.call(this.context, this);
    if (initialize.resolveAll) this.resolvers.push(initialize);
  }

  write(slice: Chunk[]): Event[] {
    // (micromark's `push` takes the slice itself as the first chunks, and copies through `splice`.)
    for (let i = 0; i < slice.length; i++) this.chunks.push(slice[i]);
    this.main();
    if (this.chunks[this.chunks.length - 1] !== null) return [];
    // The end: resolve what the whole stream holds.
    this.addResult(this.initialize, 0);
    const { context } = this;
    context.events = resolveAll(this.resolvers, context.events, context);
    return context.events;
  }

  /** Feeds the state every character from the point on (a state may move the point back). */
  private main(): void {
    while (this._index < this.chunks.length) {
      const chunk = this.chunks[this._index];
      if (typeof chunk === 'string') {
        const at = this._index;
        if (this._bufferIndex < 0) this._bufferIndex = 0;
        while (this._index === at && this._bufferIndex < chunk.length)
          this.state = this.state!(chunk.charCodeAt(this._bufferIndex));
      } else this.state = this.state!(chunk);
    }
  }

  now(): Point {
    const { _bufferIndex, _index, line, column, offset } = this;
    return { _bufferIndex, _index, line, column, offset };
  }

  /** At the start of a line whose content starts further on (a container's prefix), moves there. */
  skip(): void {
    const column = this.skips[this.line]; // (always a number where set: micromark tests `in`)
    if (column !== undefined && this.column < 2) {
      this.column = column;
      this.offset += column - 1;
    }
  }

  consume(code: Code): undefined {
    if (code !== null && code < -2) {
      // A line ending (CRLF −3, LF −4, CR −5).
      this.line++;
      this.column = 1;
      this.offset += code === -3 ? 2 : 1;
      this.skip();
    } else if (code !== -1) {
      // Anything but a virtual space (the end, too, as micromark counts it).
      this.column++;
      this.offset++;
    }
    if (this._bufferIndex < 0) this._index++;
    else if (++this._bufferIndex === (this.chunks[this._index] as string).length) {
      this._bufferIndex = -1;
      this._index++;
    }
    this.context.previous = code;
  }

  enter(type: TokenType, fields?: Omit<Partial<Token>, 'type'>): Token {
    const token = (fields ?? {}) as Token;
    token.type = type;
    token.start = this.now();
    this.context.events.push(['enter', token, this.context]);
    this.open = { token, below: this.open };
    return token;
  }

  /** (micromark's `type` argument is checked against the token only by its development build.) */
  exit(): Token {
    const { token, below } = this.open!;
    this.open = below;
    token.end = this.now();
    this.context.events.push(['exit', token, this.context]);
    return token;
  }

  attempt(constructs: Construct | Construct[] | ConstructRecord, ok: State, nok?: State): State {
    return this.tryOf(ATTEMPT, constructs, ok, nok);
  }

  check(constructs: Construct | Construct[] | ConstructRecord, ok: State, nok?: State): State {
    return this.tryOf(CHECK, constructs, ok, nok);
  }

  interrupt(constructs: Construct | Construct[] | ConstructRecord, ok: State, nok?: State): State {
    return this.tryOf(INTERRUPT, constructs, ok, nok);
  }

  /**
   * The state that tries `constructs` in turn, going to `ok` after the first that succeeds and to
   * `nok` if none does. As micromark's, the state of a list starts with its first construct but
   * does not start the count again when it is run a second time; that of a record (constructs by
   * the character they start with) looks its list up each time it is run.
   */
  private tryOf(
    mode: Mode,
    constructs: Construct | Construct[] | ConstructRecord,
    ok: State,
    nok?: State,
  ): State {
    const list = Array.isArray(constructs)
      ? constructs
      : 'tokenize' in constructs
        ? [constructs as Construct]
        : undefined;
    if (list) return list.length ? new Try(this, mode, list, ok, nok).first : nok!;
    const record = constructs as ConstructRecord;
    const recordTry = new Try(this, mode, NONE, ok, nok);
    return (code) => {
      const forCode = constructsAt(record, code);
      if (forCode.length === 0) return nok!(code);
      recordTry.begin(forCode);
      return recordTry.first(code);
    };
  }

  addResult(construct: Construct | InitialConstruct, from: number): void {
    const { context } = this;
    if (construct.resolveAll && !this.resolvers.includes(construct)) this.resolvers.push(construct);
    if (construct.resolve) {
      // What it read, resolved (micromark splices it back over itself: the events from `from` on).
      const resolved = construct.resolve(context.events.slice(from), context);
      context.events.length = Math.min(from, context.events.length);
      for (let i = 0; i < resolved.length; i++) context.events.push(resolved[i]);
    }
    if (construct.resolveTo) context.events = construct.resolveTo(context.events, context);
  }
}

/** No constructs (never written to). */
const NONE: Construct[] = [];

/**
 * One `attempt`, `check` or `interrupt`: its constructs, the one being tried, and the tokenizer as
 * it was when that one started, to go back to.
 */
class Try {
  /** The state that runs the first construct. */
  readonly first: State;
  private index = 0;
  private construct: Construct;
  private okState: State | undefined;
  private nokState: State | undefined;
  /**
   * The state that runs the construct after the one that failed (`list[index]`): handed out by
   * `fail` and run at once on the same code (micromark's is a state of its own for each construct).
   */
  private nextState: State | undefined;
  // The tokenizer's fields of the same names when the construct started (micromark's `store()`).
  private _bufferIndex = 0;
  private _index = 0;
  private line = 0;
  private column = 0;
  private offset = 0;
  private previous: Code = null;
  private currentConstruct: Construct | undefined = undefined;
  private from = 0;
  private open: Open | undefined = undefined;

  constructor(
    private readonly tokenizer: Tokenizer,
    private readonly mode: Mode,
    private list: Construct[],
    private readonly ok: State,
    private readonly nok: State | undefined,
  ) {
    this.construct = list[0];
    this.first = (code) => this.run(this.list[0], code);
  }

  /** Starts over with `list` (the constructs of a record for a character). */
  begin(list: Construct[]): void {
    this.list = list;
    this.index = 0;
  }

  private run(construct: Construct, code: Code): State | undefined {
    const t = this.tokenizer;
    const context = t.context;
    this._bufferIndex = t._bufferIndex;
    this._index = t._index;
    this.line = t.line;
    this.column = t.column;
    this.offset = t.offset;
    this.previous = context.previous;
    this.currentConstruct = context.currentConstruct;
    this.from = context.events.length;
    this.open = t.open;
    this.construct = construct;
    if (!construct.partial) context.currentConstruct = construct;
    this.okState ??= () => this.succeed();
    this.nokState ??= () => this.fail();
    if (construct.name && context.parser.constructs.disable.null!.includes(construct.name))
      return this.fail();
    // An interrupt runs the construct on a context that says so (and keeps what the construct sets).
    const self: TokenizeContext =
      this.mode === INTERRUPT
        ? Object.assign(Object.create(context) as TokenizeContext, { interrupt: true })
        : context;
    return construct.tokenize.call(self, t, this.okState, this.nokState)(code);
  }

  private succeed(): State {
    if (this.mode === ATTEMPT) this.tokenizer.addResult(this.construct, this.from);
    else this.restore();
    return this.ok;
  }

  private fail(): State | undefined {
    this.restore();
    if (++this.index < this.list.length)
      return (this.nextState ??= (code) => this.run(this.list[this.index], code));
    return this.nok;
  }

  private restore(): void {
    const t = this.tokenizer;
    t._bufferIndex = this._bufferIndex;
    t._index = this._index;
    t.line = this.line;
    t.column = this.column;
    t.offset = this.offset;
    t.context.previous = this.previous;
    t.context.currentConstruct = this.currentConstruct;
    t.context.events.length = this.from;
    t.open = this.open;
    t.skip();
  }
}

/**
 * `this` of the states: what micromark's tokenizer context has, its methods the tokenizer's, on
 * the prototype. They are called on the context, as constructs and OpsDocs's readers call them:
 * micromark's compiler and mdast-util-from-markdown call `sliceSerialize` detached, and are not run
 * on these events. (A context of closures, as micromark's, made the 50k-document workspace 30 %
 * slower and 35 MB bigger: docs/performance.md.)
 */
class Context implements TokenizeContext {
  code: Code = null;
  containerState: ContainerState | undefined = {};
  currentConstruct: Construct | undefined = undefined;
  events: Event[] = [];
  previous: Code = null;

  constructor(
    readonly parser: ParseContext,
    private readonly tokenizer: Tokenizer,
  ) {}

  defineSkip(point: Point): undefined {
    this.tokenizer.skips[point.line] = point.column;
    this.tokenizer.skip();
  }

  now(): Point {
    return this.tokenizer.now();
  }

  sliceSerialize(token: Pick<Token, 'start' | 'end'>, expandTabs?: boolean): string {
    return serialize(this.sliceStream(token), expandTabs);
  }

  sliceStream(token: Pick<Token, 'start' | 'end'>): Chunk[] {
    return sliceChunks(this.tokenizer.chunks, token);
  }

  write(slice: Chunk[]): Event[] {
    return this.tokenizer.write(slice);
  }
}

/** The chunks from `start` to `end`, the strings at either end cut at their buffer indexes. */
function sliceChunks(chunks: Chunk[], { start, end }: Pick<Token, 'start' | 'end'>): Chunk[] {
  if (start._index === end._index)
    return [(chunks[start._index] as string).slice(start._bufferIndex, end._bufferIndex)];
  const view = chunks.slice(start._index, end._index);
  if (start._bufferIndex > -1) {
    const head = view[0];
    if (typeof head === 'string') view[0] = head.slice(start._bufferIndex);
    else view.shift();
  }
  if (end._bufferIndex > 0) view.push((chunks[end._index] as string).slice(0, end._bufferIndex));
  return view;
}

/**
 * The text of `chunks`: codes as the characters they stand for, and a tab's virtual spaces (the
 * columns it fills) dropped, or every tab and virtual space a space (`expandTabs`).
 */
function serialize(chunks: Chunk[], expandTabs?: boolean): string {
  let text = '';
  let atTab = false;
  for (const chunk of chunks) {
    if (typeof chunk === 'string') text += chunk;
    else if (chunk === -1) {
      // The virtual spaces of a tab are dropped with it: `atTab` stays set across all of them.
      if (atTab && !expandTabs) continue;
      text += ' ';
    } else if (chunk === -2) text += expandTabs ? ' ' : '\t';
    else text += LINE_ENDINGS[chunk ?? 0] ?? String.fromCharCode(chunk ?? 0);
    atTab = chunk === -2;
  }
  return text;
}

const LINE_ENDINGS: Record<number, string> = { [-5]: '\r', [-4]: '\n', [-3]: '\r\n' };

/** The constructs of `record` that may start at `code` (those of the character, then those of any). */
function constructsAt(record: ConstructRecord, code: Code): Construct[] {
  if (code === null) return NONE;
  let lists = record === lastRecord ? lastLists : listsOf.get(record);
  if (!lists) listsOf.set(record, (lists = new Map<number, Construct[]>()));
  lastRecord = record;
  lastLists = lists;
  let list = lists.get(code);
  if (!list) lists.set(code, (list = [...asList(record[code]), ...asList(record.null)]));
  return list;
}
// A record's lists by character: records are made once with the parser and never changed. Lookups
// in a row are mostly of one record (flow's, text's), kept at hand.
const listsOf = new WeakMap<ConstructRecord, Map<number, Construct[]>>();
let lastRecord: ConstructRecord | undefined;
let lastLists: Map<number, Construct[]> | undefined;

function asList(value: Construct | Construct[] | undefined): Construct[] {
  return Array.isArray(value) ? value : value ? [value] : NONE;
}
