// micromark's postprocess (micromark-util-subtokenize) in one pass over the events.
import type { Event, ParseContext, Token, TokenizeContext } from 'micromark-util-types';

/**
 * The events of a document after micromark's postprocessing: every chain of linked chunks (the
 * flow of the document and of each container, the lines of text of a paragraph or a heading, a
 * string) replaced by the events of the tokenizer their content type names, each chunk by its
 * part; and a container's exit moved before the line endings that end it. (The chunks of a block's
 * content, which make its paragraph and definitions, micromark resolves while it parses.)
 * micromark's own `postprocess` does this in passes over the whole list, one level of content a
 * pass (flow, text, strings in text), splicing each part in and copying the list back after each
 * pass: 17 % of a cold check's parse. This does it in one pass, each part expanded where it is
 * written out, with micromark's own tokenizers and rules. The tokenizers run in another order;
 * they read only what the parse has finished writing (`parser.defined`, `parser.gfmFootnotes`)
 * and the marks of a task list item's first content, set before any text of its flow is read.
 *
 * A chain of plain lines of text (no character that starts a construct) is written out as the
 * events micromark's text tokenizer makes of it, without running one: more than half the chains of
 * text of the corpus. Their context (`event[2]`) is the tokenizer the chain's chunks came from,
 * and their points index its chunks, so they serialize as micromark's own do. `text` is the text
 * parsed, whose offsets the points are. The differential test (test/unit/eventFacts.test.ts)
 * compares every event — type, place, and for text what its context serializes — with micromark's
 * own on every spec example, the fixtures and the corpus.
 */
export function postprocess(events: Event[], text: string): Event[] {
  const out: Event[] = [];
  writeOut(events, out, new Map(), text);
  return out;
}

/** Writes `events` to `out`, each chunk replaced by its part (`parts`: the parts of chains begun). */
function writeOut(events: Event[], out: Event[], parts: Map<Token, Event[]>, text: string): void {
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const token = event[1];
    if (event[0] === 'enter' && token.contentType) {
      let part = parts.get(token);
      if (part) parts.delete(token);
      else {
        if (token.type === 'chunkFlow' && out.length && out[out.length - 1][1].type === 'listItemPrefix')
          markFirstContentOfListItem(token._tokenizer!.events);
        part =
          (token.contentType === 'text' && plainParts(token, event[2], parts, text)) ||
          chainParts(token, event[2], parts);
      }
      writeOut(part, out, parts, text);
      i++; // the chunk's exit: a chunk is replaced whole
    } else {
      out.push(event);
      if (event[0] === 'exit' && token._container) exitBeforeLineEndings(out);
    }
  }
}

/**
 * Runs the tokenizer of the chain `first` begins over its chunks and splits its events into one
 * part a chunk: a chunk ends with a void token that spans a line break (a line ending; in flow, a
 * paragraph's chunk of text, which holds its line ending). Returns the first part and keeps the
 * others in `parts` for their chunks.
 */
function chainParts(first: Token, context: TokenizeContext, parts: Map<Token, Event[]>): Event[] {
  let tokenizer = first._tokenizer;
  if (!tokenizer) {
    tokenizer = context.parser[first.contentType!](first.start);
    if (first._contentTypeTextTrailing) tokenizer._contentTypeTextTrailing = true;
  }
  const chunks: Token[] = [];
  for (let current: Token | undefined = first; current; current = current.next) {
    chunks.push(current);
    if (current._tokenizer) continue; // flow: written to while the document was read
    const stream = context.sliceStream(current);
    if (!current.next) stream.push(null);
    if (current !== first) tokenizer.defineSkip(current.start);
    if (current._isInFirstContentOfListItem) tokenizer._gfmTasklistFirstContentOfListItem = true;
    tokenizer.write(stream);
    if (current._isInFirstContentOfListItem) tokenizer._gfmTasklistFirstContentOfListItem = undefined;
  }
  const events = tokenizer.events;
  tokenizer.events = [];
  const breaks = [0];
  for (let i = 1; i < events.length; i++) {
    const token = events[i][1];
    if (
      events[i][0] === 'exit' &&
      events[i - 1][0] === 'enter' &&
      token.type === events[i - 1][1].type &&
      token.start.line !== token.end.line
    )
      breaks.push(i + 1);
  }
  // The last chunk takes what follows the last break; no line ending follows it.
  if (breaks.length > chunks.length) breaks.pop();
  if (breaks.length !== chunks.length)
    throw new Error(
      `micromark's ${first.contentType} made ${breaks.length} parts for ${chunks.length} chunks`,
    );
  for (const chunk of chunks) release(chunk);
  for (let k = 1; k < breaks.length; k++) parts.set(chunks[k], events.slice(breaks[k], breaks[k + 1]));
  return events.slice(0, breaks[1]);
}

/**
 * The parts of a chain of text `first` begins whose chunks are plain lines — no character that
 * starts a construct of text, no tab, no space at either end — as micromark's text tokenizer makes
 * them: a `data` token a line and the line's ending, with `context` (the tokenizer the chunks came
 * from) and points in its chunks. False for any other chain, left to micromark.
 */
