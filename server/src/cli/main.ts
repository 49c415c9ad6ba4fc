import { parseArgs } from 'node:util';
import { escapeControls } from './controls.js';
import pkg from '../../../package.json';

const USAGE = `Usage: opsdocs <command> [DIR] [options]

Commands:
  check [DIR]    Check every document under DIR (default: the current folder).
  digest [DIR]   Print the status digest: tasks, dependencies, reviews, ADRs, doc health.
  new adr|runbook|policy|task TITLE [--supersedes ADR-ID] [--log FOLDER] [--dir DIR]
                 Create a document from its kind's schema (ADRs numbered, supersede-aware;
                 ADR and task numbers that other git branches add are skipped). Where ADRs
                 are kept in several logs (a monorepo's services), --log names the log's
                 folder (needed unless the superseded ADR's log is meant).
  new script NAME [--ext sh|mjs|py] [--description TEXT] [--dir DIR]
                 Create scripts/NAME.EXT, its row in scripts/AGENTS.md and an npm script
                 (EXT: --ext, else NAME's own extension, else sh).
  init [DIR] [--dry-run] [--ci github]
                 Detect where and how DIR keeps its docs, write the smallest .opsdocs.json that
                 describes it and the npm scripts lint:tasks, tasks:summary, ensure:agents (only
                 where nothing is yet), then print the first check's summary.
  mcp [DIR] [--allow-write]
                 Serve DIR's handbook to AI agents over MCP (stdio): find_docs, get_doc,
                 current_decision, runbook_for, open_tasks, check, digest; with --allow-write
                 also new_adr and new_task. See docs/mcp.md.
  mcp-agents [FILE] [--dir DIR]
                 Write or update the generated list of the MCP tools in FILE (an AGENTS.md;
                 default scripts/AGENTS.md, else AGENTS.md), between its markers; the rest of
                 the file is left as it is.

Options:
  --format FORMAT      check: pretty (default), json, sarif, github; digest: md (default), json.
  --today YYYY-MM-DD   Date used by review and due-date checks (default: today).
  --changed-since REF  check: report only files changed since the git ref REF (committed, staged,
                       unstaged or new) and the files whose findings depend on them.
  --only RULES         check: report only these rules (ids or categories, comma-separated).
  --fix                check: first apply every safe fix of the findings it reports (each file
                       written atomically, inside DIR, never through a symbolic link), print
                       what changed in each file, then report what remains.
  --dry-run            init: print the plan and the check it would give; write nothing.
  --ci github          init: also write .github/workflows/opsdocs.yml (pull requests, SARIF).
  --cache              Keep what was read of each document in a cache file and reuse it for
                       unchanged files (keyed by a hash of their text) on the next run.
  --cache-location F   The cache file (default: DIR/node_modules/.cache/opsdocs/facts.bin).
  --threads N          Parse in N worker threads besides the main one (default 0; helps on
                       machines with more than two cores, see docs/performance.md).
  --out FILE           digest: write to FILE (never replaces anything at FILE without --force).
  --allow-write        mcp: offer the tools that create documents (never over an existing file).
  --force              digest: allow --out to replace an existing file (never a symbolic link).
  --dir DIR            The repository root (default: the current folder); for check and digest
                       the same as DIR. new and digest --out write only into a repository root
                       of docs (.opsdocs.json, ADRs, runbooks, policies or tasks where OpsDocs
                       looks for them, or an AGENTS.md at the top or one folder down) unless
                       the folder is named with --dir (digest: DIR or --dir).
  -h, --help           Show this help.
  -v, --version        Show the version.

Exit codes: 0 done (check: no error-level findings), 1 error-level findings (check),
2 usage or configuration error.`;

const OPTIONS = {
  format: { type: 'string' },
  today: { type: 'string' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  'allow-write': { type: 'boolean' },
  dir: { type: 'string' },
  'changed-since': { type: 'string' },
  only: { type: 'string' },
  'dry-run': { type: 'boolean' },
  fix: { type: 'boolean' },
  ci: { type: 'string' },
  cache: { type: 'boolean' },
  'cache-location': { type: 'string' },
  threads: { type: 'string' },
  supersedes: { type: 'string' },
  log: { type: 'string' },
  ext: { type: 'string' },
  description: { type: 'string', default: '' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const parse = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });

/** The options given on the command line. */
export type Values = ReturnType<typeof parse>['values'];

export type Out = NodeJS.WritableStream;

/** Where a command writes, and how it reports a usage error (returning exit code 2). */
export interface Io {
  out: Out;
  err: Out;
  usage: (message: string) => number;
}

/** A command: its arguments after the command name, the options; returns the exit code. */
export type Command = (args: string[], values: Values, io: Io) => Promise<number>;

/* eslint-disable @typescript-eslint/no-require-imports -- each command loaded when it runs */
/**
 * The commands by name, each loaded when it runs (one module per command in ./commands/): the
 * bundle initialises a module it reaches only through `require()` on its first require, so
 * `opsdocs --version` starts without the engine, `mcp-agents` without the checks and no command
 * with another's code (docs/performance.md, "CLI start-up"). Required, not imported: dist/cli.js
 * may run from V8's code cache, where Node 20 cannot `import()` (commands/mcp.ts).
 */
const COMMANDS = new Map<string, () => Command>([
  ['check', () => (require('./commands/check.js') as typeof import('./commands/check.js')).check],
  ['digest', () => (require('./commands/digest.js') as typeof import('./commands/digest.js')).digest],
  ['new', () => (require('./commands/new.js') as typeof import('./commands/new.js')).newCommand],
  ['init', () => (require('./commands/init.js') as typeof import('./commands/init.js')).init],
  ['mcp', () => (require('./commands/mcp.js') as typeof import('./commands/mcp.js')).mcp],
  [
    'mcp-agents',
    () => (require('./commands/mcpAgents.js') as typeof import('./commands/mcpAgents.js')).mcpAgents,
  ],
]);
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Loads the code of every command without running any: for the build's code-cache run
 * (`node esbuild.mjs --code-cache`), as V8 keeps the code of what has run.
 */
export function loadCommands(): void {
  for (const load of COMMANDS.values()) load();
}

/** Runs the CLI and returns its exit code. Output goes to the given streams. */
export async function main(
  argv: string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    err.write(`opsdocs: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.write(`${pkg.version}\n`);
    return 0;
  }
  const [name, ...args] = positionals;
  if (values.help || !name) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const usage = (message: string) => {
    err.write(`opsdocs: ${escapeControls(message)}\n`);
    return 2;
  };
  const load = COMMANDS.get(name);
  if (!load) return usage(`unknown command "${name}". Run opsdocs --help.`);
  return load()(args, values, { out, err, usage });
}

/** Entry point of the `opsdocs` command (bin/opsdocs.js). */
export function run(): void {
  // A reader that stops early (`opsdocs check | head`) closes stdout: the rest of the output is
  // dropped, and the command still ends with its own exit code (the findings it found).
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`opsdocs: internal error: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
