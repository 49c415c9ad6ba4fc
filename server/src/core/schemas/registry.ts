import type { ValidateFunction } from 'ajv';
import adr from '../../../../schemas/adr.schema.json';
import adrMadr from '../../../../schemas/adr-madr.schema.json';
import adrNygard from '../../../../schemas/adr-nygard.schema.json';
import runbook from '../../../../schemas/runbook.schema.json';
import policy from '../../../../schemas/policy.schema.json';
import task from '../../../../schemas/task.schema.json';
import agents from '../../../../schemas/agents.schema.json';
import { printParseErrorCode } from 'jsonc-parser';
import type { Finding, Range } from '../types.js';
import { notFound, type ReadResult } from '../workspace.js';
import { CONFIG_FILE, type Config, type KindConfig } from '../config.js';
import { JsonText, pointerPath, showPath } from '../util/json.js';
import { createAjv, dialectOf, DIALECTS, type Dialect } from './ajv.js';
import { isInside } from '../../shared/paths.js';

/** The built-in schemas by name. */
export const BUILTIN_SCHEMAS: Record<string, object> = {
  adr,
  'adr-madr': adrMadr,
  'adr-nygard': adrNygard,
  runbook,
  policy,
  task,
  agents,
};

/**
 * The name under which a {@link SchemaSet} holds the schema made of a kind's `frontMatter` keys
 * (a kind without a schema of its own).
 */
export const frontMatterRef = (kind: string) => `frontMatter:${kind}`;

/** A required section: a heading text, or alternatives any one of which satisfies it. */
export type SectionRequirement = string | string[];

/** A compiled front-matter schema and the sections it requires. */
export interface CompiledSchema {
  /** Built-in name or repository-relative path. */
  source: string;
  validate: ValidateFunction;
  sections: SectionRequirement[];
  /** Top-level property names in schema order (for fixes and completion). */
  properties: string[];
}

/** Schemas by the name or path a kind refers to, plus problems found reading the team's schemas. */
export interface SchemaSet {
  get(ref: string): CompiledSchema | undefined;
  /** Team schemas not used because the workspace is not trusted: their kinds are checked without one. */
  withheld: ReadonlySet<string>;
  findings: Finding[];
}

/**
 * Compiles a schema; its `$id` and `$schema` are dropped (the ajv instance is of the schema's
 * draft). Unless `now`, it is compiled when its `validate` is first asked for.
 */
function compile(
  ajv: () => ReturnType<typeof createAjv>,
  source: string,
  schema: Record<string, unknown>,
  now = true,
): CompiledSchema {
  const { $id: _id, $schema: _meta, ...rest } = schema;
  void _id;
  void _meta;
  const sections = Array.isArray(schema['x-opsdocs-sections'])
    ? (schema['x-opsdocs-sections'] as SectionRequirement[])
    : [];
  const props =
    schema.properties && typeof schema.properties === 'object' ? Object.keys(schema.properties) : [];
  let validate: ValidateFunction | undefined;
  const compiled: CompiledSchema = {
    source,
    get validate() {
      return (validate ??= ajv().compile(rest));
    },
    sections,
    properties: props,
  };
  if (now) void compiled.validate;
  return compiled;
}

/** The drafts a team schema may name in `$schema`, for messages. */
const SUPPORTED = Object.entries(DIALECTS)
  .map(([name, uri]) => `${name} (${uri})`)
  .join(', ')
  .replace(/, (?=[^,]*$)/, ' and ');

let builtins: Map<string, CompiledSchema> | undefined;
let ownAjv: ReturnType<typeof createAjv> | undefined;
/**
 * The ajv of the schemas OpsDocs writes itself (the built-in ones, those made of `frontMatter`
 * keys), made when one is first compiled. Not checked against the draft's meta-schema at run time
 * (compiling that took 0.1 s of a one-file check): test/unit/schemas.test.ts checks every built-in
 * schema against it, and `frontMatter` types are the config schema's enum.
 */
const own = () => (ownAjv ??= createAjv({ validateSchema: false }));

/**
 * The built-in schemas, each compiled once per process (every engine and every folder shares them)
 * when a document is first validated against it: a run compiles the schemas of the kinds it meets
 * only (compiling all of them was a third of the CLI's start-up).
 */
