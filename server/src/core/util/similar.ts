import { distance } from 'fastest-levenshtein';

/**
 * The candidates nearest to `word` by case-insensitive edit distance, best first. Only close
 * ones count (at most a third of the word's length), and a tie for the best is no answer:
 * "sev5" is as near to sev1 as to sev4, so neither is suggested.
 */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    if (Math.abs(lc.length - w.length) > limit) continue; // the distance is at least the length difference
    const d = distance(w, lc);
    if (d <= limit) scored.push({ c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.c.localeCompare(b.c));
  if (scored.length > 1 && scored[0].d === scored[1].d) return [];
  return scored.slice(0, max).map((s) => s.c);
}

/** ` Did you mean X?` with the suggestion in `quote` (`"`, a backtick, or nothing), or '' without one. */
export function didYouMean(guess: string | undefined, quote = ''): string {
  return guess === undefined ? '' : ` Did you mean ${quote}${guess}${quote}?`;
}

/**
 * True when `a` and `b` are at most `max` edits apart, not counting case; two neighbouring
 * letters swapped (`opne`) count as one edit.
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  if (Math.abs(x.length - y.length) > max) return false;
  if (distance(x, y) <= max) return true;
  if (x.length !== y.length) return false;
  const at = [...x].findIndex((c, i) => c !== y[i]);
  const swapped = x[at] === y[at + 1] && x[at + 1] === y[at];
  return swapped && withinEdits(x.slice(at + 2), y.slice(at + 2), max - 1);
}

/** `s` without case, spaces, dashes and underscores: `In-Progress`, `in_progress` and `inprogress` alike. */
export const squashed = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');
