import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { renameFiles } from '../../server/src/core/features/rename.js';

describe('renameFiles: a front-matter path written with escapes', () => {
  it('keeps its #fragment when the file it names moves (path and fragment share one range)', async () => {
    const runbook = (title: string, extra = '') => `---\ntitle: ${title}\nowner: ops\nlast_reviewed: 2026-11-01\n${extra}---\n# ${title}\n\n## Top\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;
    const files = new Map([
      ['docs/runbooks/a.md', runbook('A')],
      // `\/` is an escape YAML reads as `/`: the value's source is not its text.
      ['docs/runbooks/guide.md', runbook('Guide', 'related:\n  - "docs\\/runbooks\\/a.md#top"\n')],
    ]);
    const engine = new Engine({ workspace: { listFiles: async () => [...files.keys()], read: async (f: string) => ({ text: files.get(f)! }) }, today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(engine.findings('docs/runbooks/guide.md'), [], 'the escaped path and its fragment resolve');
    const w = await renameFiles(engine.view(), engine.documents().values(), [{ from: 'docs/runbooks/a.md', to: 'docs/runbooks/b.md' }]);
    assert.deepEqual(w.edits.get('docs/runbooks/guide.md'), [
      { range: { start: { line: 5, character: 4 }, end: { line: 5, character: 30 } }, newText: 'docs/runbooks/b.md#top' },
    ]);
  });
});
