import { fuzzEngine } from '../fuzz/engine.fuzz.js';
import { fuzzFrontMatterEdits } from '../fuzz/yamlEdits.fuzz.js';

describe('fuzzing: random and broken documents never crash the engine', () => {
  it('60 random workspaces: no exception, bounded time, every finding inside its file', async function () {
    this.timeout(240_000);
    await fuzzEngine(60);
  });

  it('60 file moves over random front matter to random names: the front matter reads the new paths', async function () {
    this.timeout(240_000);
    await fuzzFrontMatterEdits(60);
  });
});
