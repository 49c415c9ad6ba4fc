import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import fc from 'fast-check';
import { Engine } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import {
  FactsCache,
  factsSource,
  readCacheFile,
  writeCacheFile,
  type StoredCache,
} from '../../server/src/node/facts.js';
import { FORMATS, render } from '../../server/src/cli/format.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

/**
 * Property runs over the surfaces around the engine that an attacker reaches without writing a
 * Markdown document: a team schema's `$schema`, the facts cache on disk, file names in the
 * output. Each is a function of (runs, seed) like {@link fuzzEngine}; `npm run fuzz` runs them all.
 */

/** A runbook that is wrong in a way no schema hides: a missing section and a broken link. */
const RUNBOOK =
  '---\ntitle: Deploy\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Deploy\n\n## Overview\n## Steps\n' +
  '## Rollback\n\nSee [the plan](plan.md).\n';
// (Its required sections come from its kind's schema, which the team's replaces.)
const ALWAYS = [
  'docs/runbooks/deploy.md:12:16-12:23 error links/missing-file `plan.md` does not exist (looked for `docs/runbooks/plan.md`).',
];
const SUPPORTED = new Set(
  ['draft-07/schema', 'draft/2019-09/schema', 'draft/2020-12/schema'].flatMap((p) =>
    ['http', 'https'].flatMap((s) => ['', '#'].map((h) => `${s}://json-schema.org/${p}${h}`)),
  ),
);

const metaSchemaUri = fc.oneof(
  fc.constantFrom(...SUPPORTED),
  fc.constantFrom(
    'http://json-schema.org/draft-04/schema#',
    'http://json-schema.org/draft-06/schema#',
    'http://json-schema.org/draft-03/schema#',
    'http://json-schema.org/schema#',
    'https://json-schema.org/draft/next/schema',
    'https://spec.openapis.org/oas/3.1/dialect/base',
    'http://json-schema.org/draft-07/schema##',
    'HTTP://JSON-SCHEMA.ORG/DRAFT-07/SCHEMA#',
    '',
    '#',
  ),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
  fc.string({ maxLength: 60 }),
  fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string()), fc.object()),
);

/** Keywords a team schema holds, valid and not, in any draft. */
const keywords = fc.dictionary(
  fc.constantFrom(
    'type',
    'required',
    'properties',
    'additionalProperties',
    'dependencies',
    'dependentRequired',
    'prefixItems',
    'unevaluatedProperties',
    '$id',
    '$defs',
    'definitions',
    'enum',
  ),
  fc.oneof(
    fc.constant('object'),
    fc.constant(['owner']),
    fc.constant({ owner: { type: 'string' } }),
    fc.constant(false),
    fc.constant({}),
    fc.anything({ maxDepth: 2 }),
  ),
  { maxKeys: 4 },
);

/**
 * Team schemas with any `$schema`: nothing throws; a supported draft is read, anything else is one
 * `config/schema-invalid` finding on the schema's `$schema`; the runbook's own findings stay.
 */
export async function fuzzSchemas(runs: number, seed?: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.option(metaSchemaUri, { nil: undefined }), keywords, async (uri, rest) => {
      const schema = uri === undefined ? rest : { $schema: uri, ...rest };
      const logs: string[] = [];
      const engine = new Engine({
        workspace: new MemoryWorkspace({
          '.opsdocs.json': JSON.stringify({ kinds: { runbook: { schema: 'schemas/team.json' } } }),
          'schemas/team.json': JSON.stringify(schema, null, 2),
          'docs/runbooks/deploy.md': RUNBOOK,
        }),
        today: '2026-11-26',
        logger: { log: (m) => void logs.push(m) },
      });
      await engine.indexAll();
      const all = engine.allFindings().map(formatFinding);
      for (const f of ALWAYS) assert.ok(all.includes(f), `still reported: ${f}\n${all.join('\n')}`);
      assert.deepEqual(
        all.filter((f) => /internal\//.test(f)),
        [],
      );
      assert.deepEqual(
        logs.filter((m) => /\bfailed\b|exception/i.test(m)),
        [],
      );
      const metaFindings = all.filter((f) => /config\/schema-invalid \$schema /.test(f));
      const supported = uri === undefined || (typeof uri === 'string' && SUPPORTED.has(uri));
      assert.equal(metaFindings.length, supported ? 0 : 1, all.join('\n'));
    }),
    { numRuns: runs, seed, endOnFailure: true },
  );
}

