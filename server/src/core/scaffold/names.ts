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
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t))
    throw new ScaffoldError(
      `The title ${JSON.stringify(t)} contains a line break or another control character.`,
    );
  slugify(t);
  return t;
}

/** Text for a Markdown heading or link text: the characters Markdown would read as markup are escaped. */
export const markdownText = (text: string): string => text.replace(/[\\`*_[\]<>#]/g, '\\$&');

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
