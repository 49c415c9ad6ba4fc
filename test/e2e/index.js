// Entry point of the real-editor end-to-end tests, loaded by the VS Code extension host through
// extensionTestsPath. It exports the standard `run(): Promise<void>`, so the same file works
//   - under scripts/e2e/run.mjs (code-server + headless Chromium, this repo's CI), and
//   - under @vscode/test-electron's runTests (test/e2e/electron.js, where VS Code can be downloaded).
// Plain CommonJS on purpose: no build step between editing a test and running it.
//
// It runs every test/e2e/suite/*.test.js with mocha (bdd ui: describe/it), 120 s per test.
//
// Optional environment (set by run.mjs, absent under test-electron):
//   OPSDOCS_E2E_REPORT  also append mocha's report to this file. In code-server the extension
//                       host's console reaches the browser only in some setups, so the runner
//                       tails this file to show the results.
//   OPSDOCS_E2E_GREP    only run tests whose full title matches this pattern.
//   OPSDOCS_E2E_SUITE   the folder of *.test.js files to run instead of suite/ (e.g. restricted).
'use strict';

const fs = require('fs');
const path = require('path');
const util = require('util');

/** mocha 12 is an ES module: require(esm) on Node >= 20.19 / 22.12, import() on older hosts. */
async function loadMocha() {
  try {
    const mod = require('mocha');
    return mod.default || mod;
  } catch (err) {
    if (err.code !== 'ERR_REQUIRE_ESM') throw err;
    const mod = await import('mocha');
    return mod.default || mod;
  }
}

exports.run = async function run() {
  const Mocha = await loadMocha();

  // Reporter output goes through Base.consoleLog. The extension host forwards console calls
  // without printf-style formatting, so format here, and mirror to the report file if asked.
  const report = process.env.OPSDOCS_E2E_REPORT;
  const consoleLog = console.log.bind(console);
  Mocha.reporters.Base.consoleLog = (...args) => {
    const line = util.format(...args);
    consoleLog(line);
    if (report) fs.appendFileSync(report, line + '\n');
  };

  const mocha = new Mocha({ ui: 'bdd', timeout: 120000, color: false, reporter: 'spec' });
  if (process.env.OPSDOCS_E2E_GREP) mocha.grep(process.env.OPSDOCS_E2E_GREP);

  const suiteDir = path.join(__dirname, process.env.OPSDOCS_E2E_SUITE || 'suite');
  const files = fs
    .readdirSync(suiteDir)
    .filter((f) => f.endsWith('.test.js'))
    .sort();
  if (files.length === 0) throw new Error(`no *.test.js files in ${suiteDir}`);
  for (const f of files) mocha.addFile(path.join(suiteDir, f));

  await new Promise((resolve, reject) => {
    try {
      mocha.run((failures) =>
        failures > 0 ? reject(new Error(`${failures} end-to-end test(s) failed`)) : resolve(),
      );
    } catch (err) {
      reject(err); // a suite file that throws while loading
    }
  });
};
