import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { asExpected, checkLines, runCli } from '../helpers/cli.js';

// Commands in code blocks through the built CLI, on a copy of test/fixtures/commands.

describe('opsdocs check: commands in code blocks', function () {
  this.timeout(60_000);
  let root: string;

  before(() => {
    root = tempCopy('test/fixtures/commands');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reports the files, targets and scripts commands name that do not exist (exit 1)', () => {
    assert.deepEqual(checkLines(root), {
      lines: readExpected(path.join(REPO, 'test/fixtures/commands.expected.txt')).lines,
      code: 1,
      stderr: '',
    });
  });

  it('reads the Makefile as it is now: a target added there is no finding, an include makes none', () => {
    const makefile = path.join(root, 'Makefile');
    const before = fs.readFileSync(makefile, 'utf8');
    try {
      fs.appendFileSync(makefile, '\ntset:\n\techo typo kept\n');
      const only = [
        'check',
        '--today',
        '2026-11-26',
        '--format',
        'json',
        '--only',
        'commands/missing-target',
      ];
      assert.deepEqual(
        asExpected(runCli(root, ...only).stdout).map((l) => l.split(' ')[0]),
        ['docs/runbooks/deploy.md:24:6-24:20', 'docs/runbooks/deploy.md:29:43-29:47'],
      );
      fs.appendFileSync(makefile, 'include local.mk\n');
      assert.deepEqual(
        asExpected(runCli(root, ...only).stdout).map((l) => l.split(' ')[0]),
        ['docs/runbooks/deploy.md:29:43-29:47'],
        'only web/Makefile is read whole',
      );
    } finally {
      fs.writeFileSync(makefile, before);
    }
  });
});
