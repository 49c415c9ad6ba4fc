import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { Folder, WHOLE } from './folder.js';
import { isObject, mergeSettings, pushedSettings, readSettings, type PushedSettings } from './settings.js';
import { toDiagnostic } from './convert.js';
import { FIX_ALL_KIND, fixAllCommand, registerHandlers, type DocLookup } from './handlers/index.js';
import { registerCommands } from './commands.js';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { FactsCache, factsSource, type ParsePool } from '../node/facts.js';
import { FindingsSnapshot, resultOf, thisBuild } from '../node/snapshot.js';
import { boundHeapGrowthFor } from '../node/heap.js';
import { countOf } from '../shared/words.js';
import type { Finding } from '../core/types.js';
import { pollFolder, watchFolder, type FolderWatch } from '../node/watcher.js';
import { SERVER_COMMANDS, VIEWS_CHANGED, type ViewsChangedParams } from '../shared/protocol.js';
import { describeHistory } from '../core/history.js';
import { findingsByFile } from '../core/engine.js';
import { Pacer } from '../core/util/pace.js';
import pkg from '../../../package.json';

const connection = createConnection(ProposedFeatures.all);

// A bug in one handler must not take the server down: log it and keep serving.
process.on('uncaughtException', (err) =>
  connection.console.error(`Unexpected error (the server keeps running): ${err.stack ?? String(err)}`),
);
process.on('unhandledRejection', (err) =>
  connection.console.error(
    `Unexpected rejection (the server keeps running): ${(err as Error)?.stack ?? String(err)}`,
  ),
);
const documents = new TextDocuments(TextDocument);
const folders = new Map<string, Folder>();
const logger = { log: (m: string) => connection.console.log(m) };
let canPullConfig = false;
let canWatch = false;
let canFolders = false;
/**
 * The settings the client pushed: those of its last `workspace/didChangeConfiguration` with an
 * `opsdocs` section, else those of `initializationOptions` (see {@link pushedSettings}). Under
 * what `workspace/configuration` answers.
 */
let pushed: PushedSettings = {};
/** The server's own watch of each folder, when the client cannot watch files. */
const watches = new Map<string, FolderWatch>();
let initialFolders: WorkspaceFolder[] = [];
/** Where the client lets us keep the parse cache (its storage folder), if anywhere. */
let cacheDir: string | undefined;
/**
 * True only when the client says the workspace is trusted (`initializationOptions.trusted: true`):
 * a client that says nothing gets Restricted Mode (VS Code's client always says).
 */
let trusted = false;
/** Parse caches being written (see {@link FactsCache.saveWithPauses}). */
const saves = new Set<Promise<unknown>>();
/** One parser thread for all folders: the main thread stays free for requests while indexing. */
let pool: ParsePool | undefined;

/** Logs an error of a handler instead of letting it end the process. */
function guard<A extends unknown[]>(
  name: string,
  fn: (...args: A) => Promise<unknown>,
): (...args: A) => void {
  return (...args: A) => {
    fn(...args).catch((err: unknown) =>
      connection.console.error(`${name} failed: ${(err as Error).stack ?? String(err)}`),
    );
  };
}

/** Every folder holding a document URI, the innermost first (folders may nest: `/repo`, `/repo/svc`). */
function foldersOf(uri: string): { folder: Folder; rel: string }[] {
  const out: { folder: Folder; rel: string }[] = [];
  for (const folder of folders.values()) {
    const rel = folder.relative(uri);
    if (rel !== undefined) out.push({ folder, rel });
  }
  return out.sort((a, b) => b.folder.root.length - a.folder.root.length);
}

/**
 * The folder that owns a document URI: the innermost one. Outer folders index the file too (their
 * links reach it) but only its owner publishes its diagnostics and answers requests on it.
 */
function folderOf(uri: string): { folder: Folder; rel: string } | undefined {
  return foldersOf(uri)[0];
}

/**
 * The paths, relative to `folder`, of the workspace folders nested in it: their files are theirs to publish.
 */
function nestedIn(folder: Folder): string[] {
  return [...folders.values()].flatMap((o) => (o === folder ? [] : (folder.relative(o.uri) ?? [])));
}
const isUnder = (file: string, dirs: string[]) => dirs.some((d) => file.startsWith(`${d}/`));

