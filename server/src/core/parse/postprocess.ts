// micromark's postprocess (micromark-util-subtokenize) in one pass over the events.
import type { Event, Token, TokenizeContext } from 'micromark-util-types';

/**
 * The events of a document after micromark's postprocessing: every chain of linked chunks (a
 * container's flow, a paragraph's lines of text, a title's lines) replaced by the events of the
 * tokenizer their content type names, each chunk by its part; and a container's exit moved before
 * the line endings that end it. micromark's own `postprocess` does this in passes over the whole
 * list, one level of content a pass (flow, text, strings in text), splicing each part in and
 * copying the list back after each pass: 17 % of a cold check's parse. This does it in one pass,
 * each part expanded where it is written out, with micromark's own tokenizers and rules — the
 * order the tokenizers run in differs, and none reads what another writes. A chain of plain lines
 * of text (no character that starts a construct) is written out as the events micromark's text
 * tokenizer makes of it, without running one: more than half the chains of text of the corpus.
 * `text` is the text parsed, whose offsets the points are. The differential test
 * (test/unit/eventFacts.test.ts) compares every event, and what its tokenizer reads for each line
 * of text, with micromark's own on every spec example, the fixtures and the corpus.
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
          (token.contentType === 'text' && !token._tokenizer && plainParts(token, event[2], parts, text)) ||
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
 * part a chunk (a chunk ends with a void token that spans a line: its line ending); returns the
 * first part and keeps the others in `parts` for their chunks.
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
    if (current._tokenizer) continue; // written to as it was read (a container's flow)
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
  let chunk = 0;
  for (let i = 1; i < events.length; i++) {
    const [kind, token] = events[i];
    if (
      kind === 'exit' &&
      events[i - 1][0] === 'enter' &&
      token.type === events[i - 1][1].type &&
      token.start.line !== token.end.line
    ) {
      breaks.push(i + 1);
      chunks[chunk]._tokenizer = undefined;
      chunks[chunk].previous = undefined;
      chunk++;
    }
  }
  if (chunk < chunks.length) {
    chunks[chunk]._tokenizer = undefined;
    chunks[chunk].previous = undefined;
  } else breaks.pop();
  for (let k = 1; k < breaks.length; k++) parts.set(chunks[k], events.slice(breaks[k], breaks[k + 1]));
  return events.slice(0, breaks[1]);
}

/**
 * The parts of a chain of text `first` begins whose chunks are plain lines — no character that
 * can start a construct of text (`! & * < [ \\ ] _ \` ~`), no tab, no space at either end — as
 * micromark's text tokenizer makes them: a `data` token a line and the line's ending, placed as
 * the chunks are (so `context` serializes them). False for any other chain (parsed as usual).
 */
function plainParts(
  first: Token,
  context: TokenizeContext,
  parts: Map<Token, Event[]>,
  text: string,
): Event[] | false {
  const found: Event[][] = [];
  for (let chunk: Token | undefined = first; chunk; chunk = chunk.next) {
    const { start, end } = chunk;
    let content = end.offset;
    const last = text.charCodeAt(content - 1);
    if (last === 10) content -= text.charCodeAt(content - 2) === 13 ? 2 : 1;
    else if (last === 13) content--;
    else if (chunk.next) return false; // a line of a chain ends with its line ending
    if (content <= start.offset || !plainLine(text, start.offset, content)) return false;
    const eol = content < end.offset;
    // A line ending is one of the chunks micromark reads: the line's text ends at the chunk before `end`.
    const column = start.column + content - start.offset;
    const dataEnd = eol
      ? { line: start.line, column, offset: content, _index: end._index - 1, _bufferIndex: -1 }
      : { ...end };
    const data: Token = { type: 'data', start: { ...start }, end: dataEnd };
    const part: Event[] = [
      ['enter', data, context],
      ['exit', data, context],
    ];
    if (eol) {
      const ending: Token = { type: 'lineEnding', start: { ...dataEnd }, end: { ...end } };
      part.push(['enter', ending, context], ['exit', ending, context]);
    }
    found.push(part);
  }
  let chunk = first;
  for (let k = 0; k < found.length; k++, chunk = chunk.next!) {
    if (k) parts.set(chunk, found[k]);
    chunk._tokenizer = undefined;
    chunk.previous = undefined;
  }
  return found[0];
}

/** No character of `text` from `start` to `end` starts a construct of text; no tab; no space at an end. */
function plainLine(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) === 9 || text.charCodeAt(start) === 32 || text.charCodeAt(end - 1) === 32)
    return false;
  for (let i = start; i < end; i++) if (SPECIAL[text.charCodeAt(i)]) return false;
  return true;
}

/** The characters that start a construct of text (GFM's included), and the tab. */
const SPECIAL = new Uint8Array(128);
for (const c of '!&*<[\\]_`~\t') SPECIAL[c.charCodeAt(0)] = 1;

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
    const [kind, token] = out[i];
    if (token.type === 'lineEnding' || token.type === 'lineEndingBlank') {
      if (kind === 'enter') {
        if (lineIndex) out[lineIndex][1].type = 'lineEndingBlank';
        token.type = 'lineEnding';
        lineIndex = i;
      }
    } else if (token.type !== 'linePrefix' && token.type !== 'listItemIndent') break;
  }
  if (!lineIndex) return;
  const event = out[exit];
  event[1].end = { ...out[lineIndex][1].start };
  out.copyWithin(lineIndex + 1, lineIndex, exit);
  out[lineIndex] = event;
}
