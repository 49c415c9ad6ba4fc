// The last step of `npm test`: runs the real-editor suite (`npm run test:e2e`) when its browser
// and code-server are there (tools.mjs), and otherwise prints one line saying what was skipped
// and the command that provisions it. It never installs anything. With OPSDOCS_E2E=required
// (.ci/run sets it) a missing tool is a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import { e2eTools } from './tools.mjs';

const { missing } = e2eTools();
if (missing.length > 0) {
  const required = process.env.OPSDOCS_E2E === 'required';
  const what = required
    ? 'Real-editor tests (test:e2e) required but cannot run'
    : 'Skipped the real-editor tests (test:e2e)';
  // setup.sh installs Linux x64 builds (Node 24, code-server's native modules).
  const how =
    process.platform === 'linux'
      ? 'Provision them with: npm run e2e:setup'
      : 'They run on Linux x64, where npm run e2e:setup provisions them';
  console.log(`${what}: ${missing.join('; ')}. ${how}`);
  process.exit(required ? 1 : 0);
}
const r = spawnSync('npm', ['run', 'test:e2e'], { stdio: 'inherit', shell: process.platform === 'win32' });
if (r.error) throw r.error;
process.exitCode = r.status ?? 1;
