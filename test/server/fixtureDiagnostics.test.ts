import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, readExpected } from '../helpers/expected.js';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

/** The expectation file's findings as the client shows them (`rule@range message`), by file. */
function expectedDiagnostics(fixture: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const line of readExpected(path.join(REPO, `${fixture}.expected.txt`)).lines) {
    const m = /^(\S+):(\d+:\d+-\d+:\d+) \S+ (\S+) (.*)$/.exec(line);
    if (!m) throw new Error(`not a finding: ${line}`);
    const [, file, range, rule, message] = m;
    byFile.set(file, [...(byFile.get(file) ?? []), `${rule}@${range} ${message}`]);
  }
  return byFile;
}

/** Workspaces whose trouble once kept the server from publishing, or made it publish too little. */
const FIXTURES = {
  'test/fixtures/schema-drafts': 'team schemas of every JSON Schema draft, supported or not',
  'test/fixtures/check-failed': 'team schemas whose $ref loops: internal/check-failed on each document',
};

for (const [fixture, what] of Object.entries(FIXTURES))
  describe(`language server: ${what}`, () => {
    let root: string;
    let client: LspClient;

    before(async () => {
      root = tempCopy(fixture);
      client = new LspClient(root);
      client.settings = { today: '2026-11-26' };
      await client.start();
    });

    after(async () => {
      await client.stop();
      fs.rmSync(root, { recursive: true, force: true });
    });

    it(`publishes every finding of ${fixture}.expected.txt`, async () => {
      for (const [file, diagnostics] of expectedDiagnostics(fixture))
        await client.waitForDiagnostics(file, diagnostics);
    });
  });
