// Runs the end-to-end suite (test/e2e/index.js) in a downloaded desktop VS Code through
// @vscode/test-electron. For machines that can reach the VS Code update servers (a developer
// laptop, a CI runner with internet). Where that download is impossible, use
// scripts/e2e/run.mjs instead: the same index.js and suite run there in code-server.
//
//   node test/e2e/electron.js          (after `npm run build`; under xvfb-run on headless Linux)
//
// Like run.mjs, it opens a fresh temporary copy of docs/examples/handbook (the tests create and
// edit files) whose .vscode/settings.json sets "opsdocs.today" to the date of
// docs/examples/handbook.expected.txt, and deletes the copy afterwards.
//
// Environment: VSCODE_TEST_VERSION picks the VS Code version ("stable" by default, or e.g. "1.91.0").
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { runTests } = require('@vscode/test-electron');

const root = path.resolve(__dirname, '../..');

/** A temporary copy of the example workspace with opsdocs.today seeded. */
function copyWorkspace() {
  const source = path.join(root, 'docs/examples/handbook');
  const today = /^#\s*today:\s*(\S+)/m.exec(
    fs.readFileSync(path.join(root, 'docs/examples/handbook.expected.txt'), 'utf8'),
  )[1];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-e2e-electron-'));
  const dest = path.join(tmp, path.basename(source));
  fs.cpSync(source, dest, { recursive: true });
  const settings = path.join(dest, '.vscode/settings.json');
  const current = fs.existsSync(settings) ? JSON.parse(fs.readFileSync(settings, 'utf8')) : {};
  fs.mkdirSync(path.dirname(settings), { recursive: true });
  fs.writeFileSync(settings, JSON.stringify({ ...current, 'opsdocs.today': today }, null, 2) + '\n');
  return { tmp, dest };
}

async function main() {
  const { tmp, dest } = copyWorkspace();
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [
        dest, // becomes workspaceFolders[0]
        '--disable-extensions', // only the extension under development
        '--disable-workspace-trust', // restricted mode would keep extensions inactive
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (err) {
    console.error(`end-to-end tests failed: ${err && err.message ? err.message : err}`);
    process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

main();
