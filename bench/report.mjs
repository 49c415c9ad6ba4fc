// Renders bench/results.json as the table `npm run bench` prints.
// usage: node bench/report.mjs [bench/results.json]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const nav = ['definition', 'references', 'completion', 'hover'];

/** The printed report of a results object. */
export function render(results) {
  const corpus = results.corpus;
  const O = corpus.tools.opsdocs;
  const L = results.lsp;
  const base = results.synthetic.sizes[0];
  const RUNS = O.runs;
  const fmt = (x, d = 1) =>
    x === null || x === undefined || Number.isNaN(x)
      ? '–'
      : typeof x === 'number'
        ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
        : String(x);
  const table = (head, body) => {
    const all = [head, ...body].map((r) => r.map((c) => String(c)));
    const w = head.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
    return [line(all[0]), w.map((x) => '-'.repeat(x)).join('  '), ...all.slice(1).map(line)].join('\n');
  };
  const out = [];
  const m = results.machine;
  out.push(
    `OpsDocs benchmark (${results.mode}) — ${results.date} — ${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}`,
  );
  out.push(
    `OpsDocs ${results.opsdocs.version} @ ${results.opsdocs.commit?.slice(0, 10)}${results.opsdocs.uncommittedFiles ? ` + ${results.opsdocs.uncommittedFiles} uncommitted file(s)` : ''}; load average ${m.loadAverageAtStart[0]} at start, ${m.loadAverageAtEnd[0]} at end`,
  );
  out.push('');
  out.push(
    `Corpus: ${corpus.files.toLocaleString('en-US')} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.repositories} repositories (each its own workspace root); cold, fresh process; median of ${RUNS} run(s) [range]`,
  );
  out.push(
    table(
      ['tool', 'wall s', 'CPU s', 'peak RSS MB', 'files/s', 'findings'],
      [...Object.values(corpus.tools), corpus.warmRecheck, corpus.warmParseCache].map((t) => [
        t.label,
        `${fmt(t.wallS, 2)} [${fmt(t.wallRangeS[0], 2)}–${fmt(t.wallRangeS[1], 2)}]`,
        fmt(t.cpuS, 2),
        fmt(t.maxRssMb, 0),
        fmt(t.filesPerS, 0),
        fmt(t.findings, 0),
      ]),
    ),
  );
  out.push('');
  out.push(
    table(
      ['OpsDocs / baseline', 'wall', 'CPU', 'peak RSS', 'target'],
      [
        [
          'vs vscode-markdown-languageservice',
          `${fmt(corpus.ratios.vsMdls.wall, 2)}×`,
          `${fmt(corpus.ratios.vsMdls.cpu, 2)}×`,
          `${fmt(corpus.ratios.vsMdls.maxRss, 2)}×`,
          'wall ≤ 1.0×, RSS ≤ 1.0×',
        ],
        [
          'vs markdownlint-cli2',
          `${fmt(corpus.ratios.vsMarkdownlint.wall, 2)}×`,
          `${fmt(corpus.ratios.vsMarkdownlint.cpu, 2)}×`,
          `${fmt(corpus.ratios.vsMarkdownlint.maxRss, 2)}×`,
          '',
        ],
        [
          'warm re-check (nothing changed) vs mdls',
          `${fmt(corpus.ratios.warmVsMdls.wall, 2)}×`,
          '',
          '',
          `≤ 0.10× (${corpus.warmRecheck.sameFindingsAsCold ? 'same findings as cold' : 'FINDINGS DIFFER from cold'})`,
        ],
        [
          'parse cache only (every document checked) vs mdls',
          `${fmt(corpus.ratios.warmParseCacheVsMdls.wall, 2)}×`,
          '',
          '',
          corpus.warmParseCache.sameFindingsAsCold ? 'same findings as cold' : 'FINDINGS DIFFER from cold',
        ],
        [
          '--threads 2 vs the main thread alone',
          `${fmt(corpus.ratios.threadsVsMainThread.wall, 2)}×`,
          `${fmt(corpus.ratios.threadsVsMainThread.cpu, 2)}×`,
          '',
          '',
        ],
      ],
    ),
  );
  out.push(
    `OpsDocs split: index (read + parse) ${fmt(O.detail.indexS, 2)} s, checks ${fmt(O.detail.checkS, 2)} s (run 1). CLI start-up ${fmt(corpus.cliStartupS, 2)} s per process (bare node ${fmt(corpus.bareNodeStartupS, 2)} s: ${fmt(corpus.ratios.cliStartupVsNode, 2)}×; target ≤ 1.5×); \`opsdocs check\` of one ADR ${fmt(corpus.cliOneFileCheckS, 2)} s (${fmt(corpus.ratios.cliOneFileCheckVsNode, 2)}×).`,
  );
  out.push('');
  out.push(
    `Synthetic handbook workspaces (cold, fresh process; 1k: median of ${base.runs}, larger: 1 run; marginal = index + check ms per doc added since the previous size)`,
  );
  out.push(
    table(
      [
        'docs',
        'MB',
        'index s',
        'check s',
        'wall s',
        'peak RSS MB',
        'index ms/doc',
        'total ms/doc',
        'per doc vs 1k',
        'marginal ms/doc',
        'findings',
      ],
      results.synthetic.sizes.map((s) => [
        s.docs.toLocaleString('en-US'),
        fmt(s.mb),
        fmt(s.indexS, 2),
        s.checkComplete ? fmt(s.checkS, 2) : `> ${fmt(s.checkS, 0)} (${s.checkedFiles}/${s.docs} files)`,
        fmt(s.wallS, 2),
        fmt(s.maxRssMb, 0),
        fmt(s.indexMsPerDoc, 2),
        s.checkComplete ? fmt(s.totalMsPerDoc, 2) : '–',
        s.checkComplete
          ? `${fmt(s.totalPerDocVs1k, 2)}×`
          : `check ${fmt(s.checkPerCheckedDocVs1k, 1)}×/checked doc`,
        s.marginalTotalMsPerDoc !== undefined
          ? `${fmt(s.marginalIndexMsPerDoc, 2)} + ${fmt(s.marginalCheckMsPerDoc, 2)}`
          : s.marginalIndexMsPerDoc !== undefined
            ? `${fmt(s.marginalIndexMsPerDoc, 2)} + ?`
            : '',
        s.checkComplete ? fmt(s.findings, 0) : '–',
      ]),
    ),
  );
  if (L) {
    out.push('');
    out.push(
      `Language server, ${L.docs.toLocaleString('en-US')}-doc workspace (dist/server.js --stdio), peak RSS ${fmt(L.serverMaxRssMb, 0)} MB`,
    );
    const lat = (x) =>
      x ? [fmt(x.p50, 1), fmt(x.p95, 1), fmt(x.max, 1), String(x.n)] : ['–', '–', '–', '0'];
    out.push(
      table(
        ['measure', 'p50 ms', 'p95 ms', 'max ms', 'n', 'target'],
        [
          [
            'first full diagnostics after initialize',
            fmt(L.firstFullDiagnosticsMs, 0),
            '',
            '',
            L.complete ? `${L.publishedFiles} files` : 'incomplete',
            '≤ 20000',
          ],
          ['  of which indexing (as the server logs it)', fmt(L.serverIndexMs, 0), '', '', '', ''],
          ...(L.withCache
            ? [
                [
                  `first full diagnostics, started again with the parse cache, one document changed (median of ${L.withCache.runs?.length ?? 1}: ${(L.withCache.runs ?? [L.withCache]).map((r) => fmt(r.firstFullDiagnosticsMs, 0)).join(', ')})`,
                  fmt(L.withCache.firstFullDiagnosticsMs, 0),
                  '',
                  fmt(L.withCache.longestWaitDuringStartupMs, 1),
                  L.withCache.complete ? '' : 'incomplete',
                  '≤ 3000',
                ],
              ]
            : []),
          ...(L.nothingChanged
            ? [
                [
                  'first full diagnostics, started again with nothing changed (the last findings shown)',
                  fmt(L.nothingChanged.firstFullDiagnosticsMs, 0),
                  '',
                  fmt(L.nothingChanged.longestWaitDuringStartupMs, 1),
                  L.nothingChanged.complete ? '' : 'incomplete',
                  '≤ 3000',
                ],
              ]
            : []),
          ['hover every 20 ms while indexing (wait)', ...lat(L.requestsDuringIndexing), 'max ≤ 100'],
          [
            'hover every 20 ms, start-up incl. first check (wait)',
            ...lat(L.requestsDuringStartup),
            'max ≤ 100',
          ],
          ...(L.slowRequestsDuringStartup
            ? [
                [
                  `  ${L.slowRequestsDuringStartup.over100ms} waited > 100 ms; slowest sent at ${L.slowRequestsDuringStartup.slowest
                    .map((x) => `${x.sentMs} ms (waited ${x.waitedMs})`)
                    .slice(0, 3)
                    .join(', ')}`,
                  '',
                  '',
                  '',
                  '',
                  '',
                ],
              ]
            : []),
          ['edit → publishDiagnostics of the runbook', ...lat(L.editRevalidation), 'p95 < 50'],
          ...nav.map((k) => [
            `${k} (${L[k]?.nonEmpty ?? 0}/${L[k]?.n ?? 0} with a result)`,
            ...lat(L[k]),
            'p95 < 20',
          ]),
          ...(L.editBursts ?? []).map((b) => [
            `hover on another file, ${b.edits} edits of a ${b.kb} KB ${b.name}`,
            ...lat(b.hoverOnAnotherFile),
            'max ≤ 100',
          ]),
        ],
      ),
    );
  }
  out.push('');
  out.push(
    table(
      ['target', 'value', 'met'],
      results.targets.map((t) => [
        t.target,
        typeof t.value === 'number' ? fmt(t.value, 2) : String(t.value ?? '–'),
        t.met === null ? '–' : t.met ? 'yes' : 'NO',
      ]),
    ),
  );
  out.push('');
  out.push(`Total ${fmt(results.totalS, 0)} s.`);
  return out.join('\n') + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');
  process.stdout.write(render(JSON.parse(fs.readFileSync(file, 'utf8'))));
}
