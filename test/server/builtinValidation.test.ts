import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { REPO, readExpected } from '../helpers/expected.js';
import { LspClient } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

const FIXTURE = 'test/fixtures/defer-links';

/** An expectation file's findings as the client shows them (`rule@range message`), by file. */
function expectedDiagnostics(file: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>([
    ['docs/guide.md', []],
    ['docs/runbooks/deploy.md', []],
    ['scripts/AGENTS.md', []],
  ]);
  for (const line of readExpected(path.join(REPO, file)).lines) {
    const [, rel, range, rule, message] = /^([^:]+):(\S+) \S+ (\S+) (.*)$/.exec(line)!;
    byFile.get(rel)!.push(`${rule}@${range} ${message}`);
  }
  return byFile;
}

const ALL = expectedDiagnostics(`${FIXTURE}.expected.txt`);
const DEFERRED = expectedDiagnostics(`${FIXTURE}.deferred.expected.txt`);

/*
 * opsdocs.links.builtinValidation over stdio: "defer" (or "auto" while VS Code's
 * markdown.validate.enabled is on) leaves missing files and anchors of plain Markdown links to VS
 * Code, and still reports ids, inline-code paths, front-matter paths and npm scripts.
 */
describe('language server over stdio: opsdocs.links.builtinValidation', () => {
  let root: string;
  let client: LspClient;

  const expectAll = async (expected: Map<string, string[]>) => {
    for (const [file, diagnostics] of expected) await client.waitForDiagnostics(file, diagnostics);
  };
  const set = async (builtinValidation: unknown, markdownValidate?: boolean) => {
    client.settings = { today: '2026-11-26', links: { builtinValidation } };
    client.otherSettings =
      markdownValidate === undefined ? {} : { 'markdown.validate.enabled': markdownValidate };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
  };

  beforeEach(async () => {
    root = tempCopy(FIXTURE);
    client = new LspClient(root);
    client.settings = { today: '2026-11-26', links: { builtinValidation: 'defer' } };
    await client.start();
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('"defer": no diagnostic for a broken plain link or anchor; ids, code paths, front matter and scripts still', async () => {
    await expectAll(DEFERRED);
    assert.ok(
      DEFERRED.get('docs/guide.md')!.some((d) => d.startsWith('links/unknown-id')),
      'a broken id is still reported',
    );
  });

  it('"check" (the default) reports every link; switching back and forth re-publishes', async () => {
    await expectAll(DEFERRED);
    await set('check');
    await expectAll(ALL);
    await set('defer');
    await expectAll(DEFERRED);
    await set(undefined);
    await expectAll(ALL);
  });

  it('"auto" defers exactly while markdown.validate.enabled is on', async () => {
    await set('auto', true);
    await expectAll(DEFERRED);
    await set('auto', false);
    await expectAll(ALL);
    await set('auto');
    await expectAll(ALL);
  });

  it('a value it does not know checks every link and says so in the log', async () => {
    await set('later');
    await expectAll(ALL);
    await client.waitFor('the log line', () =>
      client.logs.some((l) =>
        l.includes('Ignoring opsdocs.links.builtinValidation "later": use one of check, defer, auto.'),
      ),
    );
  });

  it('deferred links still follow a moved file', async () => {
    await expectAll(DEFERRED);
    const edit = await client.request<WorkspaceEdit | null>('workspace/willRenameFiles', {
      files: [
        {
          oldUri: client.uri('docs/adr/ADR-002-queues.md'),
          newUri: client.uri('docs/adr/ADR-002-jobs-on-queues.md'),
        },
      ],
    });
    const guide = client.uri('docs/guide.md');
    const texts = (edit?.documentChanges ?? []).flatMap((c) =>
      'textDocument' in c && c.textDocument.uri === guide
        ? c.edits.map((e) => ('newText' in e ? e.newText : e.snippet.value))
        : [],
    );
    assert.deepEqual(texts, ['adr/ADR-002-jobs-on-queues.md']);
  });
});
