import { NOT_ONE_LINE } from '../util/oneLine.js';

/** A name a user typed that cannot become a file. */
export class ScaffoldError extends Error {}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/** Checks a file-name part: no path separators, no `..`, nothing Windows forbids. Returns it trimmed. */
export function checkName(name: string, what: string): string {
  const n = name.trim();
  if (!n) throw new ScaffoldError(`The ${what} is empty.`);
  if (n.includes('..')) throw new ScaffoldError(`The ${what} "${n}" contains "..".`);
  if (/[/\\]/.test(n)) throw new ScaffoldError(`The ${what} "${n}" contains a path separator.`);
  // eslint-disable-next-line no-control-regex
  if (/[<>:"|?*\u0000-\u001f]/.test(n))
    throw new ScaffoldError(
      `The ${what} "${n}" contains a character that is not allowed in file names (< > : " | ? * or a control character).`,
    );
  if (WINDOWS_RESERVED.test(n) || /[. ]$/.test(n))
    throw new ScaffoldError(`The ${what} "${n}" is not a valid file name on Windows.`);
  return n;
}

/**
 * Checks a document title: any one-line text is fine, as its file name is its {@link slugify slug}.
 * Returns it trimmed.
 */
export function checkTitle(title: string): string {
  const t = title.trim();
  if (!t) throw new ScaffoldError('The title is empty.');
  if (NOT_ONE_LINE.test(t))
    throw new ScaffoldError(
      `The title ${JSON.stringify(t)} contains a line break or another control character.`,
    );
  slugify(t);
  return t;
}

/**
 * Checks a script's description, which becomes a comment line of the script, a cell of
 * scripts/AGENTS.md and an item: one line (a line break there would end the comment and make the
 * rest code, or split the table row), so no control character and no Unicode line or paragraph
 * separator (JavaScript ends a `//` comment there). Returns it trimmed.
 */
export function checkDescription(description: string): string {
  const d = description.trim();
  if (NOT_ONE_LINE.test(d))
    throw new ScaffoldError(
      `The description ${JSON.stringify(d)} contains a line break or another control character; it must be one line.`,
    );
  return d;
}

/**
 * Text for a Markdown heading or link text: the characters Markdown would read as markup are
 * escaped (`~~x~~` strikethrough and `&amp;` references too).
 */
export const markdownText = (text: string): string => text.replace(/[\\`*_[\]<>#~&]/g, '\\$&');

/** A title as a file-name slug: `Queues and jobs!` → `queues-and-jobs`. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  if (!slug)
    throw new ScaffoldError(
      `The title "${title}" has no ASCII letter or digit, and the file name is made of those (Über-Caching → uber-caching); add one, e.g. an English word.`,
    );
  return slug;
}
