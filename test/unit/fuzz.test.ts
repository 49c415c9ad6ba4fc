import { fuzzEngine } from '../fuzz/engine.fuzz.js';
import { fuzzCache, fuzzOutput, fuzzSchemas } from '../fuzz/surfaces.fuzz.js';
import { fuzzFrontMatterEdits } from '../fuzz/yamlEdits.fuzz.js';

describe('fuzzing: random and broken input never crashes the engine or fails open', () => {
  it('40 random workspaces: no exception, bounded time, every finding inside its file', async function () {
    this.timeout(240_000);
    await fuzzEngine(40);
  });
  it('100 team schemas with any $schema: a supported draft is read, any other is one finding', async function () {
    this.timeout(120_000);
    await fuzzSchemas(100);
  });
  it('40 damaged facts caches: the same findings as without a cache, and the cache healed', async function () {
    this.timeout(120_000);
    await fuzzCache(40);
  });
  it('300 sets of file names and messages with control characters: one line each, none printed raw', () => {
    fuzzOutput(300);
  });

  it('60 file moves over random front matter to random names: the front matter reads the new paths', async function () {
    this.timeout(240_000);
    await fuzzFrontMatterEdits(60);
  });
});
