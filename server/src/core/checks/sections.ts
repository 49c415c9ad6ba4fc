import type { Check } from './check.js';

const norm = (s: string) =>
  s
    .trim()
    .replace(/[:.]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

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
      const alt =
        names.length > 1
          ? ` (or ${names
              .slice(1)
              .map((n) => `"${n}"`)
              .join(', ')})`
          : '';
      report('sections/missing', doc.titleRange, `Missing required section "${names[0]}"${alt}.`, {
        section: names[0],
      });
    }
  },
};
