import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const CONFIG = JSON.stringify({ kinds: { runbook: { schema: 'schemas/team.json' } } });

/** A runbook with an owner, a review date and every built-in section, plus a broken link. */
const RUNBOOK =
  '---\ntitle: Deploy\nowner: ops\nlast_reviewed: 2026-11-01\nwindow: [2026-11-01, soon]\n---\n# Deploy\n\n' +
  '## Overview\n## Steps\n## Rollback\n## Escalation\n\nSee [the plan](plan.md).\n';

/** The findings of a workspace of one runbook whose kind's schema is `schema`. */
async function findings(schema: Record<string, unknown>): Promise<string[]> {
  const engine = new Engine({
    workspace: new MemoryWorkspace({
      '.opsdocs.json': CONFIG,
      'schemas/team.json': JSON.stringify(schema),
      'docs/runbooks/deploy.md': RUNBOOK,
    }),
    today: '2026-11-26',
  });
  await engine.indexAll();
  return engine.allFindings().map(formatFinding);
}

const BROKEN_LINK =
  'docs/runbooks/deploy.md:14:16-14:23 error links/missing-file `plan.md` does not exist (looked for `docs/runbooks/plan.md`).';

/** Every way to write each supported draft's URI: http or https, with or without the empty fragment. */
const spellings = (path: string) =>
  ['http', 'https'].flatMap((scheme) =>
    ['', '#'].map((hash) => `${scheme}://json-schema.org/${path}${hash}`),
  );

describe('team schemas: the JSON Schema draft their $schema names', () => {
  // Each draft's schema also uses a keyword of that draft (ajv would ignore it in another draft).
  const drafts: [string, Record<string, unknown>, string][] = [
    [
      'draft-07/schema',
      { required: ['approver'], dependencies: { window: ['approved_on'] } },
      'docs/runbooks/deploy.md:2:1-5:27 error schema/invalid The front matter must have property approved_on when property window is present.',
    ],
    [
      'draft/2019-09/schema',
      { required: ['approver'], dependentRequired: { window: ['approved_on'] } },
      'docs/runbooks/deploy.md:2:1-5:27 error schema/invalid The front matter must have property approved_on when property window is present.',
    ],
    [
      'draft/2020-12/schema',
      { required: ['approver'], properties: { window: { prefixItems: [{}, { type: 'integer' }] } } },
      'docs/runbooks/deploy.md:5:22-5:26 error schema/type `window[1]` must be integer, not a string.',
    ],
  ];
  for (const [path, keywords, draftFinding] of drafts)
    for (const uri of spellings(path))
      it(`validates against a schema of "$schema": "${uri}"`, async () => {
        const all = await findings({ $schema: uri, type: 'object', ...keywords });
        assert.deepEqual(
          all.sort(),
          [
            'docs/runbooks/deploy.md:6:1-6:4 error schema/required Missing required field `approver`.',
            draftFinding,
            BROKEN_LINK,
          ].sort(),
        );
      });

  const unsupported: unknown[] = [
    'http://json-schema.org/draft-04/schema#',
    'http://json-schema.org/draft-06/schema#',
    'http://json-schema.org/draft-03/schema#',
    'http://json-schema.org/schema#',
    'https://json-schema.org/draft/next/schema',
    'https://json-schema.org/draft/2020-12/meta/core',
    'https://schemas.example.com/opsdocs-meta/v1',
    'draft-07',
    '',
    42,
    null,
    ['http://json-schema.org/draft-07/schema#'],
  ];
  for (const meta of unsupported)
    it(`reports "$schema": ${JSON.stringify(meta)} once and checks the kind with its built-in schema`, async () => {
      const [...rest] = await findings({ $schema: meta, type: 'object', required: ['approver'] });
      const last = rest.pop() ?? '';
      assert.match(
        last,
        /^schemas\/team\.json:1:12-1:\d+ error config\/schema-invalid \$schema .* is not supported; OpsDocs reads draft-07 \(http:\/\/json-schema\.org\/draft-07\/schema#\), 2019-09 \(https:\/\/json-schema\.org\/draft\/2019-09\/schema\) and 2020-12 \(https:\/\/json-schema\.org\/draft\/2020-12\/schema\); kind "runbook" uses the built-in schema\.$/,
      );
      assert.ok(last.includes(`$schema ${JSON.stringify(meta)} is not supported`), last);
      // The built-in runbook schema has no `approver`; the other checks still run.
      assert.deepEqual(rest, [BROKEN_LINK]);
    });
});
