// Language-server measurements: spawns the built server (dist/server.js --stdio) with a minimal
// JSON-RPC client, opens a workspace cold and measures, in one session:
//  - time from `initialize` to the first full diagnostics (every file the engine reports findings
//    for has been published), and the end of the indexing progress;
//  - while that runs, a hover request every 20 ms: how long any request waited;
//  - re-validation after one edit: didChange on a runbook until its publishDiagnostics arrives;
//  - definition, references, completion and hover latencies;
//  - bursts of full-text edits to a big document (a long prose one, a slow-to-parse table): how
//    long hovers on another file wait meanwhile, against the idle hover latency above.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { readGnuTime, summarize } from './stats.mjs';

const now = () => performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const uriOf = (root, rel) => pathToFileURL(path.join(root, ...rel.split('/'))).href;

/** A 100-column table row: costly markup (about 1 s of parsing for 60 KB). */
const WIDE_ROW = `|${'a|'.repeat(100)}\n`;
const PROSE = Array.from(
  { length: 10_000 },
  (_, l) => `Line ${l}: see [the other runbook](other.md) for more.`,
);
/**
 * Bursts of full-text edits (as a tool or a paste storm sends them), each edit adding a line with
 * a broken link, so that the last text's re-read ends in a publication.
 */
const BURSTS = [
  {
    name: 'prose document (10,000 links)',
    file: 'bench-burst/prose.md',
    edits: 300,
    hoverEvery: 5,
    text: (i) => `# Big\n\n${PROSE.join('\n')}\n\nSee [gone](gone-${i}.md).\n`,
  },
  {
    name: 'wide table (slow to parse)',
    file: 'bench-burst/table.md',
    edits: 20,
    hoverEvery: 1,
    text: (i) =>
      `# Table\n\n|${'h|'.repeat(100)}\n|${'-|'.repeat(100)}\n${WIDE_ROW.repeat(280)}\nSee [gone](gone-${i}.md).\n`,
  },
];

/**
 * @param {object} o
 * @param {string} o.repo       the OpsDocs checkout (dist/server.js is spawned from it)
 * @param {string} o.root       workspace folder
 * @param {string} o.today      `opsdocs.today` sent as the folder's setting
 * @param {string[]} o.expected files the engine reports findings for (the full diagnostics)
 * @param {object[]} o.probes   runbook probes from synth.mjs
 * @param {number} o.edits      edits to time
 * @param {number} o.requests   requests of each kind to time
 * @param {number} o.seriesCapMs stop a series early when it has taken this long
 * @param {number} [o.requestCapMs] the same for each request series (default seriesCapMs)
 * @param {(m: string) => void} o.log
 * @param {string} [o.cacheDir] the client's storage folder (`initializationOptions.cacheDir`): the
 *                  server keeps its parse cache there
 * @param {boolean} [o.startOnly] measure the start (to the first full diagnostics) only
 * @param {string[]} [o.nodeArgs] node options for the server process (e.g. `--cpu-prof`)
 */
