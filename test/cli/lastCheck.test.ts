import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { FactsCache, readCacheFile, writeCacheFile } from '../../server/src/node/facts.js';

function check(root: string, ...args: string[]) {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--today', '2026-11-26', ...args],
    { encoding: 'utf8', env: { ...process.env, OPSDOCS_DEBUG: '1' } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A parse cache file outside the workspace (as a CI cache folder is): not one of its files. */
const cacheFile = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-cache-')), 'facts.bin');

const REUSED = /^Nothing changed since the last check: its result reused \(.*\.findings\)\.$/m;
/** The debug log's line of a check that took the last findings of `n` files (none changed for them). */
const TAKEN = (n: number) =>
  new RegExp(
    `^The findings of ${n} files taken from the last check: nothing they looked up changed\\.$`,
    'm',
  );
const INDEXED = /^Cache .*: \d+ reused, \d+ parsed\.$/m;
/** What a user reads on stderr: the debug log's lines left out. */
const said = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.startsWith('opsdocs: ') || l.endsWith('`opsdocs init` writes it as config.'))
    .join('\n');

describe('CLI: with the cache, a check of unchanged inputs reports the last result without indexing', function () {
  this.timeout(120_000);

  // Each fixture: findings (exit 1), a configuration problem (exit 2), learned templates (notes on stderr).
  for (const [fixture, code] of [
    ['test/fixtures/links', 1],
    ['test/fixtures/bad-config', 2],
    ['test/fixtures/learn-frontmatter', 1],
  ] as const)
    it(`${fixture}: the same output, stderr and exit code as a check without the cache, in every format`, () => {
      const root = tempCopy(fixture);
      const cache = cacheFile();
      for (const format of ['json', 'sarif', 'pretty', 'github']) {
        const plain = check(root, '--format', format);
        assert.equal(plain.code, code, plain.stderr);
        fs.rmSync(path.dirname(cache), { recursive: true, force: true });
        const first = check(root, '--format', format, '--cache-location', cache);
        assert.doesNotMatch(first.stderr, REUSED);
        assert.ok(
          fs.existsSync(`${cache}.findings`),
          `the result is kept beside the parse cache: ${format} ${first.stderr}`,
        );
        const again = check(root, '--format', format, '--cache-location', cache);
        assert.match(again.stderr, REUSED);
        assert.doesNotMatch(again.stderr, INDEXED, 'nothing indexed');
        for (const r of [first, again]) {
          assert.equal(r.stdout, plain.stdout, format);
          assert.equal(r.code, plain.code);
          assert.equal(said(r.stderr), said(plain.stderr));
        }
        if (fixture.endsWith('learn-frontmatter')) assert.match(said(again.stderr), /^Learned the /m);
      }
    });

  describe('anything the findings depend on changed: what it reaches checked afresh, as a plain check', () => {
    let root: string;
    let cache: string;
    beforeEach(() => {
      root = tempCopy('test/fixtures/links');
      cache = cacheFile();
      assert.doesNotMatch(check(root, '--format', 'json', '--cache-location', cache).stderr, REUSED);
    });
    const afresh = (...args: string[]) => {
      const r = check(root, '--format', 'json', '--cache-location', cache, ...args);
      assert.doesNotMatch(r.stderr, REUSED);
      const plain = check(root, '--format', 'json', ...args);
      assert.equal(r.stdout, plain.stdout);
      assert.equal(r.code, plain.code);
      return r;
    };

    it('a document edited: only it is parsed again (the parse cache survived the reuse), its new finding reported', () => {
      assert.match(check(root, '--format', 'json', '--cache-location', cache).stderr, REUSED);
      const doc = path.join(root, 'docs/runbooks/deploy.md');
      fs.appendFileSync(doc, '\nSee [the missing page](./no-such-page.md).\n');
      const r = afresh();
      assert.match(r.stderr, /: \d+ reused, 1 parsed\./);
      assert.match(r.stdout, /no-such-page\.md/);
      // The other 12 documents keep their last findings: none of them looked the runbook up.
      assert.match(r.stderr, TAKEN(12));
      assert.match(check(root, '--format', 'json', '--cache-location', cache).stderr, REUSED, 'kept again');
    });

    it('a file added that no document reads (its name can resolve a link)', () => {
      fs.writeFileSync(path.join(root, 'docs/notes.txt'), 'x');
      afresh();
    });

    it('a file deleted', () => {
      fs.rmSync(path.join(root, 'docs/runbooks/deploy.md'));
      afresh();
    });

    it('another date', () => {
      assert.match(afresh('--today', '2027-06-01').stderr, TAKEN(0));
    });

    it('--fix: never reused, and a check after it is not the one before', () => {
      afresh('--fix');
      afresh();
    });
  });

  it('after a change, the documents at their known version come from the parse cache, not read; a damaged text there is read from its file', async () => {
    const root = tempCopy('test/fixtures/links');
    const cache = cacheFile();
    await new Promise((r) => setTimeout(r, 3100)); // past the file system's clock tick (see above)
    const plain = () => check(root, '--format', 'json').stdout;
    check(root, '--format', 'json', '--cache-location', cache);
    const doc = path.join(root, 'docs/runbooks/deploy.md');
    const guide = path.join(root, 'docs/policies/security.md');
    const guideText = fs.readFileSync(guide, 'utf8');
    fs.appendFileSync(doc, '\nSee [the missing page](nowhere.md).\n');
    const r = check(root, '--format', 'json', '--cache-location', cache);
    assert.match(
      r.stderr,
      /^12 of 13 Markdown files taken at their known version from the parse cache, not read; 12 of them not built until asked for\.$/m,
    );
    assert.equal(r.stdout, plain());
    assert.match(r.stdout, /nowhere\.md/);

    // The policy's text in the cache changed (same length, so only its hash can tell): refused, and
    // the file read. Its facts, still sealed, would have fit the changed text.
    const stored = readCacheFile(cache);
    const entry = stored.entries.get(FactsCache.key(guideText))!;
    const text = Buffer.from(entry.text);
    text[text.indexOf('#')] = '='.charCodeAt(0);
    stored.entries.set(FactsCache.key(guideText), { ...entry, text });
    writeCacheFile(cache, stored);
    fs.appendFileSync(doc, '\n');
    const again = check(root, '--format', 'json', '--cache-location', cache);
    assert.equal(again.stdout, plain());
    assert.equal(
      again.stderr.split('\n').filter((l) => /damaged entry \(its text was changed\)/.test(l)).length,
      1,
      again.stderr,
    );
    assert.match(
      again.stderr,
      /^11 of 13 Markdown files taken at their known version from the parse cache, not read; 11 of them not built until asked for\.$/m,
    );
  });

  it('a document rewritten to the same size with its modification time set back is read and checked afresh', async () => {
    const root = tempCopy('test/fixtures/links');
    const cache = cacheFile();
    // Files written within the file system's clock tick are always read: wait past it.
    await new Promise((r) => setTimeout(r, 3100));
    check(root, '--format', 'json', '--cache-location', cache);
    const again = check(root, '--format', 'json', '--cache-location', cache);
    assert.match(again.stderr, /^13 of 13 Markdown files unchanged since the last check: not read/m);
    assert.match(again.stderr, REUSED);
    const doc = path.join(root, 'docs/runbooks/deploy.md');
    const { mtime } = fs.statSync(doc);
    const text = fs.readFileSync(doc, 'utf8');
    fs.writeFileSync(doc, text.replace('[the overview](#overview)', '[the overview](#overviex)'));
    assert.equal(fs.statSync(doc).size, Buffer.byteLength(text));
    fs.utimesSync(doc, mtime, mtime);
    const r = check(root, '--format', 'json', '--cache-location', cache);
    assert.match(r.stderr, /^12 of 13 Markdown files unchanged since the last check: not read/m);
    assert.doesNotMatch(r.stderr, REUSED);
    assert.equal(r.stdout, check(root, '--format', 'json').stdout);
    assert.match(r.stdout, /#overviex/);
  });

  it('--only filters the reused result as it filters a check', () => {
    const root = tempCopy('test/fixtures/links');
    const cache = cacheFile();
    check(root, '--cache-location', cache);
    const only = check(root, '--format', 'json', '--only', 'links/missing-anchor', '--cache-location', cache);
    assert.match(only.stderr, REUSED);
    assert.equal(only.stdout, check(root, '--format', 'json', '--only', 'links/missing-anchor').stdout);
  });

  it('a damaged result is said once and not used; the check after it reuses the one written again', () => {
    const root = tempCopy('test/fixtures/links');
    const cache = cacheFile();
    const plain = check(root, '--format', 'json');
    check(root, '--format', 'json', '--cache-location', cache);
    fs.writeFileSync(`${cache}.findings`, Buffer.alloc(64, 7));
    const r = check(root, '--format', 'json', '--cache-location', cache);
    assert.equal(r.stdout, plain.stdout);
    assert.equal(r.code, plain.code);
    const damaged = r.stderr.split('\n').filter((l) => /damaged/.test(l));
    assert.deepEqual(damaged.length, 1, r.stderr);
    assert.match(damaged[0], /^opsdocs: Snapshot .*facts\.bin\.findings is damaged \(.*\); not used\.$/);
    assert.doesNotMatch(r.stderr, REUSED);
    const again = check(root, '--format', 'json', '--cache-location', cache);
    assert.match(again.stderr, REUSED);
    assert.equal(again.stdout, plain.stdout);
  });
});
