import { distance } from 'fastest-levenshtein';
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FileNames, MAX_NAME_CANDIDATES } from '../../server/src/core/index/names.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const TODAY = '2026-11-26';

/** The messages of the `links/missing-file` findings of a workspace, by file. */
async function messages(files: Record<string, string>): Promise<Map<string, string[]>> {
  const engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
  await engine.indexAll();
  const out = new Map<string, string[]>();
  for (const f of engine.allFindings().filter((x) => x.rule === 'links/missing-file'))
    out.set(f.file, [...(out.get(f.file) ?? []), f.message]);
  return out;
}

describe('"did you mean" of a missing file, from the index of file names', () => {
  it('keeps names by extension and length, sorted whatever the order files came in, and forgets removed ones', () => {
    const names = new FileNames();
    for (const f of ['b/zeta.md', 'a/alpha.md', 'c/alpha.md', 'beta.md', 'node_modules/x/gamma.md', 'x.txt'])
      names.add(f);
    assert.deepEqual(names.filesNamed('alpha.md'), ['a/alpha.md', 'c/alpha.md']);
    assert.deepEqual(names.filesNamed('gamma.md'), []); // node_modules is never suggested
    assert.deepEqual(
      names.near('.md', 5, 1),
      ['beta.md', 'zeta.md'] /* 4 */
        .concat(['alpha.md'] /* 5 */),
    );
    names.remove('a/alpha.md');
    assert.deepEqual(names.near('.md', 5, 0), ['alpha.md']); // still in c/
    names.remove('c/alpha.md');
    assert.deepEqual(names.near('.md', 5, 0), []);
    assert.deepEqual(names.near('.txt', 1, 0), ['x.txt']);
    // Asked within one edit, then cleared and filled again: only the new names are found.
    assert.deepEqual(names.withinOneEdit('zetta.md'), ['zeta.md']);
    names.clear();
    names.add('c/zest.md');
    assert.deepEqual(names.withinOneEdit('zetta.md'), []);
    assert.deepEqual(names.withinOneEdit('zests.md'), ['zest.md']);
  });

  it('suggests the one nearest name of the same extension, anywhere in the workspace', async () => {
    const found = await messages({
      'docs/runbooks/deploy.md': '# Deploy\n\nSee [rollback](rolback.md) and [ops](../guides/oncal.md).\n',
      'docs/runbooks/rollback.md': '# Rollback\n',
      'docs/other/oncall.md': '# On call\n',
      'docs/other/oncall.txt': 'not Markdown\n',
    });
    assert.deepEqual(found.get('docs/runbooks/deploy.md'), [
      '`rolback.md` does not exist (looked for `docs/runbooks/rolback.md`). Did you mean `rollback.md`?',
      '`../guides/oncal.md` does not exist (looked for `docs/guides/oncal.md`). Did you mean `../other/oncall.md`?',
    ]);
  });

  it('finds every name within one edit, however many names there are, and tells a tie', async () => {
    const files: Record<string, string> = {
      'index.md': '# Index\n\n[gone](notes/n10000.md) [tie](notes/n10100.md) [case](notes/N1234.MD)\n',
    };
    for (let i = 1000; i < 3000; i++) files[`notes/n${i}.md`] = `# ${i}\n`;
    assert.deepEqual((await messages(files)).get('index.md'), [
      // n10000 is one edit from n1000 only.
      '`notes/n10000.md` does not exist. Did you mean `notes/n1000.md`?',
      // n10100 is one edit from n1100 and from n1010: a tie, no suggestion.
      '`notes/n10100.md` does not exist.',
      // Another extension (.MD) is another name.
      '`notes/N1234.MD` does not exist.',
    ]);
  });

  it('compares names two or more edits away only where few are near the length, else suggests nothing', async () => {
    const base = { 'index.md': '# Index\n\n[typo](docs/incident-respnse-guide.md)\n' };
    const few = { ...base, 'docs/incident-response-guides.md': '# Guides\n' };
    assert.deepEqual((await messages(few)).get('index.md'), [
      '`docs/incident-respnse-guide.md` does not exist. Did you mean `docs/incident-response-guides.md`?',
    ]);
    // Two edits away ("respnse" → "response" and one more), among more names near its length than are
    // compared: a guess from part of them could miss a nearer name or a tie, so none is made.
    const many: Record<string, string> = { ...base, 'docs/incident-response-guides.md': '# Guides\n' };
    for (let i = 0; i < MAX_NAME_CANDIDATES; i++) many[`other/page-number-${1000000 + i}.md`] = '# Page\n';
    assert.deepEqual((await messages(many)).get('index.md'), [
      '`docs/incident-respnse-guide.md` does not exist.',
    ]);
  });

  it('within one edit: exactly the names whose stems Levenshtein puts at most one edit apart (ignoring case)', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    // "İ" is two characters in lower case: the names are filed by their own length.
    const stemOf = () => Array.from({ length: 1 + rnd(6) }, () => 'abAB-İ'[rnd(6)]).join('');
    const names = new FileNames();
    const all = new Map<string, string>(); // file → name
    const stem = (n: string) => n.slice(0, -3).toLowerCase();
    for (let i = 0; i < 3000; i++) {
      const name = `${stemOf()}${['.md', '.ts'][rnd(2)]}`;
      names.add(`dir${i % 7}/${name}`);
      all.set(`dir${i % 7}/${name}`, name);
    }
    for (let i = 0; i < 600; i++) {
      // Names come and go between the questions.
      if (i % 3 === 0) {
        const file = [...all.keys()][rnd(all.size)];
        names.remove(file);
        all.delete(file);
      } else if (i % 3 === 1) {
        const file = `dir${rnd(9)}/${stemOf()}.md`;
        names.add(file);
        all.set(file, path.posix.basename(file));
      }
      const probe = `${stemOf()}.md`;
      const expected = [...new Set(all.values())]
        .filter(
          (n) =>
            n.endsWith('.md') &&
            Math.abs(n.length - probe.length) <= 1 &&
            distance(stem(n), stem(probe)) <= 1,
        )
        .sort();
      assert.deepEqual(names.withinOneEdit(probe), expected, probe);
    }
  });
});
