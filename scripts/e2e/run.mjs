#!/usr/bin/env node
// Real-editor end-to-end run for OpsDocs.
//
// Starts a private code-server (the VS Code server + web workbench), installs the extension,
// opens the workbench in headless Debian Chromium (driven by playwright-core) and runs the mocha
// suite named by extensionTestsPath inside code-server's real Node extension host. Optionally
// drives the UI afterwards (--smoke): Quick Open a file, read the Problems panel, run a command
// from the palette, take a screenshot.
//
// Why not @vscode/test-electron: it cannot download VS Code on these machines. The test entry
// (test/e2e/index.js) is the standard `run()` export, so the very same suite also runs under
// test-electron where a download works (see test/e2e/electron.js).
//
// Prerequisite: `npm run e2e:setup` (scripts/e2e/setup.sh: code-server, Node 24 and
// playwright-core into a versioned cache, Chromium from Debian). This script only finds them
// (tools.mjs).
//
// Usage:
//   node scripts/e2e/run.mjs [options] [extension.vsix | extension-folder]
//
// Without an argument the repo itself is the extension (built dist/ from `npm run build`).
//
// Options:
//   --workspace DIR        folder to test on (default: docs/examples/handbook). The workbench
//                          opens a fresh copy of it under the run folder (tests create and edit
//                          files), never the folder itself; the smoke drive gets its own copy.
//   --today DATE           seed the copy's .vscode/settings.json with "opsdocs.today": DATE, so
//                          date checks are reproducible (default: 2026-11-26; '' seeds nothing)
//   --tests FILE           extensionTestsPath, a run() module (default: test/e2e/index.js)
//   --no-tests             do not run the mocha suite (use with --smoke)
//   --grep PATTERN         only run tests whose title matches (passed as OPSDOCS_E2E_GREP)
//   --suite NAME           run test/e2e/NAME/*.test.js (default: suite; passed as OPSDOCS_E2E_SUITE)
//   --restricted           workspace trust on and the folder not trusted: Restricted Mode
//   --timeout SEC          overall deadline for the whole run (default: 240)
//   --smoke OUTDIR         after the tests, drive the UI and save screenshots in OUTDIR:
//                          diagnostics.png (the file and the Problems panel), digest-wide.png
//                          (right after the palette command), digest.png (the command's
//                          editors only: side bar, panel and the first editor closed), smoke.png
//   --shots DIR            save the screenshots the tests ask for (helpers.js screenshot()) in DIR
//   --smoke-file NAME      file to Quick Open (default: docs/runbooks/incident-response.md)
//   --smoke-expect TEXT    the Problems panel must list this (default: 'Missing required section
//                          "Rollback"'; '' checks nothing)
//   --smoke-command TITLE  command palette entry to run (default: "OpsDocs: Generate Status Digest")
//   --keep                 keep the temporary run folder (logs, profiles) for inspection
//   --verbose              also print the full browser console and code-server's log
//
// Exit code: the tests' exit code (0 pass, 1 failures), 1 if the smoke drive failed,
// 2 for a harness error, 124 when the overall timeout hit. The code-server process group and
// the browser are always torn down, also on failure, timeout, SIGINT and SIGTERM.
//
// Environment: OPSDOCS_E2E_CACHE and OPSDOCS_E2E_CHROMIUM as in tools.mjs; OPSDOCS_E2E_KEEP=1 is
// the same as --keep.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { e2eTools } from './tools.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const T0 = Date.now();
const stamp = () => `[e2e ${((Date.now() - T0) / 1000).toFixed(1).padStart(5)}s]`;
const log = (...a) => console.log(stamp(), ...a);

// Same settings a fresh profile gets: no welcome page, chat, trust prompt, tips or update checks.
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': 'off',
  'update.mode': 'none',
  'git.enabled': false,
};

// Chromium flags: no sandbox (containers, root), no GPU, nothing phoning home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