export async function lspBench(o) {
  const timeFile = path.join(os.tmpdir(), `opsdocs-bench-server-time-${process.pid}.txt`);
  const gnuTime = fs.existsSync('/usr/bin/time');
  const server = path.join(o.repo, 'dist', 'server.js');
  const cmd = gnuTime ? '/usr/bin/time' : process.execPath;
  const nodeArgs = [...(o.nodeArgs ?? []), server, '--stdio'];
  const args = gnuTime ? ['-v', '-o', timeFile, process.execPath, ...nodeArgs] : nodeArgs;
  const proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: o.cwd });
  let stderr = '';
  proc.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  const exited = new Promise((r) => proc.once('exit', r));
  const conn = createMessageConnection(
    new StreamMessageReader(proc.stdout),
    new StreamMessageWriter(proc.stdin),
  );

  const published = new Map(); // uri -> {count, at}
  const waiters = new Set();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const progress = { begin: undefined, end: undefined };
  const logs = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const e = published.get(p.uri) ?? { count: 0, at: 0, n: 0 };
    e.count++;
    e.at = now();
    e.n = p.diagnostics.length;
    published.set(p.uri, e);
    wake();
  });
  conn.onNotification('$/progress', (p) => {
    if (p.value?.kind === 'begin') progress.begin ??= now();
    if (p.value?.kind === 'end') progress.end = now();
    wake();
  });
  let serverIndexMs;
  let cacheHits;
  conn.onNotification('window/logMessage', (p) => {
    logs.push(p.message);
    const m = /^Indexed \d+ documents in .* in (\d+) ms(?: \((\d+) read from the cache\))?\.$/.exec(
      p.message,
    );
    if (m) {
      serverIndexMs = Number(m[1]);
      if (m[2] !== undefined) cacheHits = Number(m[2]);
    }
  });
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => ({ today: o.today })));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();

  const waitFor = (what, pred, ms) =>
    new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const check = () => {
        if (!pred()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(
            `timed out after ${ms} ms waiting for ${what}; server log tail:\n${logs.slice(-5).join('\n')}\n${stderr.slice(-2000)}`,
          ),
        );
      }, ms);
      waiters.add(check);
    });

  const result = { workspace: o.root, expectedFilesWithFindings: o.expected.length };
  const root = o.root;
  const probes = o.probes;
  try {
    // ---- cold start: initialize → first full diagnostics, hovering every 20 ms meanwhile ----
    const t0 = now();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'bench' }],
      ...(o.cacheDir ? { initializationOptions: { cacheDir: o.cacheDir } } : {}),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: {},
          synchronization: { dynamicRegistration: false },
          hover: { contentFormat: ['markdown'] },
        },
      },
    });
    result.initializeMs = now() - t0;
    const during = [];
    let probing = true;
    const hoverProbe = probes[0];
    const hoverUri = uriOf(root, hoverProbe.file);
    const timer = setInterval(() => {
      if (!probing) return;
      const sent = now();
      conn
        .sendRequest('textDocument/hover', { textDocument: { uri: hoverUri }, position: hoverProbe.link })
        .then(
          () => during.push({ sent: sent - t0, ms: now() - sent }),
          () => during.push({ sent: sent - t0, ms: now() - sent, failed: true }),
        );
    }, 20);
    await conn.sendNotification('initialized', {});
    const expectedUris = o.expected.map((f) => uriOf(root, f));
    const complete = () => expectedUris.every((u) => published.has(u));
    try {
      await waitFor('first full diagnostics', complete, 20 * 60_000);
      result.firstFullDiagnosticsMs = Math.max(...expectedUris.map((u) => published.get(u).at)) - t0;
      result.complete = true;
    } catch (e) {
      result.complete = false;
      result.error = e.message.split('\n')[0];
    }
    // The server's messages are written asynchronously, so the end of the indexing progress
    // reaches the client only after the first check that follows it. The indexing window is
    // therefore taken as: progress begin (as received) + the index time the server logs.
    result.serverIndexMs = serverIndexMs;
    result.cacheHits = cacheHits;
    result.progressBeginMs = progress.begin !== undefined ? progress.begin - t0 : undefined;
    result.progressEndReceivedMs = progress.end !== undefined ? progress.end - t0 : undefined;
    result.indexEndMs =
      serverIndexMs !== undefined && progress.begin !== undefined
        ? progress.begin - t0 + serverIndexMs
        : result.progressEndReceivedMs;
    result.publishedFiles = published.size;
    probing = false;
    clearInterval(timer);
    await sleep(200); // let the last hovers answer
    const windowEnd = result.firstFullDiagnosticsMs ?? Infinity;
    const inWindow = during.filter((d) => d.sent <= windowEnd);
    const inIndex = during.filter((d) => result.indexEndMs !== undefined && d.sent <= result.indexEndMs);
    result.requestsDuringStartup = {
      ...summarize(inWindow.map((d) => d.ms)),
      failed: inWindow.filter((d) => d.failed).length,
    };
    result.requestsDuringIndexing = summarize(inIndex.map((d) => d.ms));
    result.slowRequestsDuringStartup = {
      over100ms: inWindow.filter((d) => d.ms > 100).length,
      slowest: [...inWindow]
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 5)
        .map((d) => ({ sentMs: Math.round(d.sent), waitedMs: Math.round(d.ms) })),
    };
    result.longestWaitDuringIndexingMs = result.requestsDuringIndexing.max;
    result.longestWaitDuringStartupMs = result.requestsDuringStartup.max;
    o.log(
      `  lsp${o.cacheDir ? ` (cache: ${cacheHits ?? 0} hits)` : ''}: first full diagnostics ${(result.firstFullDiagnosticsMs / 1000).toFixed(1)} s (indexed in ${((serverIndexMs ?? NaN) / 1000).toFixed(1)} s); longest request wait ${Math.round(result.longestWaitDuringIndexingMs)} ms while indexing, ${Math.round(result.longestWaitDuringStartupMs)} ms until the first full diagnostics`,
    );

    if (o.startOnly) return result;
    // ---- open the probe runbooks ----
    const docs = probes.map((p) => ({
      p,
      uri: uriOf(root, p.file),
      version: 1,
      text: fs.readFileSync(path.join(root, p.file), 'utf8'),
      typed: false,
    }));
    for (const d of docs) {
      const before = published.get(d.uri)?.count ?? 0;
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: d.uri, languageId: 'markdown', version: d.version, text: d.text },
      });
      await waitFor(
        `diagnostics of ${d.p.file} after didOpen`,
        () => (published.get(d.uri)?.count ?? 0) > before,
        60_000,
      );
    }

    // ---- edit re-validation ----
    const editMs = [];
    const editStart = now();
    for (let i = 0; i < o.edits && now() - editStart < o.seriesCapMs; i++) {
      const d = docs[i % docs.length];
      const at = d.p.edit;
      const change = d.typed
        ? { range: { start: at, end: { line: at.line, character: at.character + 6 } }, text: '' }
        : { range: { start: at, end: at }, text: ' Done.' };
      d.typed = !d.typed;
      d.version++;
      const before = published.get(d.uri)?.count ?? 0;
      const sent = now();
      await conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: d.uri, version: d.version },
        contentChanges: [change],
      });
      await waitFor(
        `diagnostics of ${d.p.file} after edit ${i}`,
        () => (published.get(d.uri)?.count ?? 0) > before,
        60_000,
      );
      editMs.push(now() - sent);
    }
    result.editRevalidation = summarize(editMs);
    o.log(
      `  lsp: edit re-validation p50 ${result.editRevalidation.p50.toFixed(1)} ms, p95 ${result.editRevalidation.p95.toFixed(1)} ms (${editMs.length} edits)`,
    );

    // ---- navigation requests ----
    const series = async (name, method, paramsOf, nonEmpty) => {
      const ms = [];
      let hits = 0;
      const start = now();
      for (let i = 0; i < o.requests && now() - start < (o.requestCapMs ?? o.seriesCapMs); i++) {
        const params = paramsOf(i);
        const sent = now();
        const res = await conn.sendRequest(method, params);
        ms.push(now() - sent);
        if (nonEmpty(res)) hits++;
      }
      result[name] = { ...summarize(ms), nonEmpty: hits };
      o.log(
        `  lsp: ${name} p50 ${result[name].p50.toFixed(1)} ms, p95 ${result[name].p95.toFixed(1)} ms (${ms.length} requests, ${hits} with a result)`,
      );
    };
    const at = (i, pos) => ({
      textDocument: { uri: docs[i % docs.length].uri },
      position: pos(docs[i % docs.length].p),
    });
    const some = (r) => (Array.isArray(r) ? r.length > 0 : !!r);
    await series('definition', 'textDocument/definition', (i) => at(i, (p) => (i % 2 ? p.id : p.link)), some);
    await series(
      'references',
      'textDocument/references',
      (i) => ({ ...at(i, (p) => (i % 2 ? p.link : p.heading)), context: { includeDeclaration: true } }),
      some,
    );
    await series(
      'completion',
      'textDocument/completion',
      (i) => at(i, (p) => p.completion[Math.floor(i / docs.length) % p.completion.length]),
      (r) => (Array.isArray(r) ? r.length : (r?.items?.length ?? 0)) > 0,
    );
    await series('hover', 'textDocument/hover', (i) => at(i, (p) => (i % 2 ? p.id : p.link)), some);

    // ---- bursts of full-text edits to a big document, hovering on another file meanwhile ----
    result.editBursts = [];
    for (const b of BURSTS) {
      const uri = uriOf(root, b.file);
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text: b.text(0) },
      });
      const waits = [];
      const hovers = [];
      const hover = () => {
        const sent = now();
        const p = at(0, (p) => p.link);
        hovers.push(conn.sendRequest('textDocument/hover', p).then(() => waits.push(now() - sent)));
      };
      const start = now();
      // Each edit is written before the next (so the pipe is not filled ahead of the hovers).
      for (let i = 1; i <= b.edits; i++) {
        await conn.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: i + 1 },
          contentChanges: [{ text: b.text(i) }],
        });
        if (i % b.hoverEvery === 0) hover();
      }
      // Then while the last text is read: a hover every 50 ms until it is published.
      const before = published.get(uri)?.count ?? 0;
      const done = () => (published.get(uri)?.count ?? 0) > before && published.get(uri).n > 0;
      while (!done() && now() - start < 120_000) {
        hover();
        await Promise.race([hovers[hovers.length - 1], sleep(1000)]);
        await sleep(50);
      }
      await Promise.all(hovers);
      const r = {
        name: b.name,
        kb: Math.round(b.text(b.edits).length / 1024),
        edits: b.edits,
        publications: published.get(uri)?.count ?? 0,
        hoverOnAnotherFile: summarize(waits),
        ms: Math.round(now() - start),
      };
      result.editBursts.push(r);
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
      o.log(
        `  lsp: ${r.edits} edits of a ${r.kb} KB ${r.name}: hover on another file p50 ${r.hoverOnAnotherFile.p50.toFixed(1)} ms, max ${r.hoverOnAnotherFile.max.toFixed(1)} ms (${r.hoverOnAnotherFile.n} hovers); ${r.publications} publications`,
      );
    }
  } finally {
    try {
      await Promise.race([conn.sendRequest('shutdown'), sleep(5000)]);
      await conn.sendNotification('exit');
    } catch {
      // gone already
    }
    const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
    conn.dispose();
    // (in `finally`: the result of a start-only run, returned above, gets these too)
    if (gnuTime) {
      const g = readGnuTime(timeFile);
      fs.rmSync(timeFile, { force: true });
      result.serverMaxRssMb = g.maxRssMb;
      result.serverCpuS = g.userS + g.sysS;
    }
  }
  return result;
}
