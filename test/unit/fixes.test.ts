import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { OverlayWorkspace } from '../../server/src/core/workspace.js';
import { fixAll, fixesFor } from '../../server/src/core/features/fixes.js';
import type { WorkspaceEdits, TextEdit } from '../../server/src/core/features/edits.js';
import type { Finding } from '../../server/src/core/types.js';
import { REPO, formatFinding } from '../helpers/expected.js';
import { memoryCopy, type MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const EXPECTED = path.join(REPO, 'test/fixtures/fixes.fixes.txt');
const TODAY = '2026-11-26';

/**
 * Applies text edits to a text (edits at the same position keep their order). A position past
 * the end of its line or of the text fails: an editor would clamp it somewhere else.
 */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => {
    assert.ok(
      p.line < lines.length && p.character <= lines[p.line].length,
      `position ${p.line + 1}:${p.character + 1} is outside the text`,
    );
    return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  };
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((a, b) => offset(b.e.range.start) - offset(a.e.range.start) || b.i - a.i);
  for (const { e } of sorted)
    text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

async function engineWith(overlay: OverlayWorkspace): Promise<Engine> {
  const e = new Engine({ workspace: overlay, today: TODAY });
  await e.indexAll();
  return e;
}

function show(w: WorkspaceEdits): string {
  return [...w.edits]
    .map(([file, edits]) =>
      edits
        .map(
          (e) =>
            `${file}:${e.range.start.line + 1}:${e.range.start.character + 1}-${e.range.end.line + 1}:${e.range.end.character + 1} ${JSON.stringify(e.newText)}`,
        )
        .join(' ; '),
    )
    .join(' ; ');
}

describe('quick fixes: each makes the exact edit, and the finding is gone after it', () => {
  let fixture: MemoryWorkspace;
  let overlay: OverlayWorkspace;
  let engine: Engine;

  before(async () => {
    fixture = await memoryCopy('test/fixtures/fixes');
  });

  beforeEach(async () => {
    overlay = new OverlayWorkspace(fixture);
    engine = await engineWith(overlay);
  });

  it('offers the expected fixes (test/fixtures/fixes.fixes.txt)', () => {
    const lines: string[] = [];
    for (const f of engine.allFindings()) {
      const doc = engine.documents().get(f.file)!;
      for (const fix of fixesFor(engine.view(), doc, engine.schemaOf(doc), f, TODAY)) {
        lines.push(
          `${formatFinding(f).split(' ').slice(0, 3).join(' ')} => ${fix.title}${fix.safe ? ' [safe]' : ''} :: ${show(fix.edits)}`,
        );
      }
    }
    if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') fs.writeFileSync(EXPECTED, lines.join('\n') + '\n');
    assert.deepEqual(lines, fs.readFileSync(EXPECTED, 'utf8').split('\n').filter(Boolean));
  });

  it('every fix removes its finding and adds none of the same rule', async () => {
    const findings = engine.allFindings();
    let applied = 0;
    for (const f of findings) {
      const doc = engine.documents().get(f.file)!;
      for (const fix of fixesFor(engine.view(), doc, engine.schemaOf(doc), f, TODAY)) {
        const o = new OverlayWorkspace(fixture);
        for (const [file, edits] of fix.edits.edits) {
          const r = await o.read(file);
          o.set(file, apply('text' in r ? r.text : '', edits));
        }
        const after = await engineWith(o);
        const same = (x: Finding) => x.rule === f.rule && x.file === f.file;
        const before = findings.filter(same).length;
        const now = after.allFindings().filter(same);
        assert.equal(
          now.length,
          before - 1,
          `${fix.title} on ${formatFinding(f)} left: ${now.map(formatFinding).join(' | ')}`,
        );
        assert.deepEqual(
          after
            .allFindings()
            .filter((x) => x.rule === 'frontmatter/yaml')
            .map(formatFinding),
          [],
          `${fix.title} broke the YAML`,
        );
        applied++;
      }
    }
    assert.equal(applied, 28);
  });

  it('"fix all in file" applies the safe fixes at once: both missing sections in schema order', async () => {
    const file = 'docs/runbooks/middle.md';
    const doc = engine.documents().get(file)!;
    const all = fixAll(engine.view(), doc, engine.schemaOf(doc), engine.findings(file), TODAY)!;
    const r = await overlay.read(file);
    const fixed = apply('text' in r ? r.text : '', all.edits.get(file)!);
    assert.equal(
      fixed
        .split('\n')
        .filter((l) => l.startsWith('## '))
        .join(' | '),
      '## Overview | ## Steps | ## Rollback | ## Escalation',
    );
    overlay.set(file, fixed);
    await engine.update(file);
    assert.deepEqual(engine.findings(file).map(formatFinding), []);
  });

  it('"fix all in file" adds the ADR to the other ADR\'s block list, which another key follows', async () => {
    const file = 'docs/adr/ADR-005-search.md';
    const other = 'docs/adr/ADR-007-search-v3.md';
    const doc = engine.documents().get(file)!;
    const all = fixAll(engine.view(), doc, engine.schemaOf(doc), engine.findings(file), TODAY)!;
    assert.deepEqual([...all.edits.keys()], [other]);
    const r = await overlay.read(other);
    overlay.set(other, apply('text' in r ? r.text : '', all.edits.get(other)!));
    await engine.update(other);
    assert.deepEqual([...engine.findings(file), ...engine.findings(other)].map(formatFinding), []);
    assert.deepEqual(engine.documents().get(other)!.data.supersedes, ['ADR-006', 'ADR-005']);
  });
});
