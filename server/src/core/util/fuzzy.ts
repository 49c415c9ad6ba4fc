/**
 * How well a name matches what was typed, as VS Code's symbol search ranks it: lower is better,
 * undefined is no match. Case is ignored. The tiers:
 *   0 the whole name, 1 its start, 2 a word of it starts with the query, 3 anywhere in it,
 *   4 runs each starting a word ("ir", "inc resp" → "Incident Response"),
 *   5 scattered letters in order, the first starting a word ("escl" → "Escalation").
 * A word starts the name, follows a character that is not a letter or digit, or is an upper-case
 * letter after a lower-case one (`fixAll`). Spaces in the query separate runs.
 */
export function fuzzyTier(name: string, query: string): number | undefined {
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const n = name.toLowerCase();
  if (!q) return 0;
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  // Lower-casing may change the length (`İ`): then word starts are read on the lower-case name.
  const starts = wordStarts(n.length === name.length ? name : n);
  for (let i = n.indexOf(q); i >= 0; i = n.indexOf(q, i + 1)) if (starts[i]) return 2;
  if (n.includes(q)) return 3;
  const letters = q.replace(/ /g, '');
  if (runsAtWordStarts(n, starts, q)) return 4;
  return subsequenceFromWordStart(n, starts, letters) ? 5 : undefined;
}

/** For each index of `name`, whether a word starts there. */
function wordStarts(name: string): boolean[] {
  const alnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  return Array.from({ length: name.length }, (_, i) => {
    const c = name[i];
    const prev = i > 0 ? name[i - 1] : undefined;
    if (!alnum(c)) return false;
    if (!alnum(prev)) return true;
    return /\p{Lu}/u.test(c) && /\p{Ll}/u.test(prev!);
  });
}

/**
 * True when the query's letters are found in `n` in order as runs of consecutive letters, each run
 * beginning at a word start (a space in the query must end a run). Memoised on (position in name,
 * position in query, inside a run): quadratic at worst, on names and queries of a line.
 */
function runsAtWordStarts(n: string, starts: boolean[], q: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number, inRun: boolean): boolean => {
    if (j === q.length) return true;
    if (q[j] === ' ') return go(i, j + 1, false);
    if (i >= n.length) return false;
    const key = (i * (q.length + 1) + j) * 2 + (inRun ? 1 : 0);
    const known = memo.get(key);
    if (known !== undefined) return known;
    let ok = false;
    // Go on with the run here, or start a new run at a later word start.
    if (inRun && n[i] === q[j]) ok = go(i + 1, j + 1, true);
    for (let k = i; !ok && k < n.length; k++) if (starts[k] && n[k] === q[j]) ok = go(k + 1, j + 1, true);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0, false);
}

/** True when `letters` appear in `n` in order, the first of them at a word start. */
function subsequenceFromWordStart(n: string, starts: boolean[], letters: string): boolean {
  for (let s = 0; s < n.length; s++) {
    if (!starts[s] || n[s] !== letters[0]) continue;
    let j = 1;
    for (let i = s + 1; i < n.length && j < letters.length; i++) if (n[i] === letters[j]) j++;
    if (j === letters.length) return true;
  }
  return false;
}