function plainParts(
  first: Token,
  context: TokenizeContext,
  parts: Map<Token, Event[]>,
  text: string,
): Event[] | false {
  const special = specialOf(context.parser);
  if (!special) return false;
  const ends: number[] = [];
  for (let chunk: Token | undefined = first; chunk; chunk = chunk.next) {
    const { start, end } = chunk;
    let textEnd = end.offset;
    const last = text.charCodeAt(textEnd - 1);
    if (last === 10) textEnd -= text.charCodeAt(textEnd - 2) === 13 ? 2 : 1;
    else if (last === 13) textEnd--;
    else if (chunk.next) return false; // a line of a chain ends with its line ending
    if (textEnd <= start.offset || !plainLine(text, start.offset, textEnd, special)) return false;
    ends.push(textEnd);
  }
  let head: Event[] = [];
  let chunk = first;
  for (let k = 0; k < ends.length; k++, chunk = chunk.next!) {
    const { start, end } = chunk;
    const hasLineEnding = ends[k] < end.offset;
    // A line ending is one chunk of the tokenizer's: the line's text ends at the chunk before `end`.
    const column = start.column + ends[k] - start.offset;
    const textEnd = hasLineEnding
      ? { line: start.line, column, offset: ends[k], _index: end._index - 1, _bufferIndex: -1 }
      : { ...end };
    const data: Token = { type: 'data', start: { ...start }, end: textEnd };
    const part: Event[] = [
      ['enter', data, context],
      ['exit', data, context],
    ];
    if (hasLineEnding) {
      const ending: Token = { type: 'lineEnding', start: { ...textEnd }, end: { ...end } };
      part.push(['enter', ending, context], ['exit', ending, context]);
    }
    if (k) parts.set(chunk, part);
    else head = part;
    release(chunk);
  }
  return head;
}

/**
 * No character of `text` from `start` to `end` is `special` (starts a construct of text, or a tab);
 * no space at an end; no tab before `start` (a chunk starting inside a tab's columns would read
 * them as spaces that `text` does not hold).
 */
function plainLine(text: string, start: number, end: number, special: Uint8Array): boolean {
  if (text.charCodeAt(start - 1) === 9 || text.charCodeAt(start) === 32 || text.charCodeAt(end - 1) === 32)
    return false;
  for (let i = start; i < end; i++) if (special[text.charCodeAt(i)]) return false;
  return true;
}

/** The characters that start a construct of text in `parser` (see {@link constructStarts}), and the tab. */
function specialOf(parser: ParseContext): Uint8Array | undefined {
  if (!SPECIAL.has(parser)) {
    const special = constructStarts(parser, 'text');
    if (special) special[9] = 1;
    SPECIAL.set(parser, special);
  }
  return SPECIAL.get(parser);
}
const SPECIAL = new WeakMap<ParseContext, Uint8Array | undefined>();

/**
 * The ASCII characters that start a construct of `field` in `parser` (its constructs' keys:
 * CommonMark's and the extensions'; line endings, keyed below 0, end a line anyway); undefined when
 * one starts at any character or at one outside ASCII (no line is plain then).
 */
export function constructStarts(
  parser: ParseContext,
  field: 'text' | 'contentInitial',
): Uint8Array | undefined {
  const starts = new Uint8Array(128);
  for (const key of Object.keys(parser.constructs[field] ?? {})) {
    const code = Number(key);
    if (key === 'null' || code >= 128) return undefined;
    if (code >= 0) starts[code] = 1;
  }
  return starts;
}

/** What micromark drops of a chunk once its part is made (to help the collector; nothing reads them). */
function release(chunk: Token): void {
  chunk._tokenizer = undefined;
  chunk.previous = undefined;
}

/**
 * GFM's task list items read whether text is in the first content of a list item: the chunks of
 * text of the first content of the flow `events` are marked so (micromark does it on its way).
 */
function markFirstContentOfListItem(events: Event[]): void {
  let i = 0;
  if (i < events.length && events[i][1].type === 'lineEndingBlank') i += 2;
  if (i < events.length && events[i][1].type === 'content')
    while (++i < events.length) {
      if (events[i][1].type === 'content') break;
      if (events[i][1].type === 'chunkText') {
        events[i][1]._isInFirstContentOfListItem = true;
        i++;
      }
    }
}

/**
 * A container's exit (the last of `out`) goes before the line endings and prefixes that end it,
 * and ends where the first of those line endings starts; the first stays a line ending, the others
 * are blank ones.
 */
function exitBeforeLineEndings(out: Event[]): void {
  const exit = out.length - 1;
  let lineIndex: number | undefined;
  for (let i = exit - 1; i >= 0; i--) {
    const kind = out[i][0];
    const token = out[i][1];
    if (token.type === 'lineEnding' || token.type === 'lineEndingBlank') {
      if (kind === 'enter') {
        if (lineIndex) out[lineIndex][1].type = 'lineEndingBlank';
        token.type = 'lineEnding';
        lineIndex = i;
      }
    } else if (token.type !== 'linePrefix' && token.type !== 'listItemIndent') break;
  }
  // Never 0: the container's enter stops the walk before it.
  if (!lineIndex) return;
  const event = out[exit];
  event[1].end = { ...out[lineIndex][1].start };
  out.copyWithin(lineIndex + 1, lineIndex, exit);
  out[lineIndex] = event;
}
