import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileAtomic } from '../../server/src/node/atomicWrite.js';
import { snapshot } from '../helpers/snapshot.js';

/** What can be at a target, each made at `target` (a link's target outside the folder written). */
const THINGS: [string, (target: string, outside: string) => void, 'exists' | 'link'][] = [
  ['a file', (t) => fs.writeFileSync(t, 'theirs\n'), 'exists'],
  ['a folder', (t) => fs.mkdirSync(t), 'exists'],
  ['a link to a file', (t, o) => fs.symlinkSync(path.join(o, 'file.md'), t), 'link'],
  ['a link to a folder', (t, o) => fs.symlinkSync(o, t), 'link'],
  ['a dangling link', (t, o) => fs.symlinkSync(path.join(o, 'nowhere.md'), t), 'link'],
];

describe('writeFileAtomic: never replaces what is at the target unless asked, never writes through a link', () => {
  let dir: string;
  let folder: string;
  let outside: string;
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0o022);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-write-'));
    folder = path.join(dir, 'repo');
    outside = path.join(dir, 'outside');
    fs.mkdirSync(folder);
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'file.md'), 'outside\n');
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says why it cannot write under a "folder" that is a file, whether it replaces or not', () => {
    fs.writeFileSync(path.join(folder, 'notes'), 'a file\n');
    for (const replace of [false, true])
      assert.deepEqual(writeFileAtomic(path.join(folder, 'notes', 'new.md'), 'ours\n', { replace }), {
        kind: 'failed',
        code: 'ENOTDIR',
      });
    assert.deepEqual(snapshot(folder), ['notes (644): a file\n']);
  });

  it('creates a new file, and refuses anything at the name: file, folder, link (dangling or not)', () => {
    assert.equal(writeFileAtomic(path.join(folder, 'new.md'), 'ours\n'), undefined);
    assert.deepEqual(snapshot(folder), ['new.md (644): ours\n']);
    for (const [what, make, kind] of THINGS) {
      const target = path.join(folder, 'status.md');
      make(target, outside);
      const before = snapshot(dir);
      assert.deepEqual(writeFileAtomic(target, 'ours\n'), { kind }, what);
      assert.deepEqual(snapshot(dir), before, `${what}: left as it was, no temp file`);
      fs.rmSync(target, { recursive: true });
    }
  });

  it('refuses a target that appears after every check, just before the file is named (a race)', () => {
    const naming = ['linkSync', 'renameSync', 'copyFileSync'] as const;
    const originals = naming.map((name) => fs[name]);
    try {
      for (const [what, make, kind] of THINGS) {
        const target = path.join(folder, 'status.md');
        // Another process makes the target at the last moment: before the step that names the file.
        let made = false;
        naming.forEach((name, i) => {
          (fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
            if (!made) {
              made = true;
              make(target, outside);
            }
            return (originals[i] as (...a: unknown[]) => unknown)(...args);
          };
        });
        syncBuiltinESMExports();
        assert.deepEqual(writeFileAtomic(target, 'ours\n'), { kind }, what);
        naming.forEach((name, i) => ((fs as unknown as Record<string, unknown>)[name] = originals[i]));
        syncBuiltinESMExports();
        assert.ok(made, `${what}: the writer named the file`);
        const expected = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-write-expected-'));
        make(path.join(expected, 'status.md'), outside);
        assert.deepEqual(snapshot(folder), snapshot(expected), `${what}: theirs kept, no temp file`);
        fs.rmSync(expected, { recursive: true });
        fs.rmSync(target, { recursive: true });
      }
    } finally {
      naming.forEach((name, i) => ((fs as unknown as Record<string, unknown>)[name] = originals[i]));
      syncBuiltinESMExports();
    }
  });

  it('with replace: replaces a regular file (keeping its mode), never a folder or a link, dangling or not', () => {
    const target = path.join(folder, 'status.md');
    fs.writeFileSync(target, 'theirs\n', { mode: 0o600 });
    fs.chmodSync(target, 0o600);
    assert.equal(writeFileAtomic(target, 'ours\n', { replace: true }), undefined);
    assert.deepEqual(snapshot(folder), ['status.md (600): ours\n']);
    fs.rmSync(target);
    for (const [what, make, kind] of THINGS.filter(([what]) => what !== 'a file')) {
      make(target, outside);
      const before = snapshot(dir);
      assert.deepEqual(writeFileAtomic(target, 'ours\n', { replace: true }), { kind }, what);
      assert.deepEqual(snapshot(dir), before, `${what}: left as it was, nothing written through it`);
      fs.rmSync(target, { recursive: true });
    }
  });
});
