import type { KindConfig } from '../config.js';
import { squashed, withinEdits } from '../util/similar.js';

/**
 * A team's own status vocabulary (`status: open`, `in-progress`, `closed`; `status: approved` on
 * ADRs): learned from a kind's documents when the built-in values do not fit them, so that a
 * repository is not told its every task has a wrong status.
 */

/** What {@link learnStatuses} learned of a kind: its values and their meanings. */
export interface LearnedStatuses {
  /** The values a document of the kind may have: the built-in ones, then the team's (sorted). */
  statuses: string[];
  /** The kind's lists of values that mean finished / blocked / superseded, with the team's words. */
  doneStatuses: string[];
  blockedStatuses: string[];
  supersededStatuses: string[];
  /** How many documents have each of the team's values. */
  counts: Record<string, number>;
}

/** How many documents a vocabulary is learned from at least, and how many of them may differ. */
export interface LearnThresholds {
  minDocs: number;
  /** Of `n` documents, how many may lack what nearly all have. */
  nearlyAll: (n: number) => number;
}

/**
 * The most values of its own a team's vocabulary has: past it, the documents' statuses are no
 * vocabulary (free text), and the built-in values stay.
 */
export const MAX_OWN_STATUSES = 20;

/** A status a team's vocabulary can hold: a word or a few, at most 40 characters, no controls. */
const WORDS = /^[\p{L}\p{N}][\p{L}\p{N}\p{M} ._/&+'()-]{0,39}$/u;

// The meaning of a team's word, compared without case, spaces, dashes and underscores.
const DONE =
  /^(done|closed|complete|completed|resolved|finished|shipped|released|cancelled|canceled|abandoned|dropped|wontfix|wontdo|obsolete|merged)$/;
const BLOCKED = /^(blocked|isblocked|blockedby)$/;
const SUPERSEDED = /^(superseded|replaced|supersededby)$/;

/**
 * The status vocabulary of a kind whose schema allows the values `builtIn`, learned from the
 * statuses `used` by its documents (one a document); undefined when the built-in values fit: fewer
 * than `minDocs` documents, or no more than `nearlyAll` allows with a value outside them. Of the
 * values outside them, written as words (see {@link WORDS}):
 * - one written as a known value but for case, spaces, dashes and underscores (`in-progress`,
 *   `Done`) is the team's spelling when two or more documents use it, else a slip;
 * - one a few edits from a known value or a word used more often (`in_progres`, `opne`) is a
 *   slip — one edit for a word two or more documents use (`stalled` is no slip of `started`);
 * - any other is the team's word (`open`, `closed`), even used once.
 * A slip is not learned: it is still reported, with its "Did you mean". Nothing is learned from
 * more than {@link MAX_OWN_STATUSES} words of a team's own. A team's word for finished, blocked
 * or superseded joins the kind's list of that meaning, where the kind has one.
 */
export function learnStatuses(
  kind: KindConfig,
  builtIn: readonly string[],
  used: readonly string[],
  { minDocs, nearlyAll }: LearnThresholds,
): LearnedStatuses | undefined {
  const outside = used.filter((s) => !builtIn.includes(s));
  if (used.length < minDocs || outside.length <= nearlyAll(used.length)) return undefined;
  const counts = new Map<string, number>(); // a Map: a status may be `__proto__`
  for (const s of outside) if (WORDS.test(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
  const spelling = (s: string, known: readonly string[]) =>
    known.some((k) => squashed(k) === squashed(s) && k !== s);
  // A slip: a few edits from a known value (a third of its length; one for a word used more than
  // once, as `stalled` and `started` are two words), not counting case, spaces, dashes, underscores.
  const slip = (s: string, known: readonly string[]) => {
    const edits = counts.get(s)! > 1 ? 1 : Math.max(1, Math.floor(s.length / 3));
    const w = squashed(s);
    // A known value with a prefix or suffix is another word (`unblocked`, `reviewed`, `undone`).
    const affixed = (k: string) => w.length >= k.length + 2 && w.includes(k);
    return known.some(
      (k) => squashed(k) !== w && !affixed(squashed(k)) && withinEdits(w, squashed(k), edits),
    );
  };
  const words = [...counts.keys()].sort();
  // A word used more than once is told apart from the built-in values and the words used more
  // often; one used once, from those and the words learned.
  const more = (s: string) => words.filter((w) => counts.get(w)! > counts.get(s)!);
  const often = words.filter((s) => counts.get(s)! > 1 && !slip(s, [...builtIn, ...more(s)]));
  const known = [...builtIn, ...often];
  const once = words.filter((s) => counts.get(s) === 1 && !slip(s, known) && !spelling(s, known));
  const own = [...often, ...once].sort();
  if (own.length === 0 || own.length > MAX_OWN_STATUSES) return undefined;
  // A meaning the kind has (its built-in list is not empty) takes the team's words for it.
  const meaning = (list: string[], word: RegExp) =>
    list.length ? [...list, ...own.filter((s) => word.test(squashed(s)) && !list.includes(s))] : list;
  return {
    statuses: [...builtIn, ...own],
    doneStatuses: meaning(kind.doneStatuses, DONE),
    blockedStatuses: meaning(kind.blockedStatuses, BLOCKED),
    supersededStatuses: meaning(kind.supersededStatuses, SUPERSEDED),
    counts: Object.fromEntries(own.map((s) => [s, counts.get(s)!])),
  };
}
