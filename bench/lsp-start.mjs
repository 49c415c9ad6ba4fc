// The language server's start on a synthetic workspace, alone (what `npm run bench` measures on
// the 10k workspace among the rest): time from `initialize` to the first full diagnostics, cold
// (an empty storage folder: every text parsed, the parse cache written), then with that cache and
// nothing changed (the last check's findings shown at once), and with that cache after one
// document changed (its own storage folder copied, so later starts still find nothing changed).
//
// usage: node bench/lsp-start.mjs [--docs N] [--runs N] [--no-build] [--keep DIR]
//                                 [--baseline CHECKOUT] [--prof DIR]
//   --docs N      workspace size (default 10000)
//   --runs N      cold + cached pairs (default 1); with --baseline each pair is run for both
//                 servers, interleaved
//   --more-cached N  then N more starts with the cache of the last pair (interleaved too)
//   --more-edited N  then N more starts with that cache after one document changed (interleaved)
//   --no-build    do not rebuild dist/ and bench/out/ first
//   --keep DIR    generate the workspace in DIR and keep it (an existing one is reused)
//   --baseline CHECKOUT  another checkout with dist/ built: its server is measured too
//   --prof DIR    run the server with --cpu-prof (one profile per thread) into DIR
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generate, SYNTH_TODAY } from './synth.mjs';
import { lspBench } from './lsp.mjs';
import { median } from './stats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const { values: opts } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '1' },
    'more-cached': { type: 'string', default: '0' },
    'more-edited': { type: 'string', default: '0' },
    'no-build': { type: 'boolean', default: false },
    keep: { type: 'string' },
    baseline: { type: 'string' },
    prof: { type: 'string' },
  },
});
const started = Date.now();
const log = (m) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}\n`);
if (!opts['no-build']) {
  execFileSync(process.execPath, [path.join(repo, 'esbuild.mjs')], { cwd: repo, stdio: 'inherit' });
  await (await import('./build.mjs')).buildBench();
}
const n = Number(opts.docs);
const root = opts.keep ? path.resolve(opts.keep) : fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-lsp-'));
const marker = path.join(root, '.bench-probes.json');
let probes;
if (fs.existsSync(marker)) {
  probes = JSON.parse(fs.readFileSync(marker, 'utf8'));
  log(`reusing the workspace in ${root}`);
} else {
  probes = generate(root, n).probes;
  if (opts.keep) fs.writeFileSync(marker, JSON.stringify(probes));
  log(`generated ${n} docs in ${root}`);
}
// The files the engine reports findings for: the server's diagnostics are complete when each has some.
const filesOut = path.join(os.tmpdir(), `opsdocs-lsp-start-${process.pid}.json`);
execFileSync(
  process.execPath,
  [path.join(here, 'out', 'engine.cjs'), '--today', SYNTH_TODAY, '--files-out', filesOut, root],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const expected = JSON.parse(fs.readFileSync(filesOut, 'utf8'))[root] ?? [];
fs.rmSync(filesOut, { force: true });
log(`${expected.length} files with findings to wait for`);

const servers = [{ name: 'this', repo }];
if (opts.baseline) servers.push({ name: 'baseline', repo: path.resolve(opts.baseline) });
const PHASES = ['cold', 'cached', 'edited'];
const figures = Object.fromEntries(servers.map((s) => [s.name, { cold: [], cached: [], edited: [] }]));
const edited = path.join(root, probes[0].file);
const original = fs.readFileSync(edited, 'utf8');
const storage = new Map();
const runs = Number(opts.runs);
const moreCached = Number(opts['more-cached']);
for (let i = 0; i < runs + moreCached + Number(opts['more-edited']); i++) {
  for (const s of servers) {
    if (i < runs) {
      fs.rmSync(storage.get(s.name) ?? '', { recursive: true, force: true });
      storage.set(s.name, fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-lsp-cache-')));
    }
    for (const phase of i < runs ? PHASES : i < runs + moreCached ? ['cached'] : ['edited']) {
      let cacheDir = storage.get(s.name);
      if (phase === 'edited') {
        fs.writeFileSync(edited, `${original}\n`);
        cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-lsp-cache-'));
        fs.cpSync(storage.get(s.name), cacheDir, { recursive: true });
      }
      const nodeArgs = opts.prof
        ? ['--cpu-prof', '--cpu-prof-dir', path.join(path.resolve(opts.prof), `${s.name}-${phase}-${i + 1}`)]
        : [];
      log(`${s.name}, ${phase}, run ${i + 1} (load ${os.loadavg()[0].toFixed(2)})`);
      const r = await lspBench({
        repo: s.repo,
        root,
        today: SYNTH_TODAY,
        expected,
        probes,
        cacheDir,
        startOnly: true,
        nodeArgs,
        log,
      });
      if (phase === 'edited') {
        fs.writeFileSync(edited, original);
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
      if (!r.complete) throw new Error(`${s.name} ${phase}: ${r.error}`);
      figures[s.name][phase].push(r);
      log(
        `  ${(r.firstFullDiagnosticsMs / 1000).toFixed(2)} s to the first full diagnostics, CPU ${r.serverCpuS?.toFixed(1)} s, peak RSS ${r.serverMaxRssMb?.toFixed(0)} MB`,
      );
    }
  }
}
for (const dir of storage.values()) fs.rmSync(dir, { recursive: true, force: true });
const out = {};
for (const [name, f] of Object.entries(figures)) {
  out[name] = {};
  for (const phase of PHASES) {
    const list = f[phase];
    out[name][phase] = {
      firstFullDiagnosticsS: median(list.map((r) => r.firstFullDiagnosticsMs)) / 1000,
      all: list.map((r) => Math.round(r.firstFullDiagnosticsMs) / 1000),
      cpuS: median(list.map((r) => r.serverCpuS)),
      maxRssMb: Math.max(...list.map((r) => r.serverMaxRssMb)),
      longestWaitMs: Math.max(...list.map((r) => r.longestWaitDuringStartupMs)),
      slowestWaits: list.map((r) => r.slowRequestsDuringStartup.slowest),
      serverIndexS: list.map((r) => r.serverIndexMs / 1000),
    };
  }
}
process.stdout.write(JSON.stringify({ docs: n, load: os.loadavg(), ...out }, null, 2) + '\n');
if (!opts.keep) fs.rmSync(root, { recursive: true, force: true });
