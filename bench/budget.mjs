// What one dense Markdown file costs the CLI (`check`, cold, one process per run), for each class
// of markup whose parse is costly per byte (test/helpers/dense.ts), at two sizes: `budget` (as
// much as MAX_PARSE_COST lets the full parser read) and `0.9mb` (0.9 MB of it: fast mode since
// MAX_PARSE_COST, fully parsed before). Prints wall time, CPU time and peak RSS per case.
//
// usage: node --import tsx bench/budget.mjs [--cli FILE] [--timeout S] [CLASS…]
//   --cli      the CLI to run (default bin/opsdocs.js; `npm run build` first): another checkout's
//              bin/opsdocs.js gives the figures before a change, on the same texts
//   --timeout  seconds after which a run is stopped and reported as such (default 300)
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runTimed } from './stats.mjs';
import { parseCost, MAX_PARSE_COST } from '../server/src/core/parse/markdown.ts';
import { DENSE, denseDoc } from '../test/helpers/dense.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = parseArgs({
  options: { cli: { type: 'string' }, timeout: { type: 'string', default: '300' } },
  allowPositionals: true,
});
const cli = path.resolve(values.cli ?? path.join(here, '../bin/opsdocs.js'));

const kinds = positionals.length ? positionals : Object.keys(DENSE);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-budget-'));
try {
  console.log('class\tsize\tbytes\tcost\twall s\tcpu s\tRSS MB');
  for (const kind of kinds) {
    const c = DENSE[kind];
    const cases = { budget: denseDoc(c, { cost: MAX_PARSE_COST }), '0.9mb': denseDoc(c, { bytes: 900_000 }) };
    for (const [size, text] of Object.entries(cases)) {
      const ws = path.join(root, `${kind.replace(' ', '-')}-${size}`);
      fs.mkdirSync(path.join(ws, 'docs/runbooks'), { recursive: true });
      fs.writeFileSync(path.join(ws, 'docs/runbooks/big.md'), text);
      const args = [cli, 'check', ws, '--today', '2026-11-26'];
      const r = await runTimed(process.execPath, args, { timeoutMs: Number(values.timeout) * 1000 });
      const wall = r.timedOut ? `>${values.timeout}` : r.wallS.toFixed(2);
      console.log(
        [kind, size, text.length, parseCost(text), wall, r.cpuS.toFixed(2), r.maxRssMb.toFixed(0)].join('\t'),
      );
    }
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
