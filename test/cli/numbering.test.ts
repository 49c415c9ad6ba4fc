import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  adrText,
  branchWith,
  collidingBranches,
  commitAt,
  git,
  numberedRepo,
  taskText,
  writeFiles,
} from '../helpers/gitRepo.js';
import { asExpected, runCli } from '../helpers/cli.js';

// Collision-free numbering: `new adr` / `new task` skip the numbers other branches' files take,
// and `check` warns when the default branch gave this branch's id to another file
// (links/id-collision). Real repositories with dated commits, built here.

const TODAY = '2026-11-26';

describe('opsdocs new: numbers taken on other branches are skipped', function () {
  this.timeout(120_000);
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('skips an ADR number a local branch adds and one a remote-tracking branch adds, without a checkout', () => {
    root = numberedRepo();
    branchWith(
      root,
      'feature/kafka',
      { 'docs/adr/ADR-003-kafka.md': adrText('003', 'Use Kafka') },
      '2026-09-01',
    );
    // A remote-tracking branch only (as `git fetch` leaves it): the local branch is deleted.
    branchWith(root, 'tmp', { 'docs/adr/0005-redis.md': adrText('005', 'Use Redis') }, '2026-09-02');
    git(root, 'update-ref', 'refs/remotes/origin/redis', 'tmp');
    git(root, 'branch', '-q', '-D', 'tmp');
    const head = git(root, 'rev-parse', 'HEAD');
    const r = runCli(root, 'new', 'adr', 'Use NATS', '--today', TODAY);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'created docs/adr/ADR-006-use-nats.md\n');
    assert.equal(r.code, 0);
    assert.equal(git(root, 'rev-parse', 'HEAD'), head, 'HEAD did not move');
    assert.equal(
      git(root, 'status', '--porcelain'),
      '?? docs/adr/ADR-006-use-nats.md\n',
      'nothing else changed',
    );
  });

  it('skips a task number another branch adds', () => {
    root = numberedRepo();
    branchWith(root, 'feature/tasks', { 'tasks/TASK-004-later.md': taskText('004', 'Later') }, '2026-09-01');
    const r = runCli(root, 'new', 'task', 'Rotate keys', '--today', TODAY);
    assert.equal(r.stdout, 'created tasks/TASK-005-rotate-keys.md\n');
  });

  it('without other branches, the next number is the next one here', () => {
    root = numberedRepo();
    const r = runCli(root, 'new', 'adr', 'Use NATS', '--today', TODAY);
    assert.equal(r.stdout, 'created docs/adr/ADR-003-use-nats.md\n');
  });
});

describe('opsdocs check: links/id-collision against the default branch', function () {
  this.timeout(120_000);
  let root: string;
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('warns when the default branch added another file with this branch’s id since it left', () => {
    root = numberedRepo();
    const sha = collidingBranches(root);
    git(root, 'checkout', '-q', 'pr/kafka');
    const r = runCli(root, 'check', '--today', TODAY, '--format', 'json');
    assert.deepEqual(asExpected(r.stdout), [
      `docs/adr/ADR-003-kafka.md:6:1-6:21 warning links/id-collision ADR-003 is also taken on main: \`docs/adr/0003-nats.md\` was added there (${sha}: 'Decide on NATS') since this branch left it. Renumber this document before merging.`,
    ]);
    // On the default branch itself there is nothing to say.
    git(root, 'checkout', '-q', 'main');
    assert.deepEqual(asExpected(runCli(root, 'check', '--today', TODAY, '--format', 'json').stdout), []);
  });

  it('prefers the branch origin/HEAD names', () => {
    root = numberedRepo();
    git(root, 'checkout', '-q', '-b', 'pr/kafka');
    writeFiles(root, { 'docs/adr/ADR-003-kafka.md': adrText('003', 'Use Kafka') });
    commitAt(root, '2026-09-01', 'Propose Kafka');
    const trunk = branchWith(
      root,
      'trunk',
      { 'docs/adr/ADR-003-nats.md': adrText('003', 'Use NATS') },
      '2026-09-05',
    );
    git(root, 'update-ref', 'refs/remotes/origin/trunk', 'trunk');
    git(root, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/trunk');
    git(root, 'checkout', '-q', 'pr/kafka');
    const r = runCli(root, 'check', '--today', TODAY, '--format', 'json');
    assert.deepEqual(
      asExpected(r.stdout).map((l) => l.replace(/ \(.*$/, '')),
      [
        'docs/adr/ADR-003-kafka.md:6:1-6:21 warning links/id-collision ADR-003 is also taken on origin/trunk: `docs/adr/ADR-003-nats.md` was added there',
      ],
    );
    assert.match(asExpected(r.stdout)[0], new RegExp(`\\(${trunk}: 'trunk: add `));
  });
});
