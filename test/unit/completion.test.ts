import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { OverlayWorkspace } from '../../server/src/core/workspace.js';
import { complete } from '../../server/src/core/features/completion.js';
import { memoryCopy } from '../helpers/memoryWorkspace.js';

describe('completion of repository paths', () => {
  it('lists the files of a folder typed with its trailing slash (in inline code and in a link), and scripts after `npm run` and its flags', async () => {
    const o = new OverlayWorkspace(await memoryCopy('test/fixtures/links'));
    const base = ((await o.read('docs/runbooks/deploy.md')) as { text: string }).text;
    const at = async (typed: string) => {
      o.set('docs/runbooks/deploy.md', `${base}\n${typed}`);
      const e = new Engine({ workspace: o, today: '2026-11-26' });
      await e.indexAll();
      const d = e.documents().get('docs/runbooks/deploy.md')!;
      const line = d.parsed.lines.lineCount - 1;
      return complete(e.view(), d, e.schemaOf(d), {
        line,
        character: d.parsed.lines.lineText(line).length,
      }).map((c) => c.label);
    };
    assert.deepEqual(await at('See `docs/policies/'), ['docs/policies/security.md']);
    assert.deepEqual(await at('See [x](../policies/'), ['../policies/security.md']);
    assert.deepEqual((await at('See `scripts/')).sort(), [
      'scripts/AGENTS.md',
      'scripts/backup.sh',
      'scripts/rotate-keys.sh',
    ]);
    // Scripts after `npm run`, also after flags before the name.
    assert.deepEqual((await at('Run `npm run ')).sort(), ['deploy', 'lint:tasks']);
    assert.deepEqual((await at('Run `npm run -s --workspace=web ')).sort(), ['deploy', 'lint:tasks']);
  });

  it('offers nothing, without an error, after a link path that is not valid percent-encoding', async () => {
    const o = new OverlayWorkspace(await memoryCopy('test/fixtures/links'));
    o.set('docs/runbooks/deploy.md', '# Deploy\n\nSee [x](100%#');
    const e = new Engine({ workspace: o, today: '2026-11-26' });
    await e.indexAll();
    const d = e.documents().get('docs/runbooks/deploy.md')!;
    assert.deepEqual(
      complete(e.view(), d, e.schemaOf(d), { line: 2, character: 'See [x](100%#'.length }),
      [],
    );
  });
});
