/** Ids compared case-insensitively with numbers normalised: `task-007` is `TASK-7`. */
export function normaliseId(id: string): string {
  return id
    .trim()
    .toUpperCase()
    .replace(/\d+/g, (d) => d.replace(/^0+(?=\d)/, ''));
}

/** The prefix of an id, upper case: `ADR` of `adr-003`. */
export const idPrefix = (id: string) => id.replace(/-\d+$/, '').toUpperCase();

/** Natural order of ids (`TASK-7` before `TASK-12`), then code-unit order. */
export function compareIds(a: string, b: string): number {
  const pa = normaliseId(a).split(/(\d+)/);
  const pb = normaliseId(b).split(/(\d+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const numeric = i % 2 === 1;
    if (numeric && pa[i].length !== pb[i].length) return pa[i].length - pb[i].length;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** A front-matter value as a list of strings: a list, one value, or nothing. */
export function stringList(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).filter(
    (x): x is string => typeof x === 'string',
  );
}

let collate: ((a: string, b: string) => number) | undefined;

/**
 * Natural, case-insensitive text order (`Step 2` before `Step 10`); one collator, made on first
 * use: making it takes ICU about 15 ms, which every command's start paid when it was made on load.
 */
export const naturalCompare = (a: string, b: string): number =>
  (collate ??= new Intl.Collator('en', { numeric: true }).compare)(a, b);
