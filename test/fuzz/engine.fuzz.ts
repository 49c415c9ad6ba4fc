import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Engine } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import { LineIndex } from '../../server/src/core/parse/lines.js';
import { extractFacts } from '../../server/src/core/parse/markdown.js';
import { deserialize, serialize } from 'node:v8';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';
import { DENSE_HEAD, table } from '../helpers/dense.js';

/** Pieces real documents are made of, and the ways they break. */
const PIECES = [
  '---\n',
  '---\r\n',
  '\uFEFF---\n',
  'title: Deploy\n',
  'owner: [ops\n',
  'status: acepted\n',
  'last_reviewed: 2026-02-30\n',
  'depends_on: [TASK-1, TASK-2]\n',
  'supersedes:\n  - ADR-001\n',
  'id: ADR-001\n',
  'id: TASK-1\n',
  'key: &a [*a]\n',
  ': :\n',
  '- - -\n',
  '# Title\n',
  '## Overview\n',
  '## Steps\n',
  '### Deep\n',
  '```\n',
  '```sh\n',
  '~~~\n',
  '    indented code ADR-9\n',
  '[link](../x.md#anchor)\n',
  '[ref]: ./y.md\n',
  '[a][ref]\n',
  '<a name="x"></a>\n',
  '<!-- opsdocs-disable -->\n',
  '<!-- opsdocs-disable-next-line schema -->\n',
  '`docs/runbooks/a.md --flag`\n',
  '`npm run build`\n',
  'ADR-003 and TASK-42\n',
  '- [ ] todo\n',
  '- [x] done\n',
  '| a | b |\n| --- | --- |\n| `scripts/x.sh` | y |\n',
  '> quote\n',
  '\0',
  '\r',
  '\n',
  '\u2028',
  '😀',
  '\uD800',
  'é',
  '[',
  ']',
  '(',
  ')',
  '`',
  '*',
  '_',
  '<',
  '>',
  '#',
  '\\',
  '{{ x }}',
  '{% y %}',
];

// The tables are one document in seventeen: each costs a 1 MB scan or a parse of up to 2,000 cells.
const doc = fc.oneof(
  { arbitrary: fc.constant(''), weight: 4 },
  { arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((a) => a.join('')), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 400 }), weight: 4 },
  // Long runs of one piece: long lines, deep repetition, up to 1.2 MB (past the fast-mode limit).
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...PIECES), fc.constantFrom(1_000, 20_000, 60_000, 1_200_000))
      .map(([p, n]) => p.repeat(Math.ceil(n / Math.max(1, p.length)))),
    weight: 4,
  },
  // Big tables (up to 1 MB: 46,000 rows of 10 cells took the parser 41 s and 3 GB), and tables of
  // other sizes and contents, whose cost per byte is the highest.
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom(1, 3, 10, 100),
        fc.constantFrom(20, 46_000),
        fc.constantFrom('a', ' `x` ', '*b*', '[l](x.md)', '', ' \\| '),
      )
      .map(([cells, rows, cell]) => {
        const t = table(cells, cell);
        const line = t.line();
        return DENSE_HEAD + t.pre + line.repeat(Math.min(rows, Math.floor(1_000_000 / line.length)));
      }),
    weight: 1,
  },
);

const PATHS = [
  'docs/runbooks/a.md',
  'docs/adr/ADR-001-a.md',
  'tasks/TASK-1.md',
  'scripts/AGENTS.md',
  'README.md',
  '.opsdocs.json',
  'package.json',
];

/** Whether a finding's range lies inside its file (`lines` holds each file's line index, built once). */
function inside(f: Finding, files: Map<string, string>, lines: Map<string, LineIndex>): boolean {
  const text = files.get(f.file);
  if (text === undefined) return f.range.start.line === 0 && f.range.end.line === 0;
  let index = lines.get(f.file);
  if (index?.text !== text) lines.set(f.file, (index = new LineIndex(text)));
  const ok = (p: { line: number; character: number }) =>
    p.line >= 0 &&
    p.line < index.lineCount &&
    p.character >= 0 &&
    p.character <= index.lineText(p.line).length;
  const ordered =
    f.range.start.line < f.range.end.line ||
    (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character);
  return ok(f.range.start) && ok(f.range.end) && ordered;
}

/** Runs `runs` random workspaces through the engine: no throw, bounded time, every range inside its file. */
export async function fuzzEngine(runs: number, seed?: number, path?: string): Promise<void> {
  await fc
    .assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...PATHS), doc), { minLength: 1, maxLength: 6 }),
        async (entries) => {
          const files = new Map(entries);
          const lines = new Map<string, LineIndex>();
          // A parser or check that throws is caught by the engine and logged (a check's also becomes an
          // internal/check-failed finding): either is a failure here too.
          const logs: string[] = [];
          const logger = { log: (m: string) => void logs.push(m) };
          // Each text is parsed once; its facts are encoded as the on-disk cache does before the engine
          // sees them, to feed the second engine below.
          const encoded = new Map<string, Buffer>();
          const facts = async (t: string) => {
            const f = extractFacts(t);
            encoded.set(t, serialize(f));
            return f;
          };
          const engine = new Engine({
            workspace: new MemoryWorkspace(files),
            today: '2026-11-26',
            facts,
            logger,
          });
          const started = process.cpuUsage();
          await engine.indexAll();
          const findings = engine.allFindings();
          for (const f of findings)
            assert.ok(inside(f, files, lines), `finding outside its file: ${JSON.stringify(f)}`);
          const failed = (all: Finding[]) => all.filter((f) => f.rule === 'internal/check-failed');
          assert.deepEqual(failed(findings), [], 'no check failed');
          // The same facts through the cache's encoding (or a parser thread's) give the same findings.
          const viaCache = new Engine({
            workspace: new MemoryWorkspace(files),
            today: '2026-11-26',
            facts: async (t) => deserialize(encoded.get(t) ?? serialize(extractFacts(t))),
          });
          await viaCache.indexAll();
          assert.deepEqual(viaCache.allFindings(), findings, 'the same findings from cached facts');
          // Editing one file keeps working too.
          const [first] = files.keys();
          files.set(first, (files.get(first) ?? '') + '\n## Rollback\n');
          await engine.update(first);
          const edited = engine.allFindings();
          for (const f of edited)
            assert.ok(
              inside(f, files, lines),
              `finding outside its file after an edit: ${JSON.stringify(f)}`,
            );
          assert.deepEqual(failed(edited), [], 'no check failed after an edit');
          const failures = logs.filter((m) => /\bfailed\b/.test(m));
          assert.deepEqual(failures, [], 'no parser or check failed');
          const cpu = process.cpuUsage(started);
          const ms = (cpu.user + cpu.system) / 1000;
          assert.ok(ms < HANG_MS, `took ${Math.round(ms)} ms of CPU`);
        },
      ),
      { numRuns: runs, seed, path, endOnFailure: true },
    )
    .catch((e: unknown) => {
      // fast-check prints the whole counterexample; a 1 MB one would drown the report.
      const cause = (e as Error).cause as Error | undefined;
      const m = `${(e as Error).message}${cause ? `\nCaused by: ${cause.stack ?? String(cause)}` : ''}`;
      throw new Error(
        m.length > 4000 ? `${m.slice(0, 2000)}\n…[${m.length - 4000} characters cut]…\n${m.slice(-2000)}` : m,
      );
    });
}

/**
 * A workspace that takes more CPU time than this is a hang. CPU time, not wall time: a run at low
 * priority on a busy machine waits without being slow.
 */
const HANG_MS = 30_000;