/**
 * Sends the diagnostics of the given files (all the folder's files when omitted), the engine's
 * findings or those `findingsOf` gives. A full publish checks the files in slices of about 10 ms
 * and lets waiting requests in between them (the connection takes one message from its queue at
 * each pause, so longer slices let them pile up).
 */
async function publish(
  folder: Folder,
  files?: Iterable<string>,
  findingsOf?: (file: string) => Finding[],
): Promise<void> {
  const targets = files ? new Set(files) : new Set([...folder.engine.checkedFiles(), ...folder.published]);
  const nested = nestedIn(folder);
  const pace = Pacer.letsEventsIn();
  const paced = !files || !!findingsOf;
  for (const file of targets) {
    if (paced && pace.due()) await pace.rest();
    // A folder removed meanwhile (its index may still run): its diagnostics were cleared.
    if (folders.get(folder.uri) !== folder) return;
    if (isUnder(file, nested)) continue; // a nested folder's file: its own folder publishes it
    const findings = !folder.settings.enable
      ? []
      : findingsOf
        ? findingsOf(file)
        : folder.engine.findings(file);
    if (findings.length === 0 && !folder.published.has(file)) continue;
    if (findings.length) folder.published.add(file);
    else folder.published.delete(file);
    await connection.sendDiagnostics({ uri: folder.uriOf(file), diagnostics: findings.map(toDiagnostic) });
  }
  // What the OpsDocs view shows may have changed with these files: the client asks again.
  if (!files || targets.size)
    await connection.sendNotification(VIEWS_CHANGED, { folder: folder.uri } satisfies ViewsChangedParams);
}

/**
 * Applies a folder's settings: those the client pushed, with what it answers to
 * `workspace/configuration` for the folder (if it can be asked) laid over them key by key.
 */
async function loadSettings(folder: Folder): Promise<void> {
  let { opsdocs: raw, markdownValidate } = pushed;
  if (canPullConfig) {
    const [pulled, pulledValidate] = (await connection.workspace.getConfiguration([
      { scopeUri: folder.uri, section: 'opsdocs' },
      { scopeUri: folder.uri, section: 'markdown.validate.enabled' },
    ])) as unknown[];
    raw = mergeSettings(raw, pulled);
    markdownValidate = pulledValidate ?? markdownValidate;
  }
  folder.applySettings(readSettings(raw, markdownValidate, logger.log));
}

/** Indexes a folder from scratch, reporting progress, then publishes every file's diagnostics. */
async function indexFolder(folder: Folder): Promise<void> {
  // Set before queueing: requests arriving before the job starts must not wait for all of it.
  folder.indexing = true;
  await folder.run(async () => {
    await loadSettings(folder);
    const progress = await connection.window.createWorkDoneProgress();
    progress.begin('OpsDocs: indexing', 0, folder.root, false);
    const started = Date.now();
    folder.indexing = true;
    // The parse cache's bytes are read by the thread pool while the folder is listed and digested.
    if (folder.snapshot) void folder.cache?.prefetch();
    try {
      try {
        await folder.engine.indexAll(
          (done, total) => {
            boundHeapGrowthFor(total, logger);
            progress.report(total ? Math.round((done / total) * 100) : 100, `${done}/${total} documents`);
          },
          // The last findings shown when nothing changed; then the parse cache is read with pauses
          // (not in one stretch when the index first asks for an entry).
          // When something changed, a text may need parsing: the parser thread starts meanwhile.
          folder.snapshot &&
            (async (digest) => {
              if (!(await showSnapshot(folder, digest))) pool?.warm();
              await folder.cache?.loadWithPauses();
            }),
        );
      } finally {
        progress.done();
      }
      const { cache } = folder;
      const reused = await folder.snapshot?.reuseIn(folder.engine, Pacer.letsEventsIn());
      if (reused !== undefined) logger.log(FindingsSnapshot.takenMessage(reused));
      logger.log(
        `Indexed ${folder.engine.documents().size} documents in ${folder.root} in ${Date.now() - started} ms${cache ? ` (${cache.hits} read from the cache)` : ''}.`,
      );
      logger.log(`${folder.root}: ${describeHistory(folder.engine.getHistory())}`);
      // Requests keep being answered from the index (not queued behind this job) until every
      // file's diagnostics are out: the first publish checks the whole folder. The snapshot of its
      // findings and the parse cache are written after it (the diagnostics do not wait for them);
      // a shutdown meanwhile waits for all three, so the next start has them.
      const finishing = (async () => {
        await publish(folder);
        await saveSnapshot(folder);
        const problem = await cache?.saveWithPauses();
        if (problem) logger.log(problem);
      })();
      saves.add(finishing);
      await finishing.finally(() => saves.delete(finishing));
    } finally {
      folder.indexing = false;
    }
  });
  // The documents the start took unbuilt from the parse cache are built now, outside the folder's
  // job (building one changes nothing another job reads), a slice at a time: no later request
  // (workspace symbols, the handbook view) builds thousands at once.
  const { engine } = folder;
  const built = await engine.buildLazy(Pacer.letsEventsIn());
  if (built) logger.log(`${folder.root}: built the ${built} documents the start took unbuilt.`);
}

