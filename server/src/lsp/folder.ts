import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { Engine, type FactsSource, type KnownSource, type RereadSource } from '../core/engine.js';
import { OverlayWorkspace } from '../core/workspace.js';
import type { Logger } from '../core/types.js';
import { FsWorkspace } from '../node/fsWorkspace.js';
import type { FactsCache } from '../node/facts.js';
import type { FindingsSnapshot } from '../node/snapshot.js';
import { localToday } from '../core/util/dates.js';
import type { Settings } from './settings.js';
import type { Pacer } from '../core/util/pace.js';
import { readGitHistory } from '../node/git.js';
import { UNTRUSTED_HISTORY } from '../core/history.js';

/** The key of {@link Folder.runOnce} jobs that may change every file of the folder. */
export const WHOLE = '';

/**
 * One workspace folder: its engine over the disk overlaid with open buffers, its settings,
 * and the files it has published diagnostics for. Work on a folder runs one job at a time,
 * in the order the events arrived.
 */
export class Folder {
  readonly root: string;
  readonly overlay: OverlayWorkspace;
  /** The folder on disk, under the open buffers. */
  readonly disk: FsWorkspace;
  readonly engine: Engine;
  /** Files with diagnostics published last time (so they can be cleared). */
  readonly published = new Set<string>();
  settings: Settings = { enable: true, rules: {}, deferPlainLinks: false };
  readonly cache?: FactsCache;
  readonly snapshot?: FindingsSnapshot;
  /** The inputs digest of the snapshot last written (it is not written again for the same). */
  snapshotDigest?: string;
  /** True while the whole folder is indexed and first published (requests then do not wait for the queue). */
  indexing = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Jobs queued by {@link runOnce} that have not started, by key. */
  private readonly waiting = new Map<string, Promise<unknown>>();
  /** The last job queued by {@link runOnce} for each key, until it is done. */
  private readonly pending = new Map<string, Promise<unknown>>();

  /**
   * `facts` reads what the index keeps of each text while the folder is indexed; `reread` the
   * facts of a file re-read after a change; `hash` digests texts for the snapshot; `known` gives
   * the texts and facts of documents unchanged since (see `EngineOptions.known`). `cache` is the
   * on-disk cache behind `facts`, if any, saved after each full index; `snapshot` the findings of
   * the last check with the digest of their inputs. `trusted` is false in an untrusted workspace
   * (team schemas are then not used, and git is not read).
   */
  constructor(
    readonly uri: string,
    logger: Logger,
    sources: {
      facts?: FactsSource;
      reread?: RereadSource;
      hash?: (text: string) => string;
      known?: KnownSource;
    } = {},
    stores: { cache?: FactsCache; snapshot?: FindingsSnapshot } = {},
    trusted = true,
  ) {
    this.cache = stores.cache;
    this.snapshot = stores.snapshot;
    this.root = URI.parse(uri).fsPath;
    this.disk = new FsWorkspace(this.root, logger, { syncReads: true });
    this.overlay = new OverlayWorkspace(this.disk);
    // In Restricted Mode no git command runs: a repository's config can name programs git runs.
    const root = this.root;
    const history = trusted ? () => readGitHistory(root) : () => Promise.resolve(UNTRUSTED_HISTORY);
    const snapshot = stores.snapshot;
    // The documents unchanged on disk since the snapshot was written are not read to digest the inputs.
    const knownHashes = snapshot && ((pace: Pacer) => snapshot.knownHashes(pace));
    this.engine = new Engine({ workspace: this.overlay, logger, ...sources, trusted, history, knownHashes });
  }

  /** Runs `job` after every job queued before it. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs `job` after every job queued before it, unless a job of the same `key` (a file's path, or
   * {@link WHOLE} for a job that may change every file) is waiting: then that one is returned (it
   * will see whatever this one would have). A job waits in the queue and then `settleMs` more, so
   * that a burst of events (an editor sends a change per keystroke, a tool may send a thousand)
   * joins one job instead of queueing a thousand.
   */
  runOnce<T>(key: string, job: () => Promise<T>, settleMs = 0): Promise<T> {
    const queued = this.waiting.get(key);
    if (queued) return queued as Promise<T>;
    const next = this.run(async () => {
      if (settleMs > 0) await new Promise((r) => setTimeout(r, settleMs));
      this.waiting.delete(key);
      return job();
    });
    this.waiting.set(key, next);
    this.pending.set(key, next);
    const forget = () => {
      if (this.pending.get(key) === next) this.pending.delete(key);
    };
    next.then(forget, forget);
    return next;
  }

  /**
   * Resolves when the jobs queued so far are done (at once while the folder is indexed and first
   * published). What a request waits for before it edits other files: their texts must be indexed.
   */
  settled(): Promise<void> {
    return this.indexing ? Promise.resolve() : this.queue.then(() => undefined);
  }

  /**
   * Resolves when the queued jobs that concern `rel` are done: its own re-reads, those of the
   * folders holding it, and jobs on the whole folder. What a request on one file waits for: an
   * edit just sent is answered from its new text, but a burst of edits to another file does not
   * hold the answer up (it reads the index as it stands).
   */
  settledFor(rel: string): Promise<void> {
    if (this.indexing) return Promise.resolve();
    const keys = [WHOLE, rel];
    for (let i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) keys.push(rel.slice(0, i));
    const jobs = keys.flatMap((k) => this.pending.get(k) ?? []);
    return Promise.all(jobs).then(
      () => undefined,
      () => undefined,
    );
  }

  applySettings(settings: Settings): void {
    this.settings = settings;
    this.engine.setToday(settings.today ?? localToday());
    this.engine.setRuleOverrides(settings.rules);
    this.engine.setDeferPlainLinks(settings.deferPlainLinks);
  }

  /** The repository-relative path of a file URI, or undefined when outside this folder. */
  relative(uri: string): string | undefined {
    const u = URI.parse(uri);
    if (u.scheme !== 'file') return undefined;
    const rel = path.relative(this.root, u.fsPath);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  uriOf(rel: string): string {
    return URI.file(path.join(this.root, ...rel.split('/'))).toString();
  }
}
