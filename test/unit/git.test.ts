import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseLog, readGitHistory } from '../../server/src/node/git.js';
import { gitFixture } from '../helpers/gitRepo.js';
import { tempCopy } from '../helpers/tempCopy.js';

describe('git history reader (server/src/node/git.ts)', () => {
  it("reads each file's last change: date, short hash, subject", async function () {
    this.timeout(60_000);
    const { root, sha } = gitFixture('test/fixtures/drift');
    try {
      const h = await readGitHistory(root);
      assert.equal(h.kind, 'git');
      if (h.kind !== 'git') return;
      const at = (f: string) => h.files.get(f);
      assert.deepEqual(at('scripts/rotate-keys.sh'), {
        date: '2026-10-02',
        sha: sha.get('rotate'),
        subject: 'rotate: add --region',
      });
      assert.deepEqual(at('scripts/backup.sh'), {
        date: '2026-08-01',
        sha: sha.get('init'),
        subject: 'Import the handbook',
      });
      assert.equal(at('docs/adr/ADR-003-deploys.md')?.sha, sha.get('deploy'));
      assert.equal(h.files.size, 12, 'every committed file once');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('says "git is not installed" when there is no git on PATH', async () => {
    const root = tempCopy('test/fixtures/drift');
    const saved = process.env.PATH;
    try {
      process.env.PATH = '';
      assert.deepEqual(await readGitHistory(root), { kind: 'none', reason: 'git is not installed' });
    } finally {
      process.env.PATH = saved;
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('parses the log: paths under the folder only, made relative; control characters of subjects blanked', () => {
    const log =
      '\x1eaaaaaaa\x1f2026-10-02\x1fsecond\x1b[31m red\0\nsub/a.sh\0other/b.sh\0' +
      '\x1ebbbbbbb\x1f2026-09-01\x1ffirst\0\nsub/a.sh\0sub/dir/c.tf\0' +
      '\x1eccccccc\x1f2026-08-01\x1fa merge\0';
    assert.deepEqual(
      [...parseLog(log, 'sub/')],
      [
        ['a.sh', { sha: 'aaaaaaa', date: '2026-10-02', subject: 'second [31m red' }],
        ['dir/c.tf', { sha: 'bbbbbbb', date: '2026-09-01', subject: 'first' }],
      ],
    );
  });
});