/**
 * Shows the findings of the folder's last check (its snapshot) when nothing they depend on has
 * changed since: the start with a cache then has its diagnostics before the index is built. The
 * index checks every file again after and publishes its own findings. True when shown.
 */
async function showSnapshot(folder: Folder, digest: string): Promise<boolean> {
  const last = folder.snapshot?.resultFor(digest)?.findings;
  if (!last) return false;
  folder.snapshotDigest = digest;
  const byFile = findingsByFile(last);
  logger.log(
    `Nothing changed since the last check of ${folder.root}: its ${countOf(last.length, 'finding')} shown while the index is built.`,
  );
  await publish(folder, byFile.keys(), (file) => byFile.get(file) ?? []);
  return true;
}

/**
 * Writes the folder's snapshot of its findings, now (in a job of the folder: a settled index), with
 * pauses while it gathers their lookups.
 */
async function saveSnapshot(folder: Folder): Promise<void> {
  const digest = folder.engine.inputsDigest();
  if (!folder.snapshot || !digest || digest === folder.snapshotDigest) return;
  // Requests are answered between its steps (digest, result, lookups, serializing, writing).
  const pace = Pacer.letsEventsIn();
  await pace.rest();
  const result = resultOf(folder.engine);
  const problem = await folder.snapshot.saveCheck(folder.engine, result, pace, digest);
  if (problem) logger.log(problem);
  else folder.snapshotDigest = digest;
}

/** How long the folder is left alone after a change before its snapshot is written again. */
const SNAPSHOT_IDLE_MS = 2000;
const snapshotTimers = new Map<Folder, NodeJS.Timeout>();

/** Writes the folder's snapshot once it has had no change for {@link SNAPSHOT_IDLE_MS}. */
function saveSnapshotWhenIdle(folder: Folder): void {
  if (!folder.snapshot) return;
  clearTimeout(snapshotTimers.get(folder));
  const timer = setTimeout(() => {
    snapshotTimers.delete(folder);
    void folder.run(() => saveSnapshot(folder));
  }, SNAPSHOT_IDLE_MS);
  snapshotTimers.set(folder, timer.unref());
}

function addFolder(wf: WorkspaceFolder): void {
  if (folders.has(wf.uri) || URI.parse(wf.uri).scheme !== 'file') return;
  let cache: FactsCache | undefined;
  let snapshot: FindingsSnapshot | undefined;
  if (cacheDir) {
    const id = createHash('sha1').update(wf.uri).digest('hex').slice(0, 16);
    cache = FactsCache.open(path.join(cacheDir, `facts-${id}.bin`), pkg.version, logger);
    snapshot = new FindingsSnapshot(
      path.join(cacheDir, `findings-${id}.bin`),
      thisBuild(pkg.version),
      logger,
    );
  }
  const facts = factsSource({ cache, threads: 1, workersFrom: 0, logger, pool });
  pool = facts.pool;
  const sources = {
    facts: facts.source,
    reread: facts.reread,
    hash: snapshot && FactsCache.key,
    known: snapshot && facts.known,
  };
  const folder = new Folder(wf.uri, logger, sources, { cache, snapshot }, trusted);
  folders.set(wf.uri, folder);
  if (!canWatch) watchOwn(folder);
  // An outer folder's diagnostics for files the new folder now owns are cleared: it publishes them.
  for (const outer of folders.values()) {
    const rel = outer === folder ? undefined : outer.relative(folder.uri);
    if (rel === undefined) continue;
    for (const file of [...outer.published]) {
      if (!isUnder(file, [rel])) continue;
      outer.published.delete(file);
      void connection.sendDiagnostics({ uri: outer.uriOf(file), diagnostics: [] });
    }
  }
  guard('indexing', indexFolder)(folder);
}

