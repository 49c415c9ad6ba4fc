import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from '../helpers/lspClient.js';
import { REPO } from '../helpers/expected.js';

const N = 500;
const runbook = (i: number, broken: boolean) =>
  `---\ntitle: Runbook ${i}\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# Runbook ${i}\n\nSee [the next](r${(i + 1) % N}.md${broken ? '#nowhere' : ''}).\n\n## Overview\n## Steps\n## Rollback\n${broken ? '' : '## Escalation\n'}`;

describe('language server: a git checkout rewriting 500 files while it runs', () => {
  it('ends with the same diagnostics as a fresh check of the disk', async function () {
    this.timeout(180_000);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-checkout-'));
    const dir = path.join(root, 'docs/runbooks');
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, `r${i}.md`), runbook(i, false));
    const client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    try {
      await client.start();
      await client.waitFor('indexing', () => client.progress.some((p) => p.kind === 'end'), 120_000);
      // The "checkout": every file rewritten (every other one broken), one deleted, one created, then the
      // events.
      for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, `r${i}.md`), runbook(i, i % 2 === 0));
      fs.rmSync(path.join(dir, 'r7.md'));
      fs.writeFileSync(path.join(dir, 'new.md'), runbook(N, true));
      const changes = [...Array(N).keys()].map((i) => ({
        uri: client.uri(`docs/runbooks/r${i}.md`),
        type: i === 7 ? 3 : 2,
      }));
      changes.push({ uri: client.uri('docs/runbooks/new.md'), type: 1 });
      await client.notify('workspace/didChangeWatchedFiles', { changes });
      // The CLI's fresh look at the same disk is the truth.
      const r = spawnSync(
        process.execPath,
        [path.join(REPO, 'bin/opsdocs.js'), 'check', root, '--format', 'json', '--today', '2026-11-26'],
        { encoding: 'utf8' },
      );
      const fresh = new Map<string, string[]>();
      for (const f of JSON.parse(r.stdout).findings as {
        file: string;
        rule: string;
        line: number;
        column: number;
      }[]) {
        fresh.set(f.file, [...(fresh.get(f.file) ?? []), `${f.rule}@${f.line}:${f.column}`]);
      }
      const live = () => {
        const m = new Map<string, string[]>();
        for (const [uri, diags] of client.diagnostics) {
          if (!diags.length) continue;
          const rel = path.relative(root, new URL(uri).pathname).split(path.sep).join('/');
          m.set(
            rel,
            diags.map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character + 1}`),
          );
        }
        return m;
      };
      const same = () => JSON.stringify([...live()].sort()) === JSON.stringify([...fresh].sort());
      await client.waitFor(
        `live diagnostics equal to a fresh check (${fresh.size} files with findings)`,
        same,
        120_000,
      );
      assert.ok(fresh.size > N / 2, `the checkout broke about half the files (${fresh.size})`);
    } finally {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
