import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pollFolder, watchFolder, type FolderWatch } from '../../server/src/node/watcher.js';

/** The server's own watch of a folder (for LSP clients that cannot watch files). */
describe('watchFolder', () => {
  let root: string;
  let outside: string;
  let watch: FolderWatch | undefined;
  let calls: (string[] | undefined)[];
  let errors: string[];
  let wake: () => void = () => undefined;

  const start = (ignore: (rel: string) => boolean = () => false) => {
    watch = watchFolder(root, {
      ignore,
      onChange: (rels) => {
        calls.push(rels?.sort());
        wake();
      },
      onError: (e) => {
        errors.push(e.message);
        wake();
      },
      quietMs: 100,
    });
  };
  /** Resolves at the next report, or after `ms` (then with false). */
  const next = (ms = 3000) =>
    new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      wake = () => {
        clearTimeout(t);
        resolve(true);
      };
    });
  // fs.watch starts asynchronously on some systems: give it a moment before writing.
  const settle = () => new Promise((r) => setTimeout(r, 100));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-watch-'));
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-watch-out-'));
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs/a.md'), 'a');
    calls = [];
    errors = [];
  });

  afterEach(() => {
    watch?.close();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('reports a burst of changes once, as root-relative paths: files changed, created, deleted, new folders', async () => {
    start();
    await settle();
    const reported = next();
    fs.writeFileSync(path.join(root, 'docs/a.md'), 'changed');
    fs.writeFileSync(path.join(root, 'docs/b.md'), 'new');
    fs.mkdirSync(path.join(root, 'docs/sub/deeper'), { recursive: true });
    fs.writeFileSync(path.join(root, 'docs/sub/deeper/c.md'), 'new');
    assert.ok(await reported);
    await settle();
    assert.equal(calls.length, 1, JSON.stringify(calls));
    assert.deepEqual(calls[0], [
      'docs/a.md',
      'docs/b.md',
      'docs/sub',
      'docs/sub/deeper',
      'docs/sub/deeper/c.md',
    ]);

    const again = next();
    fs.rmSync(path.join(root, 'docs/b.md'));
    assert.ok(await again);
    assert.deepEqual(calls[1], ['docs/b.md']);
  });

  it('leaves out .git, node_modules, ignored paths and files reached through a link out of the root', async () => {
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'node_modules/pkg'), { recursive: true });
    fs.mkdirSync(path.join(root, 'dist'));
    fs.writeFileSync(path.join(outside, 'o.md'), 'o');
    fs.symlinkSync(outside, path.join(root, 'docs/linked'));
    start((rel) => rel === 'dist' || rel.startsWith('dist/'));
    await settle();
    let reported = next(1000);
    fs.writeFileSync(path.join(root, '.git/index'), 'x');
    fs.writeFileSync(path.join(root, 'node_modules/pkg/README.md'), 'x');
    fs.writeFileSync(path.join(root, 'dist/out.md'), 'x');
    fs.writeFileSync(path.join(outside, 'o.md'), 'changed');
    fs.writeFileSync(path.join(outside, 'p.md'), 'new');
    assert.equal(await reported, false, JSON.stringify(calls));
    // The same watch still reports what is not left out.
    reported = next();
    fs.writeFileSync(path.join(root, 'docs/a.md'), 'changed');
    assert.ok(await reported);
    assert.deepEqual(calls, [['docs/a.md']]);
  });

  it('reports nothing once closed', async () => {
    start();
    await settle();
    const reported = next(800);
    fs.writeFileSync(path.join(root, 'docs/a.md'), 'changed');
    watch!.close();
    assert.equal(await reported, false);
    assert.deepEqual(calls, []);
  });

  it('reports a folder it cannot watch as an error, once', async () => {
    root = path.join(root, 'missing');
    const reported = next();
    start();
    assert.ok(await reported);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /ENOENT/);
    assert.deepEqual(calls, []);
  });
});

/** The fallback when a folder cannot be watched: looking again every few seconds. */
describe('pollFolder', () => {
  let root: string;
  let poll: FolderWatch | undefined;
  afterEach(() => {
    poll?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('reports edited, created and deleted files after its first look, and only those whose text matters', async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-poll-'));
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('docs/a.md', '# A\n');
    write('docs/b.md', '# B\n');
    write('img/x.png', 'x');
    const list = () => {
      const out: string[] = [];
      const walk = (rel: string) => {
        for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
          const name = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) walk(name);
          else out.push(name);
        }
      };
      walk('');
      return Promise.resolve(out);
    };
    const reports: string[][] = [];
    let looked = 0;
    let wake: () => void = () => undefined;
    poll = pollFolder(root, {
      list: async () => {
        looked++;
        wake();
        return list();
      },
      read: (rel) => rel.endsWith('.md'),
      onChange: (rels) => reports.push(rels),
      everyMs: 30,
    });
    /**
     * Resolves once a whole look has run after this call: the look under way (if any) ends when the
     * next starts, and the one after it started after the call and ends when a third starts.
     */
    const lookAgain = async () => {
      const seen = looked;
      while (looked < seen + 3) await new Promise<void>((r) => (wake = r));
    };
    await lookAgain(); // the baseline is taken
    assert.deepEqual(reports, []);
    write('docs/a.md', '# A, edited\n');
    fs.writeFileSync(path.join(root, 'img/x.png'), 'a longer picture'); // not read: no change
    write('docs/c.md', '# C\n');
    fs.rmSync(path.join(root, 'docs/b.md'));
    await lookAgain();
    // A look may have been under way during the writes: each change is reported once, in one look or two.
    assert.deepEqual(reports.flat().sort(), ['docs/a.md', 'docs/b.md', 'docs/c.md']);
    const after = reports.length;
    await lookAgain();
    assert.equal(reports.length, after, 'nothing more changed');
  });
});
