import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { buildViews } from '../../server/src/core/features/views.js';
import { REPO } from '../helpers/expected.js';
import { memoryCopy } from '../helpers/memoryWorkspace.js';
import { renderViews, type Views } from '../helpers/views.js';

/** Compares with an expectation file; OPSDOCS_UPDATE_EXPECTED=1 rewrites it instead (review the diff). */
function expectFile(file: string, actual: string): void {
  if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

/** The views of an indexed engine, "This document" for `document`. */
async function views(engine: Engine, document?: string): Promise<Views> {
  return buildViews(engine.view(), engine.allFindings(), engine.getToday(), {
    document: document === undefined ? undefined : engine.documents().get(document),
    citing: (f) => engine.citing(f),
  });
}

const FIXTURES: { dir: string; expected: string; today: string; document: string }[] = [
  {
    dir: 'test/fixtures/digest',
    expected: 'test/fixtures/digest.views.txt',
    today: '2026-11-26',
    document: 'docs/adr/ADR-005-queues-on-eventbridge.md',
  },
  {
    dir: 'docs/examples/handbook',
    expected: 'docs/examples/handbook.views.txt',
    today: /^#\s*today:\s*(\S+)/m.exec(
      fs.readFileSync(path.join(REPO, 'docs/examples/handbook.expected.txt'), 'utf8'),
    )![1],
    document: 'docs/adr/ADR-003-queues-and-jobs.md',
  },
];

describe('OpsDocs view trees (core)', () => {
  for (const f of FIXTURES) {
    it(`${f.dir}: the trees equal ${path.basename(f.expected)}`, async () => {
      const engine = new Engine({
        workspace: new FsWorkspace(path.join(REPO, f.dir), { log() {} }),
        today: f.today,
      });
      await engine.indexAll();
      expectFile(path.join(REPO, f.expected), renderViews(await views(engine, f.document), f.document));
    });
  }

  it('a superseded ADR lists its successor chain to the one in force, and offers no "supersede"', async () => {
    const engine = new Engine({ workspace: await memoryCopy('test/fixtures/digest'), today: '2026-11-26' });
    await engine.indexAll();
    const v = await views(engine);
    const superseded = v.decisions.find((g) => g.label === 'superseded')!.children!;
    for (const adr of superseded) {
      assert.equal(adr.actions, undefined, adr.label);
      assert.ok(adr.children?.length, `${adr.label} names its successor`);
      assert.ok(adr.children.every((c) => c.label.startsWith('→ ')));
    }
    // ADR-004 is "deprecated", and ADR-008 supersedes it: it is past too.
    const all = v.decisions.flatMap((g) => g.children!);
    const past = all.filter((a) => a.past).map((a) => a.id);
    assert.deepEqual(past, ['ADR-004', 'ADR-002', 'ADR-003']);
    for (const a of all) assert.equal(a.actions?.includes('supersede') ?? false, !a.past, a.label);
  });

  it('an edit shows at once: a runbook given a new review date leaves Overdue', async () => {
    const workspace = await memoryCopy('docs/examples/handbook');
    const today = FIXTURES[1].today;
    const engine = new Engine({ workspace, today });
    await engine.indexAll();
    const before = await views(engine);
    const overdueTasks = before.work.find((g) => g.label === 'Overdue')?.children ?? [];
    const overdueReviews = before.reviews.find((g) => g.label === 'Overdue')?.children ?? [];
    assert.ok(overdueReviews.length > 0, 'the handbook has an overdue review');
    assert.equal(before.counts.overdueReviews, overdueReviews.length);
    assert.equal(before.counts.overdueTasks, overdueTasks.length);
    const review = overdueReviews[0].file!;
    workspace.files.set(
      review,
      workspace.files.get(review)!.replace(/last_reviewed: .*/, `last_reviewed: ${today}`),
    );
    await engine.update(review);
    const after = await views(engine);
    const still = after.reviews.find((g) => g.label === 'Overdue')?.children ?? [];
    assert.ok(!still.some((n) => n.file === review));
    assert.equal(after.counts.overdueReviews, overdueReviews.length - 1);
  });

  it('answers only the parts asked for; no document: an empty "This document"', async () => {
    const engine = new Engine({ workspace: await memoryCopy('test/fixtures/digest'), today: '2026-11-26' });
    await engine.indexAll();
    const only = await buildViews(engine.view(), [], engine.getToday(), {
      parts: ['reviews'],
      citing: (f) => engine.citing(f),
    });
    assert.deepEqual([only.decisions, only.work, only.document], [[], [], []]);
    assert.ok(only.reviews.length > 0);
  });
});
