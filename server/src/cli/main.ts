import * as path from 'node:path';
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { Engine } from '../core/engine.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { writeFileAtomic } from '../node/atomicWrite.js';
import { FORMATS, render, type Format } from './format.js';
import { isIsoDate, localToday } from '../core/util/dates.js';
import { buildDigest } from '../core/digest/build.js';
import { renderDigestJson, renderDigestMarkdown } from '../core/digest/markdown.js';
import { newAdr, newDoc, newScript } from '../core/scaffold/scaffold.js';
import { applyToDisk } from '../node/applyEdits.js';
import { FactsCache, factsSource } from '../node/facts.js';
import pkg from '../../../package.json';

const USAGE = `Usage: opsdocs <command> [DIR] [options]

Commands:
  check [DIR]    Check every document under DIR (default: the current folder).
  digest [DIR]   Print the status digest: tasks, dependencies, reviews, ADRs, doc health.
  new adr|runbook|policy|task TITLE [--supersedes ADR-ID] [--dir DIR]
                 Create a document from its kind's schema (ADRs numbered, supersede-aware).
  new script NAME [--ext sh|mjs|py] [--description TEXT] [--dir DIR]
                 Create scripts/NAME.EXT, its row in scripts/AGENTS.md and an npm script.

Options:
  --format FORMAT      check: pretty (default), json, sarif, github; digest: md (default), json.
  --today YYYY-MM-DD   Date used by review and due-date checks (default: today).
  --changed-since REF  check: report only files changed since the git ref REF (committed, staged,
                       unstaged or new) and the files whose findings depend on them.
  --cache              Keep what was read of each document in a cache file and reuse it for
                       unchanged files (keyed by a hash of their text) on the next run.
  --cache-location F   The cache file (default: DIR/node_modules/.cache/opsdocs/facts.bin).
  --threads N          Parse in N worker threads besides the main one (default 0; helps on
                       machines with more than two cores, see docs/performance.md).
  --out FILE           digest: write to FILE (never replaces an existing file without --force).
  --force              digest: allow --out to replace an existing file.
  --dir DIR            new: the repository root (default: the current folder).
  -h, --help           Show this help.
  -v, --version        Show the version.

Exit codes: 0 done (check: no error-level findings), 1 error-level findings (check),
2 usage or configuration error.`;

const DIGEST_FORMATS = ['md', 'json'];

type Out = NodeJS.WritableStream;

