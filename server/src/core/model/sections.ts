import type { SectionRequirement } from '../schemas/registry.js';

/** A heading's text as sections are compared: trimmed, a trailing `:`/`.` dropped, lower case. */
export const normHeading = (s: string): string =>
  s
    .trim()
    .replace(/[:.]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/**
 * A heading's words, each without a plural `s` ("Decisions" is "Decision"), padded so that
 * ` context ` is found in ` background & context `.
 */
export const headingWords = (s: string): string =>
  ` ${normHeading(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/(\p{L}{3,})s\b/gu, '$1')} `;

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