// ---------------------------------------------------------------------------------------------
// Arguments and cache lookup

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workspace: { type: 'string', default: path.join(REPO, 'docs/examples/handbook') },
    tests: { type: 'string', default: path.join(REPO, 'test/e2e/index.js') },
    'no-tests': { type: 'boolean', default: false },
    grep: { type: 'string' },
    suite: { type: 'string' },
    restricted: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '240' },
    smoke: { type: 'string' },
    shots: { type: 'string' },
    today: { type: 'string', default: '2026-11-26' },
    'smoke-file': { type: 'string', default: 'docs/runbooks/incident-response.md' },
    'smoke-expect': { type: 'string', default: 'Missing required section "Rollback"' },
    'smoke-command': { type: 'string', default: 'OpsDocs: Generate Status Digest' },
    keep: { type: 'boolean', default: process.env.OPSDOCS_E2E_KEEP === '1' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help || positionals.length > 1) {
  const head = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n\n')[0];
  console.log(head.replace(/^#!.*\n/, '').replace(/^\/\/ ?/gm, ''));
  process.exit(opt.help ? 0 : 2);
}
const target = path.resolve(positionals[0] ?? REPO);
const isVsix = target.endsWith('.vsix');
const sourceWorkspace = path.resolve(opt.workspace);
const testsPath = opt['no-tests'] ? null : path.resolve(opt.tests);
const timeoutMs = Number(opt.timeout) * 1000;
if (!(timeoutMs > 0)) fail(`--timeout wants a number of seconds, got ${opt.timeout}`);
if (opt.today && !/^\d{4}-\d{2}-\d{2}$/.test(opt.today))
  fail(`--today wants YYYY-MM-DD or '', got ${opt.today}`);
for (const [what, p] of [
  ['extension', target],
  ['workspace', sourceWorkspace],
  ['tests', testsPath],
]) {
  if (p && !fs.existsSync(p)) fail(`${what} not found: ${p}`);
}
if (!isVsix && !fs.existsSync(path.join(target, 'package.json'))) fail(`no package.json in ${target}`);
if (!testsPath && !opt.smoke) fail('nothing to do: --no-tests without --smoke');

// The browser and the cached tools (tools.mjs: OPSDOCS_E2E_CHROMIUM, PATH, the cache folder).
const tools = e2eTools();
if (tools.missing.length > 0) fail(`${tools.missing.join('; ')}: run npm run e2e:setup first`);
const { nodeBin, csEntry, chromium: CHROMIUM } = tools;
const { chromium } = createRequire(tools.playwright)('playwright-core');

function fail(msg) {
  console.error(`run.mjs: ${msg}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Run folder: every run gets its own profile, extensions, XDG dirs, TMPDIR and browser profile,
// so nothing is shared with other runs or written to $HOME.

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-e2e-'));
const dirs = {
  userData: path.join(run, 'user-data'),
  exts: path.join(run, 'extensions'),
  home: path.join(run, 'home'),
  tmp: path.join(run, 'tmp'),
  chrome: path.join(run, 'chrome'),
};
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
fs.mkdirSync(path.join(dirs.userData, 'User'));
// --restricted: trust is on, nobody is asked, so the folder opens in Restricted Mode.
const RESTRICTED = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
};
fs.writeFileSync(
  path.join(dirs.userData, 'User/settings.json'),
  JSON.stringify({ ...SETTINGS, ...(opt.restricted ? RESTRICTED : {}) }, null, 2),
);
const reportFile = path.join(run, 'mocha-report.log');

/**
 * A fresh copy of the workspace folder under the run folder (same base name, so the window
 * title and workspace name stay the same), with "opsdocs.today" merged into the copy's
 * .vscode/settings.json. The tests create, edit and undo files there; the repo is never touched.
 */
function copyWorkspace(name) {
  const dest = path.join(run, name, path.basename(sourceWorkspace));
  fs.cpSync(sourceWorkspace, dest, { recursive: true });
  if (opt.today) {
    const file = path.join(dest, '.vscode/settings.json');
    let settings = {};
    if (fs.existsSync(file)) {
      try {
        settings = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (e) {
        throw new Error(`cannot seed ${file}: not plain JSON (${e.message})`, { cause: e });
      }
    }
    settings['opsdocs.today'] = opt.today;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2) + '\n');
  }
  log(`workspace copy: ${dest}`);
  return dest;
}
let workspace = null; // the copy the current window opens (set by main)
const csLogFile = path.join(run, 'code-server.log');

const env = {
  ...process.env,
  PATH: `${nodeBin}:${process.env.PATH}`,
  HOME: dirs.home,
  XDG_CONFIG_HOME: path.join(run, 'xdg/config'),
  XDG_DATA_HOME: path.join(run, 'xdg/data'),
  XDG_CACHE_HOME: path.join(run, 'xdg/cache'),
  TMPDIR: dirs.tmp, // the server puts vscode-ipc-*.sock and friends in os.tmpdir()
  // Read by test/e2e/index.js inside the extension host: mirror mocha's report into this file
  // (the browser console does not always get the extension host's output) and optional grep.
  OPSDOCS_E2E_REPORT: reportFile,
  ...(opt.grep ? { OPSDOCS_E2E_GREP: opt.grep } : {}),
  ...(opt.suite ? { OPSDOCS_E2E_SUITE: opt.suite } : {}),
  // Read by test/e2e/suite/helpers.js screenshot(): where the screenshots the tests ask for go.
  ...(opt.shots ? { OPSDOCS_E2E_SHOTS: path.resolve(opt.shots) } : {}),
};
delete env.ELECTRON_RUN_AS_NODE;
delete env.VSCODE_IPC_HOOK_CLI; // if started from a VS Code terminal, don't talk to that editor
delete env.NODE_OPTIONS; // e.g. a tsx loader from the unit-test setup has no place in code-server

const csBaseArgs = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.exts];

// ---------------------------------------------------------------------------------------------
// Teardown, shared by the normal path, errors, timeout and signals.

let server = null; // code-server ChildProcess (leader of its own process group)
let context = null; // playwright BrowserContext
let cleaning = null;
let devPath = null; // extensionDevelopmentPath for the test window

/** PIDs of all descendants of `root`, read from /proc (children before parents). */
function descendants(root) {
  const kids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(d));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of kids.get(p) || []) {
      walk(c);
      out.push(c);
    }
  };
  walk(root);
  return out;
}
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM the code-server group and every descendant PID, then SIGKILL what is left. */
async function stopServer() {
  if (!server?.pid) return;
  const pid = server.pid;
  const pids = [...descendants(pid), pid]; // also catches anything that left the group
  const signal = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* group gone */
    }
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {
        /* gone */
      }
    }
  };
  signal('SIGTERM');
  for (let i = 0; i < 30 && pids.some(alive); i++) await sleep(100);
  if (pids.some(alive)) signal('SIGKILL');
  for (let i = 0; i < 20 && pids.some(alive); i++) await sleep(100);
  server = null;
}

async function cleanup() {
  cleaning ??= (async () => {
    if (context) {
      // ctx.close() normally ends the browser; bound it, and kill leftovers below anyway.
      await Promise.race([context.close().catch(() => {}), sleep(5000)]);
      context = null;
    }
    await stopServer();
    // Anything still below this process (a browser that ignored close) is ours: kill by PID.
    for (const p of descendants(process.pid)) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (opt.keep) log(`run folder kept: ${run}`);
    else fs.rmSync(run, { recursive: true, force: true, maxRetries: 3 });
  })();
  return cleaning;
}

// Playwright's own signal handlers are switched off (handleSIGINT: false ...) so that this one
// decides the order: browser, then the code-server tree, then the run folder; then exit.
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (interrupted) {
      // second signal: no more patience
      try {
        process.kill(-server?.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      process.exit(130);
    }
    interrupted = true;
    log(`${sig}: stopping`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------
// code-server

/**
 * Installs a .vsix into the run's extensions dir and returns the folder it was unpacked to.
 * The workbench only runs extensionTestsPath in an extension-development window, so the vsix
 * run then points extensionDevelopmentPath at that installed folder: the code under test is
 * exactly what the package contains (package.json "files" applied), not the repo checkout.
 */
function installVsix(vsix) {
  log(`installing ${path.basename(vsix)}`);
  const r = spawnSync(path.join(nodeBin, 'node'), [csEntry, ...csBaseArgs, '--install-extension', vsix], {
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.status !== 0 || !/successfully installed/i.test(out))
    throw new Error(`--install-extension failed:\n${out}`);
  log(out.split('\n').pop());
  const installed = fs
    .readdirSync(dirs.exts, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dirs.exts, e.name, 'package.json')));
  if (installed.length !== 1)
    throw new Error(`expected one installed extension in ${dirs.exts}, found ${installed.length}`);
  return path.join(dirs.exts, installed[0].name);
}

/** Start code-server on a free port (port 0) and resolve with the port it reports. */
function startServer() {
  const args = [
    csEntry,
    '--auth',
    'none',
    '--bind-addr',
    '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    ...(opt.restricted ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--vscode-option',
    'enable-smoke-test-driver',
    ...csBaseArgs,
  ];
  // detached: own process group, so the whole tree (wrapper, server, extension hosts,
  // language servers) can be signalled at once.
  server = spawn(path.join(nodeBin, 'node'), args, {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logStream = fs.createWriteStream(csLogFile);
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      logStream.write(chunk);
      if (opt.verbose) process.stdout.write(`[code-server] ${chunk}`);
      text += chunk;
      const m = text.match(/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve(Number(m[1]));
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    server.on('exit', (code) => reject(new Error(`code-server exited (${code}) before listening:\n${text}`)));
    server.on('error', reject);
    setTimeout(() => reject(new Error(`code-server did not report a port within 60 s:\n${text}`)), 60_000);
  });
}

// ---------------------------------------------------------------------------------------------
// Browser side

/** Workbench URL: open `folder`, optionally with an extensionDevelopmentPath/extensionTestsPath payload. */
function workbenchUrl(port, { dev, tests }) {
  const authority = `127.0.0.1:${port}`;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [];
  if (dev) payload.push(['extensionDevelopmentPath', remote(dev)]);
  if (tests) payload.push(['extensionTestsPath', remote(tests)]);
  let url = `http://${authority}/?folder=${encodeURIComponent(workspace)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Forwarded extension-host console lines look like "%c[Extension Host] %cmsg color: ...". */
function cleanConsole(text) {
  return text
    .replace(/%c/g, '')
    .replace(/\s*(color|font-weight|background)\s*:\s*[^;]*;?/gi, ' ')
    .replace(/\s+$/, '');
}

/** Streams new text of a growing file (mocha's mirrored report) to stdout. */
function tailFile(file, prefix) {
  let pos = 0;
  let partial = '';
  const pump = () => {
    let fd;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= pos) return;
      const buf = Buffer.alloc(size - pos);
      fs.readSync(fd, buf, 0, buf.length, pos);
      pos = size;
      const lines = (partial + buf.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const l of lines) console.log(prefix + l);
    } finally {
      fs.closeSync(fd);
    }
  };
  const timer = setInterval(pump, 200);
  return () => {
    clearInterval(timer);
    pump();
    if (partial) console.log(prefix + partial);
  };
}

/**
 * After a failure, show what the extension host logged: its own errors (e.g. "Activating
 * extension ... failed" with the stack) and the tail of every output channel an extension
 * created (e.g. the language client's "OpsDocs" channel).
 */
function printExtensionHostLogs() {
  const root = path.join(dirs.userData, 'logs');
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.log')) files.push(p);
    }
  };
  try {
    walk(root);
  } catch {
    return;
  }
  for (const f of files.filter((f) => path.basename(f) === 'remoteexthost.log')) {
    const errors = fs
      .readFileSync(f, 'utf8')
      .split('\n')
      .filter((l) => /\[error\]/.test(l) || /^\s+at /.test(l));
    if (errors.length) {
      log(`extension host errors (${path.relative(run, f)}):`);
      for (const l of errors.slice(-40)) console.log(`  ! ${l}`);
    }
  }
  for (const f of files.filter((f) => /[/\\]output_logging_[^/\\]+[/\\]/.test(f))) {
    const lines = fs.readFileSync(f, 'utf8').trim().split('\n').filter(Boolean);
    if (!lines.length) continue;
    log(
      `output channel ${path.basename(f, '.log').replace(/^\d+-/, '')} (last ${Math.min(lines.length, 20)} lines):`,
    );
    for (const l of lines.slice(-20)) console.log(`  > ${l}`);
  }
}

