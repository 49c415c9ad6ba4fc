// `npm start`: checks the bundled example handbook with the built CLI, on any OS. The check
// exits 1 because the example has deliberate error-level findings; that is the demo, not a
// failure, so it becomes 0. Anything else (2: usage or config error, a crash) stays a failure.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = ['check', 'docs/examples/handbook', '--today', '2026-11-26'];
const r = spawnSync(process.execPath, [path.join(repo, 'bin/opsdocs.js'), ...args], {
  cwd: repo,
  stdio: 'inherit',
});
if (r.error) throw r.error;
process.exitCode = r.status === 1 ? 0 : (r.status ?? 1);
