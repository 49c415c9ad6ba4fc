import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

/**
 * The modules of dist/cli.js that `opsdocs ARGS`, run in `cwd`, initialised: esbuild names the
 * function that initialises a module after the module's path, and V8's coverage tells which
 * functions ran.
 */
function initialised(cwd: string, ...args: string[]): string[] {
  const coverage = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-coverage-'));
  try {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, NODE_V8_COVERAGE: coverage },
    });
    assert.deepEqual([r.status, r.stderr], [0, '']);
    const cli = fs
      .readdirSync(coverage)
      .flatMap(
        (f) =>
          (
            JSON.parse(fs.readFileSync(path.join(coverage, f), 'utf8')) as {
              result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
            }
          ).result,
      )
      .find((s) => s.url.endsWith('/dist/cli.js'));
    assert.ok(cli, 'dist/cli.js ran');
    return cli.functions
      .filter((f) => f.ranges[0].count > 0 && /\.(ts|js|json)$/.test(f.functionName))
      .map((f) => f.functionName);
  } finally {
    fs.rmSync(coverage, { recursive: true, force: true });
  }
}

const COMMAND = /^server\/src\/cli\/commands\//;
const ENGINE = /^(server\/src\/(core|node)\/|node_modules\/)/;

describe('CLI start-up: each command loads its own code', () => {
  it('`opsdocs --version` initialises no command and nothing of the engine', () => {
    assert.deepEqual(
      initialised(REPO, '--version').filter((m) => COMMAND.test(m) || ENGINE.test(m)),
      [],
    );
  });

  it('`opsdocs check` initialises the engine and no other command', () => {
    const modules = initialised(REPO, 'check', 'test/fixtures/clean', '--today', '2026-11-26');
    assert.deepEqual(
      modules.filter((m) => COMMAND.test(m)),
      ['server/src/cli/commands/check.ts'],
    );
    assert.ok(modules.includes('server/src/core/engine.ts'));
  });

  it('`opsdocs mcp-agents` initialises neither the engine nor the checks', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-startup-'));
    try {
      fs.writeFileSync(path.join(dir, 'AGENTS.md'), '# Agents\n');
      const modules = initialised(dir, 'mcp-agents');
      assert.deepEqual(
        modules.filter((m) => COMMAND.test(m)),
        ['server/src/cli/commands/mcpAgents.ts'],
      );
      assert.ok(!modules.includes('server/src/core/engine.ts'));
      assert.ok(!modules.includes('server/src/core/checks/index.ts'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
