// micromark's content tokenizer, with a block of plain lines written out instead of read.
import type { Chunk, Create, Event, ParseContext, Point, Token, TokenizeContext } from 'micromark-util-types';
import { constructStarts } from './postprocess.js';

/**
 * `parser.content` (what micromark runs over the lines of a block's content: definitions, then a
 * paragraph) that writes out the events of a block of plain lines instead of reading them: a
 * paragraph holding one chunk of text a line, as micromark's content tokenizer makes it, with
 * points in the chunks written. Only a definition's `[` changes those events; a line is taken as
 * plain more narrowly — no character that starts a construct of text or content, no tab, no space
 * at either end — so that its text is plain for `postprocess` too. Any other block is read by
 * micromark's own tokenizer, given what was written in the same order. micromark reads a content
 * tokenizer's `events` before writing to it, so they are filled in place when the last line is.
 */
export function plainContentOf(parser: ParseContext, content: Create): Create {
  // (A tab is never in a plain line's strings: micromark makes it a code of its own.)
  const special = constructStarts(parser, ['text', 'contentInitial']);
  // The stand-in has what micromark's postprocess and OpsDocs's readers ask of a content tokenizer
  // (`parser`, `events`, `defineSkip`, `write`, `sliceSerialize`, `sliceStream`), nothing more.
  return special
    ? (from) => new PlainContent(parser, content, from, special) as unknown as TokenizeContext
    : content;
}

type Start = Parameters<Create>[0];

class PlainContent {
  events: Event[] = [];
  /** How many chunks were written: where the next line's are. */
  private written = 0;
  /** Each line's start and end (after its line ending), as micromark's chunk of text for it has them. */
  private readonly lines: { start: Point; end: Point }[] = [];
  private plain = true;
  /** The last skip defined: where the next line starts. */
  private skip: Point | undefined;
  private real: TokenizeContext | undefined;
  private readonly writes: ({ skip: Point } | { stream: Chunk[] })[] = [];

  constructor(
    readonly parser: ParseContext,
    private readonly create: Create,
    private readonly from: Start,
    private readonly special: Uint8Array,
  ) {}

  // (micromark's postprocess sets no other field on a content tokenizer: the task list and
  // trailing-text flags go on tokenizers of text.)
  defineSkip(point: Point): void {
    this.writes.push({ skip: point });
    this.skip = point;
    this.real?.defineSkip(point);
  }

  write(stream: Chunk[]): Event[] {
    this.writes.push({ stream });
    if (this.real) return this.real.write(stream); // (asked to serialize before the end: never)
    const at = this.written;
    this.written += stream.length;
    if (this.plain) this.plain = this.plainLine(stream, at);
    if (stream[stream.length - 1] !== null) return [];
    if (this.plain) this.writeOut();
    else for (const e of this.tokenizer().events) this.events.push(e);
    return this.events;
  }

  sliceSerialize(token: Pick<Token, 'start' | 'end'>, expandTabs?: boolean): string {
    return this.tokenizer().sliceSerialize(token, expandTabs);
  }

  sliceStream(token: Pick<Token, 'start' | 'end'>): Chunk[] {
    return this.tokenizer().sliceStream(token);
  }

  /** micromark's tokenizer, given what was written (made when first asked for). */
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
   * `stream`, written at `at`, is a plain line: strings (and NULs, read as one character; the first
   * and last chunk strings) ending with a line ending (CRLF −3, LF −4, CR −5) or the end; its
   * start and end are kept as micromark's points there.
   */
  private plainLine(stream: Chunk[], at: number): boolean {
    const n = stream.length;
    const last = stream[n - 1];
    const end = last === null || (typeof last === 'number' && last < -2) ? n - 1 : -1;
    if (end < 1 || typeof stream[0] !== 'string' || typeof stream[end - 1] !== 'string') return false;
    for (let i = 0; i < end; i++) {
      const c = stream[i];
      if (typeof c !== 'string') {
        if (c !== 65533) return false;
        continue;
      }
      for (let k = 0; k < c.length; k++) if (this.special[c.charCodeAt(k)]) return false;
    }
    const head = stream[0];
    const tail = stream[end - 1] as string;
    if (head.charCodeAt(0) === 32 || tail.charCodeAt(tail.length - 1) === 32) return false;
    // The first line starts where the tokenizer does; the next ones where their skip says.
    const previous = this.lines[this.lines.length - 1];
    const place = previous ? this.skip : this.from;
    if (!place || (previous && place.line !== previous.start.line + 1)) return false;
    const start: Point = {
      line: place.line,
      column: place.column,
      offset: place.offset,
      _index: at,
      _bufferIndex: 0,
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

  /** The events micromark's content tokenizer makes of plain lines: a paragraph, a chunk of text a line. */
  private writeOut(): void {
    const context = this as unknown as TokenizeContext;
    const { lines } = this;
    const chunks: Event[] = [];
    let previous: Token | undefined;
    for (const { start, end } of lines) {
      const token: Token = {
        contentType: 'text',
        previous,
        type: 'chunkText',
        start: { ...start },
        end: { ...end },
      };
      if (previous) previous.next = token;
      previous = token;
      chunks.push(['enter', token, context], ['exit', token, context]);
    }
    const paragraph: Token = { type: 'paragraph', start: { ...lines[0].start }, end: { ...previous!.end } };
    this.events.push(['enter', paragraph, context]);
    for (const e of chunks) this.events.push(e);
    this.events.push(['exit', paragraph, context]);
  }
}

/** The characters of a plain line's first `count` chunks: its strings, and one a NUL. */
function width(chunks: Chunk[], count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) {
    const c = chunks[i];
    n += typeof c === 'string' ? c.length : 1;
  }
  return n;
}
