import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import {
  MAX_TERMS,
  currentDecision,
  findDocs,
  getDoc,
  inForce,
  openTasks,
  queryTerms,
  runbookFor,
} from '../../server/src/core/features/handbook.js';
import {
  AGENTS_BLOCK_END,
  AGENTS_BLOCK_START,
  MCP_TOOLS,
  agentsBlock,
  agentsBlockEdit,
} from '../../server/src/shared/mcpTools.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

async function index(files: Record<string, string>) {
  const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-01' });
  await engine.indexAll();
  return engine.view();
}

const adr = (id: string, title: string, extra = '', body = '') =>
  `---\nid: ${id}\ntitle: ${title}\nstatus: ${/superseded_by/.test(extra) ? 'superseded' : 'accepted'}\ndate: 2025-01-01\ndeciders: [a]\n${extra}---\n\n# ${id}: ${title}\n\n## Context\n\n${body}\n\n## Decision\n\nX.\n\n## Consequences\n\nY.\n`;
const runbook = (title: string, services: string[], body: string) =>
  `---\ntitle: ${title}\nowner: team\nservices: [${services.join(', ')}]\nlast_reviewed: 2026-10-01\n---\n\n# ${title}\n\n${body}\n`;
const task = (id: string, status: string, owner: string, due?: string) =>
  `---\nid: ${id}\ntitle: Task ${id}\nstatus: ${status}\nowner: ${owner}\n${due ? `due: ${due}\n` : ''}---\n\n# ${id}\n\n- [x] one\n- [ ] two\n`;

