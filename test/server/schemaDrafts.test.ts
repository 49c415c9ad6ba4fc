import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

const FIXTURE = 'test/fixtures/schema-drafts';

/** The expectation file's findings as the client shows them (`rule@range message`), by file. */
function expectedDiagnostics(): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const line of readExpected(path.join(REPO, `${FIXTURE}.expected.txt`)).lines) {
    const m = /^(\S+):(\d+:\d+-\d+:\d+) \S+ (\S+) (.*)$/.exec(line);
    if (!m) throw new Error(`not a finding: ${line}`);
    const [, file, range, rule, message] = m;
    byFile.set(file, [...(byFile.get(file) ?? []), `${rule}@${range} ${message}`]);
  }
  return byFile;
}

describe('language server: team schemas of every JSON Schema draft', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = tempCopy(FIXTURE);
    client = new LspClient(root);
    client.settings = { today: '2026-11-26' };
    await client.start();
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes every finding: violations of each supported draft and each unsupported $schema', async () => {
    for (const [file, diagnostics] of expectedDiagnostics())
      await client.waitForDiagnostics(file, diagnostics);
  });
});
