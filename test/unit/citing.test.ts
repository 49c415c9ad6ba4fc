import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { allResolved } from '../../server/src/core/features/locate.js';
import { REPO } from '../helpers/expected.js';

const CORPUS = path.join(
  path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(REPO, '../shared/corpus')),
  'docs',
);
const roots = [
  ...fs
    .readdirSync(path.join(REPO, 'test/fixtures'), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(REPO, 'test/fixtures', e.name)),
  path.join(REPO, 'docs/examples/handbook'),
  // Real repositories with many cross-links (when the corpus is on this machine).
  ...['alphagov__govuk-rfcs', 'npryce__adr-tools', 'operate-first__sre', 'openshift__runbooks']
    .map((r) => path.join(CORPUS, r))
    .filter((r) => fs.existsSync(r)),
];

/**
 * Find references and the code lens look only at the documents whose checks looked a file up
 * (the index's dependency records) instead of resolving every reference of the workspace. That
 * is only right if no document that cites a file is left out: compared here with the full scan.
 */
describe('citing(): the reverse index behind find references and the code lens', () => {
  for (const root of roots) {
    it(`misses no citing document in ${path.relative(path.dirname(REPO), root)}`, async () => {
      const engine = new Engine({ workspace: new FsWorkspace(root, { log() {} }), today: '2026-11-26' });
      await engine.indexAll();
      const truth = new Map<string, Set<string>>();
      for (const { from, target } of await allResolved(engine.view(), engine.documents().values())) {
        if (!truth.has(target.file)) truth.set(target.file, new Set());
        truth.get(target.file)!.add(from.file);
      }
      let pairs = 0;
      for (const [target, from] of truth) {
        const citing = new Set(engine.citing(target).map((d) => d.file));
        for (const f of from) {
          // folders and non-Markdown files have no lens
          if (!engine.documents().has(target) && !target.endsWith('package.json')) continue;
          assert.ok(citing.has(f), `${f} cites ${target} but citing() leaves it out`);
          pairs++;
        }
      }
      // Not vacuous: a workspace where documents cite documents had pairs to compare.
      assert.ok(
        pairs > 0 || ![...truth.keys()].some((t) => engine.documents().has(t) || t.endsWith('package.json')),
      );
    });
  }
});
