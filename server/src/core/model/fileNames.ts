/**
 * How a kind numbers its files, as a pattern a team reads and writes in `.opsdocs.json`:
 * `NNNN-*.md` (`0043-use-postgres.md`), `adr-NNN-*.md`, `TASK-NNN-*.md`, `YYYYMMDD-*.md`
 * (log4brains), `YYYY-MM-DD-*.md`. `N` is a digit, `YYYYMMDD` a date's eight digits, `YYYY-MM-DD`
 * a date with dashes, `*` any text.
 */

/** True for a Markdown file's name (`.md`, `.markdown`, any case). */
export const isMarkdownFile = (file: string): boolean => /\.(md|markdown)$/i.test(file);

/** The folder of a repository-relative path ('' at the root). */
export const folderOf = (file: string): string =>
  file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';

/** A record's file name: a short prefix, a number, a separator. */
const NUMBERED = /^([a-z]{2,5}[-_ ]?)?(\d{1,8})([-_ .])/i;

/** True for eight digits that are a date (`20240105`: log4brains' file names). */
export const isDateDigits = (digits: string): boolean =>
  /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits);

/** A name that starts with a date with dashes (`2024-03-05-x.md`): no number, however it is read. */
const DASHED_DATE = /^(19|20)\d\d-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?=[-_ .])/;

/**
 * True when the file name `base` starts with a date, not a number: `2024-03-05-x.md`, or a
 * number `digits` that reads as one (`20240305-x.md`). ADRs of one day (or year) would share it.
 */
export const startsWithDate = (base: string, digits = ''): boolean =>
  DASHED_DATE.test(base) || isDateDigits(digits);

/**
 * The pattern of a numbered or dated file name (`0043-x.md` → `NNNN-*.md`, `2024-03-05-x.md` →
 * `YYYY-MM-DD-*.md`); undefined for a name without a number.
 */
export function fileNamePattern(base: string): string | undefined {
  const ext = /\.[a-z]+$/i.exec(base)?.[0] ?? '';
  // A number or date right before the extension (`alert-1.md`, `ADR-001.md`) is the whole name.
  const rest = (at: number) => (base.slice(at) === ext ? '' : `${base[at]}*`);
  const dated = DASHED_DATE.exec(base);
  if (dated) return `YYYY-MM-DD${rest(dated[0].length)}${ext}`;
  const m = NUMBERED.exec(base);
  if (!m) return undefined;
  const [whole, prefix = '', digits] = m;
  const number = isDateDigits(digits) ? 'YYYYMMDD' : 'N'.repeat(digits.length);
  return `${prefix}${number}${rest(whole.length - 1)}${ext}`;
}

/** True when `base` is named by `pattern` (letters compared without case). */
export function matchesFileName(pattern: string, base: string): boolean {
  const source = pattern
    .split(/(YYYY-MM-DD|YYYYMMDD|N+|\*)/)
    .map((part) =>
      part === 'YYYY-MM-DD'
        ? '\\d{4}-\\d\\d-\\d\\d'
        : part === 'YYYYMMDD'
          ? '\\d{8}'
          : /^N+$/.test(part)
            ? `\\d{${part.length}}`
            : part === '*'
              ? '.*'
              : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 'i').test(base);
}
