import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexedSession as session } from '../helpers/lspSession.js';

const N = 100;
const runbook = (i: number) =>
  `---\ntitle: Runbook ${i}\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Runbook ${i}\n\nSee [the next](r${(i + 1) % N}.md${i % 10 === 0 ? '#nowhere' : ''}).\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;

/** Resolves once `holds` (a look at the disk) is true, looking every 50 ms; rejects after `ms`. */
async function until(what: string, holds: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !holds(); await new Promise((r) => setTimeout(r, 50)))
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
}

const SHOWN = /Nothing changed since the last check of .*: its 10 findings shown while the index is built\./;

describe("language server: the last check's findings, shown at once when nothing changed", function () {
  this.timeout(180_000);
  let root: string;
  let cacheDir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-snapshot-'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-storage-'));
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(root, `docs/runbooks/r${i}.md`), runbook(i));
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  it('a restart with nothing changed shows them before the index is built, then the index its own (the same)', async () => {
    const first = await session(root, cacheDir, 10);
    assert.doesNotMatch(first.log, SHOWN);
    assert.deepEqual(first.published, Array(10).fill(1));
    assert.deepEqual(
      fs
        .readdirSync(cacheDir)
        .map((f) => f.replace(/[0-9a-f]{16}/, 'ID'))
        .sort(),
      ['facts-ID.bin', 'findings-ID.bin'],
    );
    const second = await session(root, cacheDir, 10, 2);
    assert.match(second.log, SHOWN);
    assert.ok(second.log.search(SHOWN) < second.log.search(/Indexed 100 documents/), second.log);
    assert.deepEqual(second.published, Array(10).fill(2), 'from the snapshot, then from the index');
    assert.equal(second.diagnostics, first.diagnostics);
  });

  it('an edit since the last check: not shown; the findings no change reaches are reused, the others checked', async () => {
    await session(root, cacheDir, 10);
    fs.writeFileSync(path.join(root, 'docs/runbooks/r5.md'), runbook(5).replace('r6.md', 'r6.md#gone'));
    const second = await session(root, cacheDir, 11);
    assert.doesNotMatch(second.log, /Nothing changed/);
    // r5 and r4, which links to it, are checked again; the other 98 keep their findings.
    assert.match(
      second.log,
      /The findings of 98 files taken from the last check: nothing they looked up changed\./,
    );
    assert.deepEqual(second.published, Array(11).fill(1));
    const uncached = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-storage-'));
    try {
      assert.equal(second.diagnostics, (await session(root, uncached, 11)).diagnostics);
    } finally {
      fs.rmSync(uncached, { recursive: true, force: true });
    }
  });

  it('a change read during the session is in the snapshot the shutdown writes: the next start shows it', async () => {
    await session(root, cacheDir, 10, 1, async (client) => {
      fs.writeFileSync(path.join(root, 'docs/runbooks/r5.md'), runbook(5).replace('r6.md', 'r6.md#gone'));
      await client.notify('workspace/didChangeWatchedFiles', {
        changes: [{ uri: client.uri('docs/runbooks/r5.md'), type: 2 }],
      });
      await client.waitFor(
        'the change read',
        () => (client.diagnostics.get(client.uri('docs/runbooks/r5.md')) ?? []).length === 1,
      );
    });
    const second = await session(root, cacheDir, 11, 2);
    assert.match(
      second.log,
      /Nothing changed since the last check of .*: its 11 findings shown while the index is built\./,
    );
  });

  it('a settings change is written once the folder is idle: after a killed server the next start shows it', async () => {
    const changed = { today: '2026-11-26', rules: { 'links/missing-anchor': 'info' } };
    await session(root, cacheDir, 10, 1, async (client) => {
      const written = () => fs.readdirSync(cacheDir).find((f) => f.startsWith('findings-'));
      await until('the first snapshot', () => written() !== undefined);
      const file = path.join(cacheDir, written()!);
      const before = fs.readFileSync(file);
      client.settings = changed;
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.waitFor('the findings at the new level', () =>
        [...client.diagnostics.values()].some((d) => d.some((x) => x.severity === 3)),
      );
      await until('the snapshot written again', () => !fs.readFileSync(file).equals(before));
      await client.kill(); // no shutdown: only what was written while idle is there
    });
    const second = await session(root, cacheDir, 10, 2, undefined, changed);
    assert.match(second.log, SHOWN);
  });

  it('a damaged snapshot is said, not used, and written anew', async () => {
    const first = await session(root, cacheDir, 10);
    const file = path.join(
      cacheDir,
      fs.readdirSync(cacheDir).find((f) => f.startsWith('findings-'))!,
    );
    fs.writeFileSync(file, Buffer.alloc(100, 1));
    const second = await session(root, cacheDir, 10);
    assert.match(second.log, /Snapshot .*findings-[0-9a-f]{16}\.bin is damaged \(.*\); not used\./);
    assert.doesNotMatch(second.log, SHOWN);
    assert.equal(second.diagnostics, first.diagnostics);
    const third = await session(root, cacheDir, 10, 2);
    assert.match(third.log, SHOWN);
  });
});
