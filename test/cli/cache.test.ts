import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { FactsCache, readCacheFile, writeCacheFile } from '../../server/src/node/facts.js';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';

/**
 * `opsdocs check` of `root`. With the cache, the snapshot of the last result beside it is removed
 * first: these tests are about the parse cache, which a check with nothing changed does not read
 * (test/cli/lastCheck.test.ts).
 */
function check(root: string, ...args: string[]) {
  const location = args.indexOf('--cache-location');
  const cacheFile = args.includes('--cache')
    ? path.join(root, 'node_modules/.cache/opsdocs/facts.bin')
    : location >= 0
      ? args[location + 1]
      : undefined;
  if (cacheFile) fs.rmSync(`${cacheFile}.findings`, { force: true });
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', '2026-11-26', ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, OPSDOCS_DEBUG: '1' },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The links fixture plus 8 copies of its docs in sub-folders: 77 Markdown files, over the parser threads'
 * threshold of 64.
 */
function bigWorkspace(): string {
  const root = tempCopy('test/fixtures/links');
  for (let i = 0; i < 8; i++)
    fs.cpSync(path.join(REPO, 'test/fixtures/links/docs'), path.join(root, `team-${i}/docs`), {
      recursive: true,
    });
  return root;
}

describe('CLI: parse cache and parser threads', function () {
  this.timeout(120_000);
  let root: string;
  let plain: ReturnType<typeof check>;
  before(() => {
    root = bigWorkspace();
    plain = check(root);
    assert.equal(plain.code, 1);
    assert.ok(
      (JSON.parse(plain.stdout) as { findings: unknown[] }).findings.length > 50,
      'the workspace has findings to compare',
    );
  });

  it('--threads 2 reports exactly what the main thread alone reports', () => {
    const r = check(root, '--threads', '2');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Started parser thread 2 of 2\./);
    assert.equal(r.stdout, plain.stdout);
  });

  it('--cache reuses unchanged files, re-parses changed ones and reports the same findings', () => {
    const cacheFile = path.join(root, 'node_modules/.cache/opsdocs/facts.bin');
    const cold = check(root, '--cache');
    assert.equal(cold.stdout, plain.stdout);
    // Identical copies share one entry (the key is the text's hash): 13 distinct texts, 64 copies.
    assert.match(cold.stderr, /Cache .*facts\.bin: 64 reused, 13 parsed\./);
    assert.ok(fs.existsSync(cacheFile), 'the cache is written under node_modules/.cache');
    const warm = check(root, '--cache');
    assert.equal(warm.stdout, plain.stdout);
    assert.match(warm.stderr, /: 77 reused, 0 parsed\./);
    // An edit is seen: the changed file is parsed again and its new finding reported.
    const edited = path.join(root, 'team-0/docs/runbooks/deploy.md');
    const before = fs.readFileSync(edited, 'utf8');
    fs.writeFileSync(edited, `${before}\nSee [the missing page](./no-such-page.md).\n`);
    const after = check(root, '--cache');
    assert.match(after.stderr, /: 76 reused, 1 parsed\./);
    assert.ok(
      after.stdout.includes('"file": "team-0/docs/runbooks/deploy.md"') &&
        after.stdout.includes('no-such-page.md'),
      after.stdout.slice(0, 400),
    );
    fs.writeFileSync(edited, before);
  });

  it('a file that is no cache is said and ignored, never trusted, and never replaced', () => {
    const cacheFile = path.join(root, 'notes.md');
    fs.writeFileSync(cacheFile, '# Notes\n\nNamed by mistake.\n');
    for (let run = 0; run < 2; run++) {
      const r = check(root, '--cache-location', cacheFile);
      assert.deepEqual([r.code, r.stdout], [plain.code, plain.stdout]);
      assert.match(r.stderr, /opsdocs: Cache .*notes\.md is damaged \(.*\); starting afresh\./);
      assert.match(
        r.stderr,
        /opsdocs: cannot write the cache .*notes\.md: it is not a cache file \(delete it, or name another file\); not replaced\n/,
      );
      assert.equal(fs.readFileSync(cacheFile, 'utf8'), '# Notes\n\nNamed by mistake.\n');
    }
    fs.rmSync(cacheFile);
    fs.symlinkSync(path.join(root, 'elsewhere.bin'), cacheFile);
    assert.match(
      check(root, '--cache-location', cacheFile).stderr,
      /cannot write the cache .*notes\.md: it is a symbolic link; not replaced\n/,
    );
    assert.ok(!fs.existsSync(path.join(root, 'elsewhere.bin')), 'nothing written through the link');
    fs.rmSync(cacheFile);
    // At OpsDocs' own place (`--cache`), a damaged file is replaced whatever it holds.
    const own = path.join(root, 'node_modules/.cache/opsdocs/facts.bin');
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, 'damaged');
    assert.match(check(root, '--cache').stderr, /is damaged .*; starting afresh\./);
    assert.match(check(root, '--cache').stderr, /: 77 reused, 0 parsed\./);
    fs.rmSync(path.join(root, 'node_modules'), { recursive: true });
  });

  it('--cache keeps no cache through a node_modules that links out of the repository', () => {
    const away = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-away-'));
    const linked = tempCopy('test/fixtures/links');
    try {
      fs.symlinkSync(away, path.join(linked, 'node_modules'));
      const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), 'check', linked, '--cache'], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 1);
      assert.equal(
        r.stderr.split('\n')[0],
        `opsdocs: --cache: node_modules/.cache/opsdocs/facts.bin would be outside the repository: node_modules leads to ${fs.realpathSync(away)}; the cache is off (name its file with --cache-location).`,
      );
      assert.deepEqual(fs.readdirSync(away), []);
    } finally {
      fs.rmSync(away, { recursive: true, force: true });
      fs.rmSync(linked, { recursive: true, force: true });
    }
  });

  describe('a damaged cache gives the findings and exit code of no cache, says so once, and is healthy after', () => {
    const DEPLOY = 'team-0/docs/runbooks/deploy.md';
    const ADR = 'team-0/docs/adr/ADR-001-hosting.md';
    const keyOfFile = (rel: string) => FactsCache.key(fs.readFileSync(path.join(root, rel), 'utf8'));
    /** A sound cache of the workspace as it is now. */
    const fresh = (name: string, whole = true) => {
      const file = path.join(root, name);
      fs.rmSync(file, { force: true });
      const r = check(root, '--cache-location', file);
      if (whole) assert.match(r.stderr, /: 64 reused, 13 parsed\./);
      return file;
    };

    const damages: [string, (file: string) => void][] = [
      [
        'truncated inside a record',
        (file) => {
          fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2));
          assert.throws(() => readCacheFile(file), /its index of records is damaged/);
        },
      ],
      [
        'random bytes after its header',
        (file) =>
          fs.writeFileSync(
            file,
            Buffer.concat([
              serialize({ version: readCacheFile(file).version }),
              Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
            ]),
          ),
      ],
      [
        // Every record sound, then a length no file holds.
        'a record whose length runs past the end of the file',
        (file) => fs.appendFileSync(file, Buffer.from([0xff, 0xff, 0xff, 0xff])),
      ],
      [
        // The index sound, one record's own length field grown past the record.
        'a record whose field runs past it',
        (file) => {
          const buf = fs.readFileSync(file);
          // The record's first field is its hash (the key), behind its length; the index comes after.
          const at = buf.indexOf(Buffer.from(keyOfFile(DEPLOY), 'latin1')) - 4;
          buf.writeUInt32LE(1 << 20, at);
          fs.writeFileSync(file, buf);
          assert.throws(() => readCacheFile(file), /a record runs past its end/);
        },
      ],
      [
        'an entry swapped between two files',
        (file) => {
          const stored = readCacheFile(file);
          const [a, b] = [keyOfFile(DEPLOY), keyOfFile(ADR)];
          const [ea, eb] = [stored.entries.get(a)!, stored.entries.get(b)!];
          stored.entries.set(a, eb);
          stored.entries.set(b, ea);
          writeCacheFile(file, stored);
        },
      ],
      [
        'an entry for another text (the file before an edit), sealed',
        (file) => {
          const abs = path.join(root, DEPLOY);
          const now = fs.readFileSync(abs, 'utf8');
          // The same file without its broken links: an entry that would hide its errors.
          const before = now.replace(/\]\([^)]*\)/g, '](#)');
          fs.writeFileSync(abs, before);
          const other = fresh('other.bin', false);
          fs.writeFileSync(abs, now);
          const stored = readCacheFile(file);
          stored.entries.set(FactsCache.key(now), readCacheFile(other).entries.get(FactsCache.key(before))!);
          writeCacheFile(file, stored);
        },
      ],
      [
        'an entry whose facts were changed (not sealed again)',
        (file) => {
          const stored = readCacheFile(file);
          const e = stored.entries.get(keyOfFile(DEPLOY))!;
          const facts = deserialize(e.bytes) as { refs: unknown[] };
          facts.refs = [];
          stored.entries.set(keyOfFile(DEPLOY), { ...e, bytes: serialize(facts) });
          writeCacheFile(file, stored);
        },
      ],
      [
        'an entry of the wrong shape, sealed',
        (file) => {
          const stored = readCacheFile(file);
          const hash = keyOfFile(DEPLOY);
          const entry = stored.entries.get(hash)!;
          const facts = deserialize(entry.bytes) as { headings: unknown };
          facts.headings = 'none';
          const bytes = serialize(facts);
          stored.entries.set(hash, { ...entry, bytes, seal: FactsCache.seal(hash, bytes) });
          writeCacheFile(file, stored);
        },
      ],
    ];

    for (const [name, damage] of damages)
      it(name, () => {
        const file = fresh('cache.bin');
        damage(file);
        const r = check(root, '--cache-location', file);
        assert.equal(r.code, plain.code);
        assert.equal(r.stdout, plain.stdout);
        const said = r.stderr.split('\n').filter((l) => /^opsdocs: Cache .*damaged/.test(l));
        assert.equal(said.length, 1, r.stderr);
        assert.match(r.stderr, /: \d+ reused, [1-9]\d* parsed\./);
        const again = check(root, '--cache-location', file);
        assert.equal(again.stdout, plain.stdout);
        assert.match(again.stderr, /: 77 reused, 0 parsed\./, 'the rewritten cache is read whole');
        assert.doesNotMatch(again.stderr, /damaged entry|is damaged/);
      });
  });

  it('--threads takes a whole number', () => {
    const r = check(root, '--threads', 'many');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--threads must be a whole number from 0 to 64; got "many"\./);
  });
});
