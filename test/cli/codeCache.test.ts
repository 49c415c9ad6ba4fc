import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

const { cacheTag, compile } = createRequire(path.join(REPO, 'package.json'))('./bin/opsdocs.js') as {
  cacheTag: (source: Buffer, data: Buffer) => string;
  compile: (cli: string, source: Buffer, data?: Buffer) => { script: { cachedDataRejected?: boolean } };
};
const version = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string })
  .version;

/** A copy of the package's bin/ and dist/cli.js + dist/cli.cache, `edit` applied to the bundle. */
function copy(edit: (cli: string) => string = (s) => s, cache?: (c: Buffer) => Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-codecache-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.copyFileSync(path.join(REPO, 'bin/opsdocs.js'), path.join(dir, 'bin/opsdocs.js'));
  fs.writeFileSync(
    path.join(dir, 'dist/cli.js'),
    edit(fs.readFileSync(path.join(REPO, 'dist/cli.js'), 'utf8')),
  );
  const data = fs.readFileSync(path.join(REPO, 'dist/cli.cache'));
  fs.writeFileSync(path.join(dir, 'dist/cli.cache'), cache ? cache(data) : data);
  return dir;
}

const run = (dir: string, ...args: string[]) =>
  spawnSync(process.execPath, [path.join(dir, 'bin/opsdocs.js'), ...args], { encoding: 'utf8' });

describe("the CLI's code cache (dist/cli.cache)", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('is built for dist/cli.js and this Node, and V8 takes it', () => {
    const cli = path.join(REPO, 'dist/cli.js');
    const source = fs.readFileSync(cli);
    const cache = fs.readFileSync(path.join(REPO, 'dist/cli.cache'));
    const head = cache.indexOf(10) + 1;
    assert.equal(cache.subarray(0, head).toString(), cacheTag(source, cache.subarray(head)));
    assert.equal(compile(cli, source, cache.subarray(head)).script.cachedDataRejected, false);
  });

  it('runs a bundle without `import()`, which Node 20 does not allow code from a cache (`opsdocs mcp` requires dist/mcp.js)', () => {
    assert.doesNotMatch(fs.readFileSync(path.join(REPO, 'dist/cli.js'), 'utf8'), /\bimport\(/);
  });

  it('is not used for another dist/cli.js of the same length: that one runs', () => {
    const dir = copy((s) => {
      const edited = s.replace(`"${version}"`, `"${'9'.repeat(version.length)}"`);
      assert.notEqual(edited, s);
      return edited;
    });
    dirs.push(dir);
    const r = run(dir, '--version');
    assert.deepEqual([r.status, r.stdout.trim(), r.stderr], [0, '9'.repeat(version.length), '']);
  });

  it('damaged or missing, the CLI runs as without it', () => {
    const damaged = copy(undefined, (c) => {
      const head = c.indexOf(10) + 1;
      const out = Buffer.from(c);
      out.fill(7, head + 64, head + 4096);
      return out;
    });
    const missing = copy();
    fs.rmSync(path.join(missing, 'dist/cli.cache'));
    dirs.push(damaged, missing);
    for (const dir of [damaged, missing]) {
      const r = run(dir, '--version');
      assert.deepEqual([r.status, r.stdout.trim(), r.stderr], [0, version, '']);
    }
  });
});
