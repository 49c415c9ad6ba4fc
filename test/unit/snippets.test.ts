import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { OverlayWorkspace } from '../../server/src/core/workspace.js';
import { REPO, formatFinding } from '../helpers/expected.js';
import { MemoryWorkspace, memoryCopy } from '../helpers/memoryWorkspace.js';

const TODAY = '2026-11-26';
const SNIPPETS = JSON.parse(
  fs.readFileSync(path.join(REPO, 'snippets/markdown.code-snippets'), 'utf8'),
) as Record<string, { prefix: string; body: string[] }>;

/**
 * Expands a snippet body as VS Code does with every default accepted: placeholders, choices, date variables.
 */
function expand(body: string[]): string {
  const [y, m, d] = TODAY.split('-');
  const vars: Record<string, string> = { CURRENT_YEAR: y, CURRENT_MONTH: m, CURRENT_DATE: d };
  const defaults = new Map<string, string>();
  let text = body.join('\n');
  text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_, n: string, choices: string) => {
    defaults.set(n, choices.split(',')[0]);
    return choices.split(',')[0];
  });
  for (let i = 0; i < 5; i++) {
    text = text.replace(/\$\{(\d+):([^{}]*)\}/g, (_, n: string, def: string) => {
      defaults.set(n, def);
      return def;
    });
  }
  text = text.replace(/\$\{([A-Z_]+)\}/g, (_, v: string) => vars[v] ?? '');
  return text.replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? '');
}

/** Where each snippet is tried: a file of its kind, alone or inside a clean document. */
const PLACES: Record<string, { file: string; host?: string }> = {
  'opsdocs-adr': { file: 'docs/adr/ADR-001-snippet.md' },
  'opsdocs-runbook': { file: 'docs/runbooks/snippet.md' },
  'opsdocs-policy': { file: 'docs/policies/snippet.md' },
  'opsdocs-task': { file: 'tasks/TASK-001-snippet.md' },
  'opsdocs-step': {
    file: 'docs/runbooks/failover.md',
    host: 'test/fixtures/clean/docs/runbooks/failover.md',
  },
  'opsdocs-options': {
    file: 'docs/adr/ADR-001-hosting-and-db.md',
    host: 'test/fixtures/clean/docs/adr/ADR-001-hosting-and-db.md',
  },
};

describe('snippets: each expands to a document with no findings', () => {
  it('covers every snippet', () => {
    assert.deepEqual(
      Object.values(SNIPPETS)
        .map((s) => s.prefix)
        .sort(),
      Object.keys(PLACES).sort(),
    );
  });
  for (const [name, snippet] of Object.entries(SNIPPETS)) {
    it(`${snippet.prefix} (${name})`, async () => {
      const place = PLACES[snippet.prefix];
      // Whole documents go into an empty repository; blocks into a clean document of the clean fixture.
      const overlay = new OverlayWorkspace(
        place.host ? await memoryCopy('test/fixtures/clean') : new MemoryWorkspace(),
      );
      const expanded = expand(snippet.body);
      assert.doesNotMatch(expanded, /\$\{|\$\d/, 'fully expanded');
      const text = place.host
        ? fs.readFileSync(path.join(REPO, place.host), 'utf8') + '\n' + expanded + '\n'
        : expanded;
      overlay.set(place.file, text);
      const engine = new Engine({ workspace: overlay, today: TODAY });
      await engine.indexAll();
      assert.ok(engine.documents().get(place.file)?.kind, 'the file is a document of a kind');
      assert.deepEqual(engine.findings(place.file).map(formatFinding), []);
    });
  }
});
