import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { Engine } from '../core/engine.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { writeFileAtomic } from '../node/atomicWrite.js';
import { FORMATS, escapeControls, jsonWithoutControls, render, summary, type Format } from './format.js';
import { isIsoDate, localToday } from '../core/util/dates.js';
import { CONFIG_FILE, defaultConfig } from '../core/config.js';
import { buildDigest } from '../core/digest/build.js';
import { renderDigestJson, renderDigestMarkdown } from '../core/digest/markdown.js';
import { SCAFFOLD_KINDS, isDocsRoot, scaffold, type ScaffoldKind } from '../core/scaffold/dispatch.js';
import { applyToDisk, unwritable } from '../node/applyEdits.js';
import { fixWorkspace } from '../core/features/fixes.js';
import type { Finding } from '../core/types.js';
import { FactsCache, factsSource } from '../node/facts.js';
import { OverlayWorkspace, type Workspace } from '../core/workspace.js';
import { RULES } from '../core/checks/index.js';
import { detectLayout } from '../core/init/detect.js';
import { CI_PROVIDERS, describeDetection, planInit } from '../core/init/plan.js';
import { agentsBlockEdit } from '../shared/mcpTools.js';
import { LineIndex } from '../core/parse/lines.js';
import { isInside } from '../shared/paths.js';
import { describeHistory, type History } from '../core/history.js';
import { NOT_A_REPOSITORY, changedSince, readGitHistory } from '../node/git.js';
import pkg from '../../../package.json';

