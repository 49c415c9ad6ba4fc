import * as assert from 'node:assert/strict';
import { detectFacts, detectIn, detectLayout, SUMMARY_ITEMS } from '../../server/src/core/init/detect.js';
import { parseMarkdown } from '../../server/src/core/parse/markdown.js';
import { Pacer } from '../../server/src/core/util/pace.js';
import { MemoryWorkspace, memoryCopy } from '../helpers/memoryWorkspace.js';

/** A Nygard ADR with the given sections. */
const nygard = (n: number, sections = ['Context', 'Decision']) =>
  `# ${n}. Decision ${n}\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n\n${sections.map((s) => `## ${s}\n\nText.\n\n`).join('')}`;

/** A runbook without front matter with the given sections. */
const runbook = (sections: string[]) => `# Alert\n\n${sections.map((s) => `## ${s}\n\nText.\n\n`).join('')}`;

const OWN = ['Meaning', 'Impact', 'Diagnosis', 'Mitigation'];
const OPSDOCS_RUNBOOK =
  '---\ntitle: Restore\nowner: ops\nlast_reviewed: 2026-01-01\n---\n# Restore\n\n## Overview\n## Steps\n## Rollback\n## Escalation\n';

/** `count` files `folder/NNNN-x.md` made by `make(i)`. */
const numbered = (folder: string, count: number, make: (i: number) => string) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `${folder}/${String(i + 1).padStart(4, '0')}-x.md`,
      make(i + 1),
    ]),
  );

