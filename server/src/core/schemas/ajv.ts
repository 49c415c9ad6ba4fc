import Ajv, { type Options } from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import Ajv2020 from 'ajv/dist/2020.js';
import type AjvCore from 'ajv/dist/core.js';
import addFormats from 'ajv-formats';

/** The JSON Schema drafts a schema may be written in. */
export type Dialect = 'draft-07' | '2019-09' | '2020-12';

/** Each supported draft's meta-schema URI, as a schema's `$schema` names it. */
export const DIALECTS: Readonly<Record<Dialect, string>> = {
  'draft-07': 'http://json-schema.org/draft-07/schema#',
  '2019-09': 'https://json-schema.org/draft/2019-09/schema',
  '2020-12': 'https://json-schema.org/draft/2020-12/schema',
};

/** A meta-schema URI with `https` for `http` and without an empty fragment, to compare two spellings. */
const canonical = (uri: string) => uri.replace(/^http:/, 'https:').replace(/#$/, '');

/**
 * The draft a schema's `$schema` names: draft-07 when it names none; undefined for a draft OpsDocs
 * does not read (draft-04, draft-06), an unknown URI or a value that is not a string. The URI may
 * be written with `http` or `https`, with or without the empty fragment `#`.
 */
export function dialectOf($schema: unknown): Dialect | undefined {
  if ($schema === undefined) return 'draft-07';
  if (typeof $schema !== 'string') return undefined;
  const wanted = canonical($schema);
  return (Object.keys(DIALECTS) as Dialect[]).find((d) => canonical(DIALECTS[d]) === wanted);
}

/**
 * An ajv instance as OpsDocs uses it, for one draft (draft-07 unless told): every error reported,
 * formats (date) checked, the `x-opsdocs-*` annotations allowed, and nothing ever loaded from
 * outside (no `loadSchema`, so a remote `$ref` fails to compile instead of being fetched).
 */
export function createAjv(options: Options = {}, dialect: Dialect = 'draft-07'): AjvCore {
  // ownProperties: a key such as `constructor` is present only when the data has it, not its prototype.
  const all: Options = {
    allErrors: true,
    strict: false,
    validateSchema: true,
    ownProperties: true,
    ...options,
  };
  const ajv =
    dialect === '2019-09' ? new Ajv2019(all) : dialect === '2020-12' ? new Ajv2020(all) : new Ajv(all);
  addFormats(ajv);
  ajv.addVocabulary(['x-opsdocs-sections']);
  return ajv;
}
