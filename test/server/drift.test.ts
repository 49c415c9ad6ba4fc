import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { LspClient } from '../helpers/lspClient.js';
import { gitFixture, withShas } from '../helpers/gitRepo.js';

// The language server reads git only in a trusted workspace. A `git` placed first on PATH leaves a
// mark each time it runs, so the test sees whether the server ran git at all.

const RUNBOOK = 'docs/runbooks/rotate-keys.md';

/** A file's findings in the history part of drift.history-expected.txt, as the client shows them. */
function expectedOf(file: string, sha: Map<string, string>): string[] {
  const text = fs.readFileSync(path.join(REPO, 'test/fixtures/drift.history-expected.txt'), 'utf8');
  const history = text.split('# with --changed-since HEAD, also:\n')[0];
  return history
    .split('\n')
    .filter((l) => l.startsWith(`${file}:`))
    .map((l) => withShas(l, sha))
    .map((l) => {
      const [, range, rule, message] = /^\S+?:(\S+) \S+ (\S+) (.*)$/.exec(l)!;
      return `${rule}@${range} ${message}`;
    });
}

describe('language server over stdio: lifecycle/stale-against-code from git', function () {
  this.timeout(60_000);
  let root: string;
  let sha: Map<string, string>;
  let bin: string;
  let marker: string;
  let client: LspClient;
  let savedPath: string | undefined;

  beforeEach(() => {
    ({ root, sha } = gitFixture('test/fixtures/drift'));
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-gitbin-'));
    marker = path.join(bin, 'ran');
    const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\ntouch '${marker}'\nexec '${real}' "$@"\n`, {
      mode: 0o755,
    });
    savedPath = process.env.PATH;
  });

  afterEach(async () => {
    process.env.PATH = savedPath;
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(bin, { recursive: true, force: true });
  });

  /** Starts the server with the marking git first on its PATH. */
  async function start(trusted: boolean): Promise<void> {
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    client.initializationOptions = { trusted };
    process.env.PATH = `${bin}${path.delimiter}${savedPath}`;
    await client.start();
    process.env.PATH = savedPath;
  }

  it('publishes the drift of a trusted workspace, with a quick fix that marks it reviewed today', async function () {
    if (process.platform === 'win32') this.skip();
    await start(true);
    const expected = expectedOf(RUNBOOK, sha);
    assert.equal(expected.length, 2);
    await client.waitForDiagnostics(RUNBOOK, expected);
    await client.waitForDiagnostics('docs/adr/ADR-001-sqs.md', expectedOf('docs/adr/ADR-001-sqs.md', sha));
    assert.ok(fs.existsSync(marker), 'the server ran git');
    const stale = client.diagnostics.get(client.uri(RUNBOOK))![0];
    const actions = await client.request<{ title: string; edit: unknown }[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri(RUNBOOK) },
      range: stale.range,
      context: { diagnostics: [stale], only: ['quickfix'] },
    });
    const line = { line: 3, character: 15 };
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit]),
      [
        [
          'Mark as reviewed today (last_reviewed: 2026-11-26)',
          {
            documentChanges: [
              {
                textDocument: { uri: client.uri(RUNBOOK), version: null },
                edits: [{ range: { start: line, end: { line: 3, character: 25 } }, newText: '2026-11-26' }],
              },
            ],
          },
        ],
      ],
    );
    assert.match(client.logs.join(''), /Git history read: the last change of 12 file\(s\)\./);
  });

  it('runs no git command in Restricted Mode, and says the checks against code are off', async function () {
    if (process.platform === 'win32') this.skip();
    await start(false);
    const off =
      'No git information (the workspace is not trusted (Restricted Mode): no git command runs): lifecycle/stale-against-code and lifecycle/cites-changed are off.';
    await client.waitFor('the log line on git', () => client.logs.join('').includes(off));
    // An edit that breaks one path: the runbook's diagnostics then show that, and nothing of git.
    const text = fs
      .readFileSync(path.join(root, RUNBOOK), 'utf8')
      .replace('`scripts/backup.sh`', '`scripts/backups.sh`');
    await client.notify('textDocument/didOpen', {
      textDocument: { uri: client.uri(RUNBOOK), languageId: 'markdown', version: 1, text },
    });
    await client.waitForDiagnostics(RUNBOOK, [
      'links/missing-file@14:30-14:48 `scripts/backups.sh` does not exist (looked for `scripts/backups.sh` and `docs/runbooks/scripts/backups.sh`). Did you mean `scripts/backup.sh`?',
    ]);
    assert.equal(fs.existsSync(marker), false, 'the server ran git in an untrusted workspace');
  });
});