/** Runs the mocha suite in the extension host; resolves with its exit code. */
async function runTests(port) {
  const page = await context.newPage();
  let reportSeen = false;
  let resolveExit;
  const exited = new Promise((r) => {
    resolveExit = r;
  });
  // The smoke-test driver makes the workbench call window.codeAutomationExit(code) when the
  // extension host's test runner finishes.
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
  // A test asks for a screenshot (helpers.js screenshot()) by writing NAME.request in --shots:
  // NAME is written whole (then renamed), so the test that waits for it never sees half of it.
  const shots = opt.shots && path.resolve(opt.shots);
  let shooting = false;
  const shotTimer =
    shots &&
    setInterval(async () => {
      if (shooting) return;
      shooting = true;
      try {
        for (const req of fs.readdirSync(shots).filter((f) => /^[\w.-]+\.png\.request$/.test(f))) {
          const file = path.join(shots, req.slice(0, -'.request'.length));
          fs.rmSync(path.join(shots, req), { force: true });
          await page.screenshot({ path: `${file}.part.png` });
          fs.renameSync(`${file}.part.png`, file);
          log(`screenshot ${file}`);
        }
      } catch (e) {
        log(`screenshot failed: ${e.message}`);
      } finally {
        shooting = false;
      }
    }, 150);
  if (shots) fs.mkdirSync(shots, { recursive: true });
  page.on('console', (m) => {
    const text = cleanConsole(m.text());
    // Mocha's output normally arrives through the mirrored report file; the browser console is
    // the fallback (and shows extension-host errors that happen outside mocha).
    if (opt.verbose) console.log(`  [browser:${m.type()}] ${text}`);
    else if (!reportSeen && /^\[Extension Host\]/.test(text))
      console.log(`  ${text.replace(/^\[Extension Host\]\s?/, '')}`);
  });
  page.on('pageerror', (e) => opt.verbose && console.log(`  [pageerror] ${e.message}`));
  const stopTail = tailFile(reportFile, '  | ');
  const watchReport = setInterval(() => {
    reportSeen ||= fs.existsSync(reportFile);
  }, 100);
  const url = workbenchUrl(port, { dev: devPath, tests: testsPath });
  log(
    `running ${testsPath.startsWith(REPO + path.sep) ? path.relative(REPO, testsPath) : testsPath} in the extension host`,
  );
  if (opt.verbose) log(`open ${url}`);
  await page.goto(url);
  const code = await exited;
  clearInterval(watchReport);
  if (shotTimer) clearInterval(shotTimer);
  stopTail();
  if (code !== 0) printExtensionHostLogs();
  if (opt.smoke) await page.screenshot({ path: path.join(opt.smoke, 'tests.png') }).catch(() => {});
  await page.close().catch(() => {});
  return code;
}

