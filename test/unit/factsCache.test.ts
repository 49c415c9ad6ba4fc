import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Engine } from '../../server/src/core/engine.js';
import { factsProblem } from '../../server/src/core/parse/factsShape.js';
import { extractFacts } from '../../server/src/core/parse/markdown.js';
import { FactsCache, factsSource } from '../../server/src/node/facts.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { formatFinding, REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';

type Obj = Record<string, unknown>;
/** Changes stored facts in place, or returns what to store instead. */
type Damage = (f: Obj) => unknown;
interface Stored {
  version: string;
  entries: Map<string, { hash: string; bytes: Uint8Array; seal: string }>;
}

/** Indexes `root` with the cache file (if any) as the CLI does; saves the cache after. */
async function run(root: string, cacheFile?: string) {
  const logs: string[] = [];
  const logger = { log: (m: string) => logs.push(m) };
  const cache = cacheFile ? FactsCache.open(cacheFile, 'test', logger) : undefined;
  const { source } = factsSource({ cache, threads: 0, logger });
  const engine = new Engine({
    workspace: new FsWorkspace(root, logger),
    logger,
    today: '2026-11-26',
    facts: source,
  });
  await engine.indexAll();
  const findings = engine.allFindings().map(formatFinding);
  const stats = { hits: cache?.hits, misses: cache?.misses };
  assert.equal(cache?.save(), undefined, 'the cache is written');
  return { findings, cacheLog: logs.filter((l) => l.startsWith('Cache ')), ...stats };
}

/**
 * Damages the stored facts of `file`'s text with `damage`, then seals the entry again as a writer
 * would, so only the check of the facts themselves can refuse it.
 */
function damageFacts(cacheFile: string, root: string, file: string, damage: Damage): void {
  const stored = deserialize(fs.readFileSync(cacheFile)) as Stored;
  const hash = FactsCache.key(fs.readFileSync(path.join(root, file), 'utf8'));
  const entry = stored.entries.get(hash);
  assert.ok(entry, `the cache has an entry for ${file}`);
  const facts = deserialize(entry.bytes) as Obj;
  const replaced = damage(facts);
  const bytes = serialize(replaced === undefined ? facts : replaced);
  stored.entries.set(hash, { hash, bytes, seal: FactsCache.seal(hash, bytes) });
  fs.writeFileSync(cacheFile, serialize(stored));
}

const TARGET = 'docs/runbooks/deploy.md';
const at = (f: Obj, ...keys: (string | number)[]): Obj =>
  keys.reduce<Obj>((o, k) => o[k as string] as Obj, f);

