import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { LspClient } from '../helpers/lspClient.js';
import {
  expectedDiagnosticsOf,
  quickFixes,
  startFixtureServer,
  stopFixtureServer,
} from '../helpers/fixtureServer.js';

// Commands in code blocks through the built server over stdio, on one copy of
// test/fixtures/commands (one server for the file). Positions are 0-based (LSP). Lines of
// docs/runbooks/deploy.md used below:
//   15 `./scripts/deploy.sh --env prod`   22 `make build test`   24 `npm run build`
//   30 `cd web && npm run dev && ./run.sh`   64 `$ ./scripts/deploy.sh` (console)
//   80 `./scripts/deploy.sh --rollback`

const RUNBOOK = 'docs/runbooks/deploy.md';

describe('language server over stdio: commands in code blocks', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspClient;

  before(async () => {
    ({ root, client } = await startFixtureServer('test/fixtures/commands'));
  });

  after(() => stopFixtureServer({ root, client }));

  const at = (line: number, character: number) => ({
    textDocument: { uri: client.uri(RUNBOOK) },
    position: { line, character },
  });
  const loc = (rel: string, sl: number, sc: number, el: number, ec: number): Location => ({
    uri: client.uri(rel),
    range: { start: { line: sl, character: sc }, end: { line: el, character: ec } },
  });
  const definition = (line: number, character: number) =>
    client.request<Location | null>('textDocument/definition', at(line, character));

  it('publishes the findings of commands.expected.txt (missing files, targets, scripts)', async () => {
    await client.waitForDiagnostics(RUNBOOK, expectedDiagnosticsOf('test/fixtures/commands', RUNBOOK));
  });

  it('offers the near name as a quick fix (a file, a target)', async () => {
    assert.deepEqual(await quickFixes(client, RUNBOOK), [
      'commands/missing-file@20:0 Change to ./scripts/deploy.sh → ./scripts/deploy.sh',
      'commands/missing-target@23:5 Change to deploy-staging → deploy-staging',
      'links/missing-script@25:8 Change to "lint" → lint',
      'commands/missing-target@28:42 Change to serve → serve',
      'commands/missing-file@71:4 Change to ./scripts/rotate-keys.sh → ./scripts/rotate-keys.sh',
    ]);
  });

  it('goes from a run file, a make target and an npm script to their definition', async () => {
    assert.deepEqual(await definition(15, 5), loc('scripts/deploy.sh', 0, 0, 0, 0));
    assert.deepEqual(await definition(22, 6), loc('Makefile', 3, 0, 3, 5)); // build:
    assert.deepEqual(await definition(22, 12), loc('Makefile', 6, 0, 6, 4)); // test:
    assert.deepEqual(await definition(24, 9), loc('package.json', 3, 4, 3, 11)); // "build"
    // After `cd web &&`: web/package.json and web/run.sh.
    assert.deepEqual(await definition(30, 20), loc('web/package.json', 3, 4, 3, 9));
    assert.deepEqual(await definition(30, 28), loc('web/run.sh', 0, 0, 0, 0));
    assert.equal(await definition(40, 3), null, 'a word in quotes is no reference');
  });

  it('hovers a make target with its Makefile', async () => {
    const h = await client.request<Hover | null>('textDocument/hover', at(22, 6));
    assert.deepEqual(h, {
      contents: { kind: 'markdown', value: '**make build** — target in `Makefile`' },
      range: { start: { line: 22, character: 5 }, end: { line: 22, character: 10 } },
    });
  });

  it('finds every command running a file (fenced, console and indented blocks)', async () => {
    const refs = await client.request<Location[] | null>('textDocument/references', {
      ...at(15, 5),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(
      refs?.map((r) => `${r.range.start.line}:${r.range.start.character}-${r.range.end.character}`).sort(),
      ['15:0-19', '64:2-21', '80:0-19'],
    );
  });

  it('renames the commands with the file they run, from their working folder', async () => {
    const willRename = (from: string, to: string) =>
      client.request<WorkspaceEdit | null>('workspace/willRenameFiles', {
        files: [{ oldUri: client.uri(from), newUri: client.uri(to) }],
      });
    const texts = (e: WorkspaceEdit | null) =>
      (e?.documentChanges ?? []).flatMap((c) =>
        'edits' in c
          ? (c.edits as TextEdit[]).map(
              (x) =>
                `${path.relative(root, new URL(c.textDocument.uri).pathname)}:${x.range.start.line}:${x.range.start.character}-${x.range.end.character} ${x.newText}`,
            )
          : [],
      );
    assert.deepEqual(texts(await willRename('scripts/deploy.sh', 'bin/ship.sh')).sort(), [
      `${RUNBOOK}:15:0-19 ./bin/ship.sh`,
      `${RUNBOOK}:64:2-21 ./bin/ship.sh`,
      `${RUNBOOK}:80:0-19 ./bin/ship.sh`,
    ]);
    // `cd web && ./run.sh` and, after `cd web`, `./run.sh`: the new path from `web/`.
    assert.deepEqual(texts(await willRename('web/run.sh', 'web/bin/start.sh')).sort(), [
      `${RUNBOOK}:30:25-33 ./bin/start.sh`,
      `${RUNBOOK}:56:0-8 ./bin/start.sh`,
    ]);
    // `bash scripts/rotate-keys.sh` (no `./`) keeps its style; the document moving changes nothing.
    assert.deepEqual(texts(await willRename('scripts/rotate-keys.sh', 'ops/rotate.sh')), [
      `${RUNBOOK}:16:5-27 ops/rotate.sh`,
    ]);
    assert.deepEqual(texts(await willRename(RUNBOOK, 'docs/deploy.md')), []);
  });
});