const USAGE = `Usage: opsdocs <command> [DIR] [options]

Commands:
  check [DIR]    Check every document under DIR (default: the current folder).
  digest [DIR]   Print the status digest: tasks, dependencies, reviews, ADRs, doc health.
  new adr|runbook|policy|task TITLE [--supersedes ADR-ID] [--dir DIR]
                 Create a document from its kind's schema (ADRs numbered, supersede-aware;
                 ADR and task numbers that other git branches add are skipped).
  new script NAME [--ext sh|mjs|py] [--description TEXT] [--dir DIR]
                 Create scripts/NAME.EXT, its row in scripts/AGENTS.md and an npm script.
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

const DIGEST_FORMATS = ['md', 'json'];

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
  ext: { type: 'string', default: 'sh' },
  description: { type: 'string', default: '' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

const parse = (argv: string[]) => parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });

/** The options given on the command line. */
type Values = ReturnType<typeof parse>['values'];

type Out = NodeJS.WritableStream;

/** Where a command writes, and how it reports a usage error (returning exit code 2). */
interface Io {
  out: Out;
  err: Out;
  usage: (message: string) => number;
}

/** A command: its arguments after the command name, the options; returns the exit code. */
type Command = (args: string[], values: Values, io: Io) => Promise<number>;

/** The commands by name. */
const COMMANDS = new Map<string, Command>([
  ['check', check],
  ['digest', digest],
  ['new', newCommand],
  ['init', init],
  ['mcp', mcp],
  ['mcp-agents', mcpAgents],
]);

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
  const command = COMMANDS.get(name);
  if (!command) return usage(`unknown command "${name}". Run opsdocs --help.`);
  return command(args, values, { out, err, usage });
}

/** `opsdocs check [DIR]`: the findings in the format asked for; exit 1 on error-level findings. */
async function check(args: string[], values: Values, io: Io): Promise<number> {
  const only = values.only?.split(',').map((r) => r.trim());
  const unknownRule = only?.find(
    (r) => !RULES.has(r) && ![...RULES.keys()].some((id) => id.startsWith(`${r}/`)),
  );
  const problem =
    folderArgsProblem('check', FORMATS, args, values) ??
    (values.out !== undefined || values.force ? '--out and --force go with digest.' : undefined) ??
    (unknownRule !== undefined
      ? `--only takes rule ids or categories; "${unknownRule}" is neither.`
      : undefined);
  if (problem) return io.usage(problem);
  const indexed = await indexFolder(args[0] ?? values.dir, values, io);
  if (typeof indexed === 'number') return indexed;
  let { engine } = indexed;
  const { root } = indexed;
  let affected: Set<string> | undefined;
  let changedFiles: string[] | undefined;
  const since = values['changed-since'];
  if (since !== undefined) {
    const changed = await changedSince(root, since);
    if (typeof changed === 'string') return io.usage(changed);
    changedFiles = changed.files;
    engine.setChangedFiles(changedFiles);
    affected = engine.affectedBy(changed.files, changed.createdOrDeleted);
    // The documents citing what the change touches (by a `governs` glob too) are reported.
    for (const f of engine.allFindings()) if (f.rule === 'lifecycle/cites-changed') affected.add(f.file);
    io.err.write(
      `${changed.files.length} file(s) changed since ${since}; ${affected.size} file(s) reported.\n`,
    );
  }
  const reported = (f: Finding) =>
    (!only || only.some((r) => f.rule === r || f.rule.startsWith(`${r}/`))) &&
    (!affected || affected.has(f.file));
  const format = (values.format ?? FORMATS[0]) as Format;
  if (values.fix) {
    // Machine formats keep stdout for the findings: what was fixed goes to stderr then.
    const log = format === 'json' || format === 'sarif' ? io.err : io.out;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const fixed = await fixFindings(engine, root, reported, log, pass === 0);
      if (typeof fixed === 'string') return io.usage(fixed);
      if (!fixed.wrote) break;
      // Checked again from the disk as written; fixes that touched another's edit come next.
      // The history read once: the fixes changed documents, not commits.
      const history = Promise.resolve(engine.getHistory());
      const again = await indexFolder(root, values, io, () => history);
      if (typeof again === 'number') return again;
      engine = again.engine;
      if (changedFiles) engine.setChangedFiles(changedFiles);
      if (!fixed.deferred) break;
    }
  }
  const findings = engine.allFindings().filter(reported);
  const history = engine.getHistory();
  if (history.kind === 'none' && !history.reason.startsWith(NOT_A_REPOSITORY))
    io.err.write(`opsdocs: ${describeHistory(history)}\n`);
  for (const k of engine.getConfig().kinds) {
    if (!k.learned) continue;
    const sections = Object.keys(k.learned.sections).join(', ') || 'none shared by nearly all';
    const keys = Object.entries(k.frontMatter ?? {}).map(([key, t]) => (t === 'any' ? key : `${key} (${t})`));
    const frontMatter = k.schema
      ? ''
      : keys.length
        ? `; front matter ${keys.join(', ')}`
        : '; no front matter required';
    io.err.write(
      `Learned the ${k.name} template of ${k.learned.docs} documents in ${k.learned.where} (no .opsdocs.json entry for it): sections ${sections}${frontMatter}. \`opsdocs init\` writes it as config.\n`,
    );
  }
  io.out.write(render(format, findings, engine.documents().size, pkg.version));
  if (engine.getConfigFindings().length > 0) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Passes of `check --fix` at most: each fixes what the one before left for a later pass. */
const MAX_FIX_PASSES = 5;

/**
 * One pass of `check --fix`: applies every safe fix of the reported findings that touches no
 * other ({@link fixWorkspace}) to disk and prints, per file written, the fixes that changed it,
 * and per file left alone why. Returns whether anything was written and how many fixes wait for
 * the next pass, or why nothing could be written (the writes are all or nothing).
 */
