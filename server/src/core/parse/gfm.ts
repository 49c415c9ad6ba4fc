import type { Processor } from 'unified';
import type { Construct, Event, Extension } from 'micromark-util-types';
import type { LineIndex } from './lines.js';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';

/** The micromark syntax extensions of {@link remarkGfmWithoutAutolinks}, `table` the table construct. */
export function gfmSyntax(table: Extension = gfmTable()): Extension[] {
  return [table, gfmTaskListItem(), gfmStrikethrough(), gfmFootnote()];
}

/**
 * {@link gfmSyntax} with the table construct tried only where a table can start: after a table's
 * head or a row, or on a line whose next line holds a `-` and a `|` or `:` (a delimiter row has
 * both: `| - |`, `:-`). micromark tries the construct on every paragraph's first line and reads
 * that line to its end before giving up; the guard looks at the text as written (`parsing()`: the
 * lines of the text being parsed, whose offsets the parser's points are), so the events are the same.
 */
export function gfmSyntaxTablesGuarded(parsing: () => LineIndex): Extension[] {
  const table = gfmTable().flow!.null as Construct;
  const guarded: Construct = {
    ...table,
    tokenize(effects, ok, nok) {
      if (afterRow(this.events) || delimiterNext(parsing(), this.now().offset))
        return table.tokenize.call(this, effects, ok, nok);
      return nok;
    },
  };
  return gfmSyntax({ flow: { null: guarded } });
}

/** The last event before line endings and indentation is a table's head or row (the table goes on). */
function afterRow(events: Event[]): boolean {
  let i = events.length - 1;
  while (i >= 0 && (events[i][1].type === 'lineEnding' || events[i][1].type === 'linePrefix')) i--;
  const type = i >= 0 ? events[i][1].type : undefined;
  return type === 'tableHead' || type === 'tableRow';
}

/** The line after the one holding `at` holds a `-` and a `|` or `:`: it may be a delimiter row. */
function delimiterNext(lines: LineIndex, at: number): boolean {
  const { text } = lines;
  const start = lineAfter(lines, at);
  if (start >= text.length) return false;
  const next = text.slice(start, lineEnd(lines, start));
  return next.includes('-') && (next.includes('|') || next.includes(':'));
}

/** Where the line holding `at` ends (its line ending, or the text's end). */
function lineEnd({ text, carriageReturns }: LineIndex, at: number): number {
  if (!carriageReturns) {
    const lf = text.indexOf('\n', at);
    return lf < 0 ? text.length : lf;
  }
  let i = at;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** Where the line after the one holding `at` starts (past a `\r\n`, `\n` or `\r`). */
function lineAfter(lines: LineIndex, at: number): number {
  const end = lineEnd(lines, at);
  return lines.text.charCodeAt(end) === 13 && lines.text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
}

/**
 * GitHub Flavored Markdown without autolink literals (bare `www.x.com` URLs): tables, task
 * list items, strikethrough and footnotes, as remark-gfm adds them. Autolink literals never
 * name a repository document, and their tokenizer made long paragraphs seven times slower to
 * parse (10,000-line paragraph: 4.2 s with it, 0.6 s without).
 */
export function remarkGfmWithoutAutolinks(this: Processor): void {
  const data = this.data() as { micromarkExtensions?: unknown[]; fromMarkdownExtensions?: unknown[] };
  (data.micromarkExtensions ??= []).push(...gfmSyntax());
  (data.fromMarkdownExtensions ??= []).push(
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmFootnoteFromMarkdown(),
  );
}
