import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { renameFiles } from '../../server/src/core/features/rename.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

describe('renameFiles: front-matter paths written with escapes or folded', () => {
  it('keep their #fragment and line breaks when the file they name moves (path and fragment share one range)', async () => {
    const runbook = (title: string, extra = '') =>
      `---\ntitle: ${title}\nowner: ops\nlast_reviewed: 2026-11-01\n${extra}---\n# ${title}\n\n## Top\n## Overview\n## Steps\n## Rollback\n## Escalation\n`;
    const files = new Map([
      ['docs/runbooks/a.md', runbook('A')],
      // `\/` is an escape YAML reads as `/`: the value's source is not its text.
      ['docs/runbooks/guide.md', runbook('Guide', 'related:\n  - "docs\\/runbooks\\/a.md#top"\n')],
      // A folded value runs to the start of the next line, whose break must stay (CRLF here).
      [
        'docs/runbooks/folded.md',
        runbook('Folded', 'related:\n  - >-\n    docs/runbooks/a.md#top\nservice: x\n').replace(
          /\n/g,
          '\r\n',
        ),
      ],
    ]);
    const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
    await engine.indexAll();
    assert.deepEqual(
      [...engine.findings('docs/runbooks/guide.md'), ...engine.findings('docs/runbooks/folded.md')],
      [],
      'the escaped and folded paths and their fragments resolve',
    );
    const w = await renameFiles(engine.view(), engine.documents().values(), [
      { from: 'docs/runbooks/a.md', to: 'docs/runbooks/b.md' },
    ]);
    assert.deepEqual(w.edits.get('docs/runbooks/folded.md'), [
      {
        range: { start: { line: 5, character: 4 }, end: { line: 7, character: 0 } },
        newText: 'docs/runbooks/b.md#top\r\n',
      },
    ]);
    assert.deepEqual(w.edits.get('docs/runbooks/guide.md'), [
      {
        range: { start: { line: 5, character: 4 }, end: { line: 5, character: 30 } },
        newText: 'docs/runbooks/b.md#top',
      },
    ]);
  });
});