describe('init: layout detection', () => {
  it('the doc model layout (the example handbook) needs no config', async () => {
    const d = await detectLayout(await memoryCopy('docs/examples/handbook'));
    assert.deepEqual(d.delta, {});
    assert.deepEqual(
      d.kinds.map((k) => [k.kind, k.folders]),
      [
        ['adr', [{ folder: 'docs/adr', files: 5 }]],
        ['runbook', [{ folder: 'docs/runbooks', files: 3 }]],
        ['policy', [{ folder: 'docs/policies', files: 2 }]],
        ['task', [{ folder: 'tasks/devops', files: 5 }]],
      ],
    );
  });

  it('numbered decision records are ADRs in any folder; numbered proposals (RFCs, TEPs) are not', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        ...numbered('docs/references/architecture', 3, (i) => nygard(i)),
        ...numbered(
          'text',
          4,
          () => '---\nstatus: accepted\n---\n# RFC\n\n## Summary\n\n## Motivation\n\n## Detailed design\n',
        ),
        'docs/references/architecture/README.md': '# ADRs\n',
        'docs/references/architecture/adr-template.md': nygard(0),
      }),
    );
    assert.deepEqual(d.delta, { kinds: { adr: { include: ['docs/references/architecture/*.md'] } } });
    assert.deepEqual(d.kinds[0].formats, { 'Nygard/adr-tools (Status section)': 3 });
    assert.deepEqual(d.kinds[0].ids, { 'file names NNNN-x.md': 3, '"N. Title" titles': 3 });
  });

  it('in a folder named for ADRs an unnumbered page that reads like one is one; indexes and templates are excluded', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        'docs/adr/use-postgres.md':
          '---\nid: ADR-7\ntitle: Use Postgres\nstatus: accepted\n---\n# Use Postgres\n\n## Context\n## Decision\n',
        'docs/adr/ADR-00000 Template.md': nygard(0),
        'docs/adr/index.md': '# ADRs\n',
      }),
    );
    // The built-in globs fit; their `*template*` is case-sensitive, so the template is excluded by path.
    assert.deepEqual(d.delta, {
      kinds: {
        adr: {
          exclude: ['**/README.md', '**/index.md', '**/*template*.md', 'docs/adr/ADR-00000 Template.md'],
        },
      },
    });
    const elsewhere = await detectLayout(
      new MemoryWorkspace({
        ...numbered('adr', 2, (i) => nygard(i)),
        'adr/_index.md': '# ADRs\n',
        'adr/ADR-00000 Template.md': nygard(0),
      }),
    );
    assert.deepEqual(elsewhere.delta, {
      kinds: {
        adr: {
          include: ['adr/*.md'],
          exclude: [
            '**/README.md',
            '**/index.md',
            '**/*template*.md',
            'adr/ADR-00000 Template.md',
            '**/_index.md',
          ],
        },
      },
    });
  });

  it('a document a built-in exclude would take keeps its kind: that exclude goes', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        'adr/ADR-00001 Define our templates.md': nygard(1),
        'adr/ADR-00002 Use Postgres.md': nygard(2),
        'adr/ADR-00000 template.md': nygard(0),
      }),
    );
    assert.deepEqual(d.delta, {
      kinds: {
        adr: { include: ['adr/*.md'], exclude: ['**/README.md', '**/index.md', 'adr/ADR-00000 template.md'] },
      },
    });
  });

  it('folders of test fixtures are not looked at', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        ...numbered('packages/core/integration-tests/project/docs/adr', 2, (i) => nygard(i)),
        ...numbered('test/fixtures/adr', 2, (i) => nygard(i)),
        'tests/runbooks/x.md': runbook(OWN),
      }),
    );
    assert.deepEqual(d.delta, {});
    assert.deepEqual(d.kinds, []);
  });

  it('a decision log in a folder named for ADRs is no ADR', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        'docs/adr/technical-decision-log.md':
          '# Technical Decision Log\n\n| Issue | Decision |\n| --- | --- |\n| 66 | Scan |\n',
      }),
    );
    assert.deepEqual(d.delta, {
      kinds: {
        adr: {
          exclude: ['**/README.md', '**/index.md', '**/*template*.md', 'docs/adr/technical-decision-log.md'],
        },
      },
    });
    assert.deepEqual(d.kinds, []);
  });

  it('ADR sections: nearly all with the built-in ones keeps them; fewer learns their own', async () => {
    // 10 ADRs, one without a Decision section: one in ten may lack it.
    const kept = await detectLayout(
      new MemoryWorkspace(
        numbered('doc/adr', 10, (i) => nygard(i, i === 1 ? ['Context'] : ['Context', 'Decision'])),
      ),
    );
    assert.deepEqual(kept.delta, {});
    assert.equal(kept.kinds[0].shape, '9 of 10 have the built-in sections: kept (the others are reported)');
    // Two without: their own template, the sections nearly all share.
    const own = await detectLayout(
      new MemoryWorkspace(
        numbered('doc/adr', 10, (i) =>
          nygard(i, i <= 2 ? ['Context', 'Outcome'] : ['Context', 'Decision', 'Outcome']),
        ),
      ),
    );
    // `## Status` holds the status field, checked as such: not a learned section.
    assert.deepEqual(own.delta, {
      kinds: { adr: { fileName: 'NNNN-*.md', sections: ['Context', 'Outcome'] } },
    });
  });

  it('a runbook folder of its own template: no schema, the sections nearly all have (one may lack one)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 8; i++)
      files[`docs/runbooks/r${i}.md`] = runbook(i === 0 ? OWN.filter((s) => s !== 'Impact') : OWN);
    files['docs/runbooks/r8.md'] = runbook(['Meaning', 'Impact', 'Mitigation']);
    files['docs/runbooks/r9.md'] = runbook(['Meaning', 'Impact', 'Mitigation']);
    const d = await detectLayout(new MemoryWorkspace(files));
    // Impact: 9 of 10 have it, kept; Diagnosis: 8 of 10, not required.
    assert.deepEqual(d.delta, {
      kinds: { runbook: { schema: '', sections: ['Meaning', 'Impact', 'Mitigation'] } },
    });
    assert.deepEqual(d.kinds[0].formats, { 'no front matter': 10 });
  });

  it('pages without any section in a folder of its own template (aliases) are left out by path', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`runbooks/r${i}.md`] = runbook(OWN);
    files['runbooks/alias.md'] = '---\ntitle: Alias\n---\n# Alias\n\nSee [r0](r0.md).\n';
    const d = await detectLayout(new MemoryWorkspace(files));
    assert.deepEqual(d.delta, {
      kinds: {
        runbook: {
          include: ['runbooks/**/*.md'],
          exclude: ['**/README.md', 'runbooks/alias.md'],
          schema: '',
          sections: OWN,
        },
      },
    });
    assert.deepEqual(d.kinds[0].stubs, ['runbooks/alias.md']);
  });

  it('a mixed runbook folder: the built-in shape with its front matter in half; else what nearly all share', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 6; i++) files[`docs/runbooks/r${i}.md`] = i < 3 ? OPSDOCS_RUNBOOK : runbook(OWN);
    assert.deepEqual((await detectLayout(new MemoryWorkspace(files))).delta, {});
    files['docs/runbooks/r6.md'] = runbook(OWN);
    // 3 of 7 with the built-in front matter: no schema; no section is in all but one of them.
    assert.deepEqual((await detectLayout(new MemoryWorkspace(files))).delta, {
      kinds: { runbook: { schema: '', sections: [] } },
    });
  });

  it('a tiny folder of another format: checked without a schema, no sections required', async () => {
    const d = await detectLayout(
      new MemoryWorkspace({
        'ops/playbooks/a.md': runbook(OWN),
        'ops/playbooks/team/b.md': runbook(['Meaning']),
        'ops/playbooks/README.md': '# Playbooks\n',
      }),
    );
    assert.deepEqual(d.delta, {
      kinds: { runbook: { include: ['ops/playbooks/**/*.md'], schema: '', sections: [] } },
    });
    assert.match(d.kinds[0].shape, /too few to learn their sections: none required/);
  });

  it('an AGENTS.md in a kind folder stays an AGENTS.md: the kind excludes it', async () => {
    const d = await detectLayout(new MemoryWorkspace({ 'tasks/AGENTS.md': '# Agents\n' }));
    assert.deepEqual(d.delta, { kinds: { task: { exclude: ['**/README.md', '**/AGENTS.md'] } } });
    assert.deepEqual(d.agents, ['tasks/AGENTS.md']);
  });

  it('rests when its pace says (the language server answers requests meanwhile), finding the same', async () => {
    const ws = new MemoryWorkspace({
      ...numbered('docs/adr', 40, (i) => nygard(i, ['Context', 'Decision', 'Consequences'])),
      ...numbered('docs/runbooks', 40, () => runbook(OWN)),
    });
    const files = await ws.listFiles();
    const parsedOf = async (f: string) => {
      const r = await ws.read(f);
      return 'text' in r ? detectFacts(parseMarkdown(f, r.text)) : undefined;
    };
    let rests = 0;
    // A slice of -1 ms: due at every 16th step of any of its loops.
    const always = new Pacer(async () => void rests++, -1);
    const paced = await detectIn(files, parsedOf, always);
    assert.deepEqual(paced, await detectIn(files, parsedOf));
    assert.ok(rests >= 10, `rested ${rests} times`);
  });
});

describe('detectFacts', () => {
  it('reads a document of 200,000 headings (no spread of them as arguments)', () => {
    const text = `# T\n\n${'## Steps\n'.repeat(200_000)}`;
    const facts = detectFacts(parseMarkdown('tasks/TASK-1.md', text));
    assert.equal(facts.top.length, SUMMARY_ITEMS, 'the summary kept with the document is cut');
    assert.deepEqual(facts.headings, ['steps']);
  });
});
