import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { asExpected, checkLines, runCli } from '../helpers/cli.js';

// owners/unknown-owner and the digest's owners through the built CLI, on a copy of test/fixtures/owners.

describe('opsdocs check and digest: owners', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = tempCopy('test/fixtures/owners');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports the owners neither CODEOWNERS nor the config knows (warnings: exit 0)', () => {
    assert.deepEqual(checkLines(root), {
      lines: readExpected(path.join(REPO, 'test/fixtures/owners.expected.txt')).lines,
      code: 0,
      stderr: '',
    });
  });

  it('groups the open tasks by owner in the digest', () => {
    const json = JSON.parse(runCli(root, 'digest', '--today', '2026-11-26', '--format', 'json').stdout);
    assert.deepEqual(
      json.byOwner.map((w: { owner: string | null; openTasks: { id: string }[] }) => [
        w.owner,
        w.openTasks.map((t) => t.id),
      ]),
      [
        ['@ACME/SRE-ONCALL', ['TASK-002']],
        ['Security Office', ['TASK-001']],
      ],
    );
  });

  it('checks no owner without CODEOWNERS or an owners list', () => {
    for (const f of ['.github/CODEOWNERS', 'docs/CODEOWNERS', '.opsdocs.json']) fs.rmSync(path.join(root, f));
    const r = runCli(
      root,
      'check',
      '--today',
      '2026-11-26',
      '--format',
      'json',
      '--only',
      'owners/unknown-owner',
    );
    assert.deepEqual(asExpected(r.stdout), []);
    assert.equal(r.code, 0);
  });
});
