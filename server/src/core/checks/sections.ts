import type { Check } from './check.js';
import { kindPlural, type LearnedShape } from '../config.js';
import { isSignPost } from '../model/adr.js';
import { hasRequired, headingWords } from '../model/sections.js';

const messages = {
  missing: ([name, ...alternatives]: string[]) => {
    const or = alternatives.map((n) => `"${n}"`).join(', ');
    return `Missing required section "${name}"${or ? ` (or ${or})` : ''}.`;
  },
  missingLearned: (name: string, kind: string, learned: LearnedShape) =>
    `Missing section "${name}": ${learned.sections[name] ?? 0} of ${learned.docs} ${kindPlural(kind)} in ${learned.where} have it.`,
};

/**
 * Required sections, declared in the kind's config (`sections`) or else its schema
 * (`x-opsdocs-sections`), or learned from the kind's documents (zero config), must exist as headings.
 */
export const sectionsCheck: Check = {
  name: 'sections',
  rules: [
    {
      id: 'sections/missing',
      severity: 'error',
      summary: 'A section the kind requires (declared in its config or schema) has no heading.',
    },
  ],
  run({ doc, schema, report }) {
    const required = doc.kind?.sections ?? schema?.sections ?? [];
    if (required.length === 0) return;
    if (isSignPost(doc.parsed)) return; // its record is kept elsewhere
    const present = doc.parsed.headings.map((h) => headingWords(h.text));
    for (const req of required) {
      const names = Array.isArray(req) ? req : [req];
      if (hasRequired(present, names, doc.parsed.text)) continue;
      // The learned sections, not a list the config or schema declares.
      const { kind } = doc;
      const learned = kind?.sections === required ? kind.learned : undefined;
      const message =
        kind && learned ? messages.missingLearned(names[0], kind.name, learned) : messages.missing(names);
      report('sections/missing', doc.titleRange, message, { section: names[0] });
    }
  },
};
