import * as assert from 'node:assert/strict';
import { digestTarget } from '../../client/src/commands/digestTarget.js';

// A workspace's settings choose where "Generate Status Digest" saves; they must not reach outside
// the folder or name a file that is not Markdown (a git hook, a script).
describe('where the status digest may be saved (opsdocs.digest.path)', () => {
  it('takes a Markdown path inside the folder, normalised', () => {
    assert.deepEqual(digestTarget('docs/status-digest.md'), { segments: ['docs', 'status-digest.md'] });
    assert.deepEqual(digestTarget(' ./docs/../STATUS.markdown '), { segments: ['STATUS.markdown'] });
    assert.deepEqual(digestTarget('docs\\status.md'), { segments: ['docs', 'status.md'] });
  });

  it('refuses paths that leave the folder', () => {
    for (const p of ['../outside.md', 'docs/../../outside.md', '/etc/motd.md', 'C:\\Users\\me\\x.md', '..\\x.md', '']) {
      assert.deepEqual(digestTarget(p), { error: `opsdocs.digest.path "${p}" is not a path inside the folder; the digest can only be saved inside it.` }, p);
    }
  });

  it('refuses files that are not Markdown', () => {
    assert.deepEqual(digestTarget('.git/hooks/pre-commit'), { error: 'opsdocs.digest.path ".git/hooks/pre-commit" does not name a Markdown file (.md or .markdown).' });
    assert.deepEqual(digestTarget('scripts/deploy.sh'), { error: 'opsdocs.digest.path "scripts/deploy.sh" does not name a Markdown file (.md or .markdown).' });
  });
});
