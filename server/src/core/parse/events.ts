// micromark's events of a Markdown body, as remark-parse's parser makes them.
import { parse, preprocess } from 'micromark';
import type { Event, ParseContext } from 'micromark-util-types';
import { LineIndex } from './lines.js';
import { gfmSyntaxTablesGuarded } from './gfm.js';
import { postprocess } from './postprocess.js';
import './editMap.js'; // micromark's edits of its events made without copying them all (see consumeInPlace)
import { paragraphContentOf } from './paragraphContent.js';
import { createTokenizer } from './tokenizer.js';
// micromark's initial constructs of each content type (its package exports only `parse` and what
// runs it): what its tokenizers start with, given to OpsDocs's tokenizer instead.
import { content } from '../../../../node_modules/micromark/lib/initialize/content.js';
import { document } from '../../../../node_modules/micromark/lib/initialize/document.js';
import { flow } from '../../../../node_modules/micromark/lib/initialize/flow.js';
import { string, text } from '../../../../node_modules/micromark/lib/initialize/text.js';

/**
 * `parser` with its tokenizers OpsDocs's (see createTokenizer), its content tokenizer writing out
 * paragraphs (see paragraphContentOf).
 */
function withOwnTokenizers(parser: ParseContext): ParseContext {
  const initial = { content, document, flow, string, text };
  for (const type of ['document', 'flow', 'string', 'text', 'content'] as const)
    parser[type] = (from) => createTokenizer(parser, initial[type], from);
  parser.content = paragraphContentOf(parser, parser.content);
  return parser;
}

/**
 * The micromark syntax extensions of the parse: GFM without autolink literals, as remark reads it,
 * the table construct tried only where the text being parsed (`parsing`: its lines) can hold a table.
 */
const NOTHING = new LineIndex('');
let parsing = NOTHING;
const extensions = gfmSyntaxTablesGuarded(() => parsing);

/**
 * micromark's parser with {@link extensions}, made once: `parse()` combines every construct
 * again on each call (~1 % of a cold check). What it keeps of one document (the definitions and
 * footnote definitions seen, which lines are lazy) is set afresh before each: a parse runs in one
 * go, so none is ever shared between two documents.
 */
function freshParser(): ParseContext {
  const p = (parser ??= withOwnTokenizers(parse({ extensions })));
  p.defined = [];
  p.lazy = {};
  delete p.gfmFootnotes;
  return p;
}
let parser: ParseContext | undefined;

/**
 * The events of `text` from offset `from` (the body, after the front matter), after micromark's
 * postprocessing, with points that are the text's own offsets, lines and columns. The
 * differential test compares them with micromark's own parse (GFM's table construct unguarded) on
 * every spec example and corpus file.
 */
export function markdownEvents(text: string, from: number, lines: LineIndex): Event[] {
  const at = lines.positionAt(from);
  const chunks = preprocess();
  // Only the text's first character can be a byte order mark (read as a space before): one after
  // the front matter is content, as in the text with the front matter blanked out that the tree reads.
  chunks('', undefined, false);
  // (The lines given are of the text as read; a leading byte order mark is parsed as a space.)
  parsing = lines.text === text ? lines : new LineIndex(text);
  try {
    return postprocess(
      freshParser()
        .document({ line: at.line + 1, column: at.character + 1, offset: from })
        .write(chunks(text.slice(from), undefined, true)),
      text,
    );
  } finally {
    parsing = NOTHING;
  }
}