async function fixFindings(
  engine: Engine,
  root: string,
  reported: (f: Finding) => boolean,
  log: Out,
  first: boolean,
): Promise<{ wrote: boolean; deferred: number } | string> {
  const refused = new Map<string, string>();
  const skip = (file: string) => {
    const why = refused.get(file) ?? unwritable(root, file);
    if (why) refused.set(file, why);
    return why !== undefined;
  };
  const { edits, applied, count, deferred } = await fixWorkspace(
    engine.view(),
    engine.documents().values(),
    (file) => engine.findings(file).filter(reported),
    (doc) => engine.schemaOf(doc),
    engine.getToday(),
    skip,
  );
  for (const [file, why] of [...refused].sort())
    log.write(`not fixed ${escapeControls(file)}: ${escapeControls(why)}\n`);
  if (count === 0) {
    if (first) log.write('Nothing to fix.\n\n');
    return { wrote: false, deferred };
  }
  try {
    applyToDisk(root, edits);
  } catch (e) {
    return (e as Error).message;
  }
  for (const [file, titles] of [...applied].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    log.write(`fixed ${escapeControls(file)}: ${titles.map(escapeControls).join('; ')}\n`);
  const files = applied.size === 1 ? 'file' : 'files';
  log.write(`${count} ${count === 1 ? 'fix' : 'fixes'} in ${applied.size} ${files}.\n\n`);
  return { wrote: true, deferred };
}

/** `opsdocs digest [DIR]`: the status digest, printed or written to `--out`; exit 2 on a broken config. */
async function digest(args: string[], values: Values, io: Io): Promise<number> {
  const problem =
    folderArgsProblem('digest', DIGEST_FORMATS, args, values) ??
    (values['changed-since'] !== undefined ? '--changed-since goes with check.' : undefined) ??
    (values.fix ? '--fix goes with check.' : undefined);
  if (problem) return io.usage(problem);
  const named = args[0] ?? values.dir;
  const indexed = await indexFolder(named, values, io);
  if (typeof indexed === 'number') return indexed;
  const { engine, root } = indexed;
  const file = values.out === undefined ? undefined : path.resolve(values.out);
  // The current folder, unnamed, may be the wrong one (a subfolder, another checkout): ask.
  if (file !== undefined && named === undefined && !isDocsRoot(engine.view()))
    return io.usage(notDocsRoot(root, 'digest --out', `write the digest of its docs to ${file}`));
  const built = buildDigest(engine.view(), engine.allFindings(), engine.getToday(), engine.getHistory());
  // Line by line: the Markdown's own line breaks stay, any other control character is escaped.
  const text =
    values.format === 'json'
      ? jsonWithoutControls(renderDigestJson(built))
      : renderDigestMarkdown(built).split('\n').map(escapeControls).join('\n');
  if (file === undefined) io.out.write(text);
  else {
    const refused = writeFileAtomic(file, text, { replace: values.force });
    if (refused?.kind === 'exists')
      return io.usage(
        values.force
          ? `${file} is not a regular file; not replaced.`
          : `${file} exists; not overwritten (use --force to replace it).`,
      );
    if (refused?.kind === 'link')
      return io.usage(`${file} is a symbolic link; not replaced, not even with --force.`);
    if (refused) return io.usage(`cannot write ${file}: ${refused.code}`);
    io.out.write(`Wrote the status digest to ${escapeControls(file)}.\n`);
  }
  const configFindings = engine.getConfigFindings();
  for (const f of configFindings)
    io.err.write(escapeControls(`${f.file}:${f.range.start.line + 1}: ${f.message}`) + '\n');
  return configFindings.length > 0 ? 2 : 0;
}

/** What is wrong with the arguments of `check` or `digest` (folders, `--format`, `--today`), if anything. */
function folderArgsProblem(
  command: string,
  formats: readonly string[],
  args: string[],
  values: Values,
): string | undefined {
  if (args.length > 1) return `${command} takes one folder, got ${args.length}.`;
  if (args.length === 1 && values.dir !== undefined)
    return `${command} takes its folder as DIR or as --dir, not both.`;
  const format = values.format ?? formats[0];
  if (!formats.includes(format))
    return `--format of ${command} must be one of ${formats.join(', ')}; got "${format}".`;
  return todayProblem(values.today);
}

const todayProblem = (today: string | undefined) =>
  today !== undefined && !isIsoDate(today)
    ? `--today must be a date written YYYY-MM-DD; got "${today}".`
    : undefined;

const isFolder = (dir: string) => fs.existsSync(dir) && fs.statSync(dir).isDirectory();

/**
 * Indexes DIR (default: the current folder) with the parse cache and threads the options ask
 * for and its git history (read with git unless `history` gives it), showing progress on a
 * terminal; or the exit code of a usage error.
 */
async function indexFolder(
  dir: string | undefined,
  values: Values,
  io: Io,
  history?: () => Promise<History>,
): Promise<{ engine: Engine; root: string } | number> {
  const threads = Number(values.threads ?? 0);
  if (!(Number.isInteger(threads) && threads >= 0 && threads <= 64))
    return io.usage(`--threads must be a whole number from 0 to 64; got "${values.threads}".`);
  const root = path.resolve(dir ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const { err } = io;
  const tty = 'isTTY' in err && (err as NodeJS.WriteStream).isTTY === true;
  const logger = {
    log: (m: string) => void (process.env.OPSDOCS_DEBUG && err.write(`${escapeControls(m)}\n`)),
  };
  const cache = openCache(root, values, err);
  const { source, pool } = factsSource({ cache, threads, logger });
  const workspace = new FsWorkspace(root, logger, { syncReads: true });
  const engine = new Engine({
    workspace,
    logger,
    today: values.today ?? localToday(),
    facts: source,
    history: history ?? (() => readGitHistory(root)),
  });
  const progress = (done: number, total: number) => err.write(`\rIndexing ${done}/${total} documents…`);
  try {
    await engine.indexAll(tty ? progress : undefined);
  } finally {
    pool?.close();
  }
  if (tty) err.write('\r\x1b[K');
  if (cache) {
    logger.log(`Cache ${cache.file}: ${cache.hits} reused, ${cache.misses} parsed.`);
    const problem = cache.save();
    if (problem) err.write(`opsdocs: ${problem}\n`);
  }
  return { engine, root };
}

/** The parse cache `--cache` or `--cache-location` asks for, if any. */
function openCache(root: string, values: Values, err: Out): FactsCache | undefined {
  const file =
    values['cache-location'] ??
    (values.cache ? path.join(root, 'node_modules', '.cache', 'opsdocs', 'facts.bin') : undefined);
  if (file === undefined) return undefined;
  return FactsCache.open(path.resolve(file), pkg.version, { log: (m) => err.write(`opsdocs: ${m}\n`) });
}

const isScaffoldKind = (kind: string | undefined): kind is ScaffoldKind =>
  (SCAFFOLD_KINDS as readonly (string | undefined)[]).includes(kind);

/** `opsdocs new KIND TITLE`: the scaffold's edits written to disk; exit 2 when it would overwrite. */
async function newCommand(args: string[], values: Values, io: Io): Promise<number> {
  const [kind, ...words] = args;
  if (!isScaffoldKind(kind))
    return io.usage(`new takes one of ${SCAFFOLD_KINDS.join(', ')}; got "${kind ?? ''}".`);
  const title = words.join(' ');
  if (!title) return io.usage(`new ${kind} needs a ${kind === 'script' ? 'name' : 'title'}.`);
  const problem =
    todayProblem(values.today) ??
    (values.supersedes && kind !== 'adr' ? '--supersedes goes with new adr.' : undefined);
  if (problem) return io.usage(problem);
  const root = path.resolve(values.dir ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const workspace = new FsWorkspace(root, { log() {} });
  const history = () => readGitHistory(root);
  const engine = new Engine({ workspace, today: values.today ?? localToday(), history });
  await engine.indexAll();
  try {
    const { supersedes, ext, description } = values;
    const read = engine.getHistory();
    const outcome = await scaffold(engine.view(), engine.getToday(), workspace, {
      kind,
      title,
      supersedes,
      ext,
      description,
      // The numbers other branches' ADR and task files take (read with git, no checkout).
      elsewhere: read.kind === 'git' ? read.elsewhere : undefined,
    });
    if ('refused' in outcome) return io.usage(outcome.refused);
    const { edits } = outcome.made;
    if (values.dir === undefined && !isDocsRoot(engine.view())) {
      const files = [...(edits.creates ?? []).map((c) => c.file), ...edits.edits.keys()];
      return io.usage(notDocsRoot(root, `new ${kind}`, `write ${files.join(', ')} there`));
    }
    const { created, changed } = applyToDisk(root, edits);
    for (const f of created) io.out.write(`created ${escapeControls(f)}\n`);
    for (const f of changed) io.out.write(`updated ${escapeControls(f)}\n`);
    return 0;
  } catch (e) {
    return io.usage((e as Error).message);
  }
}

/**
 * `opsdocs init [DIR]`: detects the layout, writes what the plan creates and changes (never over an
 * existing file), prints what was found, the plan and the first check's summary; `--dry-run`
 * writes nothing and checks with the planned config in memory.
 */
async function init(args: string[], values: Values, io: Io): Promise<number> {
  const ci = values.ci;
  const problem =
    (args.length > 1 ? `init takes one folder, got ${args.length}.` : undefined) ??
    (ci !== undefined && !(CI_PROVIDERS as readonly string[]).includes(ci)
      ? `--ci must be one of ${CI_PROVIDERS.join(', ')}; got "${ci}".`
      : undefined) ??
    todayProblem(values.today);
  if (problem) return io.usage(problem);
  const root = path.resolve(args[0] ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const workspace = new FsWorkspace(root, { log() {} }, { syncReads: true });
  const detection = await detectLayout(workspace);
  const plan = await planInit(workspace, detection, ci as (typeof CI_PROVIDERS)[number] | undefined);
  const { out } = io;
  const lines = (xs: string[]) => xs.map((l) => `${escapeControls(l)}\n`).join('');
  out.write(`Found:\n${lines(describeDetection(detection).map((l) => `  ${l}`))}`);
  out.write(`\n${values['dry-run'] ? 'Plan (dry run: nothing written)' : 'Plan'}:\n`);
  out.write(lines(plan.steps.map((l) => `  ${l}`)));
  if (plan.config)
    out.write(
      `\n${CONFIG_FILE}:\n${lines(
        plan.config
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      )}`,
    );
  let checked: Workspace = workspace;
  if (values['dry-run']) {
    const created = plan.edits.creates?.find((c) => c.file === CONFIG_FILE);
    if (created) {
      const overlay = new OverlayWorkspace(workspace);
      overlay.set(CONFIG_FILE, created.text);
      checked = overlay;
    }
  } else {
    try {
      const { created, changed } = applyToDisk(root, plan.edits);
      out.write('\n');
      for (const f of created) out.write(`created ${escapeControls(f)}\n`);
      for (const f of changed) out.write(`updated ${escapeControls(f)}\n`);
    } catch (e) {
      return io.usage((e as Error).message);
    }
  }
  const engine = new Engine({ workspace: checked, today: values.today ?? localToday() });
  await engine.indexAll();
  const findings = engine.allFindings();
  const byRule = new Map<string, number>();
  for (const f of findings) byRule.set(f.rule, (byRule.get(f.rule) ?? 0) + 1);
  out.write(
    `\nFirst check${values['dry-run'] ? ' (with the planned config)' : ''}: ${summary(findings, engine.documents().size)}\n`,
  );
  for (const [rule, n] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
    out.write(`  ${rule}: ${n}\n`);
  return engine.getConfigFindings().length > 0 ? 2 : 0;
}

/**
 * `opsdocs mcp [DIR]`: the MCP server of DIR's handbook on stdin/stdout, until stdin closes. Runs
 * as long as the agent keeps it; exit 2 on a usage error.
 */
async function mcp(args: string[], values: Values, io: Io): Promise<number> {
  const problem =
    (args.length > 1 ? `mcp takes one folder, got ${args.length}.` : undefined) ??
    (args.length === 1 && values.dir !== undefined
      ? 'mcp takes its folder as DIR or as --dir, not both.'
      : undefined) ??
    todayProblem(values.today);
  if (problem) return io.usage(problem);
  const named = args[0] ?? values.dir;
  const root = path.resolve(named ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const logger = {
    log: (m: string) => void (process.env.OPSDOCS_DEBUG && io.err.write(`${escapeControls(m)}\n`)),
  };
  // Loaded only here, from a bundle of its own (dist/mcp.js): the other commands do not load the
  // SDK. Required, not imported: dist/cli.js may run from V8's code cache (bin/opsdocs.js), where
  // Node 20 cannot `import()` without an experimental flag.
  const { createMcpServer, serveMcp, StdioServerTransport } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../mcp/stdio.js') as typeof import('../mcp/stdio.js');
  const server = createMcpServer({
    root,
    allowWrite: values['allow-write'] === true,
    named: named !== undefined,
    today: () => values.today ?? localToday(),
    version: pkg.version,
    logger,
    notDocsRoot: (command, would) => notDocsRoot(root, command, would),
  });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await serveMcp(server, transport, values['allow-write'] === true);
  io.err.write(
    `opsdocs mcp: serving ${escapeControls(root)}${values['allow-write'] ? ' (writes allowed)' : ''}.\n`,
  );
  await closed;
  await server.close();
  return 0;
}

/**
 * `opsdocs mcp-agents [FILE]`: the generated list of the MCP tools written into an AGENTS.md (its
 * marked block replaced, or appended; a new file created), never anything else changed.
 */
function mcpAgents(args: string[], values: Values, io: Io): Promise<number> {
  return Promise.resolve(writeAgentsBlock(args, values, io));
}

/** {@link mcpAgents}, which reads and writes synchronously. */
function writeAgentsBlock(args: string[], values: Values, io: Io): number {
  if (args.length > 1) return io.usage(`mcp-agents takes one file, got ${args.length}.`);
  const root = path.resolve(values.dir ?? '.');
  if (!isFolder(root)) return io.usage(`${root} is not a folder.`);
  const exists = (f: string) => fs.existsSync(path.join(root, f));
  const file = args[0] ?? ['scripts/AGENTS.md', 'AGENTS.md'].find(exists);
  if (file === undefined)
    return io.usage(
      `${root} has no scripts/AGENTS.md nor AGENTS.md; name the file to write (mcp-agents FILE).`,
    );
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file;
  if (!isInside(rel)) return io.usage(`${file} is outside ${root}; nothing written.`);
  const clean = path.posix.normalize(rel.split(path.sep).join('/'));
  if (path.posix.basename(clean) !== 'AGENTS.md')
    return io.usage(`${file} is not an AGENTS.md; nothing written.`);
  const old = exists(clean)
    ? fs.readFileSync(path.join(root, clean), 'utf8').replace(/^\uFEFF/, '')
    : undefined;
  const edit = agentsBlockEdit(old ?? '');
  if ('refused' in edit) return io.usage(`${clean}: ${edit.refused}`);
  if ('unchanged' in edit) {
    io.out.write(`${escapeControls(clean)} is up to date\n`);
    return 0;
  }
  const lines = new LineIndex(old ?? '');
  const edits =
    old === undefined
      ? { edits: new Map(), renames: [], creates: [{ file: clean, text: edit.text }] }
      : {
          edits: new Map([[clean, [{ range: lines.rangeOf(edit.start, edit.end), newText: edit.text }]]]),
          renames: [],
        };
  try {
    const { created, changed } = applyToDisk(root, edits);
    for (const f of created) io.out.write(`created ${escapeControls(f)}\n`);
    for (const f of changed) io.out.write(`updated ${escapeControls(f)}\n`);
  } catch (e) {
    return io.usage((e as Error).message);
  }
  return 0;
}

/**
 * Folders that mark a repository root of docs from outside: `.opsdocs.json`, `.git`, and the
 * folders of the default layout (`docs/adr`, `tasks`…, the fixed part of each kind's globs).
 */
const ROOT_MARKERS = [
  CONFIG_FILE,
  '.git',
  ...new Set(
    defaultConfig()
      .kinds.flatMap((k) => k.include)
      // The folder of the text before the first wildcard: `docs/adr/*.md` → `docs/adr`.
      .map((glob) => path.posix.dirname(`${glob.split(/[*?[{]/)[0]}-`))
      .filter((folder) => folder !== '.'),
  ),
];

/**
 * The message of a write refused because `root`, the current folder, is not a repository root of
 * docs: what `command` would have done there, the nearest folder above that looks like a
 * repository root ({@link ROOT_MARKERS}) if any, and how to write there anyway.
 */
function notDocsRoot(root: string, command: string, would: string): string {
  let above: string | undefined;
  for (let dir = path.dirname(root); !above && dir !== path.dirname(dir); dir = path.dirname(dir))
    if (ROOT_MARKERS.some((marker) => fs.existsSync(path.join(dir, marker)))) above = dir;
  const from = above ? `from ${above} (the repository around it?)` : "from your repository's root";
  return (
    `${root} is not a repository root of docs: no .opsdocs.json, no ADRs, runbooks, policies or tasks ` +
    `where OpsDocs looks for them, no AGENTS.md at its top or one folder down. ${command} would ${would}. ` +
    `Run it ${from}, or name the folder with --dir ${root} to write there.`
  );
}

/** Entry point of the `opsdocs` command (bin/opsdocs.js). */
export function run(): void {
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
