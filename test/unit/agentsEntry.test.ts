import * as assert from 'node:assert/strict';
import { describe as describeDoc } from '../../server/src/core/index/docInfo.js';
import { parseMarkdown } from '../../server/src/core/parse/markdown.js';
import { addAgentsEntry, applyTextEdits, emptyEdits } from '../../server/src/core/features/edits.js';

const FILE = 'scripts/AGENTS.md';
const ROW = ['`scripts/backup.sh`', 'Dumps the database', '`npm run backup`'];
const ITEM = '`scripts/backup.sh` — Dumps the database (`npm run backup`)';

/** `text` with the entry of scripts/backup.sh added as the scaffold and the quick fix add it. */
function added(text: string): string {
  const w = emptyEdits();
  addAgentsEntry(w, describeDoc(parseMarkdown(FILE, text), undefined), ROW, ITEM);
  return applyTextEdits(text, w.edits.get(FILE) ?? []);
}

describe('the AGENTS.md entry of a new file, where it lists none of its folder yet', () => {
  it('goes in the first table whose header names files or scripts, after its last row', () => {
    const text = [
      '# Scripts',
      '',
      '| Term | Meaning |',
      '| --- | --- |',
      '| RPO | Recovery point objective |',
      '',
      '| Script | What it does | Run |',
      '|---|---|---|',
      '| `deploy/all.sh` | Deploys | `make deploy` |',
      '',
      'More text.',
      '',
    ].join('\n');
    assert.equal(
      added(text),
      text.replace(
        '| `deploy/all.sh` | Deploys | `make deploy` |\n',
        '| `deploy/all.sh` | Deploys | `make deploy` |\n| `scripts/backup.sh` | Dumps the database | `npm run backup` |\n',
      ),
    );
  });

  it('never in a table shown in fenced code, nor in a table about something else: a list item at the end', () => {
    for (const fence of ['```', '~~~~'])
      for (const text of [
        `# Scripts\n\nA row looks like this:\n\n${fence}md\n| File | What |\n| --- | --- |\n| \`x.sh\` | X |\n${fence}\n`,
        '# Scripts\n\n| Term | Meaning |\n| --- | --- |\n| RPO | Recovery point objective |\n',
        // Pipes but no delimiter row: no table.
        '# Scripts\n\n| File | What |\nnot a table\n',
      ])
        assert.equal(added(text), `${text}- ${ITEM}\n`, text);
  });

  it('a table after fenced code that holds a fence of the other kind or a shorter one', () => {
    const text =
      '# Scripts\n\n````\n```\n| File | x |\n|---|---|\n````\n\n| File | What | Run |\n|---|---|---|\n';
    assert.equal(added(text), `${text}| \`scripts/backup.sh\` | Dumps the database | \`npm run backup\` |\n`);
  });
});
