import type { SectionRequirement } from '../schemas/registry.js';

/** A heading's text as sections are compared: trimmed, a trailing `:`/`.` dropped, lower case. */
export const normHeading = (s: string): string =>
  withoutTrailing(s.trim(), ':.').replace(/\s+/g, ' ').toLowerCase();

/** `s` without the run of `chars` at its end (a loop: `/[:.]+$/` is quadratic on a run of them). */
function withoutTrailing(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1])) end--;
  return s.slice(0, end);
}

/**
 * A heading's words, each without a plural `s` ("Decisions" is "Decision"), padded so that
 * ` context ` is found in ` background & context `.
 */
export const headingWords = (s: string): string =>
  ` ${withoutPluralS(
    normHeading(s)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim(),
  )} `;

const LETTER = /^\p{L}$/u;
const ASCII_WORD = /^[A-Za-z0-9_]$/;

/**
 * `s.replace(/(\p{L}{3,})s\b/gu, '$1')` in time linear in its length (the expression backtracks
 * quadratically on a long run of letters): in each run of letters, the last `s` that has three
 * letters or more before it in the run and a word boundary (`\b`: no ASCII word character) after it
 * is dropped.
 */
export function withoutPluralS(s: string): string {
  const cps = [...s];
  const drop = new Set<number>();
  for (let i = 0; i < cps.length;) {
    if (!LETTER.test(cps[i])) {
      i++;
      continue;
    }
    let end = i;
    while (end < cps.length && LETTER.test(cps[end])) end++;
    for (let j = end - 1; j >= i + 3; j--)
      if (cps[j] === 's' && (j + 1 === cps.length || !ASCII_WORD.test(cps[j + 1]))) {
        drop.add(j);
        break;
      }
    i = end;
  }
  return drop.size ? cps.filter((_, k) => !drop.has(k)).join('') : s;
}

/**
 * True when one of the headings (each as {@link headingWords}) is the section `name` or names it
 * among its words: "Context" is present as "Context", "Context:" or "Background & Context";
 * "Decision" as "Proposed decision" or "Decisions".
 */
export function hasSection(headings: readonly string[], name: string): boolean {
  const wanted = headingWords(name);
  return headings.some((h) => h.includes(wanted));
}

const DECISION = headingWords('Decision');
/** A paragraph led by a bold "Decision:" (`**Decision:** use …`, `__Decision__: …`). */
const DECISION_LEAD_IN = /^[ \t]{0,3}(\*\*|__)decision(:\1|\1:)/im;

/**
 * True for a decision record whose decision has no heading of its own but is there: written
 * between a Context and a Consequences section under headings of its topics (Nygard's three
 * parts), or as paragraphs led by a bold "Decision:".
 */
function decidedWithoutHeading(text: string, present: readonly string[]): boolean {
  const bothEnds = hasSection(present, 'Context') && hasSection(present, 'Consequences');
  return bothEnds || DECISION_LEAD_IN.test(text);
}

/**
 * True when a document with the headings `present` (each as {@link headingWords}) and the text
 * `text` has the required section `req` (a name, or alternatives any one of which will do); a
 * decision may also be there without a heading of its own.
 */
export function hasRequired(present: readonly string[], req: SectionRequirement, text: string): boolean {
  if (headedAs(present, req)) return true;
  return headedAs([DECISION], req) && decidedWithoutHeading(text, present);
}

/** True when one of the headings (as {@link headingWords}) is the section `req` or an alternative of it. */
export function headedAs(present: readonly string[], req: SectionRequirement): boolean {
  return (Array.isArray(req) ? req : [req]).some((n) => hasSection(present, n));
}
