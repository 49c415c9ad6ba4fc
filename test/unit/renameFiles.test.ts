import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { renameFiles } from '../../server/src/core/features/rename.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

describe('renameFiles: front-matter paths written with escapes or folded', () => {
  it('keep their #fragment and line breaks when the file they name moves (path and fragment share one range)', async () => {
    const runbook = (title: string, extra = '') =>
      `---\ntitle: ${title}\nowner: ops\nlast_reviewed: 2026-11-01\n${extra}---\n# ${title}\n\n## Top\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;
    const files = new Map([
      ['docs/runbooks/a.md', runbook('A')],
      // `\/` is an escape YAML reads as `/`: the value's source is not its text.
      ['docs/runbooks/guide.md', runbook('Guide', 'related:\n  - "docs\\/runbooks\\/a.md#top"\n')],
      // A folded value runs to the start of the next line, whose break must stay (CRLF here).
      [
        'docs/runbooks/folded.md',
        runbook('Folded', 'related:\n  - >-\n    docs/runbooks/a.md#top\nseverity: sev2\n').replace(
          /\n/g,
          '\r\n',
        ),
      ],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(
      [...engine.findings('docs/runbooks/guide.md'), ...engine.findings('docs/runbooks/folded.md')],
      [],
      'the escaped and folded paths and their fragments resolve',
    );
    const w = await renameFiles(engine.view(), engine.documents().values(), [
      { from: 'docs/runbooks/a.md', to: 'docs/runbooks/b.md' },
    ]);
    assert.deepEqual(w.edits.get('docs/runbooks/folded.md'), [
      {
        range: { start: { line: 5, character: 4 }, end: { line: 7, character: 0 } },
        newText: 'docs/runbooks/b.md#top\r\n',
      },
    ]);
    assert.deepEqual(w.edits.get('docs/runbooks/guide.md'), [
      {
        // The value is written again, double-quoted as it was (its escapes are not needed).
        range: { start: { line: 5, character: 4 }, end: { line: 5, character: 30 } },
        newText: '"docs/runbooks/b.md#top"',
      },
    ]);
  });
});

describe('renameFiles: Markdown links to names that need encoding', () => {
  // Each name holds something a link destination would otherwise read differently: a space, a
  // fragment, a query, a percent escape, parentheses, angle brackets, a backslash escape, a tab.
  const NAMES = [
    'a b.md',
    'a #b.md',
    'what?.md',
    '100%.md',
    '50%20off.md',
    'notes (old).md',
    'x<y>.md',
    'back\\slash.md',
    'tab\there.md',
    'ünï cödé #1 (draft) 50%.md',
  ];

  for (const name of NAMES) {
    it(`a link to a file moved to ${JSON.stringify(name)} still names it, with its #fragment`, async () => {
      const files = new Map([
        ['docs/a.md', '# A\n\n## Top\n'],
        ['docs/guide.md', '# Guide\n\nSee [a](a.md#top) and [a, again](./a.md).\n'],
      ]);
      const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
      await engine.indexAll();
      const to = `docs/moved/${name}`;
      const w = await renameFiles(engine.view(), engine.documents().values(), [{ from: 'docs/a.md', to }]);
      const edits = w.edits.get('docs/guide.md') ?? [];
      assert.equal(edits.length, 2, 'both links change');
      // The editor applies the edits and moves the file: the links resolve, the fragment too.
      let text = files.get('docs/guide.md')!;
      for (const e of [...edits].sort((x, y) => y.range.start.character - x.range.start.character)) {
        const { start, end } = e.range;
        text = replaceOnLine(text, start.line, start.character, end.character, e.newText);
      }
      const moved = new Map([
        [to, files.get('docs/a.md')!],
        ['docs/guide.md', text],
      ]);
      const after = new Engine({ workspace: new MemoryWorkspace(moved), today: '2026-11-26' });
      await after.indexAll();
      assert.deepEqual(after.findings('docs/guide.md'), [], text);
      const targets = after
        .documents()
        .get('docs/guide.md')!
        .refs.map((r) => [r.target, r.fragment]);
      assert.deepEqual(targets, [
        [`moved/${name}`, 'top'],
        [`./moved/${name}`, undefined],
      ]);
    });
  }
});