/**
 * UI smoke drive, like a user: Quick Open a file, read the Problems panel (it must list
 * --smoke-expect), run --smoke-command from the command palette and wait for its editors (for
 * the digest: the document and its Markdown preview). Screenshots in OUTDIR: diagnostics.png,
 * digest-wide.png, digest.png (side bar, panel and the first editor closed) and smoke.png (the
 * final state, also after a failure). Returns 0 or 1. Waits on the DOM, never a fixed time.
 */
async function smoke(port) {
  const out = path.resolve(opt.smoke);
  fs.mkdirSync(out, { recursive: true });
  const page = await context.newPage();
  const file = opt['smoke-file'];
  const base = path.basename(file);
  const title = opt['smoke-command'];
  const expect = opt['smoke-expect'];
  const shot = async (name) => {
    const p = path.join(out, name);
    await page.screenshot({ path: p });
    log(`smoke: screenshot ${p}`);
  };
  // Text of every row of a list, one line per row (label, description, message, source, code and
  // position are separate elements). evaluate(): no auto-waiting on absent nodes.
  const rowsOf = (selector) =>
    page.evaluate(
      (sel) =>
        [...document.querySelectorAll(sel)].map((row) => {
          const parts = [];
          const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode())
            if (n.data.trim()) parts.push(n.data.trim());
          return parts.join(' ');
        }),
      selector,
    );
  const tab = (name) => `.tabs-container .tab[data-resource-name="${name}"]`;
  let ok = false;
  let step = 'loading the workbench';
  try {
    await page.goto(workbenchUrl(port, { dev: isVsix ? null : target })); // vsix: installed normally
    await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    log('smoke: workbench up');
    await page
      .locator('.monaco-workbench .part.editor')
      .click()
      .catch(() => {}); // focus the workbench

    step = `Quick Open ${file}`;
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(file);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: base })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${tab(base)}.active`, { timeout: 20_000 });
    await page.waitForSelector('.part.editor .monaco-editor .view-lines .view-line', { timeout: 20_000 });
    log(`smoke: opened ${base}`);

    step = 'Problems panel';
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel', { timeout: 20_000 });
    const rowSel = '.markers-panel .monaco-list-row';
    const listed = await page
      .waitForFunction(
        ({ sel, text }) =>
          [...document.querySelectorAll(sel)].some((r) => (text ? r.textContent.includes(text) : true)),
        { sel: rowSel, text: expect },
        { timeout: 30_000 },
      )
      .then(
        () => true,
        () => false,
      );
    const problems = await rowsOf(rowSel);
    log(`smoke: Problems panel (${problems.length} rows)`);
    for (const l of problems) console.log(`  > ${l}`);
    const status = await page.evaluate(() => {
      const item = document.getElementById('status.problems');
      return item?.querySelector('[aria-label]')?.getAttribute('aria-label') || item?.textContent || '';
    });
    log(`smoke: status bar: ${JSON.stringify(status.replace(/\s+/g, ' ').trim())}`);
    if (!listed)
      throw new Error(
        expect ? `the Problems panel does not list ${JSON.stringify(expect)}` : 'no problems listed',
      );
    log(`smoke: Problems panel lists ${JSON.stringify(expect)}`);
    // The squiggle in the editor too, so the screenshot shows both.
    await page
      .waitForSelector('.part.editor .monaco-editor .squiggly-error', { timeout: 15_000 })
      .catch(() => {});
    await page
      .waitForFunction(
        () => !/Activating Extensions/i.test(document.querySelector('.part.statusbar')?.textContent || ''),
        null,
        { timeout: 15_000 },
      )
      .catch(() => {}); // a cleaner status bar in the screenshot
    await shot('diagnostics.png');

    step = `command palette: "${title}"`;
    const tabsBefore = await page.$$eval('.tabs-container .tab', (ts) => ts.length);
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await entry.waitFor({ timeout: 15_000 });
    const picked = (await entry.getAttribute('aria-label')) || title;
    await entry.click(); // the matching entry, not whatever the list put first
    await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: 10_000 }).catch(() => {});
    log(`smoke: ran "${picked}"`);
    // The command's editors: for the digest an untitled document and its preview (two new tabs),
    // and the preview's webview showing the digest's heading.
    const wantTabs = /digest/i.test(title) ? 2 : 1;
    await page.waitForFunction(
      ({ n }) => document.querySelectorAll('.tabs-container .tab').length >= n,
      { n: tabsBefore + wantTabs },
      { timeout: 30_000 },
    );
    const tabs = await rowsOf('.tabs-container .tab');
    log(`smoke: editor tabs: ${tabs.map((t) => JSON.stringify(t)).join(', ')}`);
    if (/digest/i.test(title)) {
      const deadline = Date.now() + 30_000;
      let rendered = false;
      while (!rendered && Date.now() < deadline) {
        // the preview is a webview: nested iframes
        for (const f of page.frames()) {
          const text = await f.evaluate(() => document.body?.innerText || '').catch(() => '');
          if (/^\s*Status digest/m.test(text)) {
            rendered = true;
            break;
          }
        }
        if (!rendered) await page.waitForTimeout(200); // poll interval, bounded by the deadline
      }
      if (!rendered) throw new Error('the Markdown preview of the digest did not render "Status digest"');
      log('smoke: digest preview rendered');
      // Its ```mermaid graphs drawn by the extension's Mermaid (markdown.previewScripts).
      let drawn = false;
      while (!drawn && Date.now() < deadline + 30_000) {
        for (const f of page.frames())
          drawn ||= await f
            .evaluate(() => !!document.querySelector('.opsdocs-mermaid svg'))
            .catch(() => false);
        if (!drawn) await page.waitForTimeout(200); // poll interval, bounded by the deadline
      }
      // Seen to fail once in three fresh-clone runs with the preview rendered (cause not found yet):
      // reported, not fatal, until it is; the digest panel's graphs are asserted by 12-views.
      if (!drawn) {
        // What the preview holds instead, so that the next failure says why.
        const states = [];
        for (const f of page.frames())
          states.push(
            await f
              .evaluate(() => ({
                blocks: document.querySelectorAll('code.language-mermaid').length,
                errors: [...document.querySelectorAll('.opsdocs-mermaid-error')].map((e) => e.textContent),
                hidden: document.hidden,
              }))
              .catch(() => undefined),
          );
        const seen = states.filter((s) => s && (s.blocks || s.errors.length));
        log(
          `smoke: WARNING the Markdown preview of the digest did not draw its Mermaid graphs (no SVG): ${JSON.stringify(seen)}`,
        );
      } else log('smoke: digest preview drew its Mermaid graphs');
    }
    const toasts = await page.evaluate(
      () => document.querySelector('.notifications-toasts')?.innerText.trim() || '',
    );
    if (toasts) log(`smoke: notifications: ${JSON.stringify(toasts.replace(/\s+/g, ' '))}`);
    await shot('digest-wide.png');

    step = 'tidying up for digest.png';
    // Only the command's editors: close the Quick-Opened file (its group goes with it), the
    // panel and the side bar.
    await page.locator(`${tab(base)} .tab-actions .action-label`).click({ force: true });
    await page.waitForSelector(tab(base), { state: 'detached', timeout: 10_000 });
    await page
      .locator('.part.editor')
      .first()
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    for (const [part, key] of [
      ['.part.panel', 'Control+J'],
      ['.part.sidebar', 'Control+B'],
    ]) {
      if (await page.locator(`.monaco-workbench ${part}`).isVisible()) {
        await page.keyboard.press(key);
        await page.waitForSelector(`.monaco-workbench ${part}`, { state: 'hidden', timeout: 10_000 });
      }
    }
    await shot('digest.png');
    ok = true;
  } catch (e) {
    log(`smoke: FAILED at ${step}: ${e.message.split('\n')[0]}`);
  } finally {
    await shot('smoke.png').catch(() => {});
    await page.close().catch(() => {});
  }
  return ok ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`extension: ${target}${isVsix ? ' (vsix)' : ' (development folder)'}`);
  log(
    `workspace: ${sourceWorkspace} (a fresh copy per window${opt.today ? `, opsdocs.today ${opt.today}` : ''})`,
  );
  devPath = isVsix ? installVsix(target) : target;
  if (interrupted) return 130;
  const port = await startServer();
  log(`code-server listening on 127.0.0.1:${port}`);
  if (interrupted) return 130;
  context = await chromium.launchPersistentContext(dirs.chrome, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
    env, // HOME/XDG under the run folder: chromium's crash reports and dconf stay out of $HOME
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false, // see the handler above
  });
  if (interrupted) {
    await context.close();
    return 130;
  } // signal arrived during the launch
  let code = 0;
  if (testsPath) {
    workspace = copyWorkspace('ws-tests');
    code = await runTests(port);
    log(`extension tests finished with exit code ${code}`);
  }
  if (opt.smoke) {
    workspace = copyWorkspace('ws-smoke');
    code = (await smoke(port)) || code;
  }
  return code;
}

let exitCode;
const mainRun = main();
mainRun.catch(() => {}); // after a timeout, teardown makes main() reject; that is expected
try {
  exitCode = await Promise.race([
    mainRun,
    sleep(timeoutMs).then(() => {
      log(`TIMEOUT after ${opt.timeout} s`);
      return 124;
    }),
  ]);
} catch (e) {
  if (interrupted) await new Promise(() => {}); // the signal handler tears down and exits
  log(`ERROR: ${e.stack || e}`);
  exitCode = 2;
}
if (exitCode >= 2 && fs.existsSync(csLogFile)) {
  // harness trouble, not a plain test failure
  const lines = fs.readFileSync(csLogFile, 'utf8').trim().split('\n');
  log(`last lines of the code-server log (${csLogFile}):`);
  for (const l of lines.slice(-15)) console.log(`  ${l}`);
}
await cleanup();
log(`done, exit ${exitCode}`);
process.exit(exitCode);
