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