describe('renameFiles: HTML links to names with quotes and ampersands', () => {
  for (const name of ["what's new.md", 'a"b&c.md']) {
    it(`<a href> and <img src> to a file moved to ${JSON.stringify(name)} still name it (the attribute intact)`, async () => {
      const files = new Map([
        ['docs/a.md', '# A\n\n## Top\n'],
        ['docs/guide.md', `# Guide\n\n<a href='a.md#top'>a</a> <img src="a.md">\n`],
      ]);
      const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
      await engine.indexAll();
      const to = `docs/moved/${name}`;
      const w = await renameFiles(engine.view(), engine.documents().values(), [{ from: 'docs/a.md', to }]);
      const text = edited(files.get('docs/guide.md')!, w.edits.get('docs/guide.md'));
      const after = new Engine({
        workspace: new MemoryWorkspace(
          new Map([
            [to, files.get('docs/a.md')!],
            ['docs/guide.md', text],
          ]),
        ),
        today: '2026-11-26',
      });
      await after.indexAll();
      assert.deepEqual(after.findings('docs/guide.md'), [], text);
      assert.deepEqual(
        after
          .documents()
          .get('docs/guide.md')!
          .refs.map((r) => [r.target, r.fragment]),
        [
          [`moved/${name}`, 'top'],
          [`moved/${name}`, undefined],
        ],
        text,
      );
    });
  }
});

describe('renameFiles: HTML links written unquoted or with character references', () => {
  it('moves the path of an unquoted value and of one with `&amp;`; leaves one with another reference (`&#35;`) alone', async () => {
    const guide =
      '# Guide\n\n<div>\n<a href=a.md#top>u</a> <a href="a.md?x=1&amp;y=2#top">q</a> <a href="a.md&#35;top">r</a>\n</div>\n';
    const files = new Map([
      ['docs/a.md', '# A\n\n## Top\n'],
      ['docs/guide.md', guide],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    const w = await renameFiles(engine.view(), engine.documents().values(), [
      { from: 'docs/a.md', to: 'docs/b.md' },
    ]);
    const text = edited(guide, w.edits.get('docs/guide.md'));
    assert.equal(
      text.split('\n')[3],
      '<a href=b.md#top>u</a> <a href="b.md?x=1&amp;y=2#top">q</a> <a href="a.md&#35;top">r</a>',
    );
  });
});

/** `text` with the edits of one file applied (each within one line), the last first. */
function edited(
  text: string,
  edits: readonly {
    range: { start: { line: number; character: number }; end: { character: number } };
    newText: string;
  }[] = [],
): string {
  for (const e of [...edits].sort((x, y) => y.range.start.character - x.range.start.character))
    text = replaceOnLine(text, e.range.start.line, e.range.start.character, e.range.end.character, e.newText);
  return text;
}

/** `text` with characters `from`–`to` of line `line` replaced by `insert`. */
function replaceOnLine(text: string, line: number, from: number, to: number, insert: string): string {
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, from) + insert + lines[line].slice(to);
  return lines.join('\n');
}

describe('renameFiles: a move cited from thousands of front matters', () => {
  it('pauses every few milliseconds while it writes the edits, so a cancel is seen', async function () {
    this.timeout(120_000);
    const files = new Map([['docs/adr/ADR-001-q.md', '# ADR-001: Queues\n']]);
    for (let i = 0; i < 2000; i++)
      files.set(`docs/runbooks/n${i}.md`, `---\nrelated: [docs/adr/ADR-001-q.md]\n---\n# Note ${i}\n`);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    const view = engine.view();
    // The longest stretch without a pause: where a cancel would wait.
    const stamps = [Date.now()];
    view.pause = async () => {
      stamps.push(Date.now());
      await new Promise((r) => setImmediate(r));
    };
    const w = await renameFiles(view, engine.documents().values(), [
      { from: 'docs/adr/ADR-001-q.md', to: 'docs/adr/ADR-001-queues.md' },
    ]);
    stamps.push(Date.now());
    assert.equal(w.edits.size, 2000);
    const longest = Math.max(...stamps.slice(1).map((t, i) => t - stamps[i]));
    const total = stamps[stamps.length - 1] - stamps[0];
    // Before, the edits (each written and read back by the yaml library) ran without a pause.
    assert.ok(longest < Math.max(100, total / 4), `${longest} ms without a pause in ${total} ms`);
  });
});
