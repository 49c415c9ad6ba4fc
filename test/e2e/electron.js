// Runs the end-to-end suite (test/e2e/index.js) in a downloaded desktop VS Code through
// @vscode/test-electron. For machines that can reach the VS Code update servers (a developer
// laptop, a CI runner with internet). Where that download is impossible, use
// scripts/e2e/run.mjs instead: the same index.js and suite run there in code-server.
//
//   node test/e2e/electron.js          (after `npm run build`; under xvfb-run on headless Linux)
//
// Environment: VSCODE_TEST_VERSION picks the VS Code version ("stable" by default, or e.g. "1.91.0").
'use strict';

const path = require('path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const root = path.resolve(__dirname, '../..');
  try {
    await runTests({
      version: process.env.VSCODE_TEST_VERSION || 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(__dirname, 'index.js'),
      launchArgs: [
        path.join(root, 'docs/examples/handbook'), // becomes workspaceFolders[0]
        '--disable-extensions', // only the extension under development
        '--disable-workspace-trust', // restricted mode would keep extensions inactive
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (err) {
    console.error(`end-to-end tests failed: ${err && err.message ? err.message : err}`);
    process.exit(1);
  }
}

main();
