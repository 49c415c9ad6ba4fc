import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../server/src/core/config.js';
import { Engine } from '../../server/src/core/engine.js';
import { learnStatuses } from '../../server/src/core/init/statuses.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const TODAY = '2026-11-26';
const kind = (name: string) => defaultConfig().kinds.find((k) => k.name === name)!;
const TASK = ['todo', 'in_progress', 'blocked', 'review', 'done'];
const ADR = ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'];
const times = (n: number, s: string) => Array.from({ length: n }, () => s);

/** The findings of a workspace of tasks with these statuses, as `file rule message`. */
async function taskFindings(statuses: string[], config?: object): Promise<string[]> {
  const files: Record<string, string> = {};
  statuses.forEach((s, i) => {
    files[`tasks/T-${i + 1}.md`] =
      `---\nid: T-${i + 1}\ntitle: Task ${i + 1}\nstatus: ${s}\ndue: 2026-01-01\n---\n# Task ${i + 1}\n`;
  });
  if (config) files['.opsdocs.json'] = JSON.stringify(config);
  const engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
  await engine.indexAll();
  return engine.allFindings().map((f) => `${f.file} ${f.rule} ${f.message}`);
}

describe("a team's own status values", () => {
  it('are learned when more than one document in ten has a value outside the built-in ones, from 5 documents', () => {
    const task = kind('task');
    // Too few documents, or few enough outside the built-in values to be mistakes: not learned.
    assert.equal(learnStatuses(task, TASK, times(4, 'open'), 10), undefined);
    assert.equal(learnStatuses(task, TASK, [...times(9, 'todo'), 'open'], 10), undefined);
    assert.equal(learnStatuses(task, TASK, [...times(18, 'todo'), 'open', 'open'], 10), undefined);
    assert.deepEqual(learnStatuses(task, TASK, [...times(17, 'todo'), ...times(3, 'open')], 10)?.counts, {
      open: 3,
    });
  });

  it("a value used once is the team's unless it is a few edits from another (a typo, still reported)", () => {
    const learned = learnStatuses(
      kind('task'),
      TASK,
      ['in-progress', 'in-progress', 'in-progess', 'closed', 'open', 'open', 'Done'],
      10,
    )!;
    assert.deepEqual(learned.statuses, [...TASK, 'in-progress', 'open', 'closed']);
    assert.deepEqual(learned.counts, { 'in-progress': 2, open: 2, closed: 1 });
  });

  it("the words for finished and blocked join the kind's lists; an ADR's words for superseded join its own", () => {
    const task = learnStatuses(
      kind('task'),
      TASK,
      ['Closed', 'Closed', 'On Hold', 'On Hold', 'WONT_FIX', 'WONT_FIX', 'open', 'open'],
      10,
    )!;
    assert.deepEqual(task.doneStatuses, ['done', 'Closed', 'WONT_FIX']);
    assert.deepEqual(task.blockedStatuses, ['blocked', 'On Hold']);
    assert.deepEqual(task.supersededStatuses, []); // a task has no such meaning
    const adr = learnStatuses(kind('adr'), ADR, [...times(3, 'approved'), ...times(2, 'replaced')], 10)!;
    assert.deepEqual(adr.supersededStatuses, ['superseded', 'replaced']);
    assert.deepEqual(adr.doneStatuses, []); // an ADR is not a task: no done list appears
  });

  it('values named like Object properties (`__proto__`, `constructor`) are counted as any other', () => {
    const learned = learnStatuses(
      kind('task'),
      TASK,
      [...times(3, '__proto__'), ...times(2, 'constructor')],
      10,
    )!;
    assert.deepEqual(learned.statuses, [...TASK, '__proto__', 'constructor']);
    assert.deepEqual(Object.entries(learned.counts), [
      ['__proto__', 3],
      ['constructor', 2],
    ]);
  });

  it("a status longer than 40 characters is nobody's vocabulary", () => {
    const long = 'x'.repeat(41);
    assert.equal(learnStatuses(kind('task'), TASK, [...times(5, long), 'open'], 10), undefined);
  });

  it('zero config: the learned values are valid, a finished one is not overdue, the rest still checked', async () => {
    const statuses = [
      'open',
      'open',
      'closed',
      'closed',
      'in-progress',
      'in-progress',
      'in-progres',
      'in-progres',
    ];
    const overdue = (n: number, s: string) =>
      `tasks/T-${n}.md lifecycle/task-overdue Overdue: due 2026-01-01 (329 days ago) and status is "${s}".`;
    assert.deepEqual(await taskFindings(statuses.slice(0, 7)), [
      overdue(1, 'open'),
      overdue(2, 'open'),
      overdue(5, 'in-progress'),
      overdue(6, 'in-progress'),
      'tasks/T-7.md schema/enum `status` is "in-progres"; expected one of: todo, in_progress, blocked, review, done, closed, in-progress, open. Did you mean "in-progress"?',
      overdue(7, 'in-progres'),
    ]);
    // Once is a typo when a few edits from a value; twice is the team's word, however near.
    assert.deepEqual(
      (await taskFindings(statuses)).filter((f) => f.includes('schema/')),
      [],
    );
  });

  it('declared in .opsdocs.json: the values replace the built-in ones, and a declared kind learns none', async () => {
    const config = { kinds: { task: { statuses: ['open', 'closed'], doneStatuses: ['closed'] } } };
    const found = await taskFindings(['open', 'closed', 'todo', 'wip', 'wip'], config);
    assert.deepEqual(
      found.filter((f) => f.includes('schema/')),
      [
        'tasks/T-3.md schema/enum `status` is "todo"; expected one of: open, closed.',
        'tasks/T-4.md schema/enum `status` is "wip"; expected one of: open, closed.',
        'tasks/T-5.md schema/enum `status` is "wip"; expected one of: open, closed.',
      ],
    );
    // Only the declared done value ends a task: "closed" is not overdue, the others are.
    assert.deepEqual(
      found.filter((f) => f.includes('task-overdue')).map((f) => f.split(' ')[0]),
      ['tasks/T-1.md', 'tasks/T-3.md', 'tasks/T-4.md', 'tasks/T-5.md'],
    );
  });
});