describe('handbook queries (find, decision in force, runbook, open tasks, get)', () => {
  it('query terms: plurals and verb forms meet, filler words dropped, "back up" is a backlog or a backup, a dead letter queue a DLQ', () => {
    assert.deepEqual(queryTerms('Which ADR governs our queues?'), ['queue']);
    assert.deepEqual(queryTerms('queued, queueing, queues, moved'), ['queue', 'move']);
    assert.deepEqual(queryTerms('policies boxes matches'), ['policy', 'box', 'match']);
    assert.deepEqual(queryTerms('what do I follow when the jobs back up'), ['job', 'backlog', 'backup']);
    assert.deepEqual(queryTerms('messages piling up in the dead letter queue'), [
      'message',
      'backlog',
      'backup',
      'dlq',
    ]);
    assert.deepEqual(queryTerms('back up the database'), ['backlog', 'backup', 'database']);
    assert.deepEqual(queryTerms('ADR-003'), ['adr-003', '003']);
    assert.deepEqual(queryTerms(''), []);
  });

  it(`a huge query is cut to ${MAX_TERMS} terms`, () => {
    const terms = queryTerms(Array.from({ length: 5000 }, (_, i) => `word${i}`).join(' '));
    assert.equal(terms.length, MAX_TERMS);
  });

  it('ranks an id named first, then title, front matter, headings, text; a word that only starts one counts half', async () => {
    const view = await index({
      'docs/adr/ADR-001-a.md': adr('ADR-001', 'Hosting', 'tags: [database]\n', 'We talk about caching here.'),
      'docs/adr/ADR-002-b.md': adr('ADR-002', 'Caching layer'),
      'docs/runbooks/cache.md': runbook('Restarts', ['web'], '## Caching\n\nFlush it.'),
      'docs/runbooks/db.md': runbook('Database failover', ['database'], 'Promote the replica.'),
      'docs/runbooks/other.md': runbook('Other', ['web'], 'Cachingly written.'),
    });
    const hits = findDocs(view, 'caching');
    assert.deepEqual(
      hits.map((h) => [h.file, h.score, h.matchedIn]),
      [
        ['docs/adr/ADR-002-b.md', 6, ['title']],
        ['docs/runbooks/cache.md', 2, ['heading']],
        ['docs/adr/ADR-001-a.md', 1, ['text']],
        ['docs/runbooks/other.md', 0.5, ['text']],
      ],
    );
    assert.deepEqual(hits[2].lines, [{ line: 14, text: 'We talk about caching here.' }]);
    assert.deepEqual(
      findDocs(view, 'database ADR-002').map((h) => [h.file, h.score]),
      [
        ['docs/adr/ADR-002-b.md', 140],
        ['docs/runbooks/db.md', 6],
        ['docs/adr/ADR-001-a.md', 3],
      ],
    );
    assert.deepEqual(
      findDocs(view, 'database', { kind: 'runbook' }).map((h) => h.file),
      ['docs/runbooks/db.md'],
    );
    assert.deepEqual(findDocs(view, 'the of and'), []);
  });

  it('follows supersession to the decision in force: superseded_by, supersedes only, legacy status, missing, cycle', async () => {
    const view = await index({
      'docs/adr/ADR-001-a.md': adr('ADR-001', 'Jobs on cron', 'superseded_by: ADR-002\n'),
      'docs/adr/ADR-002-b.md': adr('ADR-002', 'Jobs on a table', 'superseded_by: ADR-003\n'),
      'docs/adr/ADR-003-c.md': adr('ADR-003', 'Queues for jobs', 'supersedes: [ADR-002]\n'),
      'docs/adr/ADR-004-d.md': adr('ADR-004', 'Flags v1'),
      'docs/adr/ADR-005-e.md': adr('ADR-005', 'Flags v2', 'supersedes: [ADR-004]\n'),
      'docs/adr/ADR-006-f.md': adr('ADR-006', 'Gone', 'superseded_by: ADR-099\n'),
      'docs/adr/ADR-007-g.md': adr('ADR-007', 'Loop one', 'superseded_by: ADR-008\n'),
      'docs/adr/ADR-008-h.md': adr('ADR-008', 'Loop two', 'superseded_by: ADR-007\n'),
      'docs/adr/0009-legacy.md': '# 9. Legacy\n\n## Status\n\nSuperseded by ADR-005\n\n## Context\n\nA.\n',
    });
    const follow = (file: string) => inForce(view, view.doc(file)!);
    assert.deepEqual(follow('docs/adr/ADR-001-a.md').chain, ['ADR-001', 'ADR-002', 'ADR-003']);
    assert.equal(follow('docs/adr/ADR-001-a.md').decision.file, 'docs/adr/ADR-003-c.md');
    assert.deepEqual(follow('docs/adr/ADR-004-d.md').chain, ['ADR-004', 'ADR-005']);
    assert.deepEqual(follow('docs/adr/0009-legacy.md').chain, ['ADR-0009', 'ADR-005']);
    assert.deepEqual(follow('docs/adr/ADR-006-f.md'), {
      decision: {
        id: 'ADR-006',
        title: 'Gone',
        kind: 'adr',
        status: 'superseded',
        file: 'docs/adr/ADR-006-f.md',
      },
      chain: ['ADR-006'],
      unresolved: 'ADR-099',
    });
    assert.deepEqual(follow('docs/adr/ADR-007-g.md').chain, ['ADR-007', 'ADR-008']);
    assert.equal(follow('docs/adr/ADR-007-g.md').cycle, true);
    assert.deepEqual(follow('docs/adr/ADR-005-e.md').chain, ['ADR-005']);

    // Every ADR matching "jobs" leads to ADR-003: one answer, with the chain of the best match.
    assert.deepEqual(
      currentDecision(view, 'jobs').map((d) => [d.decision.id, d.chain]),
      [['ADR-003', ['ADR-001', 'ADR-002', 'ADR-003']]],
    );
    assert.deepEqual(
      currentDecision(view, 'flags').map((d) => [d.decision.id, d.chain]),
      [['ADR-005', ['ADR-004', 'ADR-005']]],
    );
    assert.deepEqual(currentDecision(view, 'kubernetes'), []);
  });

  it('runbook_for: a runbook whose services name it exactly comes before those that mention it more', async () => {
    const view = await index({
      'docs/runbooks/a.md': runbook(
        'Deploys',
        ['web'],
        'Jobs jobs jobs: the jobs workers are deployed last.',
      ),
      'docs/runbooks/b.md': runbook('Backlogs', ['jobs'], 'Drain the queue.'),
      'docs/adr/ADR-001-x.md': adr('ADR-001', 'Jobs'),
    });
    assert.deepEqual(
      runbookFor(view, 'jobs').map((h) => [h.file, h.names]),
      [
        ['docs/runbooks/b.md', true],
        ['docs/runbooks/a.md', false],
      ],
    );
    assert.deepEqual(
      runbookFor(view, 'queue backed up').map((h) => h.file),
      ['docs/runbooks/b.md'],
    );
  });

  it('open_tasks: not done, of one owner in any case, by due date with undated last', async () => {
    const view = await index({
      'tasks/TASK-001.md': task('TASK-001', 'done', 'ann', '2026-01-01'),
      'tasks/TASK-002.md': task('TASK-002', 'in_progress', 'Ann', '2026-12-01'),
      'tasks/TASK-003.md': task('TASK-003', 'blocked', 'bob', '2026-11-15'),
      'tasks/TASK-004.md': task('TASK-004', 'todo', 'ann'),
    });
    assert.deepEqual(
      openTasks(view).map((t) => [t.id, t.due, t.blocked]),
      [
        ['TASK-003', '2026-11-15', true],
        ['TASK-002', '2026-12-01', false],
        ['TASK-004', null, false],
      ],
    );
    assert.deepEqual(
      openTasks(view, ' ANN ').map((t) => t.id),
      ['TASK-002', 'TASK-004'],
    );
    assert.deepEqual(openTasks(view, 'nobody'), []);
    assert.deepEqual(openTasks(view, 'bob')[0].checklist, { done: 1, total: 2 });
  });

  it('get_doc: by any spelling of the id or by path; none and two are errors', async () => {
    const view = await index({
      'docs/adr/ADR-001-a.md': adr('ADR-001', 'One', 'superseded_by: ADR-002\n'),
      'docs/adr/ADR-002-b.md': adr('ADR-002', 'Two'),
      'tasks/x.md': task('TASK-1', 'todo', 'a'),
      'tasks/y.md': task('TASK-1', 'todo', 'b'),
    });
    for (const key of ['adr-1', 'ADR-0001', 'docs/adr/ADR-001-a.md', './docs/adr/ADR-001-a.md']) {
      const doc = getDoc(view, key);
      assert.ok(!('error' in doc), key);
      assert.equal(doc.file, 'docs/adr/ADR-001-a.md');
      assert.equal(doc.successor, 'ADR-002');
      assert.deepEqual(doc.inForce?.chain, ['ADR-001', 'ADR-002']);
      assert.equal(doc.frontMatter.date, '2025-01-01');
    }
    assert.deepEqual(getDoc(view, 'ADR-9'), { error: 'No document has the id or path "ADR-9".' });
    assert.deepEqual(getDoc(view, 'TASK-1'), {
      error: '2 documents have the id TASK-1: tasks/x.md, tasks/y.md.',
    });
    const t = getDoc(view, 'tasks/x.md');
    assert.ok(!('error' in t) && t.successor === undefined && t.inForce === undefined);
  });
});