function builtinSchemas(): Map<string, CompiledSchema> {
  if (!builtins) {
    builtins = new Map(
      Object.entries(BUILTIN_SCHEMAS).map(([name, schema]) => [
        name,
        compile(own, name, schema as Record<string, unknown>, false),
      ]),
    );
  }
  return builtins;
}

/**
 * Compiles the built-in schemas and every team schema the config names.
 * `read` reads a repository-relative file. In an untrusted workspace (`trusted` false) team schemas
 * are not read: each gives an info finding and its kind is checked without a schema. A team schema that is
 * missing, not JSON, outside the repository, written in a draft other than draft-07, 2019-09 or
 * 2020-12 (by its `$schema`) or not a valid JSON Schema gives one finding on the config or schema
 * file and the kind falls back to the built-in schema of its name, if any.
 */
export async function loadSchemas(
  config: Config,
  read: (file: string) => Promise<ReadResult>,
  locateInConfig: (path: (string | number)[]) => Range,
  trusted = true,
): Promise<SchemaSet> {
  const teamAjv = new Map<Dialect, ReturnType<typeof createAjv>>();
  const map = new Map(builtinSchemas());
  const findings: Finding[] = [];
  const withheld = new Set<string>();
  const problem = (file: string, range: Range, message: string): void => {
    findings.push({ file, range, severity: 'error', rule: 'config/schema-invalid', message });
  };
  for (const k of config.kinds) {
    const ref = k.schema;
    if (!ref || map.has(ref) || BUILTIN_SCHEMAS[ref]) continue;
    const fallback = BUILTIN_SCHEMAS[k.name]
      ? `; kind "${k.name}" uses the built-in schema`
      : `; kind "${k.name}" is checked without a schema`;
    const inConfig = locateInConfig(['kinds', k.name, 'schema']);
    if (!trusted) {
      // Not the built-in schema either: the team's fields and sections may differ from it.
      const message = `Schema "${ref}" of kind "${k.name}" is not used until you trust this workspace (Restricted Mode); until then the kind's front matter is not validated against a schema and its required sections are not checked.`;
      findings.push({
        file: CONFIG_FILE,
        range: inConfig,
        severity: 'info',
        rule: 'config/untrusted',
        message,
      });
      withheld.add(ref);
      continue;
    }
    if (!isInside(ref)) {
      problem(
        CONFIG_FILE,
        inConfig,
        `Schema "${ref}" of kind "${k.name}" is outside the repository and is not read${fallback}.`,
      );
      continue;
    }
    const res = await read(ref);
    if ('error' in res) {
      const why = notFound(res) ? 'does not exist' : `cannot be read (${res.error})`;
      problem(CONFIG_FILE, inConfig, `Schema file "${ref}" of kind "${k.name}" ${why}${fallback}.`);
      continue;
    }
    const text = res.text;
    const json = new JsonText(text);
    if (json.errors.length > 0) {
      problem(
        ref,
        json.errorRange(json.errors[0]),
        `Schema file is not valid JSON (${printParseErrorCode(json.errors[0].error)})${fallback}.`,
      );
      continue;
    }
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problem(ref, json.range([]), `Schema file must hold a JSON object${fallback}.`);
      continue;
    }
    const meta = (value as Record<string, unknown>).$schema;
    const dialect = dialectOf(meta);
    if (!dialect) {
      const message = `$schema ${JSON.stringify(meta)} is not supported; OpsDocs reads ${SUPPORTED}${fallback}.`;
      problem(ref, json.range(['$schema']), message);
      continue;
    }
    let ajv = teamAjv.get(dialect);
    if (!ajv) teamAjv.set(dialect, (ajv = createAjv({}, dialect)));
    // Validated against its draft's meta-schema (whichever way `$schema` spells it), not by its URI.
    const { $schema: _meta, ...body } = value as Record<string, unknown>;
    void _meta;
    try {
      if (!ajv.validateSchema(body)) {
        const e = ajv.errors?.[0];
        const path = pointerPath(e?.instancePath ?? '');
        problem(
          ref,
          json.range(path),
          `Not a valid JSON Schema: ${path.length ? showPath(path) + ' ' : ''}${e?.message ?? 'is invalid'}${fallback}.`,
        );
        continue;
      }
      const forDraft = ajv;
      map.set(
        ref,
        compile(() => forDraft, ref, body),
      );
    } catch (err) {
      const missingRef = (err as { missingRef?: string }).missingRef;
      if (missingRef !== undefined) {
        const where =
          json.findString(missingRef) ?? json.findString(missingRef.replace(/#$/, '')) ?? json.range([]);
        problem(
          ref,
          where,
          `Cannot use $ref "${missingRef}": OpsDocs never fetches remote schemas or reads other files${fallback}.`,
        );
      } else {
        problem(
          ref,
          json.range([]),
          `Not a valid JSON Schema: ${(err as Error).message.replace(/\s+/g, ' ')}${fallback}.`,
        );
      }
    }
  }
  return withFrontMatterSchemas({ get: (ref) => map.get(ref), withheld, findings }, config.kinds);
}

/**
 * The built-in schema of a kind and its status field, when that field lists its values (`enum`):
 * what a kind's `statuses` replace. None for a team schema (it lists its own), no schema, or a
 * schema whose status field takes any value.
 */
function listedStatus(
  k: KindConfig,
): { schema: { properties: Record<string, object> }; field: object } | undefined {
  const schema = BUILTIN_SCHEMAS[k.schema] as { properties?: Record<string, object> } | undefined;
  const field = schema?.properties?.[k.fields.status];
  return field && 'enum' in field
    ? { schema: schema as { properties: Record<string, object> }, field }
    : undefined;
}

/**
 * Why a kind's configured `statuses` do not work as written: they are on a kind whose schema does
 * not take them, or they do not allow a value of `doneStatuses`, `blockedStatuses` or
 * `supersededStatuses` (set or the default: a `closed`-only list leaves `done` meaning finished).
 */
export function statusesProblems(k: KindConfig): { key: string; message: string }[] {
  if (!k.statuses) return [];
  const at = `kinds.${k.name}`;
  if (!listedStatus(k)) {
    const why = !k.schema
      ? 'it is checked without a schema'
      : BUILTIN_SCHEMAS[k.schema]
        ? `the built-in \`${k.schema}\` schema lists no values of \`${k.fields.status}\``
        : `its schema \`${k.schema}\` lists its own values`;
    return [{ key: 'statuses', message: `${at}.statuses has no effect: ${why}.` }];
  }
  const problems: { key: string; message: string }[] = [];
  for (const key of ['doneStatuses', 'blockedStatuses', 'supersededStatuses'] as const) {
    const stray = k[key].filter((v) => !k.statuses!.includes(v));
    if (stray.length)
      problems.push({
        key: 'statuses',
        message: `${at}.statuses does not allow ${stray.map((v) => `"${v}"`).join(', ')}, which ${at}.${key} holds: no document can have that meaning; list in ${key} the statuses that have it.`,
      });
  }
  return problems;
}

/** The schema of a kind whose `statuses` replace its built-in schema's ({@link withFrontMatterSchemas}). */
export const statusesRef = (kind: string) => `statuses:${kind}`;

/**
 * `set` with the schema of each kind in `kinds` that has no schema but `frontMatter` keys (declared
 * in the config, or learned from the kind's documents), under {@link frontMatterRef}: the keys
 * required, each of its type; and, under {@link statusesRef}, the built-in schema of each kind with
 * `statuses` of its own, its status field taking those values.
 */
export function withFrontMatterSchemas(set: SchemaSet, kinds: readonly KindConfig[]): SchemaSet {
  const made = new Map<string, CompiledSchema>();
  for (const k of kinds) {
    const status = listedStatus(k);
    if (k.statuses && status) {
      const properties = {
        ...status.schema.properties,
        [k.fields.status]: { ...status.field, enum: k.statuses },
      };
      const ref = statusesRef(k.name);
      made.set(ref, compile(own, k.schema, { ...status.schema, properties }, false));
    }
    if (k.schema || !k.frontMatter) continue;
    const properties = Object.fromEntries(
      Object.entries(k.frontMatter).map(([key, type]) => [key, type === 'any' ? {} : { type }]),
    );
    const schema = { type: 'object', required: Object.keys(k.frontMatter), properties };
    const ref = frontMatterRef(k.name);
    made.set(ref, compile(own, ref, schema, false));
  }
  return made.size === 0 ? set : { ...set, get: (ref) => made.get(ref) ?? set.get(ref) };
}
