import * as path from 'node:path';
import type { Range } from '../types.js';
import type { LineIndex } from './lines.js';
import type { CodeBlock } from './markdown.js';
import type { Ref } from './refs.js';

/**
 * The references of the shell commands in a document's code blocks (see {@link DocFacts.codeBlocks}):
 * repository files run or sourced (`./scripts/x.sh`, `bash scripts/x.sh`, `source env.sh`,
 * `node scripts/x.mjs`), `make` targets and npm scripts (`npm run x`, `pnpm x`, `yarn x`). The
 * grammar is conservative and documented in docs/rules.md ("Commands in code blocks"): a word that
 * is not plainly a repository path or name is no reference, and after anything that moves the
 * working folder somewhere unknown the block's later lines make none.
 *
 * Indented blocks count only in runbooks (`indented`); elsewhere they are as often output or YAML.
 */
export function commandRefs(blocks: readonly CodeBlock[], lines: LineIndex, indented: boolean): Ref[] {
  const refs: Ref[] = [];
  for (const block of blocks) {
    if (block.lang === undefined && !indented) continue;
    const first = block.lang === undefined ? block.range.start.line : block.range.start.line + 1;
    new BlockReader(refs, lines, first, block.lang?.toLowerCase() === 'console').read(block.value);
  }
  return refs;
}

/** A word of a command line: its text, where it starts in the line, and whether it is plain. */
interface Word {
  text: string;
  start: number;
  /** No quote, escape, expansion (`$`, `` ` ``, `~`), glob or brace: the word means what it says. */
  plain: boolean;
}

/** A line split into simple commands. */
interface Line {
  commands: Word[][];
  /** The delimiter of a heredoc the line starts (`<<EOF`, `<<-'EOF'`); `dash`: it may be indented. */
  heredoc?: { word: string; dash: boolean };
  /** The command goes on on the next line: after a `\`, or inside a quote. */
  open: false | 'backslash' | 'quote';
  /** Something the reader does not take apart (a subshell, command substitution, braces). */
  opaque: boolean;
}