describe('the generated MCP section of an AGENTS.md', () => {
  const block = agentsBlock();

  it('lists every tool between its markers', () => {
    const unwrapped = block.replace(/\n {2}/g, ' ');
    for (const t of MCP_TOOLS) assert.ok(unwrapped.includes(`- \`${t.call}\`: ${t.description}\n`), t.name);
    assert.deepEqual(
      block.split('\n').filter((l) => l.length > 80),
      [],
      'lines of at most 80 columns (markdownlint MD013)',
    );
    assert.ok(block.startsWith(AGENTS_BLOCK_START) && block.endsWith(AGENTS_BLOCK_END));
  });

  const apply = (text: string) => {
    const e = agentsBlockEdit(text);
    assert.ok('start' in e);
    return text.slice(0, e.start) + e.text + text.slice(e.end);
  };

  it('is appended after a blank line, whatever the text ends with; then replaced in place, idempotently', () => {
    for (const [text, sep] of [
      ['# A\n', '\n'],
      ['# A', '\n\n'],
      ['# A\n\n', ''],
      ['', ''],
    ]) {
      const once = apply(text);
      assert.equal(once, `${text}${sep}${block}\n`, JSON.stringify(text));
      assert.deepEqual(agentsBlockEdit(once), { unchanged: true });
    }
    const stale = `# A\n\n${AGENTS_BLOCK_START}\nold list\n${AGENTS_BLOCK_END}\n\n## After\n\nKept.\n`;
    assert.equal(apply(stale), `# A\n\n${block}\n\n## After\n\nKept.\n`);
  });

  it('keeps CRLF line endings', () => {
    assert.equal(apply('# A\r\n'), `# A\r\n\r\n${block.split('\n').join('\r\n')}\r\n`);
  });

  it('refuses markers that are not one start then one end', () => {
    for (const text of [
      `${AGENTS_BLOCK_START}\n`,
      `${AGENTS_BLOCK_END}\n${AGENTS_BLOCK_START}\n`,
      `${AGENTS_BLOCK_START}\n${AGENTS_BLOCK_END}\n${AGENTS_BLOCK_START}\n${AGENTS_BLOCK_END}\n`,
    ]) {
      const e = agentsBlockEdit(text);
      assert.ok('refused' in e && /nothing was changed/.test(e.refused), text);
    }
  });
});
