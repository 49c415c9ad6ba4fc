import type { Check } from './check.js';

const messages = {
  missing: (kind: string, required: unknown[]) =>
    `This ${kind} has no front matter; it needs ${required.map((r) => `\`${String(r)}\``).join(', ')}.`,
};

/** YAML that does not parse, and documents of a kind with required fields but no front matter. */
export const frontMatterCheck: Check = {
  name: 'frontmatter',
  rules: [
    {
      id: 'frontmatter/yaml',
      severity: 'error',
      summary: 'The front matter is not valid YAML (or not a mapping, or never closed).',
    },
    {
      id: 'frontmatter/missing',
      severity: 'error',
      summary: 'A document of a kind whose schema requires fields has no front matter.',
    },
  ],
  run({ doc, schema, report }) {
    const fm = doc.parsed.frontMatter;
    if (fm?.error) {
      report('frontmatter/yaml', fm.error.range, fm.error.message);
      return;
    }
    if (fm || doc.profile !== 'front-matter' || !doc.kind || !schema) return;
    const required = (schema.validate.schema as { required?: unknown }).required;
    if (Array.isArray(required) && required.length > 0) {
      report('frontmatter/missing', doc.parsed.lines.lineRange(0), messages.missing(doc.kind.name, required));
    }
  },
};
