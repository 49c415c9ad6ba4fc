import ignore, { type Ignore } from 'ignore';
import type { Finding } from '../types.js';
import { notFound, type ReadResult } from '../workspace.js';
import { folderOf } from '../model/fileNames.js';

/** True for a `.gitignore` file's path. */
export const isGitIgnoreFile = (f: string) => f === '.gitignore' || f.endsWith('/.gitignore');

/**
 * The rules of the `.gitignore` files among `listed` (read with `read`; those `skip` says are not
 * the repository's are left out), or undefined when there are none. One that cannot be read is
 * logged through `log`: its rules are not used.
 */
export async function readGitIgnores(
  listed: Iterable<string>,
  read: (file: string) => Promise<ReadResult>,
  trusted: boolean,
  skip: (file: string) => boolean = () => false,
  log: (message: string) => void = () => {},
): Promise<GitIgnores | undefined> {
  const texts = new Map<string, string>();
  for (const f of listed) {
    if (!isGitIgnoreFile(f) || skip(f)) continue;
    const res = await read(f);
    if ('text' in res) texts.set(f, res.text);
    else if (!notFound(res)) log(`${f} cannot be read (${res.error}); its rules are not used.`);
  }
  return texts.size ? new GitIgnores(texts, trusted) : undefined;
}

/**
 * The rules of a repository's `.gitignore` files, applied as git applies them: each file's
 * patterns are relative to its folder, a deeper file's rules override a shallower one's, and a
 * file under an ignored folder is ignored whatever a rule says of it. Matched case-sensitively,
 * as git on Linux (CI) does. `.git/info/exclude` and the user's global excludes file are not read:
 * they are one machine's, and the editor and CI must agree.
 */
export class GitIgnores {
  private readonly rules: Ignore = ignore({ ignorecase: false });
  private readonly answers = new Map<string, boolean>();
  /** Patterns in use, of every file. */
  private count = 0;
  /** What was left out of the rules, as findings on the `.gitignore` lines. */
  readonly findings: Finding[] = [];

  /**
   * `files`: each `.gitignore` with its text. One under a folder that the shallower ones ignore is
   * not read (git never reads it). `trusted` false: patterns whose regular expression could
   * backtrack for long on a long path (see {@link safePattern}), and those after the first
   * {@link MAX_PATTERNS}, are left out, each said.
   */
  constructor(files: ReadonlyMap<string, string>, trusted: boolean) {
    const byDepth = [...files.keys()].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : 1));
    for (const file of byDepth) {
      const folder = folderOf(file);
      if (folder && this.ignores(folder, true)) continue;
      this.add(file, folder, files.get(file)!, trusted);
      this.answers.clear();
    }
  }

  /** True when git ignores `path` (a file, or with `dir` a folder), itself or by a folder above it. */
  ignores(path: string, dir = false): boolean {
    if (this.count === 0) return false;
    const key = dir ? `${path}/` : path;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      try {
        answer = this.rules.ignores(key);
      } catch {
        answer = false; // a name the library does not take as a relative path (none git lists)
      }
      this.answers.set(key, answer);
    }
    return answer;
  }

  private add(file: string, folder: string, text: string, trusted: boolean): void {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = trimmed(lines[i]);
      if (line.trim() === '' || line.startsWith('#')) continue;
      const report = (message: string) =>
        this.findings.push({
          file,
          range: { start: { line: i, character: 0 }, end: { line: i, character: line.length } },
          severity: 'info',
          rule: 'config/untrusted',
          message,
        });
      if (!trusted && this.count >= MAX_PATTERNS) {
        report(
          `Only the first ${MAX_PATTERNS} .gitignore patterns are used until you trust this workspace (Restricted Mode); this one and the rest of its file are not.`,
        );
        return;
      }
      if (!trusted && !safePattern(line)) {
        report(
          `.gitignore pattern "${line}" (at most two \`*\` per path segment and two \`**\` segments are safe to match) is not used until you trust this workspace (Restricted Mode).`,
        );
        continue;
      }
      this.rules.add(folder ? inFolder(line, folder) : line);
      this.count++;
    }
  }
}

/** Patterns taken from all `.gitignore` files in Restricted Mode (a hostile one can hold millions). */
export const MAX_PATTERNS = 10_000;

const depth = (file: string) => file.split('/').length;

/** A line as git reads it: without a CR before its LF, nor trailing spaces unless escaped (`\ `). */
function trimmed(line: string): string {
  let end = line.endsWith('\r') ? line.length - 1 : line.length;
  while (end > 0 && line[end - 1] === ' ' && line[end - 2] !== '\\') end--;
  return line.slice(0, end);
}

/**
 * A pattern of `folder`'s `.gitignore` as a pattern of the root's: a pattern with a slash before
 * its end is anchored to the folder, one without matches a name at any depth below it.
 */
function inFolder(line: string, folder: string): string {
  const negated = line.startsWith('!');
  const body = negated ? line.slice(1) : line;
  const base = folder.replace(/[*?[\]\\]/g, '\\$&');
  const anchored = body.slice(0, -1).includes('/');
  const rooted = anchored ? `/${base}/${body.replace(/^\//, '')}` : `/${base}/**/${body}`;
  return `${negated ? '!' : ''}${rooted}`;
}

/**
 * Whether a pattern compiles to a regular expression that matches any path in time near its
 * length: at most two `*` in a path segment and two `**` segments (more can backtrack for minutes
 * on a deep path of long names, as globs can: see util/globs.ts).
 */
function safePattern(line: string): boolean {
  const segments = line.replace(/^!/, '').split('/');
  const stars = segments.filter((s) => s === '**').length;
  return stars <= 2 && segments.every((s) => s === '**' || (s.match(/\*/g) ?? []).length <= 2);
}
