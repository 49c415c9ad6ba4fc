import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { skipBecause } from '../helpers/skip.js';
import { complete } from '../../server/src/core/features/completion.js';
import type { ReadResult } from '../../server/src/core/workspace.js';
import { headingWords, withoutPluralS } from '../../server/src/core/model/sections.js';
import fc from 'fast-check';

/** A read without the file's version (given when it was written over 3 s before: timing-dependent). */
const textOnly = (r: ReadResult) => ('text' in r ? { text: r.text } : r);

const RUNBOOK =
  '---\ntitle: Big\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Big\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n';

describe('hostile workspaces never crash the engine', () => {
  let root: string;
  const logs: string[] = [];

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-hostile-'));
    const dir = path.join(root, 'docs/runbooks');
    fs.mkdirSync(dir, { recursive: true });
    // A 5 MB runbook is checked; 12 MB and 50 MB ones are reported and skipped (never read).
    // One paragraph of 180,000 lines: the shape that made the full parser take minutes.
    fs.writeFileSync(
      path.join(dir, 'five-mb.md'),
      RUNBOOK + 'A line of text that repeats.\n'.repeat(180_000) + '\n## Overview\n',
    );
    fs.writeFileSync(path.join(dir, 'twelve-mb.md'), RUNBOOK + 'x'.repeat(12 * 1024 * 1024));
    fs.writeFileSync(path.join(dir, 'fifty-mb.md'), Buffer.alloc(50 * 1024 * 1024, '# Fifty\n'));
    // Links: a loop, a link to /, a dangling link, a link to a file inside (indexed once, as the file).
    fs.symlinkSync(root, path.join(root, 'docs/loop'));
    fs.symlinkSync('/', path.join(root, 'docs/slash'));
    fs.symlinkSync(path.join(root, 'missing.md'), path.join(dir, 'dangling.md'));
    fs.symlinkSync(path.join(dir, 'five-mb.md'), path.join(root, 'docs/alias.md'));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('checks a 5 MB file, skips 12 MB and 50 MB ones with a finding, and does not follow links out or in loops', async () => {
    const engine = new Engine({
      workspace: new FsWorkspace(root, { log: (m) => logs.push(m) }),
      logger: { log: (m) => logs.push(m) },
      today: '2026-11-26',
    });
    await engine.indexAll();
    assert.deepEqual([...engine.documents().keys()].sort(), ['docs/runbooks/five-mb.md']);
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      'docs/runbooks/fifty-mb.md:1:1-1:1 error file/unreadable Not checked: larger than 10 MB (50.0 MB).',
      'docs/runbooks/five-mb.md:1:1-1:4 info file/large Large file (5.0 MB): read in fast mode; front matter, headings and sections are checked, links are not.',
      'docs/runbooks/twelve-mb.md:1:1-1:1 error file/unreadable Not checked: larger than 10 MB (12.0 MB).',
    ]);
    assert.ok(![...engine.files()].some((f) => f.startsWith('docs/slash/')), 'a link to / is not followed');
    assert.ok(
      logs.some((l) => l.includes('twelve-mb.md: not checked')),
      'the skip is logged',
    );
  });

  it('neither lists nor hangs on a FIFO named .md, even when an editor event names it', async function () {
    const fifo = path.join(root, 'docs/pipe.md');
    const made = spawnSync('mkfifo', [fifo], { encoding: 'utf8' });
    if (made.error) skipBecause(this, `no mkfifo on this machine (${made.error.message})`);
    if (made.status !== 0) skipBecause(this, `mkfifo could not make a FIFO here: ${made.stderr.trim()}`);
    try {
      const engine = new Engine({ workspace: new FsWorkspace(root, { log() {} }), today: '2026-11-26' });
      await engine.indexAll();
      assert.ok(!engine.files().has('docs/pipe.md'), 'not listed');
      // A watcher event for it: the read must return (a blocking open would wait for a writer forever).
      assert.deepEqual(await engine.update('docs/pipe.md'), []);
      assert.ok(!engine.documents().has('docs/pipe.md'));
    } finally {
      fs.rmSync(fifo);
    }
  });

  it('survives a file that vanishes between listing and reading', async () => {
    const ws = new FsWorkspace(root, { log() {} });
    const vanishing = {
      listFiles: async () => [...(await ws.listFiles()), 'docs/runbooks/gone.md'],
      read: (f: string) => ws.read(f),
    };
    const engine = new Engine({ workspace: vanishing, today: '2026-11-26' });
    await engine.indexAll();
    assert.ok(!engine.documents().has('docs/runbooks/gone.md'));
    assert.ok(!engine.files().has('docs/runbooks/gone.md'));
  });

  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ]) {
    it(`reads deeply nested quotes and lists in fast mode instead of stalling the parser (${name} line endings)`, async () => {
      // (A file of CR-only lines was one line to the nesting guard: 4,000 levels parsed for 2.9 s.)
      const files = new Map([
        ['docs/runbooks/quotes.md', (RUNBOOK + '>'.repeat(60_000) + '\n').replace(/\n/g, eol)],
        ['docs/runbooks/lists.md', (RUNBOOK + '- '.repeat(2_000) + 'x\n').replace(/\n/g, eol)],
      ]);
      const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
      await engine.indexAll();
      assert.deepEqual(engine.allFindings().map(formatFinding), [
        'docs/runbooks/lists.md:12:1-12:4002 info file/pathological Quotes or lists nested more than 32 levels deep: read in fast mode; front matter, headings and sections are checked, links are not.',
        'docs/runbooks/quotes.md:12:1-12:60001 info file/pathological Quotes or lists nested more than 32 levels deep: read in fast mode; front matter, headings and sections are checked, links are not.',
      ]);
    });
  }

  it('reads text that would make the id, heading-id and npm run scanners backtrack, and completes after it', async () => {
    // Each took the scanners of a first version minutes: a 200 KB chain of `A-` (every start
    // re-scanned the chain), a heading of 4,000 `{#` (a custom heading id), and completion
    // after `npm run` and 30 flags with no name (two ways to read each `--x`). The chain is 80 KB
    // here, so that the file stays within the parse budget and the scanners do read it.
    const flags = `Run npm run${' --force'.repeat(30)} !`;
    const files = new Map([
      [
        'docs/runbooks/scan.md',
        `${RUNBOOK}\n${'A-'.repeat(40_000)}\n\n# ${'{#'.repeat(4_000)}\n\n${flags}\n`,
      ],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), []);
    const doc = engine.documents().get('docs/runbooks/scan.md')!;
    const line = doc.parsed.lines.lineCount - 2;
    assert.equal(doc.parsed.lines.lineText(line), flags);
    assert.deepEqual(
      complete(engine.view(), doc, engine.schemaOf(doc), { line, character: flags.length }),
      [],
    );
  });

  it('reads a heading of 200,000 letters or colons in time linear in it (sections, templates, the snapshot)', async function () {
    // `[:.]+$` and `(\p{L}{3,})s\b` backtracked quadratically: ~1 s for 40,000 letters, minutes here.
    this.timeout(20_000);
    const files = new Map([
      ['docs/runbooks/long.md', `${RUNBOOK}\n## ${'a'.repeat(200_000)}s\n\n## x${':'.repeat(200_000)}y\n`],
      ['README.md', `# Readme\n\n## ${'b'.repeat(200_000)}s\n`],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    // The colons are over the parse budget: headings and sections are read line by line.
    assert.deepEqual(
      engine.allFindings().map((f) => `${f.file} ${f.rule}`),
      ['docs/runbooks/long.md file/large'],
    );
    await engine.readVersions();
    assert.equal(headingWords(`${'a'.repeat(200_000)}s:::`), ` ${'a'.repeat(200_000)} `);
  });

  it('drops a plural s as the regular expression it replaces does, on strings of tricky letters', () => {
    const chars = fc.constantFrom('s', 'a', 'b', 'é', '1', ' ', '_', '𝒜', 'S', 'ß');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 14 }), (cs) => {
        const s = cs.join('');
        assert.equal(withoutPluralS(s), s.replace(/(\p{L}{3,})s\b/gu, '$1'), JSON.stringify(s));
      }),
      { numRuns: 50_000, seed: 20261206 },
    );
  });

  it('survives a package.json and an .opsdocs.json nested deeper than the JSON parser can go', async () => {
    const deep = '['.repeat(1_200_000);
    const files = new Map([
      ['package.json', deep],
      ['.opsdocs.json', deep],
      ['docs/runbooks/a.md', RUNBOOK + '`npm run x`\n'],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      '.opsdocs.json:1:1-1:2 error config/invalid .opsdocs.json is not valid JSON (InvalidSymbol); using the built-in defaults.',
    ]);
  });

  it('reads a file with tens of thousands of brackets in fast mode', async () => {
    const files = new Map([['docs/runbooks/brackets.md', RUNBOOK + ']'.repeat(60_000) + '\n']]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      'docs/runbooks/brackets.md:1:1-1:4 info file/pathological 60000 closing brackets (over 10,000): read in fast mode; front matter, headings and sections are checked, links are not.',
    ]);
  });

  it('reads no file through a link that leaves the root, even when an editor event or the config names it', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-linkout-'));
    try {
      const repo = path.join(base, 'repo');
      fs.mkdirSync(path.join(repo, 'docs'), { recursive: true });
      fs.writeFileSync(path.join(base, 'secret.md'), '# Secret\n');
      fs.symlinkSync(path.join(base, 'secret.md'), path.join(repo, 'docs/secret.md'));
      fs.writeFileSync(path.join(base, 'shared.json'), '{ "exclude": ["docs/**"] }');
      fs.symlinkSync(path.join(base, 'shared.json'), path.join(repo, '.opsdocs.json'));
      fs.writeFileSync(path.join(repo, 'docs/inside.md'), '# Inside\n');
      fs.symlinkSync('inside.md', path.join(repo, 'docs/alias.md'));
      for (const syncReads of [false, true]) {
        const ws = new FsWorkspace(repo, { log() {} }, { syncReads });
        // The link inside is a second name of docs/inside.md: listed once, under its real path.
        assert.deepEqual((await ws.listFiles()).sort(), ['docs/inside.md']);
        assert.deepEqual(await ws.read('docs/secret.md'), {
          error: 'it is a link to a file outside the repository',
          missing: true,
        });
        assert.deepEqual(
          textOnly(await ws.read('docs/alias.md')),
          { text: '# Inside\n' },
          'a link inside is read',
        );
        const fromSlash = path.relative('/', path.join(repo, 'docs/inside.md')).split(path.sep).join('/');
        assert.deepEqual(
          textOnly(await new FsWorkspace('/', { log() {} }, { syncReads }).read(fromSlash)),
          { text: '# Inside\n' },
          'a workspace at /',
        );
        // As the editor sees it: the link is not indexed, and the linked config is refused aloud.
        const engine = new Engine({ workspace: ws, today: '2026-11-26' });
        await engine.indexAll();
        assert.deepEqual(await engine.update('docs/secret.md'), []);
        assert.deepEqual([...engine.documents().keys()].sort(), ['docs/inside.md']);
        assert.deepEqual(engine.allFindings().map(formatFinding), [
          '.opsdocs.json:1:1-1:1 error config/invalid .opsdocs.json cannot be read (it is a link to a file outside the repository); using the built-in defaults.',
        ]);
      }
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('reads nothing outside after a folder it listed became a link (a checkout)', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-swap-'));
    try {
      const repo = path.join(base, 'repo');
      fs.mkdirSync(path.join(repo, 'docs'), { recursive: true });
      fs.writeFileSync(path.join(repo, 'docs/x.md'), '# Inside\n');
      fs.mkdirSync(path.join(base, 'elsewhere'));
      fs.writeFileSync(path.join(base, 'elsewhere/x.md'), '# Outside\n');
      for (const syncReads of [false, true]) {
        const ws = new FsWorkspace(repo, { log() {} }, { syncReads });
        assert.deepEqual(await ws.listFiles(), ['docs/x.md']);
        assert.deepEqual(textOnly(await ws.read('docs/x.md')), { text: '# Inside\n' });
        fs.renameSync(path.join(repo, 'docs'), path.join(base, 'old-docs'));
        fs.symlinkSync(path.join(base, 'elsewhere'), path.join(repo, 'docs'));
        assert.deepEqual(await ws.read('docs/x.md'), {
          error: 'it is a link to a file outside the repository',
          missing: true,
        });
        fs.rmSync(path.join(repo, 'docs'));
        fs.renameSync(path.join(base, 'old-docs'), path.join(repo, 'docs'));
      }
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('never runs front matter written in JavaScript (gray-matter would eval it)', async () => {
    const g = globalThis as { opsdocsRan?: string };
    try {
      // `---\rjs` passed the opening-line check once (a bare CR ended the line for OpsDocs, not for
      // gray-matter).
      const langs = ['js', 'javascript', ' js', '\rjs', '\r javascript', '\rcoffee'];
      const workspace = new MemoryWorkspace(
        langs.map(
          (lang, i) =>
            [
              `docs/runbooks/r${i}.md`,
              `---${lang}\n(globalThis.opsdocsRan = ${JSON.stringify(lang)}, { title: 'Ran', owner: 'ops' })\n---\n# Restart\n`,
            ] as const,
        ),
      );
      const engine = new Engine({ workspace, today: '2026-11-26' });
      await engine.indexAll();
      assert.equal(g.opsdocsRan, undefined, 'no front matter was evaluated');
      assert.equal(engine.documents().size, langs.length);
      for (const doc of engine.documents().values())
        assert.deepEqual(doc.data, {}, `${doc.file}: read as a document without front matter`);
    } finally {
      delete g.opsdocsRan;
    }
  });

  it('indexes 10,000 files in one folder', async function () {
    this.timeout(120_000);
    const big = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-10k-'));
    try {
      const dir = path.join(big, 'notes');
      fs.mkdirSync(dir);
      for (let i = 0; i < 10_000; i++)
        fs.writeFileSync(path.join(dir, `n${i}.md`), `# Note ${i}\n\nSee [the next](n${i + 1}.md).\n`);
      const engine = new Engine({ workspace: new FsWorkspace(big, { log() {} }), today: '2026-11-26' });
      await engine.indexAll();
      assert.equal(engine.documents().size, 10_000);
      assert.deepEqual(engine.allFindings().map(formatFinding), [
        'notes/n9999.md:3:16-3:25 error links/missing-file `n10000.md` does not exist (looked for `notes/n10000.md`). Did you mean `n1000.md`?',
      ]);
    } finally {
      fs.rmSync(big, { recursive: true, force: true });
    }
  });
});
