import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

const ENDINGS = { LF: '\n', CRLF: '\r\n', CR: '\r' } as const;

/** A runbook with findings in its front matter (a bad date, a missing field) and its body. */
const RUNBOOK = [
  '---',
  'title: Restart the API',
  'owner: ops',
  'last_reviewed: 2026-13-01',
  'tags:',
  '  - api',
  '---',
  '# Restart the API',
  '',
  'See [the missing page](./gone.md).',
  '',
  '## Overview',
  '## Steps',
  '## Escalation',
  '',
];

async function findings(text: string): Promise<string[]> {
  const engine = new Engine({
    workspace: new MemoryWorkspace([['docs/runbooks/restart.md', text]]),
    today: '2026-11-26',
  });
  await engine.indexAll();
  return engine.allFindings().map(formatFinding);
}

describe('front matter with each kind of line ending', () => {
  let lf: string[];
  before(async () => {
    lf = await findings(RUNBOOK.join('\n'));
    assert.ok(
      lf.some((f) => f.includes('last_reviewed')),
      `the LF runbook has a front-matter finding: ${lf.join('\n')}`,
    );
    assert.ok(!lf.some((f) => f.includes('frontmatter/missing')));
  });

  for (const [name, eol] of Object.entries(ENDINGS))
    it(`reads ${name} front matter as the LF one: the same findings at the same positions`, async () => {
      assert.deepEqual(await findings(RUNBOOK.join(eol)), lf);
    });

  it('reads mixed endings (a CR-only front matter in a CRLF file) as the LF one', async () => {
    const text = RUNBOOK.slice(0, 7).join('\r') + '\r\n' + RUNBOOK.slice(7).join('\r\n');
    assert.deepEqual(await findings(text), lf);
  });

  it('never runs front matter whose language follows a CR (`---\\rjs`): it is YAML on the next line', async () => {
    const g = globalThis as { opsdocsRan?: string };
    try {
      for (const eol of Object.values(ENDINGS))
        for (const lang of ['js', 'javascript', ' js', 'coffee', '\rjs', ' \rjs', '\r\njs']) {
          const text = [
            `---${eol === '\r' ? '\r' : ''}${lang}`,
            `(globalThis.opsdocsRan = ${JSON.stringify(lang)}, { title: 'Ran', owner: 'ops' })`,
            '---',
            '# Restart',
            '',
          ].join(eol);
          const engine = new Engine({
            workspace: new MemoryWorkspace([['docs/runbooks/r.md', text]]),
            today: '2026-11-26',
          });
          await engine.indexAll();
          assert.equal(g.opsdocsRan, undefined, `${JSON.stringify(text)} was evaluated`);
          assert.deepEqual(engine.documents().get('docs/runbooks/r.md')?.data, {}, JSON.stringify(text));
        }
    } finally {
      delete g.opsdocsRan;
    }
  });

  it('reads `---` CR `js` CR … as YAML whose first line is `js` (never as a language)', async () => {
    const text = ['---', 'js', 'title: x', '---', '# T', ''].join('\r');
    const out = await findings(text);
    assert.ok(!out.some((f) => f.includes('frontmatter/missing')), out.join('\n'));
    assert.ok(
      out.some((f) => /^docs\/runbooks\/restart\.md:2:1-.* frontmatter\/yaml/.test(f)),
      `a YAML error on line 2 (\`js\` then a mapping): ${out.join('\n')}`,
    );
  });
});
