import type { Change, History } from '../core/history.js';

/**
 * Options that keep a repository's own configuration from running anything: no file-system
 * monitor (`core.fsmonitor` names a program git runs on index reads), no hooks, no pager, no
 * external diff or text conversion, no signature checks (`log.showSignature` runs gpg), no
 * credential helper, no transport at all (nothing here needs the network).
 */
const SAFE_CONFIG = [
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'core.pager=cat',
  'core.untrackedCache=false',
  'diff.external=',
  'log.showSignature=false',
  'credential.helper=',
  'core.sshCommand=false',
  'protocol.allow=never',
].flatMap((c) => ['-c', c]);

/** The environment git runs in: no system config, no prompts, no pager, no optional locks. */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_EXTERNAL_DIFF: '',
    LC_ALL: 'C',
  };
}

/** What one git command gave: its output, or why it failed (`missing`: no git on PATH). */
type GitResult = { stdout: string } | { error: string; missing?: boolean; exitCode?: number };

/**
 * Runs `git ARGS` in `root` without a shell, with {@link SAFE_CONFIG}, no filter driver the
 * repository configures ({@link filterDrivers}) and {@link gitEnv}. Only commands that read the
 * local repository are run through it (log, diff, ls-files, rev-parse, ls-tree, for-each-ref).
 */
export async function runGit(root: string, args: string[]): Promise<GitResult> {
  const filters = await filterDrivers(root);
  if (!('off' in filters)) return filters;
  return execGit(root, [...SAFE_CONFIG, ...filters.off, '--no-optional-locks', ...args]);
}

/**
 * The options that turn off every filter driver the repository's configuration names
 * (`filter.<name>.clean`, `.smudge`, `.process`: programs git runs on a file's text whenever it
 * reads a file whose times changed, as `git diff HEAD` does, for any file a `.gitattributes`
 * gives `filter=<name>`). A name `-c` cannot spell (`=` or a line break in it) is an error: such
 * a driver could not be kept from running. Asked of `git config`, which reads files and runs
 * nothing.
 */
async function filterDrivers(root: string): Promise<{ off: string[] } | GitResult> {
  const res = await execGit(root, [...SAFE_CONFIG, 'config', '-z', '--get-regexp', '^filter\\.']);
  if ('error' in res) return res.exitCode === 1 ? { off: [] } : res; // 1: no key matches
  const names = new Set<string>();
  for (const entry of res.stdout.split('\0')) {
    const key = entry.split('\n', 1)[0]; // the key, then its value
    const name = /^filter\.(.*)\.[^.]*$/.exec(key)?.[1];
    if (name !== undefined) names.add(name);
  }
  const unsafe = [...names].find((n) => /[=\r\n]/.test(n));
  const error = `the repository's git config names a filter driver that cannot be turned off ("${unsafe}")`;
  if (unsafe !== undefined) return { error };
  return {
    off: [...names].flatMap((n) =>
      ['clean=', 'smudge=', 'process=', 'required=false'].flatMap((c) => ['-c', `filter.${n}.${c}`]),
    ),
  };
}

function execGit(root: string, args: string[]): Promise<GitResult> {
  // Loaded when git first runs, not with every command (`opsdocs --version` starts 6 ms sooner).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFile } = require('node:child_process') as typeof import('node:child_process');
  return new Promise((resolve) => {
    execFile(
      'git',
      args,
      { cwd: root, env: gitEnv(), maxBuffer: 1 << 30, encoding: 'utf8', windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout });
        const code = (err as NodeJS.ErrnoException).code as unknown;
        const error = (stderr || err.message).trim().split('\n')[0];
        resolve({
          error,
          missing: code === 'ENOENT',
          ...(typeof code === 'number' ? { exitCode: code } : {}),
        });
      },
    );
  });
}

/** How the reason of a folder in no repository starts (nothing to say about it: no git is no drift). */
export const NOT_A_REPOSITORY = 'not a git repository';

/** Control characters of a commit subject, which is shown in messages. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f]/g;

/** `git log` of the files each commit changes, as {@link parseLog} reads it; no diff tool runs. */
const LOG = [
  'log',
  '--no-renames',
  '--no-ext-diff',
  '--no-textconv',
  '--no-show-signature',
  '-z',
  '--name-only',
  '--format=%x1e%h%x1f%cs%x1f%s',
];

/**
 * The repository's history as seen from `root` (a repository's root or a folder in one): the
 * last commit that changed each file under `root`, read by one `git log` over HEAD (no pathspec:
 * limiting it to `root` made it twice as slow; other folders' files are dropped while reading). No history
 * (with the reason) when git is not installed, `root` is in no repository or in one without
 * commits, or the clone is shallow (its oldest commit would look like it changed every file).
 */
