/**
 * How a kind numbers its files, as a pattern a team reads and writes in `.opsdocs.json`:
 * `NNNN-*.md` (`0043-use-postgres.md`), `adr-NNN-*.md`, `TASK-NNN-*.md`, `YYYYMMDD-*.md`
 * (log4brains). `N` is a digit, `YYYYMMDD` a date's eight digits, `*` any text.
 */

/** A record's file name: a short prefix, a number, a separator. */
const NUMBERED = /^([a-z]{2,5}[-_ ]?)?(\d{1,8})([-_ .])/i;

/** True for eight digits that are a date (`20240105`: log4brains' file names). */
export const isDateDigits = (digits: string): boolean =>
  /^(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits);

/** The pattern of a numbered file name (`0043-x.md` → `NNNN-*.md`); undefined for a name without a number. */
export function fileNamePattern(base: string): string | undefined {
  const m = NUMBERED.exec(base);
  if (!m) return undefined;
  const [, prefix = '', digits, separator] = m;
  const number = isDateDigits(digits) ? 'YYYYMMDD' : 'N'.repeat(digits.length);
  const ext = /\.[a-z]+$/i.exec(base)?.[0] ?? '';
  return `${prefix}${number}${separator}*${ext}`;
}

/** True when `base` is named by `pattern` (letters compared without case). */
export function matchesFileName(pattern: string, base: string): boolean {
  const source = pattern
    .split(/(YYYYMMDD|N+|\*)/)
    .map((part) =>
      part === 'YYYYMMDD'
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
