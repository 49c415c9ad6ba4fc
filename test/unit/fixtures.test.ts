import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { REPO, formatFinding, readExpected, writeExpected } from '../helpers/expected.js';

/**
 * Every fixture workspace with its expectation file beside it: `<dir>.expected.txt`,
 * `<dir>.untrusted.expected.txt` for the findings in a workspace the user has not trusted, and
 * `<dir>.deferred.expected.txt` for the findings when plain Markdown links are left to the editor.
 */
const FIXTURES = [
  ...fs
    .readdirSync(path.join(REPO, 'test/fixtures'))
    .filter((n) => n.endsWith('.expected.txt'))
    .map((n) => ({
      expectedFile: path.join(REPO, 'test/fixtures', n),
      dir: path.join(REPO, 'test/fixtures', n.replace(/(\.untrusted|\.deferred)?\.expected\.txt$/, '')),
      trusted: !n.endsWith('.untrusted.expected.txt'),
      deferPlainLinks: n.endsWith('.deferred.expected.txt'),
    })),
  {
    expectedFile: path.join(REPO, 'docs/examples/handbook.expected.txt'),
    dir: path.join(REPO, 'docs/examples/handbook'),
    trusted: true,
    deferPlainLinks: false,
  },
];

describe('fixture workspaces: findings equal the expectation files exactly', () => {
  for (const { dir, expectedFile, trusted, deferPlainLinks } of FIXTURES) {
    const variant = `${trusted ? '' : ' (untrusted)'}${deferPlainLinks ? ' (plain links deferred)' : ''}`;
    it(`${path.relative(REPO, dir)}${variant}`, async () => {
      const expected = readExpected(expectedFile);
      const engine = new Engine({
        workspace: new FsWorkspace(dir, { log() {} }),
        today: expected.today,
        trusted,
        deferPlainLinks,
      });
      await engine.indexAll();
      const actual = engine.allFindings().map(formatFinding);
      if (process.env.OPSDOCS_UPDATE_EXPECTED === '1') writeExpected(expectedFile, expected.today, actual);
      const missing = expected.lines.filter((l) => !actual.includes(l));
      const extra = actual.filter((l) => !expected.lines.includes(l));
      assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
      assert.equal(actual.length, expected.lines.length);
    });
  }
});
