import type { ErrorObject } from 'ajv';
import type { Check, CheckContext } from './check.js';
import { didYouMean, nearest } from '../util/similar.js';
import { pointerPath, showPath } from '../util/json.js';
import { isSignPost } from '../model/adr.js';
import { kindPlural } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';

/** How many of the kind's documents have a learned front-matter key (and give it its type). */
const learnedField = (doc: DocInfo, key: string | number) => {
  const { kind } = doc;
  const field = kind?.learned?.fields?.[key];
  if (!kind?.learned || !field) return undefined;
  const docs = `${kindPlural(kind.name)} in ${kind.learned.where}`;
  return {
    has: `: ${field.has} of ${kind.learned.docs} ${docs} have it`,
    typed: (type: string) => `: ${field.typed} of the ${field.has} ${docs} that have it give ${type}`,
  };
};

const RULE_OF: Record<string, string> = {
  required: 'schema/required',
  type: 'schema/type',
  enum: 'schema/enum',
  format: 'schema/format',
  pattern: 'schema/pattern',
};

const pathOf = (e: ErrorObject) => pointerPath(e.instancePath);
const show = (path: (string | number)[]) => '`' + showPath(path) + '`';

function valueAt(data: unknown, path: (string | number)[]): unknown {
  let v = data;
  for (const p of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function report(ctx: CheckContext, e: ErrorObject): void {
  const { doc } = ctx;
  const path = pathOf(e);
  const rule = RULE_OF[e.keyword] ?? 'schema/invalid';
  const value = valueAt(doc.data, path);
  const shown = JSON.stringify(value);
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const where = path.length ? doc.locate(path) : undefined;
      const range = where ? (where.key ?? where.value) : (doc.parsed.frontMatter?.close ?? doc.titleRange);
      const nygard: Record<string, string> = {
        title: ' (an H1 title line)',
        status: ' (a `## Status` section or a `Status:` line)',
      };
      const what = doc.profile === 'nygard' ? (nygard[missing] ?? '') : '';
      const fix = path.length === 0 && doc.parsed.frontMatter ? { field: missing } : undefined;
      const learned = path.length === 0 ? (learnedField(doc, missing)?.has ?? '') : '';
      ctx.report(rule, range, `Missing required field ${show([...path, missing])}${what}${learned}.`, fix);
      return;
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const guess = typeof value === 'string' ? nearest(value, allowed, 1)[0] : undefined;
      const expected = `expected one of: ${allowed.join(', ')}`;
      const message = `${show(path)} is ${shown}; ${expected}.${didYouMean(guess, '"')}`;
      ctx.report(rule, doc.locate(path).value, message, guess ? { replacement: guess } : undefined);
      return;
    }
    case 'type': {
      const got = Array.isArray(value) ? 'a list' : value === null ? 'empty' : `a ${typeof value}`;
      const wanted = String((e.params as { type: string }).type).replace(/,/g, ' or ');
      const learned = path.length === 1 ? (learnedField(doc, path[0])?.typed(`a ${wanted}`) ?? '') : '';
      ctx.report(rule, doc.locate(path).value, `${show(path)} must be ${wanted}, not ${got}${learned}.`);
      return;
    }
    case 'format': {
      const format = String((e.params as { format: string }).format);
      const hint = format === 'date' ? 'a date written YYYY-MM-DD' : `in format "${format}"`;
      ctx.report(rule, doc.locate(path).value, `${show(path)} must be ${hint}; got ${shown}.`);
      return;
    }
    case 'pattern': {
      const pattern = String((e.params as { pattern: string }).pattern);
      ctx.report(rule, doc.locate(path).value, `${show(path)} is ${shown}; it must match ${pattern}.`);
      return;
    }
    default: {
      const what = path.length ? show(path) : 'The front matter';
      ctx.report(rule, doc.locate(path).value, `${what} ${e.message ?? 'is invalid'}.`);
    }
  }
}

/** Validates a document's metadata against its kind's JSON Schema with ajv. */
export const schemaCheck: Check = {
  name: 'schema',
  rules: [
    { id: 'schema/required', severity: 'error', summary: 'A field the schema requires is missing.' },
    {
      id: 'schema/type',
      severity: 'error',
      summary: 'A field has the wrong type (e.g. a string where a list is expected).',
    },
    {
      id: 'schema/enum',
      severity: 'error',
      summary: 'A field value is not one of the values the schema allows; suggests the nearest.',
    },
    {
      id: 'schema/format',
      severity: 'error',
      summary: 'A field is not in its format (e.g. a date that is not a real YYYY-MM-DD date).',
    },
    {
      id: 'schema/pattern',
      severity: 'error',
      summary: 'A field does not match the pattern the schema sets (e.g. an id like ADR-001).',
    },
    {
      id: 'schema/invalid',
      severity: 'error',
      summary: 'Any other schema violation (minimum, minLength, additionalProperties, ...).',
    },
  ],
  run(ctx) {
    const { doc, schema } = ctx;
    if (!schema || doc.parsed.frontMatter?.error) return;
    if (doc.profile === 'front-matter' && !doc.parsed.frontMatter) return;
    if (isSignPost(doc.parsed)) return; // its record is kept elsewhere
    if (schema.validate(doc.data)) return;
    for (const e of schema.validate.errors ?? []) {
      if (e.keyword === 'if') continue;
      report(ctx, e);
    }
  },
};
