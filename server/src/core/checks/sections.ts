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

/** Required sections, declared in the kind's schema (`x-opsdocs-sections`), must exist as headings. */
export const sectionsCheck: Check = {
  name: 'sections',
  rules: [
    {
      id: 'sections/missing',
      severity: 'error',
      summary: 'A section the kind requires (declared in its schema) has no heading.',
    },
  ],
  run({ doc, schema, report }) {
    if (!schema || schema.sections.length === 0) return;
    const present = new Set(doc.parsed.headings.map((h) => norm(h.text)));
    for (const req of schema.sections) {
      const names = Array.isArray(req) ? req : [req];
      if (names.some((n) => present.has(norm(n)))) continue;
      report('sections/missing', doc.titleRange, messages.missing(names), { section: names[0] });
    }
  },
};
