// micromark's content tokenizer, with a paragraph's events written out instead of read.
import type { Chunk, Create, Event, ParseContext, Point, Token, TokenizeContext } from 'micromark-util-types';
import { constructStarts } from './postprocess.js';

/**
 * `parser.content` (what micromark runs over the lines of a block's content: definitions, then a
 * paragraph) that writes out the events of a paragraph instead of reading it character by
 * character: a paragraph holding one chunk of text a line, as micromark's content tokenizer makes
 * it, with points in the chunks written. Only a definition changes those events, and one can start
 * only at the block's first character (a `[`, or whatever else starts a construct of
 * `contentInitial`): such a block, or one whose lines do not look as micromark gives them, is read
 * by micromark's own tokenizer, given what was written in the same order. micromark reads a content
 * tokenizer's `events` before writing to it, so they are filled in place when the last line is.
 */
export function paragraphContentOf(parser: ParseContext, content: Create): Create {
  const starts = constructStarts(parser, 'contentInitial');
  // The stand-in has what micromark's postprocess and OpsDocs's readers ask of a content tokenizer
  // (`parser`, `events`, `defineSkip`, `write`, `sliceSerialize`, `sliceStream`), nothing more.
  return starts
    ? (from) => new ParagraphContent(parser, content, from, starts) as unknown as TokenizeContext
    : content;
}

type Start = Parameters<Create>[0];

class ParagraphContent {
  events: Event[] = [];
  /** Every chunk written, as micromark's tokenizer keeps them: what its points index. */
  private readonly chunks: Chunk[] = [];
  /** Each line's start and end (after its line ending), as micromark's chunk of text for it has them. */
  private readonly lines: { start: Point; end: Point }[] = [];
  /** Every line so far is one micromark's tokenizer would make a chunk of a paragraph's text. */
  private paragraph = true;
  /** The last skip defined: where the next line starts. */
  private skip: Point | undefined;
  private real: TokenizeContext | undefined;
  private readonly writes: ({ skip: Point } | { stream: Chunk[] })[] = [];

  constructor(
    readonly parser: ParseContext,
    private readonly create: Create,
    private readonly from: Start,
    private readonly starts: Uint8Array,
  ) {}

  // (micromark's postprocess sets no other field on a content tokenizer that its tokenizer reads:
  // the task list and trailing-text flags are for tokenizers of text.)
  defineSkip(point: Point): void {
    this.writes.push({ skip: point });
    this.skip = point;
    this.real?.defineSkip(point);
  }

  write(stream: Chunk[]): Event[] {
    this.writes.push({ stream });
    // (Made before the last line only if something asked to serialize early: micromark never does.)
    if (this.real) return this.real.write(stream);
    const at = this.chunks.length;
    for (const chunk of stream) this.chunks.push(chunk);
    if (this.paragraph) this.paragraph = this.paragraphLine(stream, at);
    if (stream[stream.length - 1] !== null) return [];
    if (this.paragraph) this.writeOut();
    else for (const e of this.tokenizer().events) this.events.push(e);
    return this.events;
  }

  sliceSerialize(token: Pick<Token, 'start' | 'end'>, expandTabs?: boolean): string {
    return this.tokenizer().sliceSerialize(token, expandTabs);
  }

  /**
   * The chunks of `token`, as micromark's tokenizer slices them (`sliceChunks` in
   * micromark/lib/create-tokenizer.js): for a token from the start of a chunk to the start of
   * another (the chunks of text written out here), the chunks between; any other by micromark's
   * tokenizer.
   */
  sliceStream(token: Pick<Token, 'start' | 'end'>): Chunk[] {
    const { start, end } = token;
    const whole =
      start._index < end._index &&
      end._bufferIndex === -1 &&
      (start._bufferIndex === -1 ||
        (start._bufferIndex === 0 && typeof this.chunks[start._index] === 'string'));
    return this.real || !whole
      ? this.tokenizer().sliceStream(token)
      : this.chunks.slice(start._index, end._index);
  }

  /**
   * micromark's tokenizer, given what was written — made once, when first asked for: replaying the
   * writes has effects beyond its events (a definition read adds to the parser's `defined`).
   */
  private tokenizer(): TokenizeContext {
    if (!this.real) {
      const real = (this.real = this.create(this.from));
      for (const w of this.writes) {
        if ('skip' in w) real.defineSkip(w.skip);
        else real.write(w.stream);
      }
    }
    return this.real;
  }

  /**
   * `stream`, written at `at`, is a line micromark's tokenizer makes a chunk of a paragraph's text
   * of: chunks ending with a line ending (CRLF −3, LF −4, CR −5) or the end, the first neither a
   * tab, a virtual space (a chunk starting inside a tab's columns) nor a line ending, nor, on the
   * block's first line, a character that may start a definition; its start and end are kept as
   * micromark's points there.
   */
  private paragraphLine(stream: Chunk[], at: number): boolean {
    const n = stream.length;
    const last = stream[n - 1];
    const end = last === null || (typeof last === 'number' && last < -2) ? n - 1 : -1;
    const head = stream[0];
    const code = typeof head === 'string' ? head.charCodeAt(0) : head;
    if (end < 1 || code === null || code < 0) return false;
    const previous = this.lines[this.lines.length - 1];
    if (!previous && this.starts[code]) return false;
    // The first line starts where the tokenizer does; the next ones where their skip says: micromark
    // moves to the skip's column from the line's start, adding the columns to the offset, and its
    // columns and offsets move together (a virtual space moves neither), so that is the skip's offset.
    const place = previous ? this.skip : this.from;
    if (!place || (previous && place.line !== previous.start.line + 1)) return false;
    const start: Point = {
      line: place.line,
      column: place.column,
      offset: place.offset,
      _index: at,
      _bufferIndex: typeof head === 'string' ? 0 : -1,
    };
    const size = width(stream, end);
    const ending = last !== null;
    const endPoint: Point = ending
      ? {
          line: start.line + 1,
          column: 1,
          offset: start.offset + size + (last === -3 ? 2 : 1),
          _index: at + n,
          _bufferIndex: -1,
        }
      : {
          line: start.line,
          column: start.column + size,
          offset: start.offset + size,
          _index: at + n - 1,
          _bufferIndex: -1,
        };
    this.lines.push({ start, end: endPoint });
    return true;
  }

  /** The events micromark's content tokenizer makes of a paragraph: one chunk of text a line. */
  private writeOut(): void {
    const context = this as unknown as TokenizeContext;
    const { lines, events } = this;
    const paragraph: Token = {
      type: 'paragraph',
      start: { ...lines[0].start },
      end: { ...lines[lines.length - 1].end },
    };
    events.push(['enter', paragraph, context]);
    // Each line's points are its chunk's own (made for it alone); the paragraph's are copies.
    let previous: Token | undefined;
    for (const { start, end } of lines) {
      const token: Token = { contentType: 'text', previous, type: 'chunkText', start, end };
      if (previous) previous.next = token;
      previous = token;
      events.push(['enter', token, context], ['exit', token, context]);
    }
    events.push(['exit', paragraph, context]);
  }
}

/**
 * How far micromark's points move over the first `count` chunks of a line (its line ending
 * excluded): a string by its length, a code (a tab, a NUL) by one, a virtual space not at all.
 */
function width(chunks: Chunk[], count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const c = chunks[i];
    n += typeof c === 'string' ? c.length : c === -1 ? 0 : 1;
  }
  return n;
}
