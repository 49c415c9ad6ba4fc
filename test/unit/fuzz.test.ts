import { fuzzEngine } from '../fuzz/engine.fuzz.js';

describe('fuzzing: random and broken documents never crash the engine', () => {
  it('60 random workspaces: no exception, bounded time, every finding inside its file', async function () {
    this.timeout(240_000);
    await fuzzEngine(60);
  });
});
