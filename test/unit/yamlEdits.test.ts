import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Engine } from '../../server/src/core/engine.js';
import { describe as describeDoc } from '../../server/src/core/index/docInfo.js';
import { parseMarkdown } from '../../server/src/core/parse/markdown.js';
import { applyTextEdits, emptyEdits, type WorkspaceEdits } from '../../server/src/core/features/edits.js';
import { fixesFor } from '../../server/src/core/features/fixes.js';
import { renameFiles, renameId } from '../../server/src/core/features/rename.js';
import { newAdr } from '../../server/src/core/scaffold/scaffold.js';
import {
  addToFrontMatterList,
  editFrontMatterString,
  setFrontMatterValue,
} from '../../server/src/core/features/yamlEdits.js';
import { REPO } from '../helpers/expected.js';
import { memoryCopy, MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import {
  applied,
  assertEdited,
  fileName,
  frontMatterOf,
  frontMatterStyle,
  renameCase,
  type Styled,
} from '../fuzz/yamlEdits.fuzz.js';

const TODAY = '2026-11-26';

describe('front-matter edits: what they write is YAML holding exactly the new value (property)', () => {
  // A document of random front matter (block or flow mapping, lists in flow or block, plain or
  // quoted scalars, comments, CRLF) and a random string (file-name characters, YAML indicators,
  // words YAML reads as other types, unicode).
  const doc = (s: Styled) => describeDoc(parseMarkdown('docs/adr/ADR-001-x.md', s.text), undefined);

  const cases: {
    name: string;
    edit: (s: Styled, v: string, w: WorkspaceEdits) => boolean;
    expect: (data: Record<string, unknown>, v: string) => Record<string, unknown>;
  }[] = [
    {
      name: 'set status',
      edit: (s, v, w) => setFrontMatterValue(w, doc(s), 'status', v),
      expect: (d, v) => ({ ...d, status: v }),
    },
    {
      name: 'set superseded_by',
      edit: (s, v, w) => setFrontMatterValue(w, doc(s), 'superseded_by', v),
      expect: (d, v) => ({ ...d, superseded_by: v }),
    },
    {
      name: 'add to supersedes',
      edit: (s, v, w) => addToFrontMatterList(w, doc(s), 'supersedes', v),
      expect: (d, v) => {
        const old = d.supersedes;
        const list = Array.isArray(old) ? old : old === undefined || old === null || old === '' ? [] : [old];
        return { ...d, supersedes: [...list, v] };
      },
    },
    {
      name: 'replace a cited path (the whole value)',
      edit: (s, v, w) => {
        const d = doc(s);
        const i = (d.data.related as unknown[]).length - 1;
        return editFrontMatterString(w, d, d.locate(['related', i]).value, v);
      },
      expect: (d, v) => {
        const related = [...(d.related as unknown[])];
        related[related.length - 1] = v;
        return { ...d, related };
      },
    },
  ];

  for (const c of cases) {
    it(`${c.name}: parses, holds the value, keeps every other value, the file's line breaks and comments`, () => {
      fc.assert(
        fc.property(frontMatterStyle, fileName, (s, v) => {
          const w = emptyEdits();
          assert.ok(c.edit(s, v, w), `the edit is made:\n${s.text}`);
          const file = 'docs/adr/ADR-001-x.md';
          const after = applyTextEdits(s.text, w.edits.get(file) ?? []);
          assertEdited(file, s.text, after, c.expect(s.data, v));
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('renames, supersede fixes and new adr on random front matter (property, through the engine)', () => {
  it('a cited file moved to a random name: every front-matter path names it, nothing else changes', async () => {
    await fc.assert(fc.asyncProperty(frontMatterStyle, fileName, fc.boolean(), renameCase), { numRuns: 150 });
  });

  it('the supersede fixes and new adr --supersedes on an ADR of random front matter', async () => {
    await fc.assert(
      fc.asyncProperty(frontMatterStyle, async (s) => {
        // The styled ADR is ADR-001; ADR-002 names it superseded, ADR-003 is superseded by it.
        const adr = (fm: string, id: string) =>
          `---\n${fm}\n---\n# ${id}: X\n\n## Context\n\n## Decision\n\n## Consequences\n`;
        const file = 'docs/adr/ADR-001-x.md';
        const files = new Map([
          [file, `${s.text}# ADR-001: X\n\n## Context\n\n## Decision\n\n## Consequences\n`],
          [
            'docs/adr/ADR-002-y.md',
            adr(
              'id: ADR-002\ntitle: Y\nstatus: accepted\ndate: 2026-01-01\nsupersedes: [ADR-001]',
              'ADR-002',
            ),
          ],
          [
            'docs/adr/ADR-003-z.md',
            adr(
              'id: ADR-003\ntitle: Z\nstatus: superseded\ndate: 2025-01-01\nsuperseded_by: ADR-001',
              'ADR-003',
            ),
          ],
        ]);
        const engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
        await engine.indexAll();
        const mismatches = engine
          .allFindings()
          .filter((f) => f.rule === 'links/supersede-mismatch' && f.file !== file);
        for (const f of mismatches) {
          const d = engine.documents().get(f.file)!;
          const [fix] = fixesFor(engine.view(), d, engine.schemaOf(d), f, TODAY);
          assert.ok(fix, `a fix for ${f.message}\n${s.text}`);
          const after = applied(files, fix.edits).get(file)!;
          const expected = f.file.includes('ADR-002')
            ? { ...s.data, superseded_by: 'ADR-002' }
            : {
                ...s.data,
                supersedes: [
                  ...(Array.isArray(s.data.supersedes)
                    ? s.data.supersedes
                    : s.data.supersedes
                      ? [s.data.supersedes]
                      : []),
                  'ADR-003',
                ],
              };
          assertEdited(file, files.get(file)!, after, expected);
        }
        // new adr --supersedes ADR-001, alone in its folder (a named successor would refuse it).
        if (s.data.superseded_by !== undefined) return;
        const alone = new Map([[file, files.get(file)!]]);
        const e = new Engine({ workspace: new MemoryWorkspace(alone), today: TODAY });
        await e.indexAll();
        const { edits } = newAdr(e.view(), 'Next', TODAY, 'ADR-001');
        const created = frontMatterOf('new.md', edits.creates![0].text).data.id;
        const after = applied(alone, edits).get(file)!;
        assertEdited(file, alone.get(file)!, after, {
          ...s.data,
          status: 'superseded',
          superseded_by: created,
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('front-matter edits: the exact text for each style (test/fixtures/yaml-edits)', () => {
  const EDITED = path.join(REPO, 'test/fixtures/yaml-edits.edited');
  let files: Map<string, string>;
  let engine: Engine;

  before(async () => {
    files = (await memoryCopy('test/fixtures/yaml-edits')).files;
    engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
    await engine.indexAll();
  });

  /** The findings of the fixture before any edit (yaml-edits.expected.txt), by file and rule. */
  const BEFORE = [
    'docs/adr/ADR-002-flow-successor.md links/supersede-mismatch',
    'docs/adr/ADR-003-old.md links/supersede-mismatch',
    'docs/adr/ADR-005-old.md links/supersede-mismatch',
    'docs/adr/ADR-007-old.md links/supersede-mismatch',
    'docs/runbooks/no-owner.md schema/required',
  ];

  /** The edited files equal `yaml-edits.edited/<name>/…`; the edited workspace has `findings`. */
  async function expectEdited(name: string, w: WorkspaceEdits, findings: string[]): Promise<void> {
    const after = applied(files, w);
    // A moved file counts as changed when its text is not the text it had before the move.
    const before = (f: string) => files.get(w.renames.find((r) => r.to === f)?.from ?? f);
    const changed = [...after].filter(([f, t]) => before(f) !== t && !w.creates?.some((c) => c.file === f));
    const dir = path.join(EDITED, name);
    if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [f, t] of changed) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.writeFileSync(path.join(dir, f), t);
      }
    }
    const expected = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort();
    assert.deepEqual(changed.map(([f]) => f).sort(), expected, 'the files edited');
    for (const [f, t] of changed) assert.equal(t, fs.readFileSync(path.join(dir, f), 'utf8'), f);
    const e = new Engine({ workspace: new MemoryWorkspace(after), today: TODAY });
    await e.indexAll();
    assert.deepEqual(
      e
        .allFindings()
        .map((x) => `${x.file} ${x.rule}`)
        .sort(),
      [...findings].sort(),
    );
  }

  it("set status on a block scalar (folded, literal, kept or stripped) writes the file's own line break: bare CR, CRLF, LF", () => {
    const FILE = 'docs/adr/ADR-001-x.md';
    for (const eol of ['\r', '\r\n', '\n'])
      for (const indicator of ['>-', '>', '|', '|-']) {
        const text = [
          '---',
          'id: ADR-001',
          `status: ${indicator}`,
          '  proposed',
          'date: 2026-01-02',
          '---',
          '',
          '# ADR-001: X',
          '',
        ].join(eol);
        const w = emptyEdits();
        assert.ok(
          setFrontMatterValue(w, describeDoc(parseMarkdown(FILE, text), undefined), 'status', 'accepted'),
        );
        const out = applyTextEdits(text, w.edits.get(FILE)!);
        const what = `${JSON.stringify(eol)} ${indicator}`;
        assert.equal(
          out,
          ['---', 'id: ADR-001', 'status: accepted', 'date: 2026-01-02', '---', '', '# ADR-001: X', ''].join(
            eol,
          ),
          what,
        );
      }
  });

  it('the supersede fixes (flow mapping, flow list in a flow mapping, CRLF block list with comments, a flow mapping without the list) and add-field on a flow mapping', async () => {
    const w = emptyEdits();
    for (const f of engine.allFindings()) {
      const d = engine.documents().get(f.file)!;
      const fixes = fixesFor(engine.view(), d, engine.schemaOf(d), f, TODAY);
      assert.equal(fixes.length, 1, `one fix for ${f.file} ${f.rule}`);
      for (const [file, edits] of fixes[0].edits.edits)
        for (const e of edits) (w.edits.get(file) ?? w.edits.set(file, []).get(file)!).push(e);
    }
    // What is left: the starter value of the added field, for the author to fill in.
    await expectEdited('fixes', w, ['docs/runbooks/no-owner.md schema/invalid']);
  });

  it('a cited file moved to a name with [ ] { } , : quotes and & (flow list in a flow mapping, block list with comments, CRLF flow list): written quoted where it must be, and it resolves', async () => {
    const move = { from: 'docs/runbooks/a.md', to: `docs/runbooks/[b], {c}: it's "d" & e.md` };
    const w = await renameFiles(engine.view(), engine.documents().values(), [move]);
    w.renames.push(move); // the editor moves the file
    await expectEdited('rename', w, BEFORE);
  });

  it('a cited file moved to a name with " #": the YAML holds the whole name (not cut at the comment); front matter reads a path up to its #, so it is a missing file', async () => {
    const move = { from: 'docs/runbooks/a.md', to: 'docs/runbooks/a #1.md' };
    const w = await renameFiles(engine.view(), engine.documents().values(), [move]);
    w.renames.push(move); // the editor moves the file
    const after = applied(files, w);
    for (const f of ['docs/runbooks/flow.md', 'docs/runbooks/block.md', 'docs/runbooks/crlf.md'])
      assert.ok(
        (frontMatterOf(f, after.get(f)!).data.related as string[]).every((p) =>
          p.replace(/#top$/, '').endsWith('a #1.md'),
        ),
        after.get(f),
      );
    await expectEdited('rename-hash', w, [
      ...BEFORE,
      'docs/runbooks/block.md links/missing-file',
      'docs/runbooks/block.md links/missing-file',
      'docs/runbooks/block.md links/missing-file',
      'docs/runbooks/crlf.md links/missing-file',
      'docs/runbooks/flow.md links/missing-file',
      'docs/runbooks/flow.md links/missing-file',
      'docs/runbooks/flow.md links/missing-file',
    ]);
  });

  it('an ADR id renamed: its id in a flow mapping and the id that names it elsewhere', async () => {
    const target = engine.documents().get('docs/adr/ADR-004-flow-list.md')!;
    const w = await renameId(engine.view(), engine.documents().values(), target, 'ADR-040');
    await expectEdited('rename-id', w, BEFORE);
  });

  it('new adr --supersedes an ADR with flow-mapping front matter: status and superseded_by inside the braces', async () => {
    const { edits } = newAdr(engine.view(), 'Replace the flow map', TODAY, 'ADR-008');
    await expectEdited('new-adr', edits, BEFORE);
  });
});