/** Runs the CLI and returns its exit code. Output goes to the given streams. */
export async function main(
  argv: string[],
  out: Out = process.stdout,
  err: Out = process.stderr,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        today: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean' },
        dir: { type: 'string' },
        'changed-since': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        threads: { type: 'string' },
        supersedes: { type: 'string' },
        ext: { type: 'string', default: 'sh' },
        description: { type: 'string', default: '' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    err.write(`opsdocs: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.write(`${pkg.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const usage = (message: string) => {
    err.write(`opsdocs: ${message}\n`);
    return 2;
  };
  if (command === 'new') return newCommand(rest, values, out, usage);
  if (command !== 'check' && command !== 'digest')
    return usage(`unknown command "${command}". Run opsdocs --help.`);
  if (rest.length > 1) return usage(`${command} takes one folder, got ${rest.length}.`);
  const formats: readonly string[] = command === 'check' ? FORMATS : DIGEST_FORMATS;
  const format = values.format ?? formats[0];
  if (!formats.includes(format))
    return usage(`--format of ${command} must be one of ${formats.join(', ')}; got "${format}".`);
  if (values.today !== undefined && !isIsoDate(values.today))
    return usage(`--today must be a date written YYYY-MM-DD; got "${values.today}".`);
  if (command === 'check' && (values.out !== undefined || values.force))
    return usage('--out and --force go with digest.');
  if (command !== 'check' && values['changed-since'] !== undefined)
    return usage('--changed-since goes with check.');
  const threads = Number(values.threads ?? 0);
  if (!(Number.isInteger(threads) && threads >= 0 && threads <= 64))
    return usage(`--threads must be a whole number from 0 to 64; got "${values.threads}".`);
  const root = path.resolve(rest[0] ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return usage(`${root} is not a folder.`);

  const today = values.today ?? localToday();
  const tty = 'isTTY' in err && (err as NodeJS.WriteStream).isTTY === true;
  const logger = { log: (m: string) => void (process.env.OPSDOCS_DEBUG && err.write(`${m}\n`)) };
  const cacheFile =
    values['cache-location'] ??
    (values.cache ? path.join(root, 'node_modules', '.cache', 'opsdocs', 'facts.bin') : undefined);
  const cache =
    cacheFile === undefined
      ? undefined
      : FactsCache.open(path.resolve(cacheFile), pkg.version, { log: (m) => err.write(`opsdocs: ${m}\n`) });
  const { source, pool } = factsSource({ cache, threads, logger });
  const engine = new Engine({
    workspace: new FsWorkspace(root, logger, { syncReads: true }),
    logger,
    today,
    facts: source,
  });
  try {
    await engine.indexAll(
      tty ? (done, total) => err.write(`\rIndexing ${done}/${total} documents…`) : undefined,
    );
  } finally {
    pool?.close();
  }
  if (tty) err.write('\r\x1b[K');
  if (cache) {
    logger.log(`Cache ${cache.file}: ${cache.hits} reused, ${cache.misses} parsed.`);
    const problem = cache.save();
    if (problem) err.write(`opsdocs: ${problem}\n`);
  }
  const configBroken = engine.getConfigFindings().length > 0;

  if (command === 'digest') {
    const digest = buildDigest(engine.view(), engine.allFindings(), today);
    const text = format === 'json' ? renderDigestJson(digest) : renderDigestMarkdown(digest);
    if (values.out === undefined) out.write(text);
    else {
      const problem = writeFileAtomic(path.resolve(values.out), text, values.force);
      if (problem) return usage(problem);
    }
    for (const f of engine.getConfigFindings())
      err.write(`${f.file}:${f.range.start.line + 1}: ${f.message}\n`);
    return configBroken ? 2 : 0;
  }
  let findings = engine.allFindings();
  if (values['changed-since'] !== undefined) {
    const changed = changedSince(root, values['changed-since']);
    if (typeof changed === 'string') return usage(changed);
    const affected = engine.affectedBy(changed.files, changed.createdOrDeleted);
    findings = findings.filter((f) => affected.has(f.file));
    err.write(
      `${changed.files.length} file(s) changed since ${values['changed-since']}; ${affected.size} file(s) reported.\n`,
    );
  }
  out.write(render(format as Format, findings, engine.documents().size, pkg.version));
  if (configBroken) return 2;
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/**
 * Files changed since a git ref (committed, staged, unstaged, untracked), relative to `root`, and
 * which of them were created or deleted (added, deleted or untracked); or an error message.
 */
function changedSince(
  root: string,
  ref: string,
): { files: string[]; createdOrDeleted: Set<string> } | string {
  if (ref.startsWith('-')) return `--changed-since takes a git ref, got "${ref}".`;
  const git = (...args: string[]) => spawnSync('git', ['-C', root, ...args], { encoding: 'utf8' });
  // -z: paths as they are (git quotes non-ASCII ones otherwise); each entry is a status and a path.
  const diff = git('diff', '--name-status', '-z', '--relative', '--no-renames', ref, '--');
  if (diff.status !== 0)
    return `git diff against "${ref}" failed: ${(diff.stderr || diff.error?.message || '').trim()}`;
  const fields = diff.stdout.split('\0');
  const entries: { status: string; file: string }[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) entries.push({ status: fields[i], file: fields[i + 1] });
  const untracked = git('ls-files', '-z', '--others', '--exclude-standard')
    .stdout.split('\0')
    .filter(Boolean);
  const createdOrDeleted = new Set([
    ...entries.filter((e) => e.status === 'A' || e.status === 'D').map((e) => e.file),
    ...untracked,
  ]);
  return { files: [...new Set([...entries.map((e) => e.file), ...untracked])], createdOrDeleted };
}

const NEW_KINDS = ['adr', 'runbook', 'policy', 'task', 'script'];

/** `opsdocs new KIND TITLE`: the scaffold's edits written to disk; exit 2 when it would overwrite. */
async function newCommand(
  rest: string[],
  values: { dir?: string; supersedes?: string; ext?: string; description?: string; today?: string },
  out: Out,
  usage: (m: string) => number,
): Promise<number> {
  const [kind, ...words] = rest;
  if (!kind || !NEW_KINDS.includes(kind))
    return usage(`new takes one of ${NEW_KINDS.join(', ')}; got "${kind ?? ''}".`);
  const title = words.join(' ');
  if (!title) return usage(`new ${kind} needs a ${kind === 'script' ? 'name' : 'title'}.`);
  if (values.today !== undefined && !isIsoDate(values.today))
    return usage(`--today must be a date written YYYY-MM-DD; got "${values.today}".`);
  if (values.supersedes && kind !== 'adr') return usage('--supersedes goes with new adr.');
  const root = path.resolve(values.dir ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) return usage(`${root} is not a folder.`);
  const today = values.today ?? localToday();
  const engine = new Engine({ workspace: new FsWorkspace(root, { log() {} }), today });
  await engine.indexAll();
  try {
    const pkgFile = path.join(root, 'package.json');
    const made =
      kind === 'adr'
        ? newAdr(engine.view(), title, today, values.supersedes)
        : kind === 'script'
          ? newScript(
              engine.view(),
              title,
              values.ext ?? 'sh',
              values.description ?? '',
              fs.existsSync(pkgFile) ? fs.readFileSync(pkgFile, 'utf8').replace(/^\uFEFF/, '') : undefined,
            )
          : newDoc(engine.view(), kind as 'runbook' | 'policy' | 'task', title, today);
    const { created, changed } = applyToDisk(root, made.edits);
    for (const f of created) out.write(`created ${f}\n`);
    for (const f of changed) out.write(`updated ${f}\n`);
    return 0;
  } catch (e) {
    return usage((e as Error).message);
  }
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
