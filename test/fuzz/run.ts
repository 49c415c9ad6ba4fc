// `npm run fuzz [RUNS]`: the long fuzz run (default 100,000 workspaces), reported with its seed.
import { fuzzEngine } from './engine.fuzz.js';
import { fuzzFrontMatterEdits } from './yamlEdits.fuzz.js';

const runs = Number(process.argv[2] ?? 100_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const started = Date.now();
fuzzEngine(runs, seed, process.env.FUZZ_PATH)
  // Then as many file moves over random front matter to random names (test/fuzz/yamlEdits.fuzz.ts).
  .then(() => fuzzFrontMatterEdits(runs, seed))
  .then(
    () =>
      console.log(
        `fuzz: ${runs} workspaces and ${runs} front-matter edits, seed ${seed}: no failure in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ),
    (e: unknown) => {
      console.error(`fuzz: FAILED with seed ${seed}:\n${(e as Error).message}`);
      process.exitCode = 1;
    },
  );
