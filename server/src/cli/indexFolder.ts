// What `check` and `digest` start from: the folder indexed, with the parse cache and threads asked for.

import * as path from 'node:path';
import { Engine } from '../core/engine.js';
import type { History } from '../core/history.js';
import { localToday } from '../core/util/dates.js';
import { FactsCache, factsSource } from '../node/facts.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import { boundHeapGrowthFor } from '../node/heap.js';
import { readGitHistory } from '../node/git.js';
import { isFolder } from './args.js';
import { escapeControls } from './controls.js';
import type { Io, Out, Values } from './main.js';
import pkg from '../../../package.json';

/**
 * Indexes DIR (default: the current folder) with the parse cache and threads the options ask
 * for and its git history (read with git unless `history` gives it), showing progress on a
 * terminal; or the exit code of a usage error.
 */
export async function indexFolder(
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
  const progress = (done: number, total: number) => {
    boundHeapGrowthFor(total, logger);
    if (tty) err.write(`\rIndexing ${done}/${total} documents…`);
  };
  try {
    await engine.indexAll(progress);
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
