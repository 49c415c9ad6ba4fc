import type { Check } from './check.js';
import type { Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { CompiledSchema } from '../schemas/registry.js';
import { didYouMean, nearest } from '../util/similar.js';

const messages = {
  unknownKey: (key: string, kind: string, guess: string | undefined) =>
    `\`${key}\` is not a field of the ${kind} schema.${didYouMean(guess, '`')}`,
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
    {
      id: 'frontmatter/unknown-key',
      severity: 'warning',
      summary: 'A front-matter key near one of the schema fields (a typo such as `owners` for `owner`).',
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
    if (fm && schema) {
      for (const u of unknownKeys(doc, schema))
        report(
          'frontmatter/unknown-key',
          u.range,
          messages.unknownKey(u.key, doc.kind?.name ?? 'kind', u.guess),
          { replacement: u.guess },
        );
    }
    if (fm || doc.profile !== 'front-matter' || !doc.kind || !schema) return;
    // A kind's `frontMatter` keys (declared or learned) bind the documents that have front matter:
    // a page without any gets the site's defaults (Hugo titles it from its file name).
    if (doc.kind.frontMatter && !doc.kind.schema) return;
    const required = (schema.validate.schema as { required?: unknown }).required;
    if (Array.isArray(required) && required.length > 0) {
      report('frontmatter/missing', doc.parsed.lines.lineRange(0), messages.missing(doc.kind.name, required));
    }
  },
};

/**
 * The schema's top-level field names when its properties are a closed list that the schema leaves
 * open only by JSON Schema's default: it has `properties` and says nothing of other keys (no
 * `additionalProperties`, `patternProperties`, `unevaluatedProperties`, nor `allOf`/`anyOf`/
 * `oneOf`/`$ref`/`if` that could add fields). A schema that says anything of other keys decides
 * for itself (ajv reports `additionalProperties: false`); undefined then.
 */
export function closedFields(schema: CompiledSchema): string[] | undefined {
  const s = schema.validate.schema as { properties?: unknown } | boolean;
  if (typeof s !== 'object' || !s.properties || typeof s.properties !== 'object') return undefined;
  const open = ['additionalProperties', 'patternProperties', 'unevaluatedProperties'];
  const composed = ['allOf', 'anyOf', 'oneOf', '$ref', 'if', 'dependencies', 'dependentSchemas'];
  if ([...open, ...composed].some((k) => k in s)) return undefined;
  return Object.keys(s.properties);
}

/**
 * The top-level front-matter keys that are not fields of the schema but within a typo of one
 * (`owners` → `owner`, `last_review` → `last_reviewed`): a key far from every field is taken as
 * the team's own (`tags`, `authors`), not reported. Keys the kind's config names (its fields
 * map) count as fields.
 */
function unknownKeys(doc: DocInfo, schema: CompiledSchema): { key: string; range: Range; guess: string }[] {
  const fields = closedFields(schema);
  if (!fields) return [];
  const known = new Set([
    ...fields,
    ...Object.values(doc.kind?.fields ?? {}).filter((v) => typeof v === 'string'),
  ]);
  const out: { key: string; range: Range; guess: string }[] = [];
  for (const key of Object.keys(doc.data)) {
    if (known.has(key)) continue;
    const guess = nearest(
      key,
      fields.filter((f) => !(f in doc.data)),
    )[0];
    const range = doc.locate([key]).key;
    if (guess && range) out.push({ key, range, guess });
  }
  return out;
}
