import * as assert from 'node:assert/strict';
import configSchema from '../../schemas/opsdocs-config.schema.json';
import { createAjv } from '../../server/src/core/schemas/ajv.js';
import { BUILTIN_SCHEMAS } from '../../server/src/core/schemas/registry.js';

// The built-in schemas and the config file's schema are compiled without ajv's check against the
// draft's meta-schema (that check cost 0.1 s of every run): this test is that check.
describe('the schemas OpsDocs ships', () => {
  const ajv = createAjv({ validateSchema: true });
  const all: [string, object][] = [...Object.entries(BUILTIN_SCHEMAS), ['opsdocs-config', configSchema]];
  for (const [name, schema] of all)
    it(`${name} is a valid draft-07 JSON Schema`, () => {
      const { $id: _id, ...body } = schema as Record<string, unknown>;
      void _id;
      assert.equal(ajv.validateSchema(body), true, JSON.stringify(ajv.errors));
    });

  it('a schema that is not valid is caught by the check', () => {
    assert.equal(ajv.validateSchema({ type: 'object', properties: { a: { type: 'strnig' } } }), false);
  });
});
