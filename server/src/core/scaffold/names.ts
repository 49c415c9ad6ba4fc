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
  if (/[<>:"|?*\u0000-\u001f]/.test(n)) throw new ScaffoldError(`The ${what} "${n}" contains a character that is not allowed in file names (< > : " | ? * or a control character).`);
  if (WINDOWS_RESERVED.test(n) || /[. ]$/.test(n)) throw new ScaffoldError(`The ${what} "${n}" is not a valid file name on Windows.`);
  return n;
}

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
  if (!slug) throw new ScaffoldError(`The title "${title}" has no letters or digits to name a file with.`);
  return slug;
}