/** Texts of the documents a cache holds facts for. */
const docText = fc.oneof(
  fc.constant(RUNBOOK),
  fc.constant(
    '---\nid: ADR-001\ntitle: Queues\nstatus: acepted\ndate: 2026-01-01\n---\n# Queues\n\n## Context\n',
  ),
  fc
    .array(
      fc.constantFrom('# T\n', '## Steps\n', '[x](y.md)\n', 'ADR-002\n', '- [ ] a\n', '`a/b.md`\n', '\r\n'),
      {
        maxLength: 20,
      },
    )
    .map((a) => a.join('')),
);

/** A value of another type than `v` (so any shape check must refuse it). */
const otherType = (v: unknown): unknown[] =>
  [1, 'x', null, [], {}, true, 10n, new Map()].filter(
    (o) => typeof o !== typeof v || Array.isArray(o) !== Array.isArray(v) || (o === null) !== (v === null),
  );

/** Ways the cache file gets damaged: on disk (unsealed) and inside entries (sealed again). */
const damage = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('field' as const), entry: fc.nat(), pick: fc.nat(), other: fc.nat() }),
);

/** The keys of an object tree, with paths, to pick one to damage. */
function paths(v: unknown, at: string[] = [], out: string[][] = []): string[][] {
  if (v && typeof v === 'object' && !(v instanceof Map))
    for (const [k, c] of Object.entries(v)) {
      out.push([...at, k]);
      if (out.length < 500) paths(c, [...at, k], out);
    }
  return out;
}

/** Damages the cache `file` with `d`, on disk or inside an entry (left as it is if it cannot be read). */
function damageFile(file: string, d: DamageOf): void {
  const buf = fs.readFileSync(file);
  if (d.kind === 'bytes') {
    const out = Buffer.from(buf);
    const at = d.at % Math.max(1, out.length);
    out.set(d.bytes.subarray(0, out.length - at), at);
    return fs.writeFileSync(file, out);
  }
  if (d.kind === 'truncate') return fs.writeFileSync(file, buf.subarray(0, d.at % Math.max(1, buf.length)));
  let stored: StoredCache;
  try {
    stored = readCacheFile(file);
  } catch {
    return; // damaged on disk already
  }
  const list = [...stored.entries.values()];
  if (list.length === 0) return;
  if (d.kind === 'swap') {
    const [a, b] = [list[d.a % list.length], list[d.b % list.length]];
    if (a === b) return;
    [a.bytes, b.bytes, a.seal, b.seal] = [b.bytes, a.bytes, b.seal, a.seal];
  } else {
    const entry = list[d.entry % list.length];
    let facts: Record<string, unknown>;
    try {
      facts = deserialize(entry.bytes) as typeof facts;
    } catch {
      return;
    }
    // Front-matter data is any YAML value by definition: a value of another type there is sound
    // facts of another text, which only the seal (the key and the bytes) tells apart.
    const all = paths(facts).filter((p) => !(p[0] === 'frontMatter' && p[1] === 'data' && p.length > 2));
    if (all.length === 0) return;
    const keys = all[d.pick % all.length];
    const parent = keys.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as never, facts);
    const last = keys[keys.length - 1];
    const others = otherType(parent[last]);
    parent[last] = others[d.other % others.length];
    entry.bytes = serialize(facts);
    entry.seal = FactsCache.seal(entry.hash, entry.bytes);
  }
  writeCacheFile(file, stored);
}
type DamageOf =
  | { kind: 'bytes'; at: number; bytes: Uint8Array }
  | { kind: 'truncate'; at: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'field'; entry: number; pick: number; other: number };

