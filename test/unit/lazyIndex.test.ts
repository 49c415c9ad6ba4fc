import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine, type KnownHash } from '../../server/src/core/engine.js';
import { LazyDoc } from '../../server/src/core/index/lazyDoc.js';
import { extractFacts, type DocFacts } from '../../server/src/core/parse/markdown.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { sha1 } from '../../server/src/node/snapshot.js';
import { REPO, formatFinding } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';

const TODAY = '2026-11-26';
const silent = { log() {} };
const FIXTURES = fs
  .readdirSync(path.join(REPO, 'test/fixtures'))
  .filter((n) => n.endsWith('.expected.txt') && !/\.(untrusted|deferred)\.expected\.txt$/.test(n))
  .map((n) => `test/fixtures/${n.replace(/\.expected\.txt$/, '')}`);

/** What a parse cache keeps, in memory: each text by its hash, with its facts. */
type Kept = Map<string, { text: string; facts: DocFacts }>;

const workspaceOf = async (root: string) => {
  const ws = new FsWorkspace(root, silent, { syncReads: true });
  await ws.listFiles();
  return ws;
};

/** A full index of `root` that keeps every text it parses in `kept`, as the CLI with a cache does. */
async function firstRun(root: string, kept: Kept): Promise<Engine> {
  const engine = new Engine({
    workspace: await workspaceOf(root),
    today: TODAY,
    hash: sha1,
    facts: (text) => {
      const facts = extractFacts(text);
      kept.set(sha1(text), { text, facts });
      return Promise.resolve(facts);
    },
  });
  await engine.indexAll(undefined, () => Promise.resolve(false));
  return engine;
}

/** A later full index of `root` that knows the first run's versions and kept texts. */
async function laterRun(
  root: string,
  kept: Kept,
  versions: Map<string, KnownHash>,
  log: string[] = [],
  readWhileIndexing = false,
): Promise<Engine> {
  const engine = new Engine({
    workspace: await workspaceOf(root),
    today: TODAY,
    hash: sha1,
    logger: { log: (m) => log.push(m) },
    facts: (text) => Promise.resolve(extractFacts(text)),
    knownHashes: () => versions,
    known: (hash) => {
      const k = kept.get(hash);
      return k && { text: () => k.text, facts: () => k.facts };
    },
  });
  // A request answered while the index is built (at a rest) reads every document held unbuilt:
  // built before the templates are learned, with the kinds and id patterns of then.
  let read = !readWhileIndexing;
  const progress = () => {
    if (read) return;
    read = true;
    for (const d of engine.documents().values()) if (d instanceof LazyDoc) void d.refs;
  };
  await engine.indexAll(progress, () => Promise.resolve(false));
  return engine;
}

/** What the index holds of each document, as a check or a request reads it, by file. */
const described = (engine: Engine) =>
  [...engine.documents().values()]
    .sort((a, b) => (a.file < b.file ? -1 : 1))
    .map((d) => ({
      file: d.file,
      kind: d.kind?.name,
      id: d.id,
      title: d.title,
      status: d.status,
      profile: d.profile,
      data: d.data,
      refs: d.refs.map((r) => JSON.stringify(r)),
    }));

describe('the lazy index: documents at their known version held unbuilt at a start', () => {
  // Fixture files are older than the file system's clock tick: each has a version.
  for (const fixture of FIXTURES)
    it(`${fixture}: the same documents and findings as a full build`, async () => {
      const root = path.join(REPO, fixture);
      const kept: Kept = new Map();
      const first = await firstRun(root, kept);
      const versions = await first.readVersions();
      const later = await laterRun(root, kept, versions);
      const docs = [...later.documents().values()];
      const lazy = docs.filter((d) => d instanceof LazyDoc && !d.built).length;
      assert.equal(lazy, versions.size, 'every document with a version is held unbuilt');
      assert.deepEqual(later.allFindings().map(formatFinding), first.allFindings().map(formatFinding));
      assert.deepEqual(described(later), described(first));
      const readEarly = await laterRun(root, kept, versions, [], true);
      assert.deepEqual(readEarly.allFindings().map(formatFinding), first.allFindings().map(formatFinding));
      assert.deepEqual(described(readEarly), described(first));
    });

  it('builds, at the start, the documents whose kind now describes them otherwise', async function () {
    this.timeout(20_000);
    const root = tempCopy('test/fixtures/links');
    // A file changed within the file system's clock tick before a read has no version: wait past it.
    await new Promise((r) => setTimeout(r, 3100));
    const kept: Kept = new Map();
    const first = await firstRun(root, kept);
    const versions = await first.readVersions();
    // A kind's id pattern changes (the configuration is read, not known by version).
    fs.writeFileSync(
      path.join(root, '.opsdocs.json'),
      JSON.stringify({ kinds: { runbook: { idPattern: 'RB-\\d+' } } }),
    );
    const log: string[] = [];
    const later = await laterRun(root, kept, versions, log);
    assert.match(log.join('\n'), new RegExp(`; ${versions.size} of them not built until asked for\\.`));
    const runbooks = [...later.documents().values()].filter((d) => d.kind?.name === 'runbook');
    assert.ok(runbooks.length > 0);
    for (const d of runbooks) assert.ok(!(d instanceof LazyDoc) || d.built, d.file);
    const fresh = await firstRun(root, new Map());
    assert.deepEqual(later.allFindings().map(formatFinding), fresh.allFindings().map(formatFinding));
    assert.deepEqual(described(later), described(fresh));
  });

  it('builds a document whose kept summary is not of its shape, and one whose facts cannot be read', async () => {
    const root = path.join(REPO, 'test/fixtures/links');
    const kept: Kept = new Map();
    const first = await firstRun(root, kept);
    const versions = await first.readVersions();
    const [damaged, factless] = [...versions.keys()];
    versions.set(damaged, { ...versions.get(damaged)!, lean: '{"describedAs": 1}' });
    const log: string[] = [];
    const later = await laterRun(root, kept, versions, log);
    assert.ok(!(later.documents().get(damaged) instanceof LazyDoc));
    assert.match(log.join('\n'), new RegExp(`; ${versions.size - 1} of them not built until asked for\\.`));
    // Facts that cannot be read when the document is built: its kept text is parsed instead.
    const hash = versions.get(factless)!.hash;
    const entry = kept.get(hash)!;
    kept.set(hash, { text: entry.text, facts: undefined as unknown as DocFacts });
    const again = await laterRun(root, kept, versions);
    assert.ok(again.documents().get(factless) instanceof LazyDoc);
    assert.deepEqual(again.allFindings().map(formatFinding), first.allFindings().map(formatFinding));
  });
});
