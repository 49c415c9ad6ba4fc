import type { KindConfig } from '../config.js';
import { nearest } from '../util/similar.js';

/**
 * A team's own status vocabulary (`status: open`, `in-progress`, `closed`; `status: approved` on
 * ADRs): learned from a kind's documents when the built-in values do not fit them, so that a
 * repository is not told its every task has a wrong status.
 */

/** What {@link learnStatuses} learned of a kind: its values and their meanings. */
export interface LearnedStatuses {
  /** The values a document of the kind may have: the built-in ones, then the team's. */
  statuses: string[];
  /** The kind's lists of values that mean finished / blocked / superseded, with the team's words. */
  doneStatuses: string[];
  blockedStatuses: string[];
  supersededStatuses: string[];
  /** How many documents have each value outside the built-in ones. */
  counts: Record<string, number>;
}

/** The fewest documents with a status a vocabulary is learned from. */
const MIN_DOCS = 5;
/** Statuses longer than this are nobody's vocabulary. */
const MAX_LENGTH = 40;

// The meaning of a team's word, compared without case, spaces, dashes and underscores.
const DONE =
  /^(done|closed|complete|completed|resolved|finished|shipped|released|cancelled|canceled|abandoned|dropped|wontfix|wontdo|obsolete|merged)$/;
const BLOCKED = /^(blocked|isblocked|onhold|waiting|waitingon|stalled)$/;
const SUPERSEDED = /^(superseded|replaced|supersededby)$/;
const squashed = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The status vocabulary of a kind whose schema allows the values `builtIn`, learned from the
 * statuses `used` by its documents (one a document); undefined when the built-in values fit: fewer
 * than {@link MIN_DOCS} documents, or at most one in `mayLackOneIn` with a value outside them.
 * A value two or more documents use is the team's; one used once is too unless it is within a
 * few edits of another value (`in-progess`: a typo, still reported). A team's word for finished,
 * blocked or superseded joins the kind's list of that meaning, where the kind has one.
 */
export function learnStatuses(
  kind: KindConfig,
  builtIn: readonly string[],
  used: readonly string[],
  mayLackOneIn: number,
): LearnedStatuses | undefined {
  const values = used.filter((s) => s.length <= MAX_LENGTH);
  const outside = values.filter((s) => !builtIn.includes(s));
  if (values.length < MIN_DOCS || outside.length <= Math.max(1, Math.floor(values.length / mayLackOneIn)))
    return undefined;
  const counts = new Map<string, number>(); // a Map: a status may be `__proto__`
  for (const s of outside) counts.set(s, (counts.get(s) ?? 0) + 1);
  const often = [...counts.keys()].filter((s) => counts.get(s)! > 1);
  const known = [...builtIn, ...often];
  const once = [...counts.keys()].filter((s) => counts.get(s) === 1 && nearest(s, known, 1).length === 0);
  const own = [...often, ...once].sort((a, b) => counts.get(b)! - counts.get(a)! || a.localeCompare(b));
  if (own.length === 0) return undefined;
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
