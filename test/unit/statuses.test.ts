import { strict as assert } from 'node:assert';
import { defaultConfig } from '../../server/src/core/config.js';
import { Engine } from '../../server/src/core/engine.js';
import { learnStatuses, MAX_OWN_STATUSES } from '../../server/src/core/init/statuses.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { fixesFor } from '../../server/src/core/features/fixes.js';

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
  // As detection passes them: at least 5 documents, and one in ten may differ.
  const AT = { minDocs: 5, nearlyAll: (n: number) => Math.max(1, Math.floor(n / 10)) };
  const learn = (used: string[], k = 'task', builtIn = TASK) => learnStatuses(kind(k), builtIn, used, AT);

  it('are learned when more than one in ten (and more than one) of at least 5 documents have values outside the built-in ones', () => {
    // Too few documents, or few enough outside the built-in values to be mistakes: not learned.
    assert.equal(learn(times(4, 'open')), undefined);
    assert.equal(learn([...times(9, 'todo'), 'open']), undefined);
    assert.equal(learn([...times(18, 'todo'), 'open', 'open']), undefined);
    assert.deepEqual(learn([...times(17, 'todo'), ...times(3, 'open')])?.counts, { open: 3 });
  });

  it('a slip of the pen is never learned, however often; a spelling of a known value only when used twice', () => {
    const learned = learn([
      ...times(2, 'in-progress'), // the team's spelling of in_progress
      'in progress', // another spelling, once: a slip
      ...times(2, 'in_progres'), // one edit from in_progress: a slip, twice or not
      'in-progess', // one edit from the team's in-progress
      ...times(2, 'opne'), // two letters swapped: a slip of open
      ...times(3, 'open'),
      'Done', // done but for case, once
      'closed', // a word of the team's, once
      'inprogress', // as near in_progress as in-progress (a tie): still a spelling, once
    ])!;
    assert.deepEqual(learned.statuses, [...TASK, 'closed', 'in-progress', 'open']);
    assert.deepEqual(learned.counts, { closed: 1, 'in-progress': 2, open: 3 });
    assert.deepEqual(learn([...times(2, 'Done'), ...times(3, 'open')])!.doneStatuses, ['done', 'Done']);
    // A known value with a prefix or suffix is another word, even used once.
    assert.deepEqual(learn(['unblocked', 'reviewed', 'undone', 'open', 'open'])!.counts, {
      open: 2,
      reviewed: 1,
      unblocked: 1,
      undone: 1,
    });
    // Two or more documents: only one edit is a slip; `stalled` and `unblocked` are words of their own.
    const words = ['stalled', 'unblocked', 'inactive', 'reverted', 'in review'];
    assert.deepEqual(learn([...words, ...words, 'open'])!.counts, {
      ...Object.fromEntries(words.map((w) => [w, 2])),
      open: 1,
    });
    assert.deepEqual(
      learn(['stalled', 'stalled', 'open', 'open', 'started'], 'task', [...TASK, 'started'])!.counts,
      {
        open: 2,
        stalled: 2,
      },
    );
  });

  it("the words for finished and blocked join the kind's lists; an ADR's words for superseded join its own", () => {
    const task = learn([
      'Closed',
      'Closed',
      'On Hold',
      'On Hold',
      'WONT_FIX',
      'WONT_FIX',
      'BLOCKED',
      'BLOCKED',
      'open',
    ])!;
    assert.deepEqual(task.doneStatuses, ['done', 'Closed', 'WONT_FIX']);
    // Only a word for blocked asks for a blocked reason; on hold does not.
    assert.deepEqual(task.blockedStatuses, ['blocked', 'BLOCKED']);
    assert.deepEqual(task.supersededStatuses, []); // a task has no such meaning
    const adr = learn([...times(3, 'approved'), ...times(2, 'replaced')], 'adr', ADR)!;
    assert.deepEqual(adr.supersededStatuses, ['superseded', 'replaced']);
    assert.deepEqual(adr.doneStatuses, []); // an ADR is not a task: no done list appears
  });

  it('values named like Object properties (`__proto__`, `constructor`) are counted as any other', () => {
    const learned = learn([...times(3, '__proto__'), ...times(2, 'constructor')]);
    // Not words (they start with `_`): `__proto__` is not learned; constructor is.
    assert.deepEqual(learned?.statuses, [...TASK, 'constructor']);
    assert.deepEqual(Object.entries(learn([...times(3, 'proto'), ...times(2, 'constructor')])!.counts), [
      ['constructor', 2],
      ['proto', 3],
    ]);
  });

  it('only words are a vocabulary: empty, blank, control characters, bidi overrides and over 40 characters are not', () => {
    for (const odd of ['', '   ', '\u001b[2Jhacked', 'a\u0000b', 'ok\u202eko', 'x'.repeat(41), '-dash-first'])
      assert.equal(learn([...times(5, odd), 'todo']), undefined, JSON.stringify(odd));
  });

  it(`a status list of more than ${MAX_OWN_STATUSES} words of the team's own is free text: nothing is learned`, () => {
    const words = Array.from(
      { length: MAX_OWN_STATUSES + 1 },
      (_, i) => `stage ${String.fromCharCode(97 + i)}`,
    );
    assert.equal(learn([...words, ...words]), undefined);
    assert.equal(
      learn([...words.slice(1), ...words.slice(1)])?.statuses.length,
      TASK.length + MAX_OWN_STATUSES,
    );
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
    // A slip of a built-in value is reported however often it is used.
    assert.deepEqual(
      (await taskFindings(statuses)).filter((f) => f.includes('schema/')).map((f) => f.split(' ')[0]),
      ['tasks/T-7.md', 'tasks/T-8.md'],
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

  it('declared where they cannot apply, or leaving out a value of a meaning, the configuration says so', async () => {
    const configFindings = async (config: object, extra: Record<string, string> = {}) => {
      const engine = new Engine({
        workspace: new MemoryWorkspace({ '.opsdocs.json': JSON.stringify(config), ...extra }),
        today: TODAY,
      });
      await engine.indexAll();
      return engine
        .allFindings()
        .filter((f) => f.file === '.opsdocs.json')
        .map((f) => `${f.rule} ${f.message}`);
    };
    assert.deepEqual(await configFindings({ kinds: { task: { statuses: ['open', 'closed'] } } }), [
      'config/invalid .opsdocs.json: kinds.task.statuses does not allow "done", which kinds.task.doneStatuses holds: no document can have that meaning; list in doneStatuses the statuses that have it.',
      'config/invalid .opsdocs.json: kinds.task.statuses does not allow "blocked", which kinds.task.blockedStatuses holds: no document can have that meaning; list in blockedStatuses the statuses that have it.',
    ]);
    assert.deepEqual(
      await configFindings({
        kinds: { task: { statuses: ['open', 'closed'], doneStatuses: ['closed'], blockedStatuses: [] } },
      }),
      [],
    );
    assert.deepEqual(await configFindings({ kinds: { runbook: { statuses: ['live'] } } }), [
      'config/invalid .opsdocs.json: kinds.runbook.statuses has no effect: the built-in `runbook` schema lists no values of `status`.',
    ]);
    const team = { 'schemas/task.json': '{"type":"object","properties":{"status":{"type":"string"}}}' };
    assert.deepEqual(
      await configFindings({ kinds: { task: { schema: 'schemas/task.json', statuses: ['open'] } } }, team),
      [
        'config/invalid .opsdocs.json: kinds.task.statuses has no effect: its schema `schemas/task.json` lists its own values.',
      ],
    );
  });

  it('a status taken for another is fixed by fix-all only when plainly a slip of it (one edit, or spelling)', async () => {
    const files: Record<string, string> = {};
    ['todo', 'todo', 'todo', 'todo', 'todo', 'todo', 'blokced', 'In-Progress', 'in_prgres', 'dne'].forEach(
      (st, i) => {
        files[`tasks/T-${i + 1}.md`] = `---\nid: T-${i + 1}\ntitle: Task\nstatus: ${st}\n---\n# Task\n`;
      },
    );
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
    await engine.indexAll();
    const offered = engine
      .allFindings()
      .filter((f) => f.rule === 'schema/enum')
      .map((f) => {
        const doc = engine.documents().get(f.file)!;
        const [fix] = fixesFor(engine.view(), doc, engine.schemaOf(doc), f, TODAY);
        return [f.file, fix?.title, fix?.safe];
      });
    assert.deepEqual(offered, [
      ['tasks/T-10.md', 'Change to "done"', false], // a short word: an edit makes another word
      ['tasks/T-7.md', 'Change to "blocked"', true],
      ['tasks/T-8.md', 'Change to "in_progress"', true],
      ['tasks/T-9.md', 'Change to "in_progress"', false],
    ]);
  });

  it('tasks of a template of their own (no schema lists the values) keep the meaning of their words: closed is done', async () => {
    const files: Record<string, string> = {};
    ['open', 'open', 'open', 'closed', 'closed', 'closed'].forEach((st, i) => {
      files[`tasks/t${i + 1}.md`] =
        `---\nname: Task ${i + 1}\nstatus: ${st}\ndue: 2026-01-01\n---\n# Task ${i + 1}\n\n## Steps\n\nDo it.\n`;
    });
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: TODAY });
    await engine.indexAll();
    const task = engine.getConfig().kinds.find((k) => k.name === 'task')!;
    assert.equal(task.schema, ''); // learned: a template of its own
    assert.deepEqual(task.doneStatuses, ['done', 'closed']);
    assert.deepEqual(
      engine
        .allFindings()
        .filter((f) => f.rule === 'lifecycle/task-overdue')
        .map((f) => f.file),
      ['tasks/t1.md', 'tasks/t2.md', 'tasks/t3.md'],
    );
  });
});