const OPERATORS = ['&&', '||', '|&', ';;', '|', ';', '&'];
/** Characters that make a word more than its text. */
const NOT_PLAIN = /[$`~*?[\]{}()\\'"<>!]/;
/** A repository path as a command writes it: `./x.sh`, `scripts/x.sh`, `x.sh`, `../tools/y`. */
const PATH = /^(?:[\w@+.-]+\/)*[\w@+.-]+$/;
/** A name of a make target or npm script. */
const NAME = /^[\w@+.:/-]+$/;
const ASSIGNMENT = /^[A-Za-z_]\w*=/;
/** Commands that run the command after them (without options of their own). */
const WRAPPERS = new Set(['sudo', 'time', 'exec', 'nohup', 'env', 'command']);
/** Shells: `bash x.sh`; options allowed are the ones that take no value (`-x`, `-eu`). */
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);
const SHELL_FLAGS = /^-[euxvnl]+$/;
/** Interpreters run with a script file: `node scripts/x.mjs`, `python tools/y.py`. */
const INTERPRETERS = new Set(['node', 'python', 'python3', 'ruby', 'perl', 'php', 'tsx', 'ts-node']);
/** `make` options without a value. */
const MAKE_FLAGS =
  /^-[BeiknqrRsStw]+$|^--(?:silent|quiet|keep-going|no-print-directory|always-make|dry-run|ignore-errors)$/;
/** pnpm's own commands: `pnpm X` runs the script X only when X is none of them. */
const PNPM_COMMANDS = new Set(
  (
    'add audit bin config c create dedupe deploy dlx doctor env exec fetch i import init install install-test it ' +
    'licenses link ln list ls outdated pack patch patch-commit prune publish rb rebuild remove rm recursive ' +
    'root run server setup store test t un uninstall unlink up update why help start self-update'
  ).split(' '),
);
/** Yarn's own commands (classic and berry): `yarn X` runs the script X only when X is none of them. */
const YARN_COMMANDS = new Set(
  (
    'add audit autoclean bin cache check config constraints create dedupe dlx exec explain generate-lock-entry ' +
    'global help import info init install licenses link list login logout node npm outdated owner pack patch ' +
    'patch-commit plugin policies publish rebuild remove run search set stage start team test unlink unplug ' +
    'up upgrade upgrade-interactive version versions why workspace workspaces'
  ).split(' '),
);

/** Reads one block line by line; `dir` is the working folder (`undefined` once it is unknown). */
class BlockReader {
  private dir: string | undefined = '';
  /** A `cd` (or `make -C`) set the folder: script and target names are looked up there. */
  private moved = false;

  constructor(
    private readonly refs: Ref[],
    private readonly lines: LineIndex,
    private readonly firstLine: number,
    private readonly console: boolean,
  ) {}

  read(value: string): void {
    const rows = value.split(/\r\n|\r|\n/);
    let heredoc: { word: string; dash: boolean } | undefined;
    let continued = false;
    for (let i = 0; i < rows.length && this.dir !== undefined; i++) {
      let row = rows[i];
      if (heredoc) {
        const body = this.console ? row.replace(/^> ?/, '') : row;
        if ((heredoc.dash ? body.replace(/^\t+/, '') : body) === heredoc.word) heredoc = undefined;
        continue;
      }
      if (continued) {
        // The rest of a command: its words are arguments (never read), but it may open a heredoc.
        const line = splitLine(row);
        continued = line.open === 'backslash';
        heredoc = line.heredoc;
        if (line.open === 'quote' || line.opaque || mentionsCd(line)) this.dir = undefined;
        continue;
      }
      let offset = 0;
      if (this.console) {
        // `$ cmd` or `# cmd`; any other line is the output of a command.
        const prompt = /^\s*[$#] /.exec(row);
        if (!prompt) continue;
        offset = prompt[0].length;
        row = row.slice(offset);
      }
      const line = splitLine(row);
      continued = line.open === 'backslash';
      heredoc = line.heredoc;
      // A quote open across lines: what follows is a string the reader cannot place.
      if (line.open === 'quote') this.dir = undefined;
      if (line.opaque || line.open === 'quote') {
        if (mentionsCd(line)) this.dir = undefined;
        continue;
      }
      const at = this.lineStart(this.firstLine + i, rows[i]);
      for (const words of line.commands) {
        this.command(words, at === undefined ? undefined : at + offset);
        if (this.dir === undefined) break;
      }
    }
  }

  /** Where `row` (a line of the block's content) starts in the document; undefined if unplaceable. */
  private lineStart(line: number, row: string): number | undefined {
    const text = this.lines.lineText(line);
    if (!text.endsWith(row)) return undefined; // tabs read as spaces inside a container
    return this.lines.lineStart(line) + text.length - row.length;
  }

  /** One simple command; `at` is where its line's text starts in the document. */
  private command(all: Word[], at: number | undefined): void {
    let w = all;
    // Leading assignments (`ENV=prod ./deploy.sh`) and wrappers (`sudo`, `time`).
    for (;;) {
      if (w.length && ASSIGNMENT.test(w[0].text)) w = w.slice(1);
      else if (w.length > 1 && w[0].plain && WRAPPERS.has(w[0].text) && !w[1].text.startsWith('-'))
        w = w.slice(1);
      else break;
    }
    const [cmd, ...args] = w;
    if (!cmd?.plain) return;
    const name = cmd.text;
    const ref = (word: Word, kind: Ref['kind'], extra?: Partial<Ref>) => {
      if (at !== undefined) this.add(kind, word, at, extra);
    };
    if (name === 'cd' || name === 'pushd') {
      const a = args[0];
      this.dir = args.length === 1 && a.plain && isPath(a.text) ? this.within(a.text) : undefined;
      this.moved = true;
    } else if (name === 'popd') this.dir = undefined;
    else if (name === 'make' || name === 'gmake') this.make(args, ref);
    else if (name === 'npm' || name === 'pnpm' || name === 'yarn') {
      const script = scriptWord(name, args);
      // yarn (and pnpm without `run`) fall back to a package's binary: such a name may be no script.
      if (script) ref(script.word, 'script', script.strict ? undefined : { loose: true });
    } else if (name === 'source' || name === '.') {
      if (args[0]?.plain && isPath(args[0].text)) ref(args[0], 'path');
    } else if (SHELLS.has(name)) {
      const a = args.find((x) => !SHELL_FLAGS.test(x.text));
      if (a?.plain && isPath(a.text)) ref(a, 'path');
    } else if (INTERPRETERS.has(name)) {
      const a = args[0];
      if (a?.plain && isPath(a.text) && /\.\w+$/.test(a.text)) ref(a, 'path');
    }
    // A file run by its path (`./deploy.sh`, `scripts/x.sh`); a bare name is a program on PATH.
    else if (name.includes('/') && isPath(name)) ref(cmd, 'path');
  }

  /**
   * `make [options] [targets]`: each target (`-C dir` looks in `dir`); an option that is not known
   * to take no value (`-f other.mk`) makes none.
   */
  private make(args: Word[], ref: (w: Word, kind: Ref['kind'], extra?: Partial<Ref>) => void): void {
    const targets: Word[] = [];
    let dir = this.dir;
    let moved = this.moved;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (!a.plain) return;
      const t = a.text;
      const flagDir = /^(?:-C|--directory=?)(.*)$/.exec(t);
      if (flagDir) {
        const d = flagDir[1] || args[++i]?.text;
        if (!d || (!flagDir[1] && !args[i].plain) || !isPath(d) || dir === undefined) return;
        dir = within(dir, d);
        moved = true;
      } else if (/^-j\d*$|^--jobs(=\d+)?$/.test(t)) {
        if (/^\d+$/.test(args[i + 1]?.text ?? '')) i++;
      } else if (MAKE_FLAGS.test(t) || ASSIGNMENT.test(t))
        continue; // `make deploy ENV=prod`
      else if (!t.startsWith('-') && NAME.test(t)) targets.push(a);
      else return;
    }
    if (dir === undefined) return;
    // A target named like a file (`foo.o`) may be made by a built-in rule: a reference, never missing.
    for (const t of targets)
      ref(t, 'make', { ...(moved ? { dir } : {}), ...(t.text.includes('.') ? { loose: true } : {}) });
  }

  private within(to: string): string | undefined {
    return this.dir === undefined ? undefined : within(this.dir, to);
  }

  /**
   * A reference: a path run from the working folder (`dir`, '' at the root), or a script or target
   * name looked up where a `cd` moved to (`dir`), else from the document (no `dir`).
   */
  private add(kind: Ref['kind'], word: Word, at: number, extra: Partial<Ref> = {}): void {
    const range: Range = this.lines.rangeOf(at + word.start, at + word.start + word.text.length);
    const target = word.text;
    if (kind !== 'path') {
      const dir = this.moved ? { dir: this.dir } : {};
      this.refs.push({ kind, range, target, command: true, ...dir, ...extra });
    } else if (this.within(target) !== undefined)
      // (A path that leaves the repository is none of ours.)
      this.refs.push({ kind, range, target, base: 'root', command: true, dir: this.dir });
  }
}

