import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { GitIgnores, MAX_PATTERNS } from '../../server/src/core/util/gitignore.js';
import { Engine } from '../../server/src/core/engine.js';
import { git } from '../helpers/gitRepo.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

/** Folders and file names the generated repositories are made of (names git patterns treat specially too). */
const FOLDERS = [
  '',
  'docs',
  'docs/adr',
  'docs/gen',
  'docs/adr/gen',
  'build',
  'a',
  'a/b',
  'a/b/c',
  'a/gen',
  'x[1]',
  'deep/er/gen',
];
const NAMES = [
  'x.md',
  'README.md',
  'keep.md',
  'gen',
  'notes.log',
  'B.md',
  'a b.md',
  '#h.md',
  '!b.md',
  'build.md',
];
/** Patterns as .gitignore files write them: names, folders, anchors, `**`, negations, escapes, classes. */
const PATTERNS = [
  '*.log',
  'gen/',
  'gen',
  '/build',
  'build/',
  '!keep.md',
  '*.md',
  '!docs/**',
  'docs/gen/',
  '**/gen/**',
  'a/**/c',
  'a/*.md',
  '!a/b/',
  'b/',
  '[Bb].md',
  '?.md',
  'a b.md',
  'x\\[1\\]/',
  '\\#h.md',
  '\\!b.md',
  '/x.md',
  'keep.md   ',
  'gen/  ',
  'b/ ',
  'a\\ b.md',
  '# a comment',
  '',
  'README.md',
  '!README.md',
  '**',
  'deep/**',
  '!deep/er/',
];

/** The files git itself ignores in a repository of `files` (paths to texts), with no config of the user's. */
function ignoredByGit(files: Map<string, string>): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-gitignore-'));
  try {
    git(root, 'init', '-q');
    for (const [f, text] of files) {
      fs.mkdirSync(path.join(root, path.dirname(f)), { recursive: true });
      fs.writeFileSync(path.join(root, f), text);
    }
    const out = git(
      root,
      '-c',
      'core.ignorecase=false',
      'ls-files',
      '-z',
      '--others',
      '--ignored',
      '--exclude-standard',
    );
    return out.split('\0').filter(Boolean).sort();
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const ignoredByUs = (files: Map<string, string>) => {
  const rules = new GitIgnores(new Map([...files].filter(([f]) => /(^|\/)\.gitignore$/.test(f))), true);
  return [...files.keys()].filter((f) => rules.ignores(f)).sort();
};

describe('.gitignore rules (util/gitignore.ts)', () => {
  it('ignore exactly the files git ignores, for generated repositories of nested .gitignore files', () => {
    const repo = fc
      .record({
        files: fc.uniqueArray(fc.tuple(fc.constantFrom(...FOLDERS), fc.constantFrom(...NAMES)), {
          minLength: 1,
          maxLength: 25,
          selector: ([d, n]) => `${d}/${n}`,
        }),
        ignores: fc.array(
          fc.tuple(
            fc.constantFrom(...FOLDERS),
            fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 6 }),
            fc.boolean(),
          ),
          { minLength: 1, maxLength: 3 },
        ),
      })
      .map(({ files, ignores }) => {
        const map = new Map<string, string>();
        // A file and a folder cannot share a path: a name that is a folder here stays a folder.
        const folders = new Set(
          FOLDERS.flatMap((d) => d.split('/').map((_, i, s) => s.slice(0, i + 1).join('/'))),
        );
        for (const [d, n] of files)
          if (!folders.has(d ? `${d}/${n}` : n)) map.set(d ? `${d}/${n}` : n, 'x\n');
        for (const [d, lines, crlf] of ignores)
          map.set(d ? `${d}/.gitignore` : '.gitignore', lines.join(crlf ? '\r\n' : '\n') + '\n');
        return map;
      });
    fc.assert(
      fc.property(repo, (files) => {
        assert.deepEqual(ignoredByUs(files), ignoredByGit(files));
      }),
      { numRuns: 60, seed: 20261206 },
    );
  });

  it('read a nested folder pattern after a CR or trailing spaces as git does (not anchored)', () => {
    for (const line of ['gen/\r', 'gen/   ', 'gen/\t', 'gen\\ ']) {
      const files = new Map([
        ['docs/.gitignore', `${line}\n`],
        ['docs/gen/a.md', 'x\n'],
        ['docs/x/gen/b.md', 'x\n'],
        ['docs/x/gen /c.md', 'x\n'],
      ]);
      assert.deepEqual(ignoredByUs(files), ignoredByGit(files), JSON.stringify(line));
    }
  });

  it('leave out patterns that could backtrack for long in a workspace not trusted, each said', () => {
    const text = '*.log\na*b*c*d\n**/x/**/y/**/z\nok/**/*.md\n';
    const rules = new GitIgnores(new Map([['.gitignore', text]]), false);
    assert.deepEqual(
      rules.findings.map((f) => [f.range.start.line, f.rule, f.severity, f.message]),
      [
        [
          1,
          'config/untrusted',
          'info',
          '.gitignore pattern "a*b*c*d" (at most two `*` per path segment and two `**` segments are safe to match) is not used until you trust this workspace (Restricted Mode).',
        ],
        [
          2,
          'config/untrusted',
          'info',
          '.gitignore pattern "**/x/**/y/**/z" (at most two `*` per path segment and two `**` segments are safe to match) is not used until you trust this workspace (Restricted Mode).',
        ],
      ],
    );
    assert.equal(rules.ignores('a.log'), true);
    assert.equal(rules.ignores('ok/p/q.md'), true);
    assert.equal(rules.ignores('abxcyd'), false);
    assert.equal(new GitIgnores(new Map([['.gitignore', text]]), true).ignores('abxcyd'), true);
  });

  it(`use the first ${MAX_PATTERNS} patterns of a huge .gitignore not trusted and say the rest are not`, () => {
    const lines = Array.from({ length: MAX_PATTERNS + 5 }, (_, i) => `f${i}.md`);
    assert.equal(
      new GitIgnores(new Map([['.gitignore', lines.join('\n')]]), true).ignores(`f${MAX_PATTERNS}.md`),
      true,
    );
    const rules = new GitIgnores(new Map([['.gitignore', lines.join('\n')]]), false);
    assert.equal(rules.ignores(`f${MAX_PATTERNS - 1}.md`), true);
    assert.equal(rules.ignores(`f${MAX_PATTERNS}.md`), false);
    assert.deepEqual(
      rules.findings.map((f) => [f.file, f.range.start.line, f.message]),
      [
        [
          '.gitignore',
          MAX_PATTERNS,
          `Only the first ${MAX_PATTERNS} .gitignore patterns are used until you trust this workspace (Restricted Mode); this one and the rest of its file are not.`,
        ],
      ],
    );
  });
});

