import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { buildDigest, type Digest } from '../../server/src/core/digest/build.js';
import { compareIds, normaliseId } from '../../server/src/core/util/ids.js';
import { renderDigestJson, renderDigestMarkdown } from '../../server/src/core/digest/markdown.js';
import { REPO } from '../helpers/expected.js';
import { memoryCopy } from '../helpers/memoryWorkspace.js';
import type { History } from '../../server/src/core/history.js';
import { NOT_A_REPOSITORY } from '../../server/src/node/git.js';

const TODAY = '2026-11-26';
const DIR = path.join(REPO, 'test/fixtures/digest');
const EXPECTED_MD = path.join(REPO, 'test/fixtures/digest.expected.md');
const EXPECTED_JSON = path.join(REPO, 'test/fixtures/digest.expected.json');

/** Compares with an expectation file; OPSDOCS_UPDATE_EXPECTED=1 rewrites it instead (review the diff). */
function expectFile(file: string, actual: string): void {
  if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') fs.writeFileSync(file, actual);
  assert.equal(actual, fs.readFileSync(file, 'utf8'));
}

const NOT_IN_GIT: History = { kind: 'none', reason: NOT_A_REPOSITORY };

describe('status digest', () => {
  let digest: Digest;

  before(async () => {
    const engine = new Engine({ workspace: new FsWorkspace(DIR, { log() {} }), today: TODAY });
    await engine.indexAll();
    // As `opsdocs digest` of the fixture gives it (test/cli/cli.test.ts): the fixture is in no
    // repository there (test/helpers/gitCeiling.ts).
    digest = buildDigest(engine.view(), engine.allFindings(), TODAY, NOT_IN_GIT);
  });

  it('renders Markdown equal to digest.expected.md', () => {
    expectFile(EXPECTED_MD, renderDigestMarkdown(digest));
  });

  it('renders JSON equal to digest.expected.json', () => {
    const json = renderDigestJson(digest);
    expectFile(EXPECTED_JSON, json);
    assert.deepEqual(JSON.parse(json), digest);
    assert.ok(json.endsWith('}\n'));
  });

  it('a saved digest has no findings of its own (its ids and links are a snapshot)', async () => {
    const workspace = await memoryCopy('test/fixtures/digest');
    workspace.files.set('docs/status-digest.md', renderDigestMarkdown(digest));
    const engine = new Engine({ workspace, today: TODAY });
    await engine.indexAll();
    assert.ok(engine.documents().has('docs/status-digest.md'));
    assert.deepEqual(engine.findings('docs/status-digest.md'), []);
  });

  it('reports the TASK-101 <-> TASK-102 cycle once, from the smallest id', () => {
    assert.deepEqual(digest.dependencies.cycles, [['TASK-101', 'TASK-102']]);
    const inCycle = digest.dependencies.edges.filter((e) => e.inCycle).map((e) => `${e.from}->${e.to}`);
    assert.deepEqual(inCycle, ['TASK-101->TASK-102', 'TASK-102->TASK-101']);
  });

  it('counts overdue days and skips done tasks and tasks due today', () => {
    assert.deepEqual(
      digest.overdue.map((t) => [t.id, t.daysOverdue]),
      [
        ['TASK-104', 25],
        ['TASK-102', 6],
      ],
    );
  });

  it('lists blocked tasks with and without a reason, a done task waiting on an open one, and unknown ids', () => {
    assert.deepEqual(
      digest.blocked.map((b) => [b.id, b.reason]),
      [
        ['TASK-104', "Waiting for the vendor's new API | key portal"],
        ['TASK-105', null],
      ],
    );
    const done = digest.dependencies.waiting.filter((w) => w.done);
    assert.deepEqual(
      done.map((w) => [w.id, w.waitingOn.map((o) => o.id)]),
      [['TASK-103', ['TASK-104']]],
    );
    assert.deepEqual(
      digest.dependencies.unknown.map((u) => [u.task, u.dependsOn]),
      [['TASK-104', 'TASK-999']],
    );
  });

  it('lists reviews overdue or due within 14 days, and stale proposals', () => {
    assert.deepEqual(
      digest.reviews.map((r) => [r.file, r.daysLeft]),
      [
        ['docs/runbooks/backup-restore.md', -58],
        ['docs/policies/security-baseline.md', -6],
        ['docs/runbooks/cache-flush.md', 0],
        ['docs/runbooks/deployment.md', 4],
        ['docs/runbooks/failover.md', 14],
      ],
    );
    assert.deepEqual(
      digest.adrs.staleProposals.map((p) => [p.id, p.ageDays]),
      [['ADR-006', 86]],
    );
  });

  it('compares ids case-insensitively with numbers normalised', () => {
    assert.equal(normaliseId('task-007'), normaliseId('TASK-7'));
    assert.ok(compareIds('TASK-7', 'TASK-12') < 0);
    assert.equal(compareIds('TASK-007', 'TASK-007'), 0);
  });
});

describe('status digest of legacy ADRs (MADR, Nygard/adr-tools)', () => {
  it('reads supersession from the written status, equal to legacy-adr.digest.expected.json', async () => {
    const dir = path.join(REPO, 'test/fixtures/legacy-adr');
    const engine = new Engine({ workspace: new FsWorkspace(dir, { log() {} }), today: TODAY });
    await engine.indexAll();
    const { adrs } = buildDigest(engine.view(), engine.allFindings(), TODAY);
    expectFile(
      path.join(REPO, 'test/fixtures/legacy-adr.digest.expected.json'),
      `${JSON.stringify(adrs, null, 2)}\n`,
    );
  });
});
