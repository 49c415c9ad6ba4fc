import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SymbolKind,
  type CodeLens,
  type CompletionItem,
  type DocumentLink,
  type DocumentSymbol,
  type Hover,
  type Location,
  type SymbolInformation,
} from 'vscode-languageserver-protocol';
import {
  ADR1,
  ADR2,
  ADR3,
  ADR4,
  DEPLOY,
  SECURITY,
  at,
  loc,
  openAndChange,
  range,
  sortLocations,
  startLinks,
  stopLinks,
  type Session,
} from './linksSession.js';

/*
 * Navigation features of the built server over stdio, on a copy of test/fixtures/links.
 * Positions are 0-based (LSP). Lines of docs/runbooks/deploy.md used below:
 *   5  `  - docs/policies/security.md`     6  `  - ADR-003`
 *   13 "Follow `docs/policies/security.md` and `docs/policies/missing.md`."
 *   15 "See [MFA](../policies/security.md#mfa), [a typo](../policies/security.md#mfaa),"
 *   16 "[the second notes](../policies/security.md#notes-1),"
 *   17 "[passwords](../policies/security.md#política-de-contraseñas) and"
 *   18 "[the anchor](../policies/security.md#custom-anchor)."
 *   22 "1. Read [the overview](#overview), not [nowhere](#nowhere)."
 *   23 "2. Hosting is ADR-001 (also written ADR-1 and ADR-0001); ADR-009 does not exist."
 *   24 "3. Jobs were decided in ADR-002."     25 "4. Run `npm run deploy`, not `npm run deplyo`."
 *   29 "# Code blocks are not references: ADR-777, docs/nothing.md" (in a fenced block)
 *   37 "Revert."
 * docs/policies/security.md: 5 "# Security baseline", 7 "## MFA", 11 "## Notes", 15 "## Notes",
 * 19 "## Política de contraseñas". Every ADR has its H1 "# ADR-00N: Title" on line 7.
 */