/** `dir` joined with the relative path `to`, or undefined when it leaves the repository. */
function within(dir: string, to: string): string | undefined {
  const joined = path.posix.normalize(path.posix.join(dir, to));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return undefined;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

const isPath = (t: string) => PATH.test(t) && !/^\.+$/.test(t) && !t.startsWith('-');

/** True when a line names `cd`, `pushd` or `popd` anywhere (a folder change the reader cannot follow). */
function mentionsCd(line: Line): boolean {
  return line.commands.some((ws) => ws.some((w) => /(^|[^\w-])(cd|pushd|popd)$/.test(w.text)));
}

/**
 * The script word of `npm run x`, `pnpm [run] x`, `yarn [run] x`; undefined for anything else.
 * `strict` when the tool runs scripts only (`npm run`, `pnpm run`): a missing name is an error there.
 */
function scriptWord(tool: string, args: Word[]): { word: Word; strict: boolean } | undefined {
  const [first, ...rest] = args;
  if (!first?.plain) return undefined;
  if (first.text === 'run' || (tool === 'npm' && first.text === 'run-script')) {
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i];
      if (!a.plain) return undefined;
      // Quieter or louder only: `--workspace`, `--prefix`, `--if-present` change which script, or whether.
      if (/^(-s|--silent|-d|--loglevel=\w+|-q|--quiet)$/.test(a.text)) continue;
      return NAME.test(a.text) && !a.text.startsWith('-') ? { word: a, strict: tool !== 'yarn' } : undefined;
    }
    return undefined;
  }
  if (tool === 'npm') return undefined;
  const own = tool === 'pnpm' ? PNPM_COMMANDS : YARN_COMMANDS;
  if (first.text.startsWith('-') || own.has(first.text) || !NAME.test(first.text)) return undefined;
  return { word: first, strict: false };
}

/** Splits a line into simple commands of words (a `#` word starts a comment). */
function splitLine(row: string): Line {
  const commands: Word[][] = [[]];
  let heredoc: Line['heredoc'];
  let opaque = false;
  let i = 0;
  const n = row.length;
  while (i < n) {
    const c = row[i];
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '#') break; // a comment
    const op = OPERATORS.find((o) => row.startsWith(o, i));
    if (op) {
      commands.push([]);
      i += op.length;
      continue;
    }
    const here = /^<<(-?)\s*(['"]?)([\w.-]+)\2/.exec(row.slice(i));
    if (here && !row.startsWith('<<<', i)) {
      heredoc = { word: here[3], dash: here[1] === '-' };
      i += here[0].length;
      continue;
    }
    // One word: up to unquoted whitespace or an operator.
    const start = i;
    let plain = true;
    let open: Line['open'] = false;
    while (i < n) {
      const ch = row[i];
      if (ch === ' ' || ch === '\t' || ch === ';' || ch === '|' || ch === '&') break;
      if (
        ch === '(' ||
        ch === ')' ||
        ch === '`' ||
        (ch === '$' && row[i + 1] === '(') ||
        ch === '{' ||
        ch === '}'
      )
        opaque = true;
      if (NOT_PLAIN.test(ch)) plain = false;
      if (ch === '\\') {
        if (i + 1 >= n) {
          open = 'backslash';
          break;
        }
        i += 2;
        continue;
      }
      if (ch === "'" || ch === '"') {
        const close = row.indexOf(ch, i + 1);
        if (close < 0) {
          open = 'quote';
          i = n;
          break;
        }
        i = close + 1;
        continue;
      }
      i++;
    }
    const text = row.slice(start, i).replace(/\\$/, '');
    if (text) commands[commands.length - 1].push({ text, start, plain });
    if (open) return { commands: commands.filter((w) => w.length), heredoc, open, opaque };
  }
  return { commands: commands.filter((w) => w.length), heredoc, open: false, opaque };
}
