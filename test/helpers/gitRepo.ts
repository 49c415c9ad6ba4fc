import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from './expected.js';
import { tempCopy, writeFiles } from './tempCopy.js';

export { writeFiles };

/**
 * The environment of the git commands that build test repositories: no system or global config
 * (the tester's `core.autocrlf` or signing must not change what is committed), a fixed identity.
 */
const ENV = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** Runs git in `root` and returns its output. */
export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, env: ENV, encoding: 'utf8' });
}

/** Commits everything in `root` as of noon UTC on `date` (`YYYY-MM-DD`); returns the short hash. */
export function commitAt(root: string, date: string, subject: string): string {
  git(root, 'add', '-A');
  const when = `${date}T12:00:00Z`;
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', subject], {
    cwd: root,
    env: { ...ENV, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when },
  });
  return git(root, 'rev-parse', '--short', 'HEAD').trim();
}

/** Appends a line to a file (a Markdown comment in Markdown), so that it changes. */
export function touch(root: string, file: string, note: string): void {
  const line = /\.md$/.test(file) ? `\n<!-- ${note} -->\n` : `# ${note}\n`;
  fs.appendFileSync(path.join(root, file), line);
}

/** A history plan beside a fixture: commits (dated, each changing some files) and pending changes. */
interface Plan {
  commits: { id: string; date: string; subject: string; touch: string[] }[];
  pending: string[];
}

/**
 * A fixture copied to a temp folder and made a git repository by its plan (`<fixture>.history.json`):
 * its first commit holds every file, each later one changes the files it names; `pending` files are
 * then changed and not committed. Returns the folder and each commit's short hash by id.
 */
export function gitFixture(fixture: string): { root: string; sha: Map<string, string> } {
  const plan = JSON.parse(fs.readFileSync(path.join(REPO, `${fixture}.history.json`), 'utf8')) as Plan;
  const root = tempCopy(fixture);
  git(root, 'init', '-q', '-b', 'main');
  const sha = new Map<string, string>();
  for (const c of plan.commits) {
    for (const f of c.touch) touch(root, f, `changed on ${c.date}`);
    sha.set(c.id, commitAt(root, c.date, c.subject));
  }
  for (const f of plan.pending) touch(root, f, 'pending change');
  return { root, sha };
}

/** An expectation line with `{id}` written for a commit's short hash. */
export const withShas = (line: string, sha: Map<string, string>) =>
  line.replace(/\{(\w+)\}/g, (m, id: string) => sha.get(id) ?? m);

export const adrText = (n: string, title: string) =>
  `---\ntitle: ${title}\nstatus: accepted\ndate: 2026-01-01\n---\n# ADR-${n}: ${title}\n\n` +
  '## Context\nx\n\n## Decision\ny\n\n## Consequences\nz\n';
export const taskText = (n: string, title: string) =>
  `---\nid: TASK-${n}\ntitle: ${title}\nstatus: todo\nowner: ops\n---\n# ${title}\n`;

/** A repository on `main` with ADR-001, ADR-002 and TASK-001 committed. */
export function numberedRepo(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-numbering-'));
  git(root, 'init', '-q', '-b', 'main');
  writeFiles(root, {
    'docs/adr/ADR-001-postgres.md': adrText('001', 'Use Postgres'),
    'docs/adr/ADR-002-sqs.md': adrText('002', 'Use SQS'),
    'tasks/TASK-001-start.md': taskText('001', 'Start'),
  });
  commitAt(root, '2026-08-01', 'Handbook');
  return root;
}

/** Commits `files` on a new branch `name` from main, then goes back to main (the files leave the tree). */
export function branchWith(root: string, name: string, files: Record<string, string>, date: string): string {
  git(root, 'checkout', '-q', '-b', name, 'main');
  writeFiles(root, files);
  const sha = commitAt(root, date, `${name}: add ${Object.keys(files).join(', ')}`);
  git(root, 'checkout', '-q', 'main');
  return sha;
}

/**
 * Two pull requests take ADR-003 (on {@link numberedRepo}): branch `pr/kafka` adds
 * `ADR-003-kafka.md`, then `main` adds `0003-nats.md`; HEAD is back on `main`. Returns main's commit.
 */
export function collidingBranches(root: string): string {
  git(root, 'checkout', '-q', '-b', 'pr/kafka');
  writeFiles(root, { 'docs/adr/ADR-003-kafka.md': adrText('003', 'Use Kafka') });
  commitAt(root, '2026-09-01', 'Propose Kafka');
  git(root, 'checkout', '-q', 'main');
  writeFiles(root, { 'docs/adr/0003-nats.md': adrText('003', 'Use NATS') });
  return commitAt(root, '2026-09-05', 'Decide on NATS');
}
