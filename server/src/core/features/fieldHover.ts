import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { CompiledSchema } from '../schemas/registry.js';
import { contains } from './locate.js';
import { schemaFields } from './completion.js';
import type { IndexView } from '../index/view.js';
import { kindPlural } from '../config.js';
import { hasSection, headedAs, headingWords } from '../model/sections.js';

/**
 * How many documents of `doc`'s kind have what `has` says (`"have \`owner\`"`), as a hover line;
 * undefined for a document of no kind or the only one of its kind.
 */
function siblings(view: IndexView, doc: DocInfo, has: (d: DocInfo) => boolean, what: string) {
  const kind = doc.kind;
  if (!kind) return undefined;
  const docs = view.documents().filter((d) => d.kind?.name === kind.name);
  if (docs.length < 2) return undefined;
  const n = docs.filter(has).length;
  return `${n} of ${docs.length} ${kindPlural(kind.name)}${kind.learned ? ` in ${kind.learned.where}` : ''} ${what}.`;
}

/**
 * Hover on a section heading (below the title) of a document of a kind: how many documents of the
 * kind have that section, and whether the kind requires it. Undefined elsewhere.
 */
export function sectionHover(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  pos: Position,
): { markdown: string; range: Range } | undefined {
  const heading = doc.parsed.headings.find((h) => h.depth > 1 && contains(h.range, pos));
  if (!heading || !doc.kind) return undefined;
  const words = headingWords(heading.text);
  const shared = siblings(
    view,
    doc,
    (d) =>
      hasSection(
        d.parsed.headings.map((h) => headingWords(h.text)),
        heading.text,
      ),
    'have this section',
  );
  if (!shared) return undefined;
  const required = (doc.kind.sections ?? schema?.sections ?? []).some((r) => headedAs([words], r));
  const lines = [`**${heading.text}**${required ? ' · required section' : ''}`, '', shared];
  return { markdown: lines.join('\n'), range: heading.range };
}

/**
 * Hover on a top-level front-matter key, as yaml-language-server shows a schema: the field's name,
 * type (or format) and whether it is required, its `description`, its allowed values and default;
 * and how many documents of the kind have the key.
 * Undefined off a key, or for a key the kind's schema does not describe.
 */
export function fieldHover(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  pos: Position,
): { markdown: string; range: Range } | undefined {
  const fm = doc.parsed.frontMatter;
  if (!fm || !schema || pos.line <= fm.open.start.line || pos.line >= fm.close.start.line) return undefined;
  const key = Object.keys(doc.data).find((k) => {
    const r = doc.locate([k]).key;
    return r && contains(r, pos);
  });
  const field = key === undefined ? undefined : schemaFields(schema)[key];
  if (key === undefined || !field) return undefined;
  const required = (schema.validate.schema as { required?: unknown }).required;
  const type = [field.type, field.format]
    .flat()
    .filter((t) => typeof t === 'string')
    .join(', ');
  const allowed = field.enum ?? field.items?.enum;
  const head = [
    `**${key}**`,
    type && `\`${type}\``,
    Array.isArray(required) && required.includes(key) && 'required',
  ];
  const lines = [head.filter(Boolean).join(' · ')];
  if (field.description) lines.push('', field.description);
  if (allowed) lines.push('', `One of: ${allowed.map((v) => `\`${String(v)}\``).join(', ')}`);
  if (field.default !== undefined) lines.push('', `Default: \`${JSON.stringify(field.default)}\``);
  const shared = siblings(view, doc, (d) => key in d.data, `have \`${key}\``);
  if (shared) lines.push('', shared);
  return { markdown: lines.join('\n'), range: doc.locate([key]).key! };
}