export async function readGitHistory(root: string): Promise<History> {
  const where = await runGit(root, ['rev-parse', '--is-shallow-repository', '--show-prefix']);
  if ('error' in where) {
    const reason = where.missing
      ? 'git is not installed'
      : /not a git repository/i.test(where.error)
        ? NOT_A_REPOSITORY
        : `git cannot read the repository (${where.error})`;
    return { kind: 'none', reason };
  }
  const [shallow, prefix = ''] = where.stdout.split('\n');
  if (shallow === 'true')
    return {
      kind: 'none',
      reason: 'a shallow clone (fetch the whole history, e.g. actions/checkout with fetch-depth: 0)',
    };
  const log = await runGit(root, [...LOG, 'HEAD']);
  if ('error' in log) {
    const empty =
      /\bHEAD\b/.test(log.error) && /unknown revision|bad revision|ambiguous argument/.test(log.error);
    return { kind: 'none', reason: empty ? 'no commits yet' : `git log failed (${log.error})` };
  }
  const files = parseLog(log.stdout, prefix);
  const elsewhere = await addedNotInHead(root, prefix, ['--branches', '--remotes']);
  const name = await defaultBranch(root);
  const added = name === undefined ? undefined : await addedNotInHead(root, prefix, [name]);
  return {
    kind: 'git',
    files,
    elsewhere: elsewhere ? [...elsewhere.keys()] : [],
    ...(name !== undefined && added ? { defaultBranch: { name, added } } : {}),
  };
}

/**
 * The files added on `refs` (`--branches --remotes`, or one branch) by commits HEAD does not have,
 * with the newest commit that added each: what other branches will bring when they merge. Read
 * from the commits alone (`git log --diff-filter=A`), no checkout. Undefined when git fails.
 */
async function addedNotInHead(
  root: string,
  prefix: string,
  refs: string[],
): Promise<Map<string, Change> | undefined> {
  const log = await runGit(root, [...LOG, '--diff-filter=A', ...refs, '--not', 'HEAD', '--']);
  return 'error' in log ? undefined : parseLog(log.stdout, prefix);
}

/** Candidates for the default branch, in order: what `origin/HEAD` names, then the usual names. */
const DEFAULT_BRANCHES = [
  'refs/remotes/origin/HEAD',
  'refs/remotes/origin/main',
  'refs/remotes/origin/master',
  'refs/heads/main',
  'refs/heads/master',
];

/**
 * The repository's default branch as a ref name git takes (`origin/main`): the branch
 * `origin/HEAD` points at, else the first of origin/main, origin/master, main, master that exists.
 */
async function defaultBranch(root: string): Promise<string | undefined> {
  const refs = await runGit(root, ['for-each-ref', '--format=%(refname)%00%(symref)', ...DEFAULT_BRANCHES]);
  if ('error' in refs) return undefined;
  const found = new Map(
    refs.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\0') as [string, string]),
  );
  const target = found.get(DEFAULT_BRANCHES[0]) || DEFAULT_BRANCHES.slice(1).find((r) => found.has(r));
  return target?.replace(/^refs\/(heads|remotes)\//, '');
}

/**
 * The output of `git log -z --name-only --format=%x1e%h%x1f%cs%x1f%s`, newest commit first, as
 * each file's last change (paths made relative to the folder `prefix` names, `dir/` or '').
 */
export function parseLog(text: string, prefix: string): Map<string, Change> {
  const files = new Map<string, Change>();
  for (const record of text.split('\x1e')) {
    const end = record.indexOf('\0');
    if (end < 0) continue;
    const [sha, date, subject = ''] = record.slice(0, end).split('\x1f');
    const change = { sha, date, subject: subject.replace(CONTROLS, ' ') };
    for (const raw of record.slice(end + 1).split('\0')) {
      const name = raw.replace(/^\n/, '');
      if (!name.startsWith(prefix)) continue;
      const file = name.slice(prefix.length);
      if (file !== '' && !files.has(file)) files.set(file, change);
    }
  }
  return files;
}

/**
 * Files changed since a git ref (committed, staged, unstaged, untracked), relative to `root`, and
 * which of them were created or deleted (added, deleted or untracked); or an error message.
 */
export async function changedSince(
  root: string,
  ref: string,
): Promise<{ files: string[]; createdOrDeleted: Set<string> } | string> {
  if (ref.startsWith('-')) return `--changed-since takes a git ref, got "${ref}".`;
  // -z: paths as they are (git quotes non-ASCII ones otherwise); each entry is a status and a path.
  const diff = await runGit(root, [
    'diff',
    '--name-status',
    '-z',
    '--relative',
    '--no-renames',
    '--no-ext-diff',
    '--no-textconv',
    ref,
    '--',
  ]);
  if ('error' in diff) return `git diff against "${ref}" failed: ${diff.error}`;
  const fields = diff.stdout.split('\0');
  const entries: { status: string; file: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) entries.push({ status: fields[i], file: fields[i + 1] });
  const others = await runGit(root, ['ls-files', '-z', '--others', '--exclude-standard']);
  if ('error' in others) return `git ls-files failed: ${others.error}`;
  const untracked = others.stdout.split('\0').filter(Boolean);
  const createdOrDeleted = new Set([
    ...entries.filter((e) => e.status === 'A' || e.status === 'D').map((e) => e.file),
    ...untracked,
  ]);
  return { files: [...new Set([...entries.map((e) => e.file), ...untracked])], createdOrDeleted };
}