async function removeFolder(uri: string): Promise<void> {
  const folder = folders.get(uri);
  if (!folder) return;
  folders.delete(uri);
  watches.get(uri)?.close();
  watches.delete(uri);
  for (const f of folder.published)
    await connection.sendDiagnostics({ uri: folder.uriOf(f), diagnostics: [] });
  // A folder nested in another: the outer folder owns its files again.
  for (const u of new Set(
    [...folder.published, ...folder.engine.checkedFiles()].map((f) => folder.uriOf(f)),
  )) {
    const hit = folderOf(u);
    if (hit) await hit.folder.run(() => publish(hit.folder, [hit.rel]));
  }
}

connection.onInitialize((params: InitializeParams) => {
  const caps = params.capabilities;
  canPullConfig = !!caps.workspace?.configuration;
  canWatch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canFolders = !!caps.workspace?.workspaceFolders;
  initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  const init = params.initializationOptions as
    { cacheDir?: unknown; trusted?: unknown; settings?: unknown; clientCommands?: unknown } | undefined;
  cacheDir = typeof init?.cacheDir === 'string' && path.isAbsolute(init.cacheDir) ? init.cacheDir : undefined;
  trusted = init?.trusted === true;
  pushed = pushedSettings(isObject(init?.settings) ? init.settings : init) ?? {};
  const clientCommands = Array.isArray(init?.clientCommands) ? (init.clientCommands as unknown[]) : [];
  const commands = SERVER_COMMANDS.filter((c) => !clientCommands.includes(c));
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      workspace: {
        workspaceFolders: { supported: true, changeNotifications: true },
        fileOperations: { willRename: { filters: [{ scheme: 'file', pattern: { glob: '**/*' } }] } },
      },
      definitionProvider: true,
      referencesProvider: true,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['/', '#', '-', '`', '(', ' '] },
      documentLinkProvider: { resolveProvider: false },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      codeLensProvider: { resolveProvider: false },
      renameProvider: { prepareProvider: true },
      codeActionProvider: {
        codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
      },
      ...(commands.length ? { executeCommandProvider: { commands } } : {}),
    },
    serverInfo: { name: 'opsdocs' },
  };
});

connection.onInitialized(
  guard('initialized', async () => {
    if (canWatch) {
      await connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*' }],
      });
    }
    if (canPullConfig) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'opsdocs' });
    }
    // Only a client that declares workspace folders may be asked for their changes.
    if (canFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folders', async (e) => {
          for (const r of e.removed) await removeFolder(r.uri);
          for (const a of e.added) addFolder(a);
        }),
      );
    }
    logger.log(
      `OpsDocs server started for ${initialFolders.length} folder(s)${trusted ? '' : ' in Restricted Mode (team schemas not used, git not read)'}.`,
    );
    for (const wf of initialFolders) addFolder(wf);
  }),
);

connection.onDidChangeConfiguration(
  guard('configuration', async (params) => {
    pushed = pushedSettings(params.settings) ?? pushed;
    for (const folder of folders.values()) {
      await folder.runOnce(WHOLE, async () => {
        await loadSettings(folder);
        await publish(folder);
      });
      saveSnapshotWhenIdle(folder);
    }
  }),
);

/** How long a re-read waits for more edits of its file (short enough not to be noticed). */
const SETTLE_MS = 15;

/**
 * Re-reads one file of a folder (from its buffer or the disk) and publishes what changed. A burst
 * of edits is read once: while a re-read of the file waits (in the queue, then {@link SETTLE_MS}),
 * later edits join it; it reads the text as it is when it starts. The config file or a team
 * schema is a change to the whole folder.
 */
function refresh(folder: Folder, rel: string): Promise<void> {
  const job = async () => {
    const changed = await folder.engine.update(rel);
    await publish(folder, changed);
    saveSnapshotWhenIdle(folder);
  };
  return folder.runOnce(folder.engine.isConfigFile(rel) ? WHOLE : rel, job, SETTLE_MS);
}

// Buffers and disk events reach every folder holding the file, so nested folders agree on its text.
documents.onDidChangeContent(
  guard('change', async (e) => {
    for (const hit of foldersOf(e.document.uri)) {
      hit.folder.overlay.set(hit.rel, e.document.getText());
      await refresh(hit.folder, hit.rel);
    }
  }),
);

