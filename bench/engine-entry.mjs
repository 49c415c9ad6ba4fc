// The benchmark's engine driver, bundled by bench/build.mjs into bench/out/engine.cjs.
// It runs what `opsdocs check` runs (Engine.indexAll, then allFindings: every rule, cross-links
// included) over one or more workspace roots, each with its own engine, one after the other, in
// this one (fresh) process, and prints one JSON line of timings and counts.
//
// usage: node bench/out/engine.cjs --today YYYY-MM-DD [--files-out FILE] [--budget-ms MS] ROOT...
//   --budget-ms MS    check the files one by one (same files and order as allFindings) and stop
//                     once the check has taken MS; the output then says how many were checked
//   --deadline EPOCH_MS  the same, with the budget running until this wall-clock time (Date.now()),
//                     and at least --budget-ms
//   --cache-dir DIR   use the parse cache, one file per root (DIR/<root's name>.bin), as `opsdocs
//                     check --cache-location` does, and beside it the last check's result
//                     (<root's name>.bin.findings), reported again when nothing changed; the output
//                     says how many files it reused, how many roots were not indexed and for how
//                     many files the findings of the last check were taken (nothing they looked up
//                     changed)
//   --no-snapshot     with --cache-dir: the parse cache only (what a check after any change does)
//   --threads N       parse in N worker threads (dist/parser.js), as `opsdocs check --threads N`
//   --files-out FILE  also write {root: [files with findings]} as JSON (used to know when the
//                     language server has published every file's diagnostics)
// Under `node --expose-gc`, each root also reports what stays alive (heap used after a full
// collection) once indexed and once checked, per document: `liveKbPerDoc` (the index's memory
// without the garbage V8 has not collected yet, which peak RSS also holds).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Engine } from '../server/src/core/engine.ts';
import { FsWorkspace } from '../server/src/node/fsWorkspace.ts';
import { FactsCache, factsSource } from '../server/src/node/facts.ts';
import { boundHeapGrowthFor } from '../server/src/node/heap.ts';
import { FindingsSnapshot, resultOf, sha1, thisBuild } from '../server/src/node/snapshot.ts';
import pkg from '../package.json';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      today: { type: 'string' },
      'files-out': { type: 'string' },
      'budget-ms': { type: 'string' },
      deadline: { type: 'string' },
      'cache-dir': { type: 'string' },
      threads: { type: 'string' },
      'no-snapshot': { type: 'boolean' },
    },
  });
  const threads = Number(values.threads ?? 0);
  // This bundle sits in bench/out/; the parser thread's bundle is the extension's dist/parser.js.
  const script = path.join(__dirname, '..', '..', 'dist', 'parser.js');
  let reused = 0;
  let notIndexed = 0;
  let findingsReused = 0;
  let pool;
  let budget = values['budget-ms'] === undefined ? undefined : Number(values['budget-ms']);
  const silent = { log() {} };
  const ms = (a, b) => Number(b - a) / 1e6;
  const started = process.hrtime.bigint();
  const roots = [];
  const withFindings = {};
  let docs = 0;
  let files = 0;
  let findings = 0;
  let indexMs = 0;
  let checkMs = 0;
  const byRule = {};
  for (const root of positionals) {
    let checked;
    let partial = false;
    const t0 = process.hrtime.bigint();
    const cacheFile = values['cache-dir'] && path.join(values['cache-dir'], `${path.basename(root)}.bin`);
    const cache = cacheFile ? FactsCache.open(cacheFile, pkg.version, silent) : undefined;
    // As `opsdocs check` does (server/src/cli/indexFolder.ts), unless --no-snapshot.
    const snapshot =
      cacheFile && !values['no-snapshot'] && budget === undefined && values.deadline === undefined
        ? new FindingsSnapshot(`${cacheFile}.findings`, thisBuild(pkg.version), silent)
        : undefined;
    let last;
    const facts = factsSource({ cache, threads, script, pool, logger: silent });
    pool = facts.pool;
    const engine = new Engine({
      workspace: new FsWorkspace(root, silent, { syncReads: true }),
      logger: silent,
      today: values.today,
      facts: facts.source,
      hash: snapshot && sha1,
      knownHashes: snapshot && (() => snapshot.knownHashes()),
    });
    const live = () => (global.gc ? (global.gc(), process.memoryUsage().heapUsed) : 0);
    const before = live();
    // As `opsdocs check` does (server/src/cli/indexFolder.ts).
    await engine.indexAll(
      (done, total) => boundHeapGrowthFor(total),
      snapshot && ((digest) => Promise.resolve((last = snapshot.resultFor(digest)) !== undefined)),
    );
    const indexed = live();
    if (last) notIndexed++;
    else findingsReused += (await snapshot?.reuseIn(engine)) ?? 0;
    if (!last && cache) {
      reused += cache.hits;
      cache.save();
    }
    const t1 = process.hrtime.bigint();
    process.stderr.write(`indexed ${root} ${ms(t0, t1)}\n`);
    if (values.deadline !== undefined) budget = Math.max(budget ?? 0, Number(values.deadline) - Date.now());
    let all;
    if (last) all = last.findings;
    else if (budget === undefined) all = engine.allFindings();
    else {
      // The same files and order as allFindings(), one at a time, stopping at the budget.
      const files = [
        ...new Set([...engine.documents().keys(), ...engine.getConfigFindings().map((f) => f.file)]),
      ].sort();
      all = [];
      let i = 0;
      for (; i < files.length; i++) {
        if (i % 25 === 0 && ms(t1, process.hrtime.bigint()) > budget) break;
        all.push(...engine.findings(files[i]));
      }
      checked = i;
      partial = i < files.length;
    }
    const n = last ? last.documents : engine.documents().size;
    // As `opsdocs check` does (the findings are those computed above, kept by the index).
    if (snapshot && !last) await snapshot.saveCheck(engine, resultOf(engine));
    const t2 = process.hrtime.bigint();
    const afterCheck = live();
    const perDoc = (bytes) => Math.round(bytes / n / 102.4) / 10;
    const liveKbPerDoc = global.gc
      ? { liveKbPerDoc: { indexed: perDoc(indexed - before), checked: perDoc(afterCheck - before) } }
      : {};
    for (const f of all) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
    if (values['files-out']) withFindings[root] = [...new Set(all.map((f) => f.file))];
    roots.push({
      root,
      docs: n,
      files: engine.files().size,
      findings: all.length,
      indexMs: ms(t0, t1),
      checkMs: ms(t1, t2),
      ...liveKbPerDoc,
      ...(checked !== undefined ? { checkedFiles: checked, partial } : {}),
    });
    docs += n;
    files += engine.files().size;
    findings += all.length;
    indexMs += ms(t0, t1);
    checkMs += ms(t1, t2);
  }
  pool?.close();
  if (values['files-out']) fs.writeFileSync(values['files-out'], JSON.stringify(withFindings));
  const mem = process.memoryUsage();
  process.stdout.write(
    JSON.stringify({
      docs,
      files,
      findings,
      byRule,
      indexMs,
      checkMs,
      ...(values['cache-dir']
        ? { reusedFromCache: reused, rootsNotIndexed: notIndexed, filesWithFindingsReused: findingsReused }
        : {}),
      ...(budget !== undefined
        ? {
            budgetMs: budget,
            partial: roots.some((r) => r.partial),
            checkedFiles: roots.reduce((a, r) => a + r.checkedFiles, 0),
          }
        : {}),
      inProcessMs: ms(started, process.hrtime.bigint()),
      maxRssKb: process.resourceUsage().maxRSS,
      heapUsedMb: mem.heapUsed / 1048576,
      roots,
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exitCode = 2;
});
