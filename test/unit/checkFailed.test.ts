import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { CHECKS } from '../../server/src/core/checks/index.js';
import type { Check } from '../../server/src/core/checks/check.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

/** A workspace in which most checks find something: a task, an ADR, a runbook and an AGENTS.md. */
const FILES = {
  'docs/runbooks/deploy.md':
    '---\ntitle: Deploy\nlast_reviewed: 2020-01-01\n---\n# Deploy\n\n## Steps\n\nSee [x](x.md), ADR-009 and `npm run nope`.\n',
  'docs/adr/ADR-001-a.md':
    '---\nid: ADR-001\ntitle: A\nstatus: superseded\ndate: 2026-01-01\n---\n# A\n\n## Context\n## Decision\n## Consequences\n',
  'tasks/TASK-1.md': '---\nid: TASK-1\ntitle: T\nstatus: blocked\ndue: 2026-01-01\n---\n# T\n',
  'scripts/AGENTS.md': '# Scripts\n\n`scripts/gone.sh`\n',
  'scripts/deploy.sh': 'echo\n',
  'package.json': '{"scripts": {}}',
};

async function findings(): Promise<string[]> {
  const engine = new Engine({ workspace: new MemoryWorkspace(FILES), today: '2026-11-26' });
  await engine.indexAll();
  return engine.allFindings().map(formatFinding);
}

/** Runs `body` while `check` throws `err` on every document. */
async function throwing<T>(check: Check, err: unknown, body: () => Promise<T>): Promise<T> {
  const run = check.run;
  check.run = () => {
    throw err;
  };
  try {
    return await body();
  } finally {
    check.run = run;
  }
}

const TOP: Record<string, string> = {
  'docs/runbooks/deploy.md': '1:1-1:4',
  'docs/adr/ADR-001-a.md': '1:1-1:4',
  'tasks/TASK-1.md': '1:1-1:4',
  'scripts/AGENTS.md': '1:1-1:10',
};

describe('a check that throws is an error finding on the file, never a silent pass', () => {
  for (const check of CHECKS)
    it(`check ${check.name}: one internal/check-failed per document, the other checks' findings kept`, async () => {
      const before = await findings();
      assert.ok(before.length > 5, 'the workspace has findings to lose');
      const after = await throwing(check, new TypeError(`boom in ${check.name}`), findings);
      const own = new Set(check.rules.map((r) => r.id));
      const failed = Object.entries(TOP).map(
        ([file, range]) =>
          `${file}:${range} error internal/check-failed The check ${check.name} failed on this file (TypeError: boom in ${check.name}); its findings are missing. Please report it.`,
      );
      const kept = before.filter((l) => !own.has(l.split(' ')[2]));
      assert.deepEqual([...after].sort(), [...kept, ...failed].sort());
    });

  it('names what was thrown when it is not an Error, on one line', async () => {
    const [check] = CHECKS;
    const after = await throwing(check, 'a string\nover two lines', findings);
    assert.ok(
      after.includes(
        `tasks/TASK-1.md:1:1-1:4 error internal/check-failed The check ${check.name} failed on this file (a string over two lines); its findings are missing. Please report it.`,
      ),
      after.join('\n'),
    );
  });

  it('a team schema whose $ref loops is reported on each document of its kind', async () => {
    const engine = new Engine({
      workspace: new MemoryWorkspace({
        '.opsdocs.json': JSON.stringify({ kinds: { runbook: { schema: 'loop.json' } } }),
        'loop.json': JSON.stringify({ type: 'object', required: ['owner'], allOf: [{ $ref: '#' }] }),
        'docs/runbooks/a.md': '---\ntitle: A\n---\n# A\n',
        'docs/runbooks/b.md': '---\nowner: ops\n---\n# B\n\n[x](x.md)\n',
      }),
      today: '2026-11-26',
    });
    await engine.indexAll();
    const message =
      'error internal/check-failed The check schema failed on this file (RangeError: Maximum call stack size exceeded); its findings are missing. Please report it.';
    assert.deepEqual(engine.allFindings().map(formatFinding), [
      `docs/runbooks/a.md:1:1-1:4 ${message}`,
      `docs/runbooks/b.md:1:1-1:4 ${message}`,
      'docs/runbooks/b.md:6:5-6:9 error links/missing-file `x.md` does not exist (looked for `docs/runbooks/x.md`).',
    ]);
  });
});
