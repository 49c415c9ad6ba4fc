import type { Check } from './check.js';

const norm = (s: string) =>
  s
    .trim()
    .replace(/[:.]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

const messages = {
  missing: ([name, ...alternatives]: string[]) => {
    const or = alternatives.map((n) => `"${n}"`).join(', ');
    return `Missing required section "${name}"${or ? ` (or ${or})` : ''}.`;
  },
};

/**
 * Required sections, declared in the kind's config (`sections`) or else its schema
 * (`x-opsdocs-sections`), must exist as headings.
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
    const present = new Set(doc.parsed.headings.map((h) => norm(h.text)));
    for (const req of required) {
      const names = Array.isArray(req) ? req : [req];
      if (names.some((n) => present.has(norm(n)))) continue;
      report('sections/missing', doc.titleRange, messages.missing(names), { section: names[0] });
    }
  },
};
