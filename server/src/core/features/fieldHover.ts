import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { CompiledSchema } from '../schemas/registry.js';
import { contains } from './locate.js';
import { schemaFields } from './completion.js';

/**
 * Hover on a top-level front-matter key, as yaml-language-server shows a schema: the field's name,
 * type (or format) and whether it is required, its `description`, its allowed values and default.
 * Undefined off a key, or for a key the kind's schema does not describe.
 */
export function fieldHover(
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
  return { markdown: lines.join('\n'), range: doc.locate([key]).key! };
}