/** Facts of the wrong shape, one field at a time: missing, of the wrong type, out of range, extra. */
const DAMAGES: [string, Damage][] = [
  // Every field the facts always have.
  ...'headings checklist directives fastMode refs anchors folds links definitions'
    .split(' ')
    .map((k) => [`no ${k}`, (f: Obj) => delete f[k]] as [string, Damage]),
  ['facts a list', (f) => [f]],
  ['facts a string', () => 'facts'],
  ['an extra field that would replace the text', (f) => (f.text = 'hijacked')],
  ['frontMatter a string', (f) => (f.frontMatter = 'x')],
  ['frontMatter.data a list', (f) => (at(f, 'frontMatter').data = [])],
  [
    'frontMatter.data containing itself',
    (f) => (at(f, 'frontMatter', 'data').self = at(f, 'frontMatter', 'data')),
  ],
  ['frontMatter.data holding a Map', (f) => (at(f, 'frontMatter', 'data').title = new Map())],
  ['frontMatter.data holding a bigint', (f) => (at(f, 'frontMatter', 'data').title = 10n)],
  ['frontMatter.places null', (f) => (at(f, 'frontMatter').places = null)],
  ['frontMatter.open missing', (f) => delete at(f, 'frontMatter').open],
  ['frontMatter.bodyOffset a string', (f) => (at(f, 'frontMatter').bodyOffset = '3')],
  ['frontMatter.bodyOffset past the text', (f) => (at(f, 'frontMatter').bodyOffset = 1e9)],
  ['headings an object', (f) => (f.headings = {})],
  ['a heading of depth 7', (f) => (at(f, 'headings', 0).depth = 7)],
  ['a heading text a number', (f) => (at(f, 'headings', 0).text = 1)],
  ['a line -1', (f) => (at(f, 'headings', 0, 'range', 'start').line = -1)],
  ['a character 1.5', (f) => (at(f, 'headings', 0, 'range', 'start').character = 1.5)],
  ['a line past the text', (f) => (at(f, 'headings', 0, 'range', 'end').line = 100_000)],
  [
    'a range that ends before it starts',
    (f) => (at(f, 'refs', 0).range = { start: { line: 9, character: 0 }, end: { line: 8, character: 0 } }),
  ],
  [
    'checklist.done over its total',
    (f) => (at(f, 'checklist').done = (at(f, 'checklist').total as number) + 1),
  ],
  ['checklist.total NaN', (f) => (at(f, 'checklist').total = NaN)],
  ['a directive of an unknown kind', (f) => (f.directives = [{ kind: 'ignore', rules: [], line: 0 }])],
  ['fastMode true', (f) => (f.fastMode = true)],
  ['fastMode nesting without a line', (f) => (f.fastMode = { reason: 'nesting', depth: 40 })],
  ['a ref of an unknown kind', (f) => (at(f, 'refs', 0).kind = 'url')],
  ['a ref without a target', (f) => (at(f, 'refs', 0).target = null)],
  ['an anchor a number', (f) => (f.anchors = [1])],
  ['statusSection text a number', (f) => (f.statusSection = { text: 1, range: at(f, 'headings', 0).range })],
  ['a fold that ends where it starts', (f) => (f.folds = [{ startLine: 2, endLine: 2 }])],
  ['a fold of an unknown kind', (f) => (f.folds = [{ startLine: 0, endLine: 2, kind: 'imports' }])],
  ['a link label a number', (f) => (f.links = [{ range: at(f, 'headings', 0).range, label: 1 }])],
  ['a definition without a label', (f) => (f.definitions = [{ range: at(f, 'headings', 0).range }])],
];

describe('the parse cache never trusts what it reads', function () {
  this.timeout(60_000);
  let root: string;
  let plain: string[];
  let files: number;
  before(async () => {
    root = tempCopy('test/fixtures/links');
    plain = (await run(root)).findings;
    assert.ok(
      plain.some((f) => f.startsWith(`${TARGET}:`)),
      'the target file has findings to hide',
    );
    files = fs.readdirSync(root, { recursive: true }).filter((f) => String(f).endsWith('.md')).length;
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a sound cache is read whole and gives the same findings', async () => {
    const file = path.join(root, 'sound.bin');
    const cold = await run(root, file);
    assert.deepEqual([cold.hits, cold.misses], [0, files]);
    const warm = await run(root, file);
    assert.deepEqual(warm.findings, plain);
    assert.deepEqual([warm.hits, warm.misses, warm.cacheLog], [files, 0, []]);
  });

  for (const [name, damage] of DAMAGES)
    it(`an entry with ${name} is parsed again, said once, and rewritten`, async () => {
      const file = path.join(root, 'damaged.bin');
      fs.rmSync(file, { force: true });
      await run(root, file);
      damageFacts(file, root, TARGET, damage);
      const r = await run(root, file);
      assert.deepEqual(r.findings, plain);
      assert.deepEqual([r.hits, r.misses], [files - 1, 1]);
      assert.equal(r.cacheLog.length, 1, r.cacheLog.join('\n'));
      assert.match(
        r.cacheLog[0],
        /has a damaged entry \(its facts are not sound: .*\); damaged entries are parsed again and the cache rewritten\./,
      );
      const again = await run(root, file);
      assert.deepEqual(
        [again.hits, again.misses, again.cacheLog],
        [files, 0, []],
        'the cache is healthy again',
      );
    });

  it('the facts of every fixture and example, with LF, CRLF and CR line breaks, are sound', () => {
    let n = 0;
    for (const dir of ['test/fixtures', 'docs/examples'])
      for (const f of fs.readdirSync(path.join(REPO, dir), { recursive: true }).map(String)) {
        if (!f.endsWith('.md')) continue;
        const text = fs.readFileSync(path.join(REPO, dir, f), 'utf8');
        for (const t of [text, text.replace(/\r?\n/g, '\r\n'), text.replace(/\r?\n/g, '\r')]) {
          assert.equal(factsProblem(structuredClone(extractFacts(t)), t), undefined, `${dir}/${f}`);
          n++;
        }
      }
    assert.ok(n > 200, `${n} texts`);
  });
});
