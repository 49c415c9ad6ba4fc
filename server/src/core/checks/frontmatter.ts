import type { Check } from './check.js';

const messages = {
  missing: (kind: string, required: unknown[]) =>
    `This ${kind} has no front matter; it needs ${required.map((r) => `\`${String(r)}\``).join(', ')}.`,
};

/** Template syntax (Hugo/Go `{{ … }}`, Jekyll/Liquid `{% … %}`): front matter that a generator fills in. */
const TEMPLATE = /\{\{.*?\}\}|\{%.*?%\}/;

/**
 * YAML that does not parse, and documents of a kind with required fields but no front matter.
 * Front matter that does not parse because it is a template (a Hugo archetype's
 * `title: {{ replace .Name "-" " " }}`) is the generator's business, not a finding.
 */
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
      const { lines } = doc.parsed;
      const source = lines.text.slice(
        lines.lineStart(fm.open.start.line + 1),
        lines.lineStart(fm.close.start.line),
      );
      const templated = TEMPLATE.test(source);
      if (!templated) report('frontmatter/yaml', fm.error.range, fm.error.message);
      return;
    }
    if (fm || doc.profile !== 'front-matter' || !doc.kind || !schema) return;
    const required = (schema.validate.schema as { required?: unknown }).required;
    if (Array.isArray(required) && required.length > 0) {
      report('frontmatter/missing', doc.parsed.lines.lineRange(0), messages.missing(doc.kind.name, required));
    }
  },
};