/**
 * A cache damaged in any of those ways never changes what a check finds: each damaged entry is
 * parsed again, and the cache written after that run is sound (the next run reads it whole).
 */
export async function fuzzCache(runs: number, seed?: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-fuzz-cache-'));
  let n = 0;
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          fc.tuple(
            fc.constantFrom('docs/runbooks/a.md', 'docs/adr/ADR-001-a.md', 'notes/n.md', 'README.md'),
            docText,
          ),
          {
            minLength: 1,
            maxLength: 4,
            selector: ([p]) => p,
          },
        ),
        fc.array(damage, { minLength: 1, maxLength: 3 }),
        async (entries, damages) => {
          const files = new Map(entries);
          const file = path.join(dir, `${n++}.bin`);
          const run = async () => {
            const logs: string[] = [];
            const logger = { log: (m: string) => void logs.push(m) };
            const cache = FactsCache.open(file, 'fuzz', logger);
            const engine = new Engine({
              workspace: new MemoryWorkspace(files),
              today: '2026-11-26',
              logger,
              facts: factsSource({ cache, threads: 0, logger }).source,
            });
            await engine.indexAll();
            assert.equal(cache.save(), undefined, 'the cache is written');
            return { findings: engine.allFindings().map((f: Finding) => formatFinding(f)), cache, logs };
          };
          const truth = (await run()).findings;
          for (const d of damages) damageFile(file, d);
          const after = await run();
          assert.deepEqual(after.findings, truth, 'the same findings from a damaged cache');
          const healed = await run();
          assert.deepEqual(healed.findings, truth);
          assert.equal(healed.cache.damaged, 0, `healed: ${healed.logs.join('\n')}`);
          assert.equal(healed.cache.misses, 0, 'the rewritten cache holds every text');
        },
      ),
      { numRuns: runs, seed, endOnFailure: true },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** File names, rules and messages with any character, control characters first among them. */
const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(
      '\n',
      '\r',
      '\t',
      '\x1b',
      '\x00',
      '\x7f',
      '\x85',
      '\u2028',
      '\u2029',
      '\u202e',
      '\u2066',
      '%',
      ':',
      ',',
    ),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 30,
});

/**
 * Every text format prints one line per finding whatever its file name and message hold, and no
 * control character reaches the terminal; the JSON formats keep the exact values.
 */
export function fuzzOutput(runs: number, seed?: number): void {
  // eslint-disable-next-line no-control-regex -- the characters a terminal acts on
  const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;
  fc.assert(
    fc.property(
      fc.array(fc.record({ file: hostileText, message: hostileText }), { minLength: 1, maxLength: 5 }),
      (raw) => {
        const findings: Finding[] = raw.map(({ file, message }) => ({
          file,
          message,
          rule: 'links/missing-file',
          severity: 'error',
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        }));
        for (const format of FORMATS) {
          const out = render(format, findings, 1, '0.0.0');
          assert.ok(!unsafe.test(out), `${format}: a control character in ${JSON.stringify(out)}`);
          if (format === 'github') assert.equal(out.split('\n').length - 1, findings.length);
          // one line per finding, a blank line and the summary
          if (format === 'pretty') assert.equal(out.split('\n').length - 1, findings.length + 2);
          if (format === 'json') {
            const parsed = JSON.parse(out) as { findings: { file: string; message: string }[] };
            assert.deepEqual(
              parsed.findings.map((f) => [f.file, f.message]),
              findings.map((f) => [f.file, f.message]),
            );
          }
        }
      },
    ),
    { numRuns: runs, seed, endOnFailure: true },
  );
}
