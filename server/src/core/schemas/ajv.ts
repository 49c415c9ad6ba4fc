import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * An ajv instance as OpsDocs uses it: every error reported, formats (date) checked, the
 * `x-opsdocs-*` annotations allowed, and nothing ever loaded from outside (no `loadSchema`,
 * so a remote `$ref` fails to compile instead of being fetched).
 */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true, ...options });
  addFormats(ajv);
  ajv.addVocabulary(['x-opsdocs-sections']);
  return ajv;
}
