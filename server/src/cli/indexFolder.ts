// What `check` and `digest` start from: the folder indexed, with the parse cache and threads asked for.

import * as path from 'node:path';
import { Engine } from '../core/engine.js';
import type { History } from '../core/history.js';
import { localToday } from '../core/util/dates.js';
import { leadsOutside } from '../node/applyEdits.js';
import { FactsCache, factsSource } from '../node/facts.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { boundHeapGrowthFor } from '../node/heap.js';
import { readGitHistory } from '../node/git.js';
import { type CheckResult, FindingsSnapshot, thisBuild } from '../node/snapshot.js';
import { isFolder } from './args.js';
import { escapeControls } from './controls.js';
import type { Io, Values } from './main.js';
import pkg from '../../../package.json';

/** A folder indexed by {@link indexFolder}. */
export interface Indexed {
  engine: Engine;
  root: string;
  /** The text of a file as the index read it (`--fix` only): see FsWorkspace.textRead. */
  textRead: (file: string) => string | undefined;
  /**
   * The result of the last check, when `reuse` was asked, the cache is on and nothing that check
   * depended on has changed since: the index then holds no document (none was parsed).
   */
  last?: CheckResult;
  /** Where the result of this check is kept for the next one (with the cache and `reuse`). */
  snapshot?: FindingsSnapshot;
}

/**
 * Indexes DIR (default: the current folder) with the parse cache and threads the options ask
 * for and its git history (read with git unless `history` gives it), showing progress on a
 * terminal; or the exit code of a usage error. With `reuse` and the cache, a check whose inputs
 * are those of the last one is not indexed: {@link Indexed.last} is its result.
 */
export async function indexFolder(
  dir: string | undefined,
  values: Values,
  io: Io,
  history?: () => Promise<History>,
  reuse = false,
): Promise<Indexed | number> {
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
  const said = { log: (m: string) => err.write(`opsdocs: ${m}\n`) };
  const cacheFile = cacheFileOf(root, values, said.log);
  const named = values['cache-location'] !== undefined;
  const cache = cacheFile === undefined ? undefined : FactsCache.open(cacheFile, pkg.version, said, named);
  const snapshot =
    reuse && cacheFile !== undefined
      ? new FindingsSnapshot(`${cacheFile}.findings`, thisBuild(pkg.version), said)
      : undefined;
  const { source, known, pool } = factsSource({ cache, threads, logger });
  const workspace = new FsWorkspace(root, logger, { syncReads: true, keepTexts: values.fix === true });
  const textRead = (f: string) => workspace.textRead(f);
  const engine = new Engine({
    workspace,
    logger,
    today: values.today ?? localToday(),
    facts: source,
    history: history ?? (() => readGitHistory(root)),
    hash: snapshot && FactsCache.key,
    knownHashes: snapshot && (() => snapshot.knownHashes()),
    known,
  });
  const progress = (done: number, total: number) => {
    boundHeapGrowthFor(total, logger);
    if (tty) err.write(`\rIndexing ${done}/${total} documents…`);
  };
  let last: CheckResult | undefined;
  const reused =
    snapshot && ((digest: string) => Promise.resolve((last = snapshot.resultFor(digest)) !== undefined));
  try {
    await engine.indexAll(progress, reused);
  } finally {
    pool?.close();
  }
  if (tty) err.write('\r\x1b[K');
  if (last && snapshot) {
    logger.log(`Nothing changed since the last check: its result reused (${snapshot.file}).`);
    return { engine, root, last, textRead };
  }
  const reusedFindings = await snapshot?.reuseIn(engine);
  if (reusedFindings !== undefined) logger.log(FindingsSnapshot.takenMessage(reusedFindings));
  if (cache) {
    logger.log(`Cache ${cache.file}: ${cache.hits} reused, ${cache.misses} parsed.`);
    const problem = cache.save();
    if (problem) err.write(`opsdocs: ${problem}\n`);
  }
  return { engine, root, snapshot, textRead };
}

/**
 * The parse cache file `--cache` or `--cache-location` asks for, if any. The default one, inside
 * the repository, is not used when a folder on its way links out of it (`node_modules` elsewhere):
 * `say` says so.
 */
function cacheFileOf(root: string, values: Values, say: (m: string) => void): string | undefined {
  if (values['cache-location'] !== undefined) return path.resolve(values['cache-location']);
  if (!values.cache) return undefined;
  const outside = leadsOutside(root, DEFAULT_CACHE);
  if (outside === undefined) return path.join(root, ...DEFAULT_CACHE.split('/'));
  say(`--cache: ${outside}; the cache is off (name its file with --cache-location).`);
  return undefined;
}

/** Where `--cache` keeps the parse cache, in the repository. */
const DEFAULT_CACHE = 'node_modules/.cache/opsdocs/facts.bin';
