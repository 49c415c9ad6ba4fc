import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { digestTarget, throughLink } from '../../client/src/commands/digestTarget.js';

// A workspace's settings choose where "Generate Status Digest" saves; they must not reach outside
// the folder or name a file that is not Markdown (a git hook, a script).
describe('where the status digest may be saved (opsdocs.digest.path)', () => {
  it('takes a Markdown path inside the folder, normalised', () => {
    assert.deepEqual(digestTarget('docs/status-digest.md'), { segments: ['docs', 'status-digest.md'] });
    assert.deepEqual(digestTarget(' ./docs/../STATUS.markdown '), { segments: ['STATUS.markdown'] });
    assert.deepEqual(digestTarget('docs\\status.md'), { segments: ['docs', 'status.md'] });
  });

  it('refuses paths that leave the folder', () => {
    for (const p of [
      '../outside.md',
      'docs/../../outside.md',
      '/etc/motd.md',
      'C:\\Users\\me\\x.md',
      '..\\x.md',
      '',
    ]) {
      assert.deepEqual(
        digestTarget(p),
        {
          error: `opsdocs.digest.path "${p}" is not a path inside the folder; the digest can only be saved inside it.`,
        },
        p,
      );
    }
  });

  it('is not written through a symbolic link the repository holds (it could point anywhere)', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-digest-'));
    try {
      const root = path.join(base, 'repo');
      fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
      fs.mkdirSync(path.join(base, 'elsewhere'));
      fs.writeFileSync(path.join(base, 'profile.md'), 'export PATH=...\n');
      fs.symlinkSync(path.join(base, 'profile.md'), path.join(root, 'docs/status-digest.md'));
      fs.symlinkSync(path.join(base, 'elsewhere'), path.join(root, 'out'));
      fs.symlinkSync(path.join(base, 'not-yet.md'), path.join(root, 'dangling.md'));
      assert.equal(
        await throughLink(root, ['docs', 'status-digest.md']),
        'docs/status-digest.md is a symbolic link; the digest is not written through links.',
      );
      assert.equal(
        await throughLink(root, ['out', 'digest.md']),
        'out is a symbolic link; the digest is not written through links.',
      );
      assert.equal(
        await throughLink(root, ['dangling.md']),
        'dangling.md is a symbolic link; the digest is not written through links.',
      );
      assert.equal(await throughLink(root, ['docs', 'digest.md']), undefined, 'a new file in a real folder');
      assert.equal(await throughLink(root, ['new', 'folder', 'digest.md']), undefined, 'folders to create');
      fs.writeFileSync(path.join(root, 'docs/real.md'), '# Old digest\n');
      assert.equal(
        await throughLink(root, ['docs', 'real.md']),
        undefined,
        'an existing real file (replaced after asking)',
      );
      fs.linkSync(path.join(root, 'docs/real.md'), path.join(base, 'hard.md'));
      assert.equal(
        await throughLink(root, ['docs', 'real.md']),
        'docs/real.md has other hard links; the digest is not written to it.',
      );
      fs.writeFileSync(path.join(root, 'file.md'), '');
      assert.equal(
        await throughLink(root, ['file.md', 'digest.md']),
        'file.md/digest.md cannot be checked (ENOTDIR); the digest is not written.',
      );
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('refuses files that are not Markdown', () => {
    assert.deepEqual(digestTarget('.git/hooks/pre-commit'), {
      error: 'opsdocs.digest.path ".git/hooks/pre-commit" does not name a Markdown file (.md or .markdown).',
    });
    assert.deepEqual(digestTarget('scripts/deploy.sh'), {
      error: 'opsdocs.digest.path "scripts/deploy.sh" does not name a Markdown file (.md or .markdown).',
    });
  });
});
