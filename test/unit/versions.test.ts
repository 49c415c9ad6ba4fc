import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { extractFacts } from '../../server/src/core/parse/markdown.js';
import { OverlayWorkspace, type ReadResult } from '../../server/src/core/workspace.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { sha1 } from '../../server/src/node/snapshot.js';

const silent = { log() {} };
const HOUR_AGO = new Date(Date.now() - 3_600_000);
/** Sets a file's modification time an hour back (its change time stays now). */
const age = (file: string) => fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
const textOf = (r: ReadResult) => ('text' in r ? r.text : assert.fail(r.error));
const versionOf = (r: ReadResult) => ('text' in r ? r.version : assert.fail(r.error));

describe('file versions: a file unchanged on disk is known without reading it', function () {
  let root: string;
  const DOC = 'docs/runbooks/deploy.md';
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  before(async function () {
    this.timeout(10_000);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-versions-'));
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    fs.writeFileSync(abs(DOC), '# Deploy\n\nSee [the guide](guide.md).\n');
    fs.writeFileSync(abs('docs/runbooks/guide.md'), '# Guide\n');
    fs.symlinkSync('guide.md', abs('docs/runbooks/alias.md'));
    for (const f of [DOC, 'docs/runbooks/guide.md']) age(abs(f));
    // A file changed within the file system's clock tick before a read has no version: wait past it.
    await new Promise((r) => setTimeout(r, 3100));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A workspace of `root` as listed afresh (versions are given for listed files only). */
  const listed = async () => {
    const ws = new FsWorkspace(root, silent, { syncReads: true });
    await ws.listFiles();
    return ws;
  };

  it('a read gives the version the file has until it is written again', async () => {
    const ws = await listed();
    const version = ws.version(DOC);
    assert.ok(version);
    assert.equal(versionOf(await ws.read(DOC)), version);
    assert.equal((await listed()).version(DOC), version, 'stable across runs');
  });

  it('rewritten with the same size and its modification time set back: another version', async () => {
    const before = (await listed()).version(DOC);
    const text = fs.readFileSync(abs(DOC), 'utf8');
    const { mtime } = fs.statSync(abs(DOC));
    fs.writeFileSync(abs(DOC), text.replace('guide', 'GUIDE'));
    fs.utimesSync(abs(DOC), mtime, mtime);
    const ws = await listed();
    assert.notEqual(ws.version(DOC), before);
    // Just written (its change time is now): no version at all, the file is read.
    assert.equal(ws.version(DOC), undefined);
    assert.equal(versionOf(await ws.read(DOC)), undefined);
    assert.match(textOf(await ws.read(DOC)), /GUIDE/);
  });

  it('none for a link, a missing file or a file the listing did not reach', async () => {
    const ws = await listed();
    assert.equal(ws.version('docs/runbooks/alias.md'), undefined);
    assert.equal(ws.version('docs/runbooks/gone.md'), undefined);
    assert.equal(new FsWorkspace(root, silent).version('docs/runbooks/guide.md'), undefined);
  });

  it('the engine takes a known document at its hash instead of reading it, with the same digest', async () => {
    const GUIDE = 'docs/runbooks/guide.md';
    const engineOf = (ws: FsWorkspace, known?: Engine) =>
      new Engine({
        workspace: ws,
        today: '2026-11-26',
        hash: sha1,
        facts: (text) => Promise.resolve(extractFacts(text)),
        knownHashes: known && (() => known.readVersions()),
      });
    const first = engineOf(await listed());
    await first.indexAll(undefined, () => Promise.resolve(false));
    const versions = await first.readVersions();
    assert.deepEqual(
      [...versions.keys()],
      [GUIDE],
      'only the file with a version (the other was just written)',
    );
    assert.equal(versions.get(GUIDE)?.hash, sha1(fs.readFileSync(abs(GUIDE), 'utf8')));

    const ws = await listed();
    const reads: string[] = [];
    const read = ws.read.bind(ws);
    ws.read = (f) => (reads.push(f), read(f));
    const second = engineOf(ws, first);
    let readBeforeDigest: string[] = [];
    await second.indexAll(undefined, () => Promise.resolve(void (readBeforeDigest = [...reads])));
    assert.ok(!readBeforeDigest.includes(GUIDE), readBeforeDigest.join());
    assert.ok(readBeforeDigest.includes(DOC));
    assert.equal(second.inputsDigest(), first.inputsDigest());
    assert.ok(reads.includes(GUIDE), 'the index reads it all the same');
    assert.deepEqual(second.allFindings(), first.allFindings());
  });

  describe('with the texts an earlier run kept (`known`)', () => {
    const GUIDE = 'docs/runbooks/guide.md';
    /** A start after `first`, its reads noted, taking texts from `kept` (by hash). */
    const secondStart = async (
      ws: FsWorkspace | OverlayWorkspace,
      first: Engine,
      kept: Map<string, string>,
      digested = () => {},
    ) => {
      const reads: string[] = [];
      const read = ws.read.bind(ws);
      ws.read = (f) => (reads.push(f), read(f));
      const engine = new Engine({
        workspace: ws,
        today: '2026-11-26',
        hash: sha1,
        facts: (text) => Promise.resolve(extractFacts(text)),
        knownHashes: () => first.readVersions(),
        known: (hash) => {
          const text = kept.get(hash);
          return text === undefined ? undefined : { text: () => text, facts: () => extractFacts(text) };
        },
      });
      await engine.indexAll(undefined, () => Promise.resolve(digested()).then(() => false));
      return { engine, reads };
    };
    const firstStart = async () => {
      const first = new Engine({ workspace: await listed(), today: '2026-11-26', hash: sha1 });
      await first.indexAll(undefined, () => Promise.resolve(false));
      return first;
    };
    const keptOf = (text: string) => new Map([[sha1(text), text]]);

    it('takes a document at its known version from them instead of reading its file', async () => {
      const first = await firstStart();
      const guide = fs.readFileSync(abs(GUIDE), 'utf8');
      const { engine, reads } = await secondStart(await listed(), first, keptOf(guide));
      assert.ok(!reads.includes(GUIDE), reads.join());
      assert.ok(reads.includes(DOC), 'no version (just written): read');
      assert.equal(engine.documents().get(GUIDE)?.parsed.text, guide);
      assert.deepEqual(engine.allFindings(), first.allFindings());
      assert.equal(engine.inputsDigest(), first.inputsDigest());
    });

    it('reads it when they lack its text, when an editor holds it, or when the workspace keeps the texts it writes to', async () => {
      const first = await firstStart();
      const guide = fs.readFileSync(abs(GUIDE), 'utf8');
      const none = await secondStart(await listed(), first, new Map());
      assert.ok(none.reads.includes(GUIDE));
      // Opened in the editor once its version was taken (the inputs digested), before it is loaded.
      const overlay = new OverlayWorkspace(await listed());
      const open = await secondStart(overlay, first, keptOf(guide), () =>
        overlay.set(GUIDE, '# Guide, edited\n'),
      );
      assert.equal(open.engine.documents().get(GUIDE)?.parsed.text, '# Guide, edited\n');
      const writing = new FsWorkspace(root, silent, { syncReads: true, keepTexts: true });
      await writing.listFiles();
      const fixing = await secondStart(writing, first, keptOf(guide));
      assert.ok(fixing.reads.includes(GUIDE));
      assert.equal(writing.textRead(GUIDE), guide, 'held for a write');
    });
  });
});
