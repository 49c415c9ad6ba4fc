import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './expected.js';
import { tempCopy } from './tempCopy.js';

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
