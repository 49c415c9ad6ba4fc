import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FactsCache, readCacheFile, writeCacheFile } from '../../server/src/node/facts.js';
import { indexedSession as session } from '../helpers/lspSession.js';

const N = 100;
const runbook = (i: number) =>
  `---\ntitle: Runbook ${i}\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Runbook ${i}\n\nSee [the next](r${(i + 1) % N}.md${i % 10 === 0 ? '#nowhere' : ''}).\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;

describe("language server: the parse cache in the client's storage folder", () => {
  it('parses in a parser thread, saves the cache, and a restarted server reads every unchanged file from it', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-lspcache-'));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-storage-'));
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(root, `docs/runbooks/r${i}.md`), runbook(i));
    const first = await session(root, cacheDir, 10);
    assert.match(first.log, /Started parser thread 1 of 1\./);
    assert.match(first.log, new RegExp(`Indexed ${N} documents in .* ms \\(0 read from the cache\\)\\.`));
    const files = fs.readdirSync(cacheDir).filter((f) => f.startsWith('facts-'));
    assert.equal(files.length, 1, 'one cache file for the one folder');
    assert.match(files[0], /^facts-[0-9a-f]{16}\.bin$/);
    fs.writeFileSync(path.join(root, 'docs/runbooks/r5.md'), runbook(5).replace('r6.md', 'r6.md#gone'));
    const second = await session(root, cacheDir, 11);
    assert.match(
      second.log,
      new RegExp(`Indexed ${N} documents in .* ms \\(${N - 1} read from the cache\\)\\.`),
    );
    const r5 = (d: string) => JSON.parse(d).find(([u]: [string]) => u.endsWith('/r5.md'))?.[1] ?? [];
    assert.equal(r5(first.diagnostics).length, 0);
    assert.equal(
      r5(second.diagnostics).length,
      1,
      'the edited file is parsed again and its broken anchor reported',
    );
  });

  it('refuses an entry swapped between two files: the same diagnostics, said once, and the cache rewritten', async function () {
    this.timeout(120_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-lspcache-'));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-storage-'));
    fs.mkdirSync(path.join(root, 'docs/runbooks'), { recursive: true });
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(root, `docs/runbooks/r${i}.md`), runbook(i));
    const first = await session(root, cacheDir, 10);
    const file = path.join(
      cacheDir,
      fs.readdirSync(cacheDir).find((f) => f.startsWith('facts-'))!,
    );
    // r0 has a broken anchor, r1 none: r1's entry under r0's key would hide it.
    const stored = readCacheFile(file);
    const key = (i: number) => FactsCache.key(runbook(i));
    const [e0, e1] = [stored.entries.get(key(0)), stored.entries.get(key(1))];
    assert.ok(e0 && e1);
    stored.entries.set(key(0), e1);
    stored.entries.set(key(1), e0);
    writeCacheFile(file, stored);
    const second = await session(root, cacheDir, 10);
    assert.equal(second.diagnostics, first.diagnostics);
    assert.equal(
      second.log.match(/has a damaged entry \(it was stored for another text\)/g)?.length,
      1,
      second.log,
    );
    assert.match(
      second.log,
      new RegExp(`Indexed ${N} documents in .* ms \\(${N - 2} read from the cache\\)\\.`),
    );
    const third = await session(root, cacheDir, 10);
    assert.match(third.log, new RegExp(`Indexed ${N} documents in .* ms \\(${N} read from the cache\\)\\.`));
    assert.doesNotMatch(third.log, /damaged entry/);
  });
});