/** An engine that indexed `files` (paths to texts). */
async function indexed(files: Record<string, string>, trusted = true): Promise<Engine> {
  const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-12-06', trusted });
  await engine.indexAll();
  return engine;
}

describe('the engine and .gitignore', () => {
  const files = {
    '.gitignore': 'site/\n*.generated.md\n',
    'docs/guide.md': '# Guide\n\nSee [the site](../site/index.md) and [api](api.generated.md).\n',
    'docs/api.generated.md': '# API\n\n[gone](nowhere.md)\n',
    'site/index.md': '# Site\n\n[gone](nowhere.md)\n',
    'site/package.json': '{"scripts": {"build": "x"}}',
  };

  it('reads no ignored file, and links to one resolve', async () => {
    const engine = await indexed(files);
    assert.deepEqual(engine.checkedFiles(), ['docs/guide.md']);
    assert.deepEqual(engine.allFindings(), []);
  });

  it('reads them all with "gitignore": false, and a change to a .gitignore reads everything again', async () => {
    const ws = new MemoryWorkspace({ ...files, '.opsdocs.json': '{"gitignore": false}' });
    const engine = new Engine({ workspace: ws, today: '2026-12-06' });
    await engine.indexAll();
    assert.deepEqual(engine.checkedFiles(), ['docs/api.generated.md', 'docs/guide.md', 'site/index.md']);
    ws.files.delete('.opsdocs.json');
    await engine.update('.opsdocs.json');
    assert.deepEqual(engine.checkedFiles(), ['docs/guide.md']);
    ws.files.set('.gitignore', 'site/\n');
    const changed = await engine.update('.gitignore');
    assert.ok(changed.includes('docs/api.generated.md'));
    assert.deepEqual(engine.checkedFiles(), ['docs/api.generated.md', 'docs/guide.md']);
    assert.deepEqual(
      engine.allFindings().map((f) => `${f.file} ${f.rule}`),
      ['docs/api.generated.md links/missing-file'],
    );
  });

  it('says on its line which pattern a workspace not trusted does not use', async () => {
    const engine = await indexed(
      { ...files, '.gitignore': 'site/\n*.generated.md\n**/a/**/b/**/c\n' },
      false,
    );
    assert.deepEqual(
      engine.allFindings().map((f) => `${f.file}:${f.range.start.line} ${f.rule}`),
      ['.gitignore:2 config/untrusted'],
    );
  });

  it('reads a .gitignore the configuration excludes when files it governs are not (as git does)', async () => {
    const engine = await indexed({
      '.opsdocs.json': '{"exclude": ["docs/*"]}',
      'docs/.gitignore': 'gen/\n',
      'docs/x/gen/b.md': '# B\n\n[gone](nowhere.md)\n',
      'docs/x/c.md': '# C\n\n[gone](nowhere.md)\n',
    });
    assert.deepEqual(engine.checkedFiles(), ['docs/x/c.md']);
  });

  it('asks no AGENTS.md to list a file a .gitignore leaves out', async () => {
    const engine = await indexed({
      '.gitignore': 'scripts/*.log\n',
      'scripts/AGENTS.md': '# Scripts\n\n| Script | What |\n| --- | --- |\n| `deploy.sh` | deploys |\n',
      'scripts/deploy.sh': '#!/bin/sh\n',
      'scripts/run.log': 'x\n',
      'scripts/backup.sh': '#!/bin/sh\n',
    });
    assert.deepEqual(
      engine.allFindings().map((f) => `${f.rule} ${f.data?.file ?? ''}`),
      ['agents/undocumented-file scripts/backup.sh'],
    );
  });
});
