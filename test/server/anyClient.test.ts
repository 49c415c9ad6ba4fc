import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, formatDiagnostic } from '../helpers/lspClient.js';
import { tempCopy } from '../helpers/tempCopy.js';

/**
 * The server with clients other than VS Code's: settings pushed instead of asked for, no file
 * watcher in the client, commands run by the server.
 */

const OVERDUE = 'docs/runbooks/overdue.md';
const overdue = (daysAgo: number) =>
  `lifecycle/review-overdue@4:16-4:26 Review overdue: last reviewed 2026-05-04, due every 90 days, so by 2026-08-02 (${daysAgo} days ago).`;
const BLOCKED = 'tasks/devops/TASK-012-blocked.md';
const BLOCKED_DIAG =
  'lifecycle/blocked-without-reason@4:9-4:16 Status is "blocked" but `blocked_reason` does not say why.';

/** What a plain client such as Neovim's `vim.lsp.start_client` may declare: no configuration, no watching. */
const PLAIN_CAPABILITIES = {
  workspace: { workspaceFolders: true, applyEdit: true },
  textDocument: { publishDiagnostics: {}, synchronization: { dynamicRegistration: false } },
};

describe('language server with any client', () => {
  let root: string;
  let client: LspClient;

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** A plain client on the lifecycle fixture, its date pushed in `initializationOptions`, indexed. */
  async function startPlain(
    initializationOptions: unknown = { trusted: true, settings: { opsdocs: { today: '2026-11-26' } } },
  ): Promise<void> {
    root = tempCopy('test/fixtures/lifecycle');
    client = new LspClient(root);
    client.capabilities = PLAIN_CAPABILITIES;
    client.initializationOptions = initializationOptions;
    await client.start();
    await client.waitForDiagnostics(OVERDUE, [overdue(116)]);
  }

  const severityOf = (rel: string) => client.diagnostics.get(client.uri(rel))?.map((d) => d.severity);

  describe('settings', () => {
    it('a client that cannot be asked: initializationOptions.settings, then each didChangeConfiguration', async () => {
      await startPlain();
      await client.waitForDiagnostics(BLOCKED, [BLOCKED_DIAG]);

      await client.notify('workspace/didChangeConfiguration', {
        settings: { opsdocs: { today: '2026-12-01', rules: { 'lifecycle/review-overdue': 'off' } } },
      });
      await client.waitForDiagnostics(OVERDUE, []);
      // A push replaces the last one: the rule is back on, the date is the new one.
      await client.notify('workspace/didChangeConfiguration', {
        settings: { opsdocs: { today: '2026-12-01', rules: { 'lifecycle/bogus': 'loud' } } },
      });
      await client.waitForDiagnostics(OVERDUE, [overdue(121)]);
      await client.waitFor('the bad level logged', () =>
        client.logs.some((l) =>
          l.includes(
            'Ignoring opsdocs.rules["lifecycle/bogus"]: level must be one of off, error, warning, info, hint.',
          ),
        ),
      );
      // A push without an opsdocs section (another server's settings) leaves them as they are.
      const before = client.publications.get(client.uri(OVERDUE));
      await client.notify('workspace/didChangeConfiguration', { settings: { marksman: { x: 1 } } });
      await client.waitFor('the republish', () => client.publications.get(client.uri(OVERDUE)) !== before);
      await client.waitForDiagnostics(OVERDUE, [overdue(121)]);
      // It is not asked for anything and is sent no registration it did not offer.
      assert.deepEqual(client.registrations, []);
    });

    it('initializationOptions without a settings member: their opsdocs section (Helix config, Zed initialization_options)', async () => {
      await startPlain({ trusted: true, opsdocs: { today: '2026-11-26' } });
      await client.waitForDiagnostics(BLOCKED, [BLOCKED_DIAG]);
    });

    it('a client that can be asked: its answers are laid over the pushed settings, key by key', async () => {
      root = tempCopy('test/fixtures/lifecycle');
      client = new LspClient(root);
      client.initializationOptions = {
        trusted: true,
        settings: { opsdocs: { today: '2026-11-26', rules: { 'lifecycle/review-overdue': 'error' } } },
      };
      client.settings = { rules: { 'lifecycle/blocked-without-reason': 'warning' } };
      await client.start();
      await client.waitForDiagnostics(OVERDUE, [overdue(116)]);
      await client.waitForDiagnostics(BLOCKED, [BLOCKED_DIAG]);
      assert.deepEqual(severityOf(OVERDUE), [1], 'the pushed rule level');
      assert.deepEqual(severityOf(BLOCKED), [2], 'the asked rule level');

      client.settings = { today: '2026-12-01', rules: {} };
      await client.notify('workspace/didChangeConfiguration', { settings: null });
      await client.waitForDiagnostics(OVERDUE, [overdue(121)]);
      assert.deepEqual(severityOf(OVERDUE), [1], 'the pushed rule level is kept');
      await client.waitFor(
        'the default level of the rule the client no longer sets',
        () => JSON.stringify(severityOf(BLOCKED)) === '[1]',
      );
    });
  });

  it('takes a document opened at once, before the configuration is read (as Neovim opens it)', async () => {
    root = tempCopy('test/fixtures/lifecycle');
    client = new LspClient(root);
    // Neovim 0.7 shows progress: the server waits for its answer before it reads the configuration.
    client.capabilities = { ...PLAIN_CAPABILITIES, window: { workDoneProgress: true } };
    client.initializationOptions = { trusted: true, settings: { opsdocs: { today: '2026-11-26' } } };
    await client.start();
    const text = fs.readFileSync(path.join(root, OVERDUE), 'utf8').replace('2026-05-04', '2026-11-01');
    await client.notify('textDocument/didOpen', {
      textDocument: { uri: client.uri(OVERDUE), languageId: 'markdown', version: 1, text },
    });
    await client.waitForDiagnostics(BLOCKED, [BLOCKED_DIAG]);
    await client.waitForDiagnostics(OVERDUE, []);
    assert.deepEqual(
      client.logs.filter((l) => l.includes('failed')),
      [],
    );
  });

  describe('files changed on disk, with a client that does not watch them', () => {
    beforeEach(() => startPlain());

    it('are read again by the server: created, changed, deleted, in a new folder, the config', async () => {
      const rel = 'docs/runbooks/new.md';
      const abs = path.join(root, rel);
      fs.writeFileSync(
        abs,
        '---\ntitle: New\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# New\n\n## Overview\n## Steps\n## Escalation\n',
      );
      await client.waitForDiagnostics(rel, ['sections/missing@6:1-6:6 Missing required section "Rollback".']);
      fs.appendFileSync(abs, '## Rollback\n');
      await client.waitForDiagnostics(rel, []);
      fs.writeFileSync(
        path.join(root, OVERDUE),
        fs.readFileSync(path.join(root, OVERDUE), 'utf8').replace('2026-05-04', '2026-11-01'),
      );
      await client.waitForDiagnostics(OVERDUE, []);
      fs.rmSync(path.join(root, OVERDUE));
      fs.mkdirSync(path.join(root, 'docs/runbooks/deep/er'), { recursive: true });
      fs.writeFileSync(path.join(root, 'docs/runbooks/deep/er/x.md'), '---\ntitle: X\n---\n# X\n');
      await client.waitForDiagnostics('docs/runbooks/deep/er/x.md', [
        'schema/required@3:1-3:4 Missing required field `owner`.',
        'schema/required@3:1-3:4 Missing required field `last_reviewed`.',
        'sections/missing@4:1-4:4 Missing required section "Overview".',
        'sections/missing@4:1-4:4 Missing required section "Steps".',
        'sections/missing@4:1-4:4 Missing required section "Rollback".',
        'sections/missing@4:1-4:4 Missing required section "Escalation".',
      ]);
      // The config file: every file is checked again under the new rules.
      fs.writeFileSync(
        path.join(root, '.opsdocs.json'),
        JSON.stringify({ rules: { 'sections/missing': 'off' } }),
      );
      await client.waitForDiagnostics('docs/runbooks/deep/er/x.md', [
        'schema/required@3:1-3:4 Missing required field `owner`.',
        'schema/required@3:1-3:4 Missing required field `last_reviewed`.',
      ]);
    });

    it('leave an open buffer as the editor has it', async () => {
      const uri = client.uri(OVERDUE);
      const text = fs.readFileSync(path.join(root, OVERDUE), 'utf8');
      await client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text },
      });
      fs.writeFileSync(path.join(root, OVERDUE), text.replace('2026-05-04', '2026-11-01'));
      // A file changed after it shows the watch has handled the first one.
      fs.writeFileSync(path.join(root, 'docs/runbooks/after.md'), '---\ntitle: A\n---\n# A\n');
      await client.waitFor('the later file', () =>
        client.diagnostics.has(client.uri('docs/runbooks/after.md')),
      );
      assert.deepEqual(client.diagnostics.get(uri)?.map(formatDiagnostic), [overdue(116)]);
    });

    it('a folder removed while it is still indexed: none of its diagnostics stay', async () => {
      const other = fs.mkdtempSync(path.join(path.dirname(root), 'opsdocs-removed-'));
      try {
        fs.mkdirSync(path.join(other, 'docs/runbooks'), { recursive: true });
        for (let i = 0; i < 150; i++)
          fs.writeFileSync(path.join(other, `docs/runbooks/r${i}.md`), `# R${i}\n\n[x](gone.md)\n`);
        const uri = pathToFileURL(other).href;
        const folder = { uri, name: 'other' };
        await client.notify('workspace/didChangeWorkspaceFolders', {
          event: { added: [folder], removed: [] },
        });
        await client.notify('workspace/didChangeWorkspaceFolders', {
          event: { added: [], removed: [folder] },
        });
        // Long enough for its index to end (150 small files) and publish, were it to.
        await new Promise((r) => setTimeout(r, 3000));
        const left = [...client.diagnostics].filter(([u, d]) => u.startsWith(`${uri}/`) && d.length > 0);
        assert.deepEqual(
          left.map(([u]) => u),
          [],
        );
      } finally {
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    it('are no longer watched once the folder is removed', async () => {
      // Removing the only folder: its diagnostics are cleared, and a file written then is not read.
      await client.notify('workspace/didChangeWorkspaceFolders', {
        event: { added: [], removed: [{ uri: client.uri('').replace(/\/$/, ''), name: 'ws' }] },
      });
      await client.waitForDiagnostics(OVERDUE, []);
      fs.writeFileSync(path.join(root, 'docs/runbooks/late.md'), '---\ntitle: L\n---\n# L\n');
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(client.diagnostics.has(client.uri('docs/runbooks/late.md')), false);
    });
  });

  describe('commands', () => {
    beforeEach(() => {
      root = tempCopy('test/fixtures/links');
      client = new LspClient(root);
    });

    const POLICY = 'docs/policies/security.md';
    const TITLE_START = { line: 5, character: 0 };

    it('runs the code lens command and the digest for a client without the extension', async () => {
      client.capabilities = PLAIN_CAPABILITIES;
      await client.start();
      await client.waitFor('the first diagnostics', () => client.diagnostics.size > 0);
      assert.deepEqual(client.initializeResult?.capabilities.executeCommandProvider, {
        commands: ['opsdocs.findReferences', 'opsdocs.generateDigest', 'opsdocs.fixAll'],
      });
      const uri = client.uri(POLICY);
      const lenses = await client.request<{ command: { command: string; arguments: unknown[] } }[]>(
        'textDocument/codeLens',
        { textDocument: { uri } },
      );
      assert.equal(lenses.length, 1);
      const { command } = lenses[0];
      assert.equal(command.command, 'opsdocs.findReferences');
      const found = await client.request<{ uri: string; range: unknown }[]>(
        'workspace/executeCommand',
        command,
      );
      const refs = await client.request<unknown[]>('textDocument/references', {
        textDocument: { uri },
        position: command.arguments[1],
        context: { includeDeclaration: false },
      });
      assert.ok(found.length > 0);
      assert.deepEqual(found, refs);
      assert.ok(found.every((l) => l.uri === client.uri('docs/runbooks/deploy.md')));

      const digest = await client.request<{ markdown: string }>('workspace/executeCommand', {
        command: 'opsdocs.generateDigest',
        arguments: [client.uri('')],
      });
      const viaRequest = await client.request<{ markdown: string }>('opsdocs/digest', {
        uri: client.uri(''),
      });
      assert.equal(digest.markdown, viaRequest.markdown);
      const noArgs = await client.request<{ markdown: string }>('workspace/executeCommand', {
        command: 'opsdocs.generateDigest',
      });
      assert.equal(noArgs.markdown, viaRequest.markdown);
    });

    it('answers a bad command or bad arguments with "invalid params", never "method not found"', async () => {
      await client.start();
      const codeOf = (p: unknown) =>
        client.request('workspace/executeCommand', p).then(
          () => 'no error',
          (e: { code: number; message: string }) => `${e.code} ${e.message}`,
        );
      assert.equal(
        await codeOf({ command: 'opsdocs.nope' }),
        '-32602 OpsDocs has no command "opsdocs.nope".',
      );
      assert.equal(
        await codeOf({ command: 'opsdocs.findReferences', arguments: [client.uri(POLICY)] }),
        '-32602 opsdocs.findReferences takes a document URI and a position ({ line, character }).',
      );
      assert.equal(
        await codeOf({ command: 'opsdocs.generateDigest', arguments: [42] }),
        '-32602 opsdocs.generateDigest takes the URI of a workspace folder or of a file in it.',
      );
      assert.equal(
        await codeOf({ command: 'opsdocs.generateDigest', arguments: ['file:///elsewhere'] }),
        '1 That file is not in a workspace folder OpsDocs checks.',
      );
      // A sibling folder whose name starts with the workspace folder's is not in it.
      assert.equal(
        await codeOf({ command: 'opsdocs.generateDigest', arguments: [`${client.uri('')}-x/y.md`] }),
        '1 That file is not in a workspace folder OpsDocs checks.',
      );
      // Arguments that are no list: invalid params (null counts as none).
      assert.equal(
        await codeOf({ command: 'opsdocs.fixAll', arguments: 'x' }),
        '-32602 opsdocs.fixAll: the arguments must be a list.',
      );
      assert.equal(await codeOf({ command: 'opsdocs.generateDigest', arguments: null }), 'no error');
    });

    it('leaves out of its capabilities the commands the client implements itself, and still runs them', async () => {
      client.initializationOptions = {
        trusted: true,
        clientCommands: ['opsdocs.findReferences', 'opsdocs.generateDigest'],
      };
      await client.start();
      await client.waitFor('the first diagnostics', () => client.diagnostics.size > 0);
      assert.deepEqual(client.initializeResult?.capabilities.executeCommandProvider, {
        commands: ['opsdocs.fixAll'],
      });
      const found = await client.request<unknown[]>('workspace/executeCommand', {
        command: 'opsdocs.findReferences',
        arguments: [client.uri(POLICY), TITLE_START],
      });
      assert.ok(found.length > 0);
    });
  });
});
