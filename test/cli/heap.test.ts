import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { BIG_WORKSPACE, boundedMessage } from '../../server/src/node/heap.js';

/** `opsdocs check` of `root` with the debug log on: its exit code and standard error. */
function check(root: string): [number | null, string] {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, 'bin/opsdocs.js'), 'check', '--today', '2026-11-26'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, OPSDOCS_DEBUG: '1' },
    },
  );
  return [r.status, r.stderr];
}

describe("opsdocs check: V8's heap growth bounded in a big workspace only", function () {
  this.timeout(120_000);
  let root: string;
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-heap-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it(`bounds it from ${BIG_WORKSPACE} Markdown files on, and says so in the debug log`, () => {
    fs.mkdirSync(path.join(root, 'docs'));
    for (let i = 0; i < BIG_WORKSPACE; i++)
      fs.writeFileSync(path.join(root, `docs/d${i}.md`), `# Doc ${i}\n`);
    const [status, stderr] = check(root);
    assert.equal(status, 0, stderr);
    assert.ok(stderr.includes(boundedMessage(BIG_WORKSPACE)), stderr.slice(-2000));
  });

  it('leaves a small workspace with V8 as it is', () => {
    fs.writeFileSync(path.join(root, 'README.md'), '# Handbook\n');
    const [status, stderr] = check(root);
    assert.equal(status, 0, stderr);
    assert.ok(!stderr.includes('the heap grows'), stderr);
  });
});
