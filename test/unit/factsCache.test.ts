import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Engine } from '../../server/src/core/engine.js';
import { factsProblem } from '../../server/src/core/parse/factsShape.js';
import { extractFacts } from '../../server/src/core/parse/markdown.js';
import { FactsCache, factsSource, readCacheFile, writeCacheFile } from '../../server/src/node/facts.js';
import { Pacer } from '../../server/src/core/util/pace.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { formatFinding, REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';

type Obj = Record<string, unknown>;
/** Changes stored facts in place, or returns what to store instead. */
type Damage = (f: Obj) => unknown;

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
  const stored = readCacheFile(cacheFile);
  const hash = FactsCache.key(fs.readFileSync(path.join(root, file), 'utf8'));
  const entry = stored.entries.get(hash);
  assert.ok(entry, `the cache has an entry for ${file}`);
  const facts = deserialize(entry.bytes) as Obj;
  const replaced = damage(facts);
  const bytes = serialize(replaced === undefined ? facts : replaced);
  stored.entries.set(hash, { ...entry, bytes, seal: FactsCache.seal(hash, bytes) });
  writeCacheFile(cacheFile, stored);
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
  ['frontMatter.places with a span short', (f) => (at(f, 'frontMatter', 'places').spans as number[]).pop()],
  [
    'frontMatter.places with a path a number',
    (f) => ((at(f, 'frontMatter', 'places').paths as unknown[])[0] = 0),
  ],
  [
    'a front-matter place past the text',
    (f) => ((at(f, 'frontMatter', 'places').spans as number[])[3] = 1e9),
  ],
  [
    'a front-matter place ending before it starts',
    (f) => ((at(f, 'frontMatter', 'places').spans as number[])[3] = 0),
  ],
  ['frontMatter.open missing', (f) => delete at(f, 'frontMatter').open],
  ['frontMatter.bodyOffset a string', (f) => (at(f, 'frontMatter').bodyOffset = '3')],
  ['frontMatter.bodyOffset past the text', (f) => (at(f, 'frontMatter').bodyOffset = 1e9)],
  ['headings an object', (f) => (f.headings = {})],
  ['headings with holes', (f) => ((f.headings as unknown[]).length += 2)],
  // A forged length: walking it would not end (a sparse list is stored by its items).
  ['headings of a length no text allows', (f) => ((f.headings as unknown[]).length = 2 ** 32 - 1)],
  [
    'a front-matter list of a length no text allows',
    (f) => (at(f, 'frontMatter', 'data').tags = Object.assign([], { length: 2 ** 32 - 1 })),
  ],
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

  /** Whole files that are not a sound cache of this version, and what is said of each. */
  const FILES: [string, (file: string) => void, RegExp][] = [
    ['an empty file', (file) => fs.writeFileSync(file, ''), /is damaged \(.+\); starting afresh\.$/],
    [
      'a file of layout 2 (one serialization of the version and a Map of entries)',
      (file) => fs.writeFileSync(file, serialize({ version: 'test/16/v20.0.0/2', entries: new Map() })),
      /was written by another version; starting afresh\.$/,
    ],
    [
      "another version's file of this layout",
      (file) => writeCacheFile(file, { ...readCacheFile(file), version: 'other' }),
      /was written by another version; starting afresh\.$/,
    ],
    [
      'a file cut short',
      (file) => fs.truncateSync(file, fs.statSync(file).size - 1),
      /is damaged \(its index of records is damaged \(or the file was cut short\)\); starting afresh\.$/,
    ],
    [
      'bytes added at its end',
      (file) => fs.appendFileSync(file, Buffer.from([0, 0, 0, 0])),
      /is damaged \(its index of records is damaged \(or the file was cut short\)\); starting afresh\.$/,
    ],
  ];
  for (const [name, damage, said] of FILES)
    it(`${name}: the findings of no cache, said once, and a sound file after`, async () => {
      const file = path.join(root, 'whole.bin');
      fs.rmSync(file, { force: true });
      await run(root, file);
      damage(file);
      const r = await run(root, file);
      assert.deepEqual(r.findings, plain);
      assert.deepEqual([r.hits, r.misses], [0, files]);
      assert.equal(r.cacheLog.length, 1, r.cacheLog.join('\n'));
      assert.match(r.cacheLog[0], said);
      const again = await run(root, file);
      assert.deepEqual([again.hits, again.misses, again.cacheLog], [files, 0, []]);
    });

  it('saveWithPauses() rests while it writes many entries, and the file is read back whole', async () => {
    const file = path.join(root, 'paced.bin');
    const logger = { log: (m: string) => assert.fail(m) };
    const texts = Array.from({ length: 500 }, (_, i) => `# Doc ${i}\n\nSee [the next](d${i + 1}.md).\n`);
    const cache = FactsCache.open(file, 'test', logger);
    for (const text of texts) cache.set(FactsCache.key(text), extractFacts(text), text);
    let rests = 0;
    // Slices of no time: the pacer is due at every 16th step of the writing.
    const pace = new Pacer(async () => void rests++, -1);
    assert.equal(await cache.saveWithPauses(pace), undefined);
    assert.ok(rests > texts.length / 16, `${rests} rests`);
    const read = FactsCache.open(file, 'test', logger);
    for (const text of texts) assert.ok(read.get(FactsCache.key(text), text), text);
    assert.deepEqual([read.hits, read.misses, read.damaged], [texts.length, 0, 0]);
  });

  it('loadWithPauses() rests while it reads many entries and gives what a read in one go gives', async () => {
    const file = path.join(root, 'paced-load.bin');
    const logs: string[] = [];
    const texts = Array.from({ length: 500 }, (_, i) => `# Doc ${i}\n\nSee [the next](d${i + 1}.md).\n`);
    const cache = FactsCache.open(file, 'test', { log: (m) => logs.push(m) });
    for (const text of texts) cache.set(FactsCache.key(text), extractFacts(text), text);
    assert.equal(cache.save(), undefined);
    let rests = 0;
    const read = FactsCache.open(file, 'test', { log: (m) => logs.push(m) });
    await read.loadWithPauses(new Pacer(async () => void rests++, -1));
    assert.ok(rests >= texts.length / 64 - 1, `${rests} rests`);
    for (const text of texts) assert.ok(read.get(FactsCache.key(text), text), text);
    assert.deepEqual([read.hits, read.misses, read.damaged], [texts.length, 0, 0]);
    // Its bytes read ahead (the server's index lists the workspace meanwhile): the entries read
    // then, even when the file is replaced after.
    const ahead = FactsCache.open(file, 'test', { log: (m) => logs.push(m) });
    await ahead.prefetch();
    const saved = fs.readFileSync(file);
    fs.writeFileSync(file, 'replaced after the read');
    await ahead.loadWithPauses();
    for (const text of texts) assert.ok(ahead.get(FactsCache.key(text), text), text);
    fs.writeFileSync(file, saved);
    // A damaged file is said once and started afresh, as when read in one go.
    fs.writeFileSync(file, 'not a cache');
    const damaged = FactsCache.open(file, 'test', { log: (m) => logs.push(m) });
    await damaged.loadWithPauses();
    assert.equal(damaged.get(FactsCache.key(texts[0]), texts[0]), undefined);
    assert.equal(logs.length, 1, logs.join('\n'));
    assert.match(logs[0], /^Cache .*paced-load\.bin is damaged \(.*\); starting afresh\.$/);
    // Neither a FIFO nor a folder at its name is read (the FIFO would hang an open for reading).
    fs.rmSync(file);
    fs.mkdirSync(file);
    const folder = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
    await folder.loadWithPauses();
    assert.equal(folder.get(FactsCache.key(texts[0]), texts[0]), undefined);
    fs.rmdirSync(file);
    if (spawnSync('mkfifo', [file]).status !== 0) return;
    const fifo = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
    await fifo.loadWithPauses();
    assert.equal(fifo.get(FactsCache.key(texts[0]), texts[0]), undefined);
    fs.rmSync(file);
  });

  it('keeps no facts of an entry read from the file: each copy of a text gets its own, as sound', () => {
    const file = path.join(root, 'copies.bin');
    const text = '# Doc\n\nSee [the guide](guide.md#steps).\n';
    const key = FactsCache.key(text);
    const writer = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
    writer.set(key, extractFacts(text), text);
    assert.equal(writer.save(), undefined);
    const cache = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
    const [a, b] = [cache.get(key, text), cache.get(key, text)];
    assert.ok(a && b);
    assert.notEqual(a, b, 'opened from the bytes again, not kept');
    assert.deepEqual(a, b);
    assert.deepEqual(a, structuredClone(extractFacts(text)));
    assert.deepEqual([cache.hits, cache.misses], [2, 0]);
    assert.equal(cache.save(), undefined, 'nothing changed: not rewritten');
  });

  it('a pacer reads the clock every 16 items, however many a step did', () => {
    const counted = (steps: number, items?: number) => {
      const pace = new Pacer(() => Promise.resolve(), -1); // due whenever the clock is read
      return Array.from({ length: steps }, () => pace.due(items)).filter(Boolean).length;
    };
    assert.equal(counted(48), 3, 'one item a step: every 16th step');
    assert.equal(counted(3, 50), 3, 'a chunk of 50 a step: every step');
    assert.equal(counted(8, 4), 2, 'four a step: every 4th step');
  });

  for (const paced of [false, true])
    it(`${paced ? 'saveWithPauses()' : 'save()'} that cannot write says why and leaves no temp file`, async () => {
      // The cache's folder is a file: making it fails.
      const dir = path.join(root, `unwritable-${paced}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'folder'), '');
      const file = path.join(dir, 'folder', 'cache.bin');
      const cache = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
      cache.set(FactsCache.key('# A\n'), extractFacts('# A\n'), '# A\n');
      const problem = paced ? await cache.saveWithPauses() : cache.save();
      assert.match(problem ?? '', /^cannot write the cache .*cache\.bin: E[A-Z]+$/);
      assert.deepEqual(fs.readdirSync(dir), ['folder']);
      // A folder at the cache's name is not replaced (nor anything but a file).
      const folder = path.join(dir, 'cache.bin');
      fs.mkdirSync(path.join(folder, 'inside'), { recursive: true });
      const there = FactsCache.open(folder, 'test', { log: (m) => assert.fail(m) });
      there.set(FactsCache.key('# A\n'), extractFacts('# A\n'), '# A\n');
      assert.equal(
        paced ? await there.saveWithPauses() : there.save(),
        `cannot write the cache ${folder}: it is not a file; not replaced`,
      );
      assert.deepEqual(fs.readdirSync(folder), ['inside']);
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