documents.onDidClose(
  guard('close', async (e) => {
    for (const hit of foldersOf(e.document.uri)) {
      hit.folder.overlay.clear(hit.rel);
      await refresh(hit.folder, hit.rel);
    }
  }),
);

/** Re-reads a path of a folder changed on disk (`deleted` when the client says it was deleted). */
function changedOnDisk(folder: Folder, rel: string, deleted: boolean): Promise<void> {
  // An open buffer still holds the text of a file changed or deleted on disk (a changed config
  // file is read again all the same).
  if (folder.overlay.has(rel) && (deleted || !folder.engine.isConfigFile(rel))) return Promise.resolve();
  // A folder comes as one event, none for its files: the update reads what is under it now,
  // open buffers included, so these survive their folder's delete as they survive their own.
  return refresh(folder, rel);
}

connection.onDidChangeWatchedFiles(
  guard('watched files', async (params) => {
    for (const change of params.changes) {
      for (const { folder, rel } of foldersOf(change.uri))
        await changedOnDisk(folder, rel, change.type === FileChangeType.Deleted);
    }
  }),
);

/** How often a folder the system cannot watch is looked at for changes (at least). */
const POLL_MS = 5000;

/**
 * Watches a folder on disk for a client that cannot watch files. Each folder has its own watch
 * (a nested folder's included), so each hears only about itself. When the system cannot watch it
 * (out of inotify watches, a file system without change events) the folder is looked at again
 * every few seconds instead, and the user is told why.
 */
function watchOwn(folder: Folder): void {
  const changed = guard('folder watch', async (rels: string[] | undefined) => {
    if (!folders.has(folder.uri)) return;
    if (rels === undefined) {
      // The system did not say what changed: read the whole folder again.
      await folder.runOnce(WHOLE, async () => {
        await folder.engine.indexAll();
        await publish(folder);
      });
      saveSnapshotWhenIdle(folder);
      return;
    }
    // The overlay check happens when the change is handled, as for the client's events.
    await Promise.all(rels.map((rel) => changedOnDisk(folder, rel, false)));
  });
  const watch = watchFolder(folder.root, {
    ignore: (rel) => folder.engine.isExcludedTree(rel),
    onChange: changed,
    onError: (err) => {
      const { engine } = folder;
      const poll = pollFolder(folder.root, {
        list: () => folder.disk.listFiles(undefined, engine.skipsFolder),
        read: (rel) => engine.readsText(rel),
        onChange: changed,
        everyMs: POLL_MS,
      });
      watches.set(folder.uri, poll);
      const hint =
        (err as NodeJS.ErrnoException).code === 'ENOSPC' ? ' (raise fs.inotify.max_user_watches)' : '';
      const message = `OpsDocs cannot watch ${folder.root} for changes on disk (${err.message})${hint}: it looks for changed files every ${POLL_MS / 1000} s instead.`;
      logger.log(message);
      void connection.window.showWarningMessage(message);
    },
  });
  watches.set(folder.uri, watch);
}

connection.onShutdown(async () => {
  for (const w of watches.values()) w.close();
  watches.clear();
  // A snapshot waiting for the folder to be left alone is written now (not behind a whole index).
  for (const [folder, timer] of snapshotTimers) {
    clearTimeout(timer);
    if (!folder.indexing) saves.add(folder.run(() => saveSnapshot(folder)));
  }
  snapshotTimers.clear();
  await Promise.all(saves); // the first publish of a folder just indexed, its snapshot and parse cache
});

const lookup: DocLookup = async (uri, scope = 'file') => {
  const hit = folderOf(uri);
  if (!hit) return undefined;
  await (scope === 'folder' ? hit.folder.settled() : hit.folder.settledFor(hit.rel));
  return { ...hit, doc: hit.folder.engine.documents().get(hit.rel) };
};

const handlerContext = { connection, lookup, folders: () => folders.values() };
registerHandlers(handlerContext);

registerCommands(
  connection,
  (uri) =>
    folders.get(uri) ??
    folderOf(uri)?.folder ??
    // A URI inside a folder: under its URI and a `/` (`…/ws-x` is not inside `…/ws`).
    [...folders.values()].find((f) => uri.startsWith(f.uri.endsWith('/') ? f.uri : `${f.uri}/`)),
  lookup,
  () => folders.values().next().value,
  fixAllCommand(handlerContext),
);

documents.listen(connection);
connection.listen();
