import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { skipBecause } from '../helpers/skip.js';
import { tempCopy } from '../helpers/tempCopy.js';

/**
 * The server in a second real client: headless Neovim with a plain `vim.lsp.start_client` (no
 * workspace/configuration, no file watching; see neovim.lua). Neovim opens a runbook of a copy of
 * test/fixtures/editor, and what it holds after each step is compared with the fixture's expected
 * findings: on opening, after a file is created on disk, after the quick fix is applied.
 */

/** Each wait inside Neovim; the whole run is bounded by a few of them. */
const WAIT_MS = 20000;
const RUN_MS = 4 * WAIT_MS;
const RUNBOOK = 'docs/runbooks/restart.md';

interface NvimDiagnostic {
  code: string;
  severity: number;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  message: string;
}

interface NvimResult {
  error?: string;
  steps: Record<'opened' | 'created' | 'fixed', NvimDiagnostic[] | undefined>;
  executeCommandProvider?: unknown;
  actions?: { title: string; kind: string; isPreferred?: boolean }[];
  fixedLine?: string;
  references?: { uri: string; range: unknown }[];
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** A diagnostic Neovim holds, written as the expectation files write a finding (1-based). */
const asFinding = (d: NvimDiagnostic) =>
  `${RUNBOOK}:${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1} ${SEVERITY[d.severity]} ${d.code} ${d.message}`;

/** Runs Neovim headless on the Lua driver; kills it after {@link RUN_MS}. */
function runNeovim(root: string, home: string, out: string): Promise<{ code: number | null; log: string }> {
  const proc = spawn(
    'nvim',
    ['--headless', '-n', '-i', 'NONE', '-u', path.join(REPO, 'test/editors/neovim.lua')],
    {
      cwd: root,
      env: {
        ...process.env,
        // Neovim's own files (its LSP log among them) stay in the temp folder.
        XDG_CONFIG_HOME: path.join(home, 'config'),
        XDG_DATA_HOME: path.join(home, 'data'),
        XDG_STATE_HOME: path.join(home, 'state'),
        XDG_CACHE_HOME: path.join(home, 'cache'),
        OPSDOCS_SERVER: path.join(REPO, 'dist/server.js'),
        OPSDOCS_ROOT: root,
        OPSDOCS_OUT: out,
        OPSDOCS_TIMEOUT_MS: String(WAIT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  proc.stdout.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (log += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      log += `\n(killed after ${RUN_MS} ms)`;
      proc.kill('SIGKILL');
    }, RUN_MS);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, log });
    });
  });
}

describe('Neovim (headless, plain vim.lsp.start_client)', function () {
  this.timeout(RUN_MS + 10000);
  let root: string;
  let home: string;

  before(function () {
    if (!spawnSync('nvim', ['--version']).error) return;
    // CI provisions Neovim (scripts/e2e/setup.sh) and requires it: missing there is a failure.
    if (process.env.OPSDOCS_E2E === 'required')
      throw new Error('nvim is not installed and OPSDOCS_E2E=required: run scripts/e2e/setup.sh');
    skipBecause(this, 'nvim is not installed (scripts/e2e/setup.sh installs it)');
  });

  beforeEach(() => {
    root = tempCopy('test/fixtures/editor');
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-nvim-'));
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('gets the diagnostics, follows a file created on disk, applies a quick fix, runs the lens command', async () => {
    const out = path.join(home, 'result.json');
    const { code, log } = await runNeovim(root, home, out);
    assert.ok(fs.existsSync(out), `Neovim wrote no result (exit ${code}):\n${log}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResult;
    assert.equal(result.error, undefined, `${result.error}\n${JSON.stringify(result, null, 2)}\n${log}`);
    assert.equal(code, 0, log);
    // What the server logged as an error reaches Neovim's LSP log (Neovim 0.7: in its cache folder).
    const lspLog = path.join(home, 'cache/nvim/lsp.log');
    const logged = fs.existsSync(lspLog) ? fs.readFileSync(lspLog, 'utf8') : '';
    assert.deepEqual(
      logged.split('\n').filter((l) => l.includes('[ERROR]')),
      [],
    );

    const expected = readExpected(path.join(REPO, 'test/fixtures/editor.expected.txt'));
    assert.equal(expected.today, '2026-11-26', 'the date neovim.lua sends in init_options');
    assert.deepEqual(result.steps.opened?.map(asFinding), expected.lines);
    assert.deepEqual(
      result.steps.created?.map(asFinding),
      expected.lines.filter((l) => !l.includes('links/missing-file')),
    );
    assert.deepEqual(
      result.steps.fixed?.map(asFinding),
      expected.lines.filter((l) => l.includes('lifecycle/review-overdue')),
    );
    assert.equal(
      result.fixedLine,
      '1. Stop the consumers (see [Escalation](#escalation) when they do not stop).',
    );
    assert.equal(fs.readFileSync(path.join(root, RUNBOOK), 'utf8').includes('#escalaton'), true, 'not saved');
    assert.deepEqual(result.executeCommandProvider, {
      commands: ['opsdocs.findReferences', 'opsdocs.generateDigest', 'opsdocs.fixAll'],
    });
    // The lens command on the new runbook: the runbook that links to it, where it does.
    assert.deepEqual(result.references, [
      {
        uri: `file://${root}/${RUNBOOK}`,
        range: { start: { line: 10, character: 62 }, end: { line: 10, character: 70 } },
      },
    ]);
    assert.deepEqual(result.actions, [
      { title: 'Change to #escalation', kind: 'quickfix', isPreferred: true },
    ]);
  });
});
