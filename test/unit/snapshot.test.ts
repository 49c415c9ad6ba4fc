import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Engine, type KnownHash } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import { Pacer } from '../../server/src/core/util/pace.js';
import { FactsCache } from '../../server/src/node/facts.js';
import { type CheckResult, FindingsSnapshot, sha1 } from '../../server/src/node/snapshot.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const runbook = (link: string) =>
  `---\ntitle: Deploy\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Deploy\n\nSee [the guide](${link}).\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;
const FILES = {
  'docs/runbooks/deploy.md': runbook('guide.md'),
  'docs/runbooks/guide.md': runbook('deploy.md#nowhere'),
  'package.json': '{"scripts":{"build":"tsc"}}',
};

/** An engine with a digest over `files`, indexed. */
async function indexed(files: Record<string, string> | Map<string, string>, today = '2026-11-26') {
  const ws = new MemoryWorkspace(files);
  const engine = new Engine({ workspace: ws, today, hash: sha1 });
  await engine.indexAll();
  return { engine, ws };
}

describe('the inputs digest: equal inputs, equal digest; any input changed, another', () => {
  it('is the same for the same workspace, and changes with any text, file name, date or setting', async () => {
    const digest = async (files: Record<string, string>, today?: string) =>
      (await indexed(files, today)).engine.inputsDigest();
    const base = await digest(FILES);
    assert.ok(base);
    assert.equal(await digest({ ...FILES }), base);
    const changed = {
      'a document': await digest({ ...FILES, 'docs/runbooks/guide.md': runbook('deploy.md') }),
      'package.json': await digest({ ...FILES, 'package.json': '{"scripts":{}}' }),
      'a file that is not read (only its name counts)': await digest({ ...FILES, 'src/app.ts': '' }),
      'the date': await digest(FILES, '2027-01-01'),
    };
    for (const [what, d] of Object.entries(changed)) assert.notEqual(d, base, what);
    assert.notEqual(
      await digest({ ...FILES, 'src/a': '', 'src/b': '' }),
      await digest({ ...FILES, 'src/a\nsrc/b': '' }),
      'two files, and one whose name holds a line break between the two names',
    );
    const { engine } = await indexed(FILES);
    engine.setRuleOverrides({ 'links/missing-anchor': 'off' });
    assert.notEqual(engine.inputsDigest(), base, 'a rule setting');
  });

  it('after an edit, a deletion and a creation read one by one, is that of a workspace indexed afresh', async () => {
    const files = new Map(Object.entries(FILES));
    const { engine } = await indexed(files);
    files.set('docs/runbooks/guide.md', runbook('deploy.md'));
    await engine.update('docs/runbooks/guide.md');
    files.delete('package.json');
    await engine.update('package.json');
    files.set('docs/runbooks/new.md', runbook('guide.md'));
    await engine.update('docs/runbooks/new.md');
    assert.equal(engine.inputsDigest(), (await indexed(new Map(files))).engine.inputsDigest());
  });

  it('is given before any document is parsed, and the index is built from the texts read for it', async () => {
    const ws = new MemoryWorkspace(FILES);
    let reads = 0;
    const read = ws.read.bind(ws);
    ws.read = (f) => (reads++, read(f));
    let parsed = 0;
    const engine = new Engine({
      workspace: ws,
      today: '2026-11-26',
      hash: sha1,
      facts: async (text) => (
        parsed++,
        (await import('../../server/src/core/parse/markdown.js')).extractFacts(text)
      ),
    });
    let seen: [string, number] | undefined;
    await engine.indexAll(undefined, (digest) => Promise.resolve(void (seen = [digest, parsed])));
    assert.deepEqual(seen, [engine.inputsDigest(), 0]);
    assert.equal(parsed, 2);
    // .opsdocs.json (absent), package.json and each document: once each.
    assert.equal(reads, 4);
  });
  it('stops before any document is parsed when the caller has the findings of these inputs', async () => {
    let parsed = 0;
    const engine = new Engine({
      workspace: new MemoryWorkspace(FILES),
      today: '2026-11-26',
      hash: sha1,
      facts: async (text) => (
        parsed++,
        (await import('../../server/src/core/parse/markdown.js')).extractFacts(text)
      ),
    });
    assert.equal(await engine.indexAll(undefined, () => Promise.resolve(true)), false);
    assert.equal(parsed, 0);
    assert.equal(engine.documents().size, 0);
    assert.ok(engine.files().has('docs/runbooks/deploy.md'), 'the files are listed');
    assert.equal(await engine.indexAll(undefined, () => Promise.resolve(false)), true);
    assert.equal(parsed, 2);
  });
});

describe('the findings snapshot is used only when sound, for its build and its inputs', () => {
  let dir: string;
  let findings: Finding[];
  let result: CheckResult;
  const logs: string[] = [];
  const open = (build = 'b1') =>
    new FindingsSnapshot(path.join(dir, 'findings.bin'), build, { log: (m) => logs.push(m) });
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-snapshot-'));
    findings = (await indexed(FILES)).engine.allFindings();
    assert.ok(findings.length > 0);
    result = { findings, documents: 2, configFindings: 0, notes: ['Learned the runbook template.'] };
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => {
    logs.length = 0;
    assert.equal(open().save('d1', result), undefined);
  });

  /** Replaces the stored findings with `value` and seals them again, as a writer would. */
  const reseal = (value: unknown) => {
    const file = path.join(dir, 'findings.bin');
    const stored = deserialize(fs.readFileSync(file)) as Record<string, unknown>;
    const bytes = serialize(value);
    fs.writeFileSync(file, serialize({ ...stored, bytes, seal: sha1(`d1\n${sha1(bytes)}`) }));
  };

  it('gives back what was saved for the same inputs and build; nothing for others, silently', () => {
    assert.deepEqual(open().resultFor('d1'), result);
    assert.equal(open().resultFor('d2'), undefined);
    assert.equal(open('b2').resultFor('d1'), undefined);
    assert.deepEqual(logs, []);
  });

  it('keeps the versions documents were read at, sealed: damaged ones are said once and not used', async () => {
    const versions = new Map<string, KnownHash>([
      ['docs/runbooks/deploy.md', { version: '1:2:3:4:5', hash: 'h', lean: '{}' }],
    ]);
    for (let i = 0; i < 2500; i++) versions.set(`docs/x${i}.md`, { version: `${i}`, hash: `h${i}` });
    assert.equal(open().save('d1', result, versions), undefined);
    assert.deepEqual(await open().knownHashes(), versions);
    // With a pace (never due): a rest before each chunk of 1,000 documents' versions.
    let rests = 0;
    assert.deepEqual(await open().knownHashes(new Pacer(async () => void rests++, Infinity)), versions);
    assert.equal(rests, 3);
    assert.equal(await open('b2').knownHashes(), undefined, 'of another build: not used');
    const file = path.join(dir, 'findings.bin');
    const stored = deserialize(fs.readFileSync(file)) as Record<string, unknown>;
    const forged = serialize([['docs/runbooks/deploy.md', '1:2:3:4:5', 'other']]);
    fs.writeFileSync(
      file,
      serialize({ ...stored, versions: [forged, ...(stored.versions as Uint8Array[]).slice(1)] }),
    );
    const snapshot = open();
    assert.equal(await snapshot.knownHashes(), undefined);
    assert.deepEqual(snapshot.resultFor('d1'), result, 'the result itself is sound');
    assert.deepEqual(logs, [
      `Snapshot ${file} is damaged (the seal of its versions does not match); not used.`,
    ]);
    const wrong = serialize([['docs/runbooks/deploy.md', 1]]);
    fs.writeFileSync(
      file,
      serialize({ ...stored, versions: [wrong], versionsSeal: sha1(`versions\n${sha1(sha1(wrong))}`) }),
    );
    assert.equal(await open().knownHashes(), undefined);
    assert.match(logs[1], /versions of the wrong shape/);
  });

  it('never writes through a link at its name, and a FIFO there does not hang the read', async function () {
    const file = path.join(dir, 'findings.bin');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'mine');
    fs.rmSync(file);
    fs.symlinkSync(victim, file);
    assert.match(
      open().save('d1', result) ?? '',
      /^cannot write the snapshot .*findings\.bin: it is a symbolic link$/,
    );
    assert.equal(fs.readFileSync(victim, 'utf8'), 'mine');
    fs.rmSync(file);
    if (spawnSync('mkfifo', [file]).status !== 0) return;
    assert.equal(open().resultFor('d1'), undefined);
    assert.equal(await open().knownHashes(), undefined);
    const cache = FactsCache.open(file, 'test', { log: (m) => assert.fail(m) });
    assert.equal(cache.get(FactsCache.key('# A\n'), '# A\n'), undefined, 'nor the parse cache');
    fs.rmSync(file);
  });

  const damages: [string, () => void, RegExp][] = [
    [
      'random bytes',
      () => fs.writeFileSync(path.join(dir, 'findings.bin'), Buffer.alloc(64, 7)),
      /is damaged \(/,
    ],
    [
      'findings changed without sealing them again',
      () => {
        const file = path.join(dir, 'findings.bin');
        const stored = deserialize(fs.readFileSync(file)) as Record<string, unknown>;
        const bytes = serialize({ ...result, findings: findings.slice(1) });
        fs.writeFileSync(file, serialize({ ...stored, bytes }));
      },
      /is damaged \(its seal does not match\)/,
    ],
    ['the findings alone, sealed', () => reseal(findings), /is damaged \(not a check result\)/],
    ['an extra field, sealed', () => reseal({ ...result, more: 1 }), /is damaged \(not a check result\)/],
    [
      'a count of documents that is not one, sealed',
      () => reseal({ ...result, documents: -1 }),
      /no count of documents or config findings/,
    ],
    ['notes that are not text, sealed', () => reseal({ ...result, notes: [1] }), /notes that are not text/],
    [
      // A forged length: walking it would not end.
      'notes of a length with no notes in it, sealed',
      () => reseal({ ...result, notes: Object.assign([], { length: 2 ** 32 - 1 }) }),
      /notes that are not text/,
    ],
    [
      'findings with holes, sealed',
      () => reseal({ ...result, findings: Object.assign([...findings], { length: 2 ** 32 - 1 }) }),
      /not a list of findings/,
    ],
    [
      'findings that are not a list, sealed',
      () => reseal({ ...result, findings: {} }),
      /not a list of findings/,
    ],
    [
      'an unknown severity, sealed',
      () => reseal({ ...result, findings: [{ ...findings[0], severity: 'fatal' }] }),
      /finding 0 has no severity/,
    ],
    [
      'a range that ends before it starts, sealed',
      () =>
        reseal({
          ...result,
          findings: [
            { ...findings[0], range: { start: { line: 3, character: 0 }, end: { line: 2, character: 0 } } },
          ],
        }),
      /finding 0 has no range/,
    ],
    [
      'a finding with an extra field, sealed',
      () => reseal({ ...result, findings: [{ ...findings[0], text: 'x' }] }),
      /finding 0 is not a finding/,
    ],
    [
      'fix data of the wrong shape, sealed',
      () => reseal({ ...result, findings: [{ ...findings[0], data: { field: 1 } }] }),
      /fix data of the wrong shape/,
    ],
  ];
  for (const [name, damage, said] of damages)
    it(`${name}: not used, and said`, () => {
      damage();
      assert.equal(open().resultFor('d1'), undefined);
      assert.equal(logs.length, 1, logs.join('\n'));
      assert.match(logs[0], said);
      assert.match(logs[0], /^Snapshot .*findings\.bin is damaged \(.*\); not used\.$/);
    });
});
