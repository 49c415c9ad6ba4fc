import * as assert from 'node:assert/strict';
import { Engine } from '../../server/src/core/engine.js';
import { OverlayWorkspace } from '../../server/src/core/workspace.js';
import { formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace, memoryCopy } from '../helpers/memoryWorkspace.js';

const POLICY = 'docs/policies/security.md';
const RUNBOOK = 'docs/runbooks/deploy.md';

describe('incremental re-checks: a change re-checks only the files that depend on it', () => {
  let links: MemoryWorkspace;
  let overlay: OverlayWorkspace;
  let engine: Engine;
  let base: string;

  before(async () => {
    links = await memoryCopy('test/fixtures/links');
  });

  beforeEach(async () => {
    overlay = new OverlayWorkspace(links);
    engine = new Engine({ workspace: overlay, today: '2026-11-26' });
    await engine.indexAll();
    engine.allFindings();
    const r = await overlay.read(POLICY);
    base = 'text' in r ? r.text : '';
  });

  it('renaming a heading re-checks the policy and the runbook that links to it, nothing else', async () => {
    overlay.set(POLICY, base.replace('## MFA', '## Multi-factor authentication'));
    assert.deepEqual((await engine.update(POLICY)).sort(), [RUNBOOK, POLICY].sort());
    const anchors = engine
      .findings(RUNBOOK)
      .filter((f) => f.rule === 'links/missing-anchor')
      .map(formatFinding);
    assert.deepEqual(anchors, [
      'docs/runbooks/deploy.md:16:35-16:38 error links/missing-anchor No heading `#mfa` in `docs/policies/security.md`.',
      'docs/runbooks/deploy.md:16:74-16:78 error links/missing-anchor No heading `#mfaa` in `docs/policies/security.md`.',
      'docs/runbooks/deploy.md:23:51-23:58 error links/missing-anchor No heading `#nowhere` in this document.',
    ]);
  });

  it('an edit that changes nothing others see re-checks only the file', async () => {
    overlay.set(RUNBOOK, ((await overlay.read(RUNBOOK)) as { text: string }).text + '\nMore words.\n');
    assert.deepEqual(await engine.update(RUNBOOK), [RUNBOOK]);
  });

  it('changing an ADR status re-checks the documents citing it by id', async () => {
    const adr = 'docs/adr/ADR-001-hosting.md';
    overlay.set(
      adr,
      ((await overlay.read(adr)) as { text: string }).text.replace('status: accepted', 'status: deprecated'),
    );
    const changed = await engine.update(adr);
    assert.ok(changed.includes(RUNBOOK), `runbook re-checked: ${changed.join(', ')}`);
    assert.ok(!changed.includes('tasks/TASK-001.md'));
    assert.deepEqual(
      engine
        .findings(RUNBOOK)
        .filter((f) => f.rule === 'links/superseded-adr')
        .map((f) => f.message),
      [
        'ADR-001 is deprecated.',
        'ADR-1 is deprecated.',
        'ADR-0001 is deprecated.',
        'ADR-002 is superseded; cite its successor ADR-003 (Jobs on SQS) instead.',
      ],
    );
  });

  it('deleting a file re-checks what linked to it; the findings equal a fresh index', async () => {
    const gone = 'scripts/rotate-keys.sh';
    const listed = new MemoryWorkspace([...links.files].filter(([f]) => f !== gone));
    const changed = engine.remove(gone);
    assert.deepEqual(
      changed.sort(),
      [RUNBOOK, 'scripts/AGENTS.md', gone].sort(),
      'the deleted file too, so its diagnostics are cleared',
    );
    const again = new Engine({ workspace: listed, today: '2026-11-26' });
    await again.indexAll();
    assert.deepEqual(engine.allFindings().map(formatFinding), again.allFindings().map(formatFinding));
  });
});

describe('requests while the workspace is being indexed', () => {
  it('leave no finding computed from a half-built index behind', async () => {
    // 60 ADRs citing ADR-060, the last one, which is read in the second chunk after a gate opens.
    const files = new Map<string, string>();
    const name = (i: number) => `docs/adr/ADR-${String(i).padStart(3, '0')}-d.md`;
    for (let i = 1; i <= 60; i++)
      files.set(name(i), `# ADR-${String(i).padStart(3, '0')}: D\n\nSee ADR-060.\n`);
    let started!: () => void;
    const reading = new Promise<void>((r) => (started = r));
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const memory = new MemoryWorkspace(files);
    const workspace = {
      listFiles: (under?: string) => memory.listFiles(under),
      read: async (f: string) => {
        if (f === name(60)) {
          started();
          await gate;
        }
        return memory.read(f);
      },
    };
    const engine = new Engine({ workspace, today: '2026-11-26' });
    const indexing = engine.indexAll();
    await reading;
    // The second chunk is read while the first is added to the index.
    while (!engine.documents().has(name(1))) await new Promise((r) => setImmediate(r));
    // Find references / the code lens while ADR-060 is not indexed yet: ADR-001 cites an unknown id.
    const unknown = () =>
      engine
        .findings(name(1))
        .filter((f) => f.rule === 'links/unknown-id')
        .map((f) => f.message);
    assert.ok(engine.citing(name(1)).length >= 1);
    assert.deepEqual(unknown(), ['No document has the id ADR-060.']);
    open();
    await indexing;
    assert.deepEqual(unknown(), [], 'ADR-001 is checked again against the whole index');
  });
});
