import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Engine } from '../../server/src/core/engine.js';
import { FsWorkspace } from '../../server/src/node/fsWorkspace.js';
import { FactsCache, factsSource } from '../../server/src/node/facts.js';
import { REPO } from '../helpers/expected.js';
import { skipBecause } from '../helpers/skip.js';
import pkg from '../../package.json';

/**
 * 3,607 real documents from 33 public repositories (where the bench finds them: $OPSDOCS_CORPUS or
 * ../shared/corpus beside this checkout).
 */
const CORPUS = path.join(
  path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(REPO, '../shared/corpus')),
  'docs',
);

describe('the real corpus: every repository through the engine, a third also through the CLI', function () {
  this.timeout(600_000);
  it('gives no exception, no failed check or parse, every finding inside its file, and the CLI agrees where run', async function () {
    if (!fs.existsSync(CORPUS)) skipBecause(this, `no corpus at ${CORPUS} (set OPSDOCS_CORPUS)`);
    const repos = fs
      .readdirSync(CORPUS)
      .filter((d) => fs.statSync(path.join(CORPUS, d)).isDirectory())
      .sort();
    assert.ok(repos.length >= 30, `${repos.length} repositories`);
    const caches = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-corpus-'));
    const failures: string[] = [];
    let docs = 0;
    let compared = 0;
    for (const [i, repo] of repos.entries()) {
      const root = path.join(CORPUS, repo);
      const logs: string[] = [];
      const logger = { log: (m: string) => void logs.push(m) };
      // The engine, with the CLI's cache, so the CLI run below reads the same facts quickly.
      const cache = FactsCache.open(path.join(caches, `${repo}.bin`), pkg.version, logger);
      const engine = new Engine({
        workspace: new FsWorkspace(root, logger),
        logger,
        today: '2026-11-26',
        facts: factsSource({ cache, threads: 0, logger }).source,
      });
      await engine.indexAll();
      const findings = engine.allFindings();
      assert.equal(cache.save(), undefined);
      docs += engine.documents().size;
      for (const m of logs) if (/failed|exception/i.test(m)) failures.push(`${repo}: ${m.split('\n')[0]}`);
      for (const f of findings) {
        const doc = engine.documents().get(f.file);
        if (!doc) continue;
        const lines = doc.parsed.lines;
        const ok = (p: { line: number; character: number }) =>
          p.line < lines.lineCount && p.character <= lines.lineText(p.line).length;
        if (!ok(f.range.start) || !ok(f.range.end))
          failures.push(`${repo}: ${f.file} ${f.rule} range outside the file`);
      }
      // The CLI is the same engine behind a process: a third of the repositories (spread over the
      // sorted list) show it agrees, at a third of the suite's time for start-up and output.
      if (i % 3 !== 0) continue;
      compared++;
      const r = spawnSync(
        process.execPath,
        [
          path.join(REPO, 'bin/opsdocs.js'),
          'check',
          root,
          '--format',
          'json',
          '--today',
          '2026-11-26',
          '--cache-location',
          path.join(caches, `${repo}.bin`),
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0 && r.status !== 1)
        failures.push(`${repo}: CLI exit ${r.status}: ${r.stderr.slice(0, 500)}`);
      else {
        const cli = (JSON.parse(r.stdout) as { findings: unknown[] }).findings.length;
        if (cli !== findings.length)
          failures.push(`${repo}: the CLI reports ${cli} findings, the engine ${findings.length}`);
      }
    }
    fs.rmSync(caches, { recursive: true, force: true });
    assert.deepEqual(failures, []);
    assert.ok(docs >= 3500, `${docs} documents indexed`);
    assert.ok(compared >= 10, `the CLI compared on ${compared} repositories`);
  });
});