describe('language server over stdio: navigation (links fixture)', () => {
  let s: Session;

  beforeEach(async () => {
    s = await startLinks();
  });

  afterEach(async () => {
    await stopLinks(s);
  });

  const definition = (rel: string, line: number, character: number) =>
    s.client.request<Location | null>('textDocument/definition', at(s, rel, line, character));
  const references = async (rel: string, line: number, character: number, includeDeclaration = true) =>
    sortLocations(
      await s.client.request<Location[] | null>('textDocument/references', {
        ...at(s, rel, line, character),
        context: { includeDeclaration },
      }),
    );
  const hover = (rel: string, line: number, character: number) =>
    s.client.request<Hover | null>('textDocument/hover', at(s, rel, line, character));
  const complete = (uri: string, line: number, character: number) =>
    s.client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line, character },
    });

  describe('textDocument/definition', () => {
    it('goes from an ADR id in prose to the title of the ADR, whatever the spelling', async () => {
      const title = loc(s, ADR1, 7, 0, 7, 18); // "# ADR-001: Hosting"
      assert.deepEqual(await definition(DEPLOY, 23, 16), title); // ADR-001
      assert.deepEqual(await definition(DEPLOY, 23, 14), title); // first character of ADR-001
      assert.deepEqual(await definition(DEPLOY, 23, 38), title); // ADR-1
      assert.deepEqual(await definition(DEPLOY, 23, 50), title); // ADR-0001
    });

    it('goes from an inline-code path to the title of the document', async () => {
      assert.deepEqual(await definition(DEPLOY, 13, 20), loc(s, SECURITY, 5, 0, 5, 19));
    });

    it('goes from the #fragment of a link to the heading it names', async () => {
      const mfa = loc(s, SECURITY, 7, 0, 7, 6); // "## MFA"
      assert.deepEqual(await definition(DEPLOY, 15, 35), mfa);
      assert.deepEqual(
        await definition(DEPLOY, 15, 20),
        mfa,
        'the path part of a link with a fragment lands on the heading too',
      );
      assert.deepEqual(
        await definition(DEPLOY, 16, 45),
        loc(s, SECURITY, 15, 0, 15, 8),
        '#notes-1 is the second "## Notes"',
      );
      assert.deepEqual(await definition(DEPLOY, 17, 40), loc(s, SECURITY, 19, 0, 19, 26), 'a non-ASCII slug');
      assert.deepEqual(
        await definition(DEPLOY, 22, 27),
        loc(s, DEPLOY, 11, 0, 11, 11),
        '#overview in the same document',
      );
      assert.deepEqual(
        await definition(DEPLOY, 15, 75),
        loc(s, SECURITY, 5, 0, 5, 19),
        'an unknown #fragment (#mfaa) still lands on the document',
      );
    });

    it('goes from `npm run deploy` to the "deploy" key of package.json', async () => {
      assert.deepEqual(await definition(DEPLOY, 25, 18), loc(s, 'package.json', 4, 4, 4, 12));
    });

    it('goes from front-matter `related:` entries to their targets (an id and a path)', async () => {
      // ADR-003 → "# ADR-003: Jobs on SQS"
      assert.deepEqual(await definition(DEPLOY, 6, 6), loc(s, ADR3, 7, 0, 7, 22));
      assert.deepEqual(await definition(DEPLOY, 5, 10), loc(s, SECURITY, 5, 0, 5, 19));
      assert.deepEqual(await definition(ADR2, 5, 17), loc(s, ADR3, 7, 0, 7, 22), '`superseded_by: ADR-003`');
      assert.deepEqual(await definition(ADR3, 5, 15), loc(s, ADR2, 7, 0, 7, 23), '`supersedes: [ADR-002]`');
    });

    it('finds nothing where nothing is referenced', async () => {
      assert.equal(await definition(DEPLOY, 23, 60), null, 'ADR-009 names no document');
      assert.equal(await definition(DEPLOY, 29, 37), null, 'ADR-777 is in a code block');
      assert.equal(await definition(DEPLOY, 13, 2), null, 'a prose word');
      assert.equal(await definition(DEPLOY, 25, 41), null, 'npm run deplyo is no script');
      assert.equal(await definition(DEPLOY, 7, 8), null, '`related: docs/gone.md` does not exist');
    });
  });

  describe('textDocument/references', () => {
    it('on a heading: the link fragments that land on it', async () => {
      // With includeDeclaration (the editor's default) the heading itself comes first.
      assert.deepEqual(await references(SECURITY, 7, 4), [
        loc(s, SECURITY, 7, 0, 7, 6),
        loc(s, DEPLOY, 15, 34, 15, 37),
      ]); // ## MFA ← #mfa (not #mfaa)
      assert.deepEqual(
        await references(DEPLOY, 15, 35, false),
        [loc(s, DEPLOY, 15, 34, 15, 37)],
        'the same from the #mfa fragment',
      );
      // second ## Notes ← #notes-1
      assert.deepEqual(await references(SECURITY, 15, 4, false), [loc(s, DEPLOY, 16, 43, 16, 50)]);
      assert.deepEqual(await references(SECURITY, 11, 4, false), [], 'nothing links to the first ## Notes');
      // ## Overview ← #overview
      assert.deepEqual(await references(DEPLOY, 11, 5, false), [loc(s, DEPLOY, 22, 24, 22, 32)]);
    });

    it('on the title of a document: every reference to the file (links, inline path, related)', async () => {
      assert.deepEqual(await references(SECURITY, 5, 4), [
        loc(s, SECURITY, 5, 0, 5, 19), // the declaration: its title (a policy has no id)
        loc(s, DEPLOY, 5, 4, 5, 29), // related: - docs/policies/security.md
        loc(s, DEPLOY, 13, 8, 13, 33), // `docs/policies/security.md`
        loc(s, DEPLOY, 15, 10, 15, 33), // [MFA](../policies/security.md#mfa)
        loc(s, DEPLOY, 15, 49, 15, 72), // [a typo](../policies/security.md#mfaa)
        loc(s, DEPLOY, 16, 19, 16, 42), // #notes-1
        loc(s, DEPLOY, 17, 12, 17, 35), // #política-de-contraseñas
        loc(s, DEPLOY, 18, 13, 18, 36), // #custom-anchor
      ]);
    });

    it('on an ADR id: every mention of the ADR, in prose and in front matter', async () => {
      const adr003 = [
        loc(s, ADR2, 5, 15, 5, 22), // superseded_by: ADR-003
        loc(s, ADR3, 1, 4, 1, 11), // the declaration, its `id: ADR-003` (includeDeclaration is true)
        loc(s, DEPLOY, 6, 4, 6, 11), // related: - ADR-003
      ];
      assert.deepEqual(await references(DEPLOY, 6, 6), adr003);
      assert.deepEqual(await references(ADR2, 5, 17), adr003, 'from `superseded_by`');
      assert.deepEqual(await references(DEPLOY, 24, 26), [
        loc(s, ADR2, 1, 4, 1, 11), // the declaration
        loc(s, ADR3, 5, 13, 5, 20), // supersedes: [ADR-002]
        loc(s, DEPLOY, 24, 24, 24, 31),
      ]);
      assert.deepEqual(await references(DEPLOY, 23, 16), [
        loc(s, ADR1, 1, 4, 1, 11), // the declaration
        loc(s, ADR4, 5, 13, 5, 20), // supersedes: [ADR-001]
        loc(s, DEPLOY, 23, 14, 23, 21), // ADR-001
        loc(s, DEPLOY, 23, 36, 23, 41), // ADR-1
        loc(s, DEPLOY, 23, 46, 23, 54), // ADR-0001
      ]);
    });

    // Regression (was a bug): `context.includeDeclaration` is ignored: the ADR's own title "# ADR-003: Jobs
    // on SQS"
    // (7:2-7:9 of ADR-003-jobs-on-sqs.md) is listed even when the client asks to leave the
    // declaration out. docs/rules.md also says the document's own headings are not searched.
    it('on an ADR id with includeDeclaration false: the mentions only, not the ADR itself', async () => {
      assert.deepEqual(await references(DEPLOY, 6, 6, false), [
        loc(s, ADR2, 5, 15, 5, 22),
        loc(s, DEPLOY, 6, 4, 6, 11),
      ]);
    });

    // Regression (was a bug): references of `npm run deploy` list every `npm run` of every script of
    // package.json
    // (here also `npm run lint:tasks` in scripts/AGENTS.md, 7:13-7:23), because references
    // compare only the target file (package.json), not the script name.
    it('on `npm run deploy`: the mentions of that script only', async () => {
      assert.deepEqual(await references(DEPLOY, 25, 18, false), [loc(s, DEPLOY, 25, 16, 25, 22)]);
      assert.deepEqual(
        await references(DEPLOY, 25, 18),
        [loc(s, DEPLOY, 25, 16, 25, 22), loc(s, 'package.json', 4, 4, 4, 12)],
        'with the script itself as the declaration',
      );
    });
  });

  describe('textDocument/hover', () => {
    it('on a superseded ADR: title, kind, status, date, its successor with its title, and the file', async () => {
      assert.deepEqual(await hover(DEPLOY, 24, 26), {
        contents: {
          kind: 'markdown',
          value: [
            '**ADR-002: Jobs on cron**',
            '',
            'adr · status: superseded · date: 2026-01-02',
            '',
            '⚠ Superseded by **ADR-003** (Jobs on SQS)',
            '',
            '`docs/adr/ADR-002-jobs-on-cron.md`',
          ].join('\n'),
        },
        range: range(24, 24, 24, 31),
      });
    });

    it('on an inline path and on an npm script', async () => {
      assert.deepEqual(await hover(DEPLOY, 13, 20), {
        contents: {
          kind: 'markdown',
          value:
            '**Security baseline**\n\npolicy · last reviewed: 2026-11-01 · owner: security\n\n`docs/policies/security.md`',
        },
        range: range(13, 8, 13, 33),
      });
      assert.deepEqual(await hover(DEPLOY, 25, 18), {
        contents: { kind: 'markdown', value: '**npm run deploy** — script in `package.json`' },
        range: range(25, 16, 25, 22),
      });
      assert.equal(await hover(DEPLOY, 13, 2), null, 'a prose word');
    });

    // Regression (was a bug): on the #fragment of a link the hover's range is the path part of the link
    // (15:10-15:33), which does not contain the hovered position 15:35. Either the fragment
    // (15:34-15:37) or the whole destination (15:10-15:37) would do.
    it('on a #fragment: the section, with a range that covers the hovered text', async () => {
      const h = await hover(DEPLOY, 15, 35);
      assert.deepEqual(h?.contents, {
        kind: 'markdown',
        value:
          '**Security baseline**\n\npolicy · last reviewed: 2026-11-01 · owner: security\n\nSection: MFA\n\n`docs/policies/security.md`',
      });
      const r = h.range!;
      assert.ok(
        r.start.line === 15 && r.start.character <= 35 && r.end.line === 15 && r.end.character >= 36,
        `range ${JSON.stringify(r)} should contain 15:35`,
      );
    });
  });

  describe('textDocument/completion', () => {
    it('ids (with title and status) after `ADR-` typed at the end of a prose line', async () => {
      // "Revert. See ADR-"
      const uri = await openAndChange(s, DEPLOY, { range: range(37, 7, 37, 7), text: ' See ADR-' });
      const items = await complete(uri, 37, 16);
      const replace = range(37, 12, 37, 16); // the typed "ADR-"
      assert.deepEqual(
        items.map((i) => [i.label, i.detail, i.textEdit]),
        [
          ['ADR-001', 'Hosting — accepted', { range: replace, newText: 'ADR-001' }],
          ['ADR-002', 'Jobs on cron — superseded', { range: replace, newText: 'ADR-002' }],
          ['ADR-003', 'Jobs on SQS — accepted', { range: replace, newText: 'ADR-003' }],
          ['ADR-004', 'Hosting v2 — proposed', { range: replace, newText: 'ADR-004' }],
          ['ADR-005', 'First of two — accepted', { range: replace, newText: 'ADR-005' }],
        ],
      );
    });

    it('heading anchors of the target after `](../policies/security.md#`', async () => {
      const uri = await openAndChange(s, DEPLOY, {
        range: range(37, 7, 37, 7),
        text: ' See [x](../policies/security.md#',
      });
      const items = await complete(uri, 37, 40);
      assert.deepEqual(
        items.map((i) => i.label),
        ['security-baseline', 'mfa', 'notes', 'notes-1', 'política-de-contraseñas', 'custom-anchor'],
      );
      assert.deepEqual(items[1].textEdit, { range: range(37, 40, 37, 40), newText: 'mfa' });
    });

    it('the schema keys not yet written, on an empty line inside front matter', async () => {
      // empty line 3, after `owner:`
      const uri = await openAndChange(s, DEPLOY, { range: range(3, 0, 3, 0), text: '\n' });
      const items = await complete(uri, 3, 0);
      assert.deepEqual(
        items.map((i) => [i.label, i.textEdit]),
        [
          ['services', { range: range(3, 0, 3, 0), newText: 'services: ' }],
          ['review_every_days', { range: range(3, 0, 3, 0), newText: 'review_every_days: ' }],
          ['severity', { range: range(3, 0, 3, 0), newText: 'severity: ' }],
        ],
      );
    });

    it('the enum values after `status: ` in an ADR', async () => {
      // "status: accepted" → "status: "
      const uri = await openAndChange(s, ADR1, { range: range(3, 8, 3, 16), text: '' });
      const items = await complete(uri, 3, 8);
      assert.deepEqual(
        items.map((i) => i.label),
        ['proposed', 'accepted', 'rejected', 'deprecated', 'superseded'],
      );
      assert.deepEqual(items[0].textEdit, { range: range(3, 8, 3, 8), newText: 'proposed' });
    });

    it('the scripts of the nearest package.json after `npm run `', async () => {
      // "Revert. Then npm run "
      const uri = await openAndChange(s, DEPLOY, { range: range(37, 7, 37, 7), text: ' Then npm run ' });
      const items = await complete(uri, 37, 21);
      assert.deepEqual(
        items.map((i) => [i.label, i.textEdit]),
        [
          ['deploy', { range: range(37, 21, 37, 21), newText: 'deploy' }],
          ['lint:tasks', { range: range(37, 21, 37, 21), newText: 'lint:tasks' }],
        ],
      );
    });

    // Regression (was a bug): request handlers answer from the engine's index, which a didChange updates
    // through
    // the folder's job queue. When an earlier job is still reading the disk (here a file-watcher
    // event for another file, as after a save or a `git pull`; a didClose + didOpen does the
    // same), the completion request sent right after the didChange is answered from the old
    // text: [] instead of the ADR ids (6 runs out of 6). Definition, hover and rename share it.
    it('answers from the text of the latest didChange even while other files are being re-read', async () => {
      const uri = s.client.uri(DEPLOY);
      const text = fs.readFileSync(path.join(s.root, DEPLOY), 'utf8');
      await s.client.notify('textDocument/didOpen', {
        textDocument: { uri, languageId: 'markdown', version: 1, text },
      });
      await s.client.notify('workspace/didChangeWatchedFiles', {
        changes: [{ uri: s.client.uri(SECURITY), type: 2 }],
      });
      await s.client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: range(37, 7, 37, 7), text: ' See ADR-' }],
      });
      const items = await complete(uri, 37, 16);
      assert.deepEqual(
        items.map((i) => i.label),
        ['ADR-001', 'ADR-002', 'ADR-003', 'ADR-004', 'ADR-005'],
      );
    });
  });

  describe('document links, symbols and code lenses', () => {
    it('textDocument/documentLink: inline paths, ids, scripts and front-matter entries (not Markdown links)', async () => {
      const target = (rel: string, line: number) => `${s.client.uri(rel)}#L${line}`;
      assert.deepEqual(
        await s.client.request<DocumentLink[]>('textDocument/documentLink', {
          textDocument: { uri: s.client.uri(DEPLOY) },
        }),
        [
          { range: range(13, 8, 13, 33), target: target(SECURITY, 6), tooltip: 'Security baseline' },
          {
            range: range(14, 18, 14, 40),
            target: target('scripts/rotate-keys.sh', 1),
            tooltip: 'scripts/rotate-keys.sh',
          },
          { range: range(23, 14, 23, 21), target: target(ADR1, 8), tooltip: 'Hosting' },
          { range: range(23, 36, 23, 41), target: target(ADR1, 8), tooltip: 'Hosting' },
          { range: range(23, 46, 23, 54), target: target(ADR1, 8), tooltip: 'Hosting' },
          { range: range(24, 24, 24, 31), target: target(ADR2, 8), tooltip: 'Jobs on cron' },
          { range: range(25, 16, 25, 22), target: target('package.json', 5), tooltip: 'package.json' },
          { range: range(5, 4, 5, 29), target: target(SECURITY, 6), tooltip: 'Security baseline' },
          { range: range(6, 4, 6, 11), target: target(ADR3, 8), tooltip: 'Jobs on SQS' },
        ],
      );
    });

    it('textDocument/documentSymbol: headings nested by level', async () => {
      // range: the whole section (to the line before the next heading of its level or higher);
      // selectionRange: the heading.
      const sym = (
        name: string,
        kind: SymbolKind,
        r: ReturnType<typeof range>,
        sel: ReturnType<typeof range>,
        children: DocumentSymbol[] = [],
      ): DocumentSymbol => ({ name, kind, range: r, selectionRange: sel, children });
      const FILE = SymbolKind.File;
      const STRING = SymbolKind.String;
      assert.deepEqual(
        await s.client.request('textDocument/documentSymbol', {
          textDocument: { uri: s.client.uri(SECURITY) },
        }),
        [
          sym('Security baseline', FILE, range(5, 0, 23, 0), range(5, 0, 5, 19), [
            sym('MFA', STRING, range(7, 0, 10, 0), range(7, 0, 7, 6)),
            sym('Notes', STRING, range(11, 0, 14, 0), range(11, 0, 11, 8)),
            sym('Notes', STRING, range(15, 0, 18, 0), range(15, 0, 15, 8)),
            sym('Política de contraseñas', STRING, range(19, 0, 23, 0), range(19, 0, 19, 26)),
          ]),
        ],
      );
      assert.deepEqual(
        await s.client.request('textDocument/documentSymbol', {
          textDocument: { uri: s.client.uri(DEPLOY) },
        }),
        [
          sym('Deploy', FILE, range(9, 0, 42, 0), range(9, 0, 9, 8), [
            sym('Overview', STRING, range(11, 0, 19, 0), range(11, 0, 11, 11)),
            sym('Steps', STRING, range(20, 0, 34, 0), range(20, 0, 20, 8)),
            sym('Rollback', STRING, range(35, 0, 38, 0), range(35, 0, 35, 11)),
            sym('Escalation', STRING, range(39, 0, 42, 0), range(39, 0, 39, 13)),
          ]),
        ],
      );
    });

    it('workspace/symbol: documents by id, title or path', async () => {
      const FILE = SymbolKind.File;
      assert.deepEqual(await s.client.request<SymbolInformation[]>('workspace/symbol', { query: 'jobs' }), [
        {
          name: 'ADR-002: Jobs on cron',
          kind: FILE,
          containerName: 'adr',
          location: loc(s, ADR2, 7, 0, 7, 23),
        },
        {
          name: 'ADR-003: Jobs on SQS',
          kind: FILE,
          containerName: 'adr',
          location: loc(s, ADR3, 7, 0, 7, 22),
        },
      ]);
      assert.deepEqual(
        await s.client.request<SymbolInformation[]>('workspace/symbol', { query: 'hosting V2' }),
        [
          {
            name: 'ADR-004: Hosting v2',
            kind: FILE,
            containerName: 'adr',
            location: loc(s, ADR4, 7, 0, 7, 21),
          },
        ],
      );
      assert.deepEqual(
        (await s.client.request<SymbolInformation[]>('workspace/symbol', { query: 'policies' })).map(
          (x) => x.name,
        ),
        ['Security baseline'],
        'a path word',
      );
    });

    // Regression (was a bug): the lens is built with `CodeLens.create(range, { title, command, arguments })`,
    // whose
    // second parameter is `data`, so the response has no `command` (the title and command sit in
    // `data`) and there is no resolveProvider to fill it in: the editor shows no "cited by" text.
    it('textDocument/codeLens: "cited by N documents" on the title, running find references', async () => {
      const uri = s.client.uri(SECURITY);
      assert.deepEqual(
        await s.client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }),
        [
          {
            range: range(5, 0, 5, 19),
            command: {
              title: 'cited by 1 document',
              command: 'opsdocs.findReferences',
              arguments: [uri, { line: 5, character: 0 }],
            },
          },
        ],
      );
      const adr3 = s.client.uri(ADR3);
      assert.deepEqual(
        await s.client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: adr3 } }),
        [
          {
            range: range(7, 0, 7, 22),
            command: {
              title: 'cited by 2 documents',
              command: 'opsdocs.findReferences',
              arguments: [adr3, { line: 7, character: 0 }],
            },
          },
        ],
      );
    });
  });
});
