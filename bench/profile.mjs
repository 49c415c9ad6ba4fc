// Where the time of a cold OpsDocs corpus check goes: runs bench/out/engine.cjs over the corpus
// (each repository its own root, as bench/run.mjs does) under `node --cpu-prof`, then prints the
// functions with the most self time and the self time by package / source folder, mapped back to
// the original sources through the bundle's source map.
//
// usage: node bench/profile.mjs [--top N] [--root DIR ...]   (build first: node bench/build.mjs)
//   --root  profile these workspace roots instead of the corpus repositories
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SYNTH_TODAY } from './synth.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: { top: { type: 'string', default: '10' }, root: { type: 'string', multiple: true } },
});
const engineJs = path.join(here, 'out', 'engine.cjs');
const corpusDocs = path.join(
  path.resolve(process.env.OPSDOCS_CORPUS ?? path.join(here, '../../shared/corpus')),
  'docs',
);
const roots =
  values.root?.map((r) => path.resolve(r)) ??
  fs
    .readdirSync(corpusDocs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(corpusDocs, e.name))
    .sort();
const dir = path.join(here, 'out', 'prof');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
const run = JSON.parse(
  execFileSync(
    process.execPath,
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, engineJs, '--today', SYNTH_TODAY, ...roots],
    { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] },
  ),
);
const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
const map = new SourceMap(JSON.parse(fs.readFileSync(`${engineJs}.map`, 'utf8')));
const bundleUrl = `file://${engineJs}`;

const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++)
  selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
const byFn = new Map();
const byArea = new Map();
let total = 0;
const areaOf = (src) => {
  if (!src) return 'node / V8';
  const nm = src.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = src.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const s = src.replace(/^.*?(server\/src\/)/, '$1');
  return path.posix.dirname(s);
};
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  total += us;
  const cf = node.callFrame;
  let where = cf.url ? `${path.basename(cf.url)}:${cf.lineNumber + 1}` : '';
  let src;
  if (cf.url === bundleUrl) {
    const e = map.findEntry(cf.lineNumber, cf.columnNumber);
    if (e?.originalSource) {
      src = e.originalSource.replace(/^(\.\.\/)+/, '');
      where = `${src}:${e.originalLine + 1}`;
    }
  }
  const name = cf.functionName || (cf.url ? '(anonymous)' : cf.functionName || '(native)');
  const key = cf.url ? `${name}  ${where}` : name;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  const area = cf.url
    ? src
      ? areaOf(src)
      : cf.url.startsWith('node:')
        ? 'node (built-in modules)'
        : areaOf(cf.url)
    : name.startsWith('(')
      ? name
      : 'node / V8';
  byArea.set(area, (byArea.get(area) ?? 0) + us);
}
const top = Number(values.top);
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
const sec = (us) => `${(us / 1e6).toFixed(2).padStart(7)} s`;
const lines = [];
lines.push(
  `cold OpsDocs check of ${roots.length} root(s), ${run.docs} docs: index ${(run.indexMs / 1000).toFixed(1)} s, checks ${(run.checkMs / 1000).toFixed(1)} s; ${(total / 1e6).toFixed(1)} s sampled`,
);
lines.push('', `top ${top} functions by self time`);
for (const [k, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top))
  lines.push(`${sec(us)} ${pct(us)}  ${k}`);
lines.push('', 'self time by package / source folder');
for (const [k, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 15))
  lines.push(`${sec(us)} ${pct(us)}  ${k}`);
lines.push(
  '',
  `profile: ${path.relative(process.cwd(), path.join(dir, file))} (open in Chrome DevTools or VS Code)`,
);
process.stdout.write(lines.join('\n') + '\n');
