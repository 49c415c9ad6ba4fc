// `npm run fuzz [RUNS] [TARGET…]`: the long fuzz run (default 100,000 cases per target), reported
// with its seed. Targets: engine (random workspaces), schemas ($schema of team schemas), cache
// (damaged facts caches), output (control characters in what the CLI prints), edits (file moves
// over random front matter to random names).
import { fuzzEngine } from './engine.fuzz.js';
import { fuzzCache, fuzzOutput, fuzzSchemas } from './surfaces.fuzz.js';
import { fuzzFrontMatterEdits } from './yamlEdits.fuzz.js';

const TARGETS: Record<string, (runs: number, seed: number, path?: string) => Promise<void> | void> = {
  engine: fuzzEngine,
  schemas: fuzzSchemas,
  cache: fuzzCache,
  output: fuzzOutput,
  edits: fuzzFrontMatterEdits,
};
const runs = Number(process.argv[2] ?? 100_000);
const names = process.argv.length > 3 ? process.argv.slice(3) : Object.keys(TARGETS);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

async function main(): Promise<void> {
  for (const name of names) {
    const target = TARGETS[name];
    if (!target) throw new Error(`no fuzz target "${name}" (targets: ${Object.keys(TARGETS).join(', ')})`);
    const started = Date.now();
    try {
      await target(runs, seed, process.env.FUZZ_PATH);
    } catch (e) {
      const cause = (e as Error).cause as Error | undefined;
      const why = cause ? `\nCaused by: ${cause.stack ?? String(cause)}` : '';
      console.error(`fuzz ${name}: FAILED with seed ${seed}:\n${(e as Error).message}${why}`);
      process.exitCode = 1;
      continue;
    }
    const s = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`fuzz ${name}: ${runs} cases, seed ${seed}: no failure in ${s} s`);
  }
}
void main();
