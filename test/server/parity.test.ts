import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  SymbolKind,
  type CompletionItem,
  type FoldingRange,
  type Hover,
  type Location,
  type SelectionRange,
  type SymbolInformation,
  type TextDocumentEdit,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { applyTextEdits } from '../../server/src/core/features/edits.js';
import type { FixAllResult } from '../../server/src/lsp/handlers/fixAll.js';
import { REPO } from '../helpers/expected.js';
import { formatDiagnostic } from '../helpers/lspClient.js';
import { at, loc, range, startSession, stopLinks, type Session } from './linksSession.js';

/*
 * Editor parity (issue 17, part A) over stdio on a copy of test/fixtures/parity. Positions are
 * 0-based. docs/runbooks/deploy.md, lines used below:
 *   2 `owners: platform`   3 `last_reviewed: 2026-11-01`   4 `severity: sev2`   5 `related:`
 *   7 `  - ` (an item being typed)   9 `# Deploy`   11 `## Overview`
 *   13 "Read the [response](incident-response.md) runbook and the [policy][sec] first."
 *   14 "Also see [Security] and the *[escalation](incident-response.md#escalation)* path."
 *   16-17 a list item of two lines   20 `## Steps`   22-24 a table   26-28 a fenced block
 *   30-32 an HTML comment   34-38 `<!-- #region checks -->` … `<!-- #endregion -->`
 *   40 `### Verify`   44 `## Rollback`   48 `## Escalation`   52-53 the link definitions
 */
const DEPLOY = 'docs/runbooks/deploy.md';
const RESPONSE = 'docs/runbooks/incident-response.md';
const SECURITY = 'docs/policies/security.md';

describe('language server over stdio: editor parity (parity fixture)', () => {
  let s: Session;

  before(async () => {
    s = await startSession(
      'test/fixtures/parity',
      `diagnostics of ${DEPLOY}`,
      (client) => (client.diagnostics.get(client.uri(DEPLOY)) ?? []).length > 0,
    );
  });

  after(async () => {
    await stopLinks(s);
  });

  const symbols = (query: string) => s.client.request<SymbolInformation[]>('workspace/symbol', { query });
  const sym = (name: string, kind: SymbolKind, container: string, l: Location): SymbolInformation => ({
    name,
    kind,
    containerName: container,
    location: l,
  });

  it('workspace/symbol: headings and titles, fuzzy-matched, exact before prefix before scattered', async () => {
    const { String: HEADING, File: DOC } = SymbolKind;
    assert.deepEqual(await symbols('Escalation'), [
      sym('Escalation', HEADING, 'Deploy', loc(s, DEPLOY, 48, 0, 48, 13)),
      sym('Escalation', HEADING, 'Incident response', loc(s, RESPONSE, 19, 0, 19, 13)),
      sym('Escalation paths', HEADING, 'Security baseline', loc(s, SECURITY, 11, 0, 11, 19)),
    ]);
    // Letters in order from a word start; runs at word starts ("ir") rank before scattered ones.
    assert.deepEqual(
      (await symbols('escl')).map((x) => `${x.name} ${x.location.range.start.line}`),
      ['Escalation 48', 'Escalation 19', 'Escalation paths 11'],
    );
    assert.deepEqual(await symbols('ir'), [
      {
        name: 'Incident response',
        kind: DOC,
        containerName: 'runbook',
        location: loc(s, RESPONSE, 5, 0, 5, 19),
      },
    ]);
  });

  it('textDocument/foldingRange: sections, front matter, list items, tables, code, comments, regions', async () => {
    const folds = await s.client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri: s.client.uri(DEPLOY) },
    });
    assert.deepEqual(folds, [
      { startLine: 0, endLine: 8 }, // front matter
      { startLine: 9, endLine: 53 }, // # Deploy
      { startLine: 11, endLine: 18 }, // ## Overview, without its trailing blank line
      { startLine: 16, endLine: 17 }, // a list item of two lines
      { startLine: 20, endLine: 42 }, // ## Steps, with its ### Verify
      { startLine: 22, endLine: 24 }, // the table
      { startLine: 26, endLine: 28 }, // the fenced block
      { startLine: 30, endLine: 32, kind: 'comment' },
      { startLine: 34, endLine: 38, kind: 'region' },
      { startLine: 40, endLine: 42 }, // ### Verify
      { startLine: 44, endLine: 46 }, // ## Rollback
      { startLine: 48, endLine: 53 }, // ## Escalation, with the link definitions under it
    ]);
  });

  it('textDocument/selectionRange: word → link → line → paragraph → section → document', async () => {
    const chain = async (line: number, character: number) => {
      const [r] = await s.client.request<SelectionRange[]>('textDocument/selectionRange', {
        textDocument: { uri: s.client.uri(DEPLOY) },
        positions: [{ line, character }],
      });
      const out: string[] = [];
      for (let x: SelectionRange | undefined = r; x; x = x.parent) {
        const { start: a, end: b } = x.range;
        out.push(`${a.line}:${a.character}-${b.line}:${b.character}`);
      }
      return out;
    };
    // On "response" in `[response](incident-response.md)`.
    assert.deepEqual(await chain(13, 12), [
      '13:10-13:18', // the word
      '13:9-13:41', // the link
      '13:0-13:78', // the line
      '13:0-14:81', // the paragraph
      '11:0-18:19', // ## Overview
      '9:0-53:39', // # Deploy
      '0:0-54:0', // the document
    ]);
    // In the second line of a list item: its text, the line, the item, the list, the section.
    assert.deepEqual(await chain(17, 5), [
      '17:2-17:5',
      '17:2-17:17',
      '17:0-17:17',
      '16:2-17:17',
      '16:0-17:17',
      '16:0-18:19',
      '11:0-18:19',
      '9:0-53:39',
      '0:0-54:0',
    ]);
    // In a table cell, and in the front matter (its line, then the block).
    assert.deepEqual(await chain(24, 3), [
      '24:2-24:6', // the word
      '24:0-24:7', // the cell
      '24:0-24:14', // the row
      '22:0-24:14', // the table
      '20:0-42:19',
      '9:0-53:39',
      '0:0-54:0',
    ]);
    assert.deepEqual(await chain(2, 3), ['2:0-2:6', '2:0-2:16', '0:0-8:3', '0:0-54:0']);
  });

  it("textDocument/definition and hover on a link's text, and on reference-style links", async () => {
    const definition = (line: number, character: number) =>
      s.client.request<Location | null>('textDocument/definition', at(s, DEPLOY, line, character));
    const hover = (line: number, character: number) =>
      s.client.request<Hover | null>('textDocument/hover', at(s, DEPLOY, line, character));
    assert.deepEqual(await definition(13, 12), loc(s, RESPONSE, 5, 0, 5, 19), 'on "response"');
    assert.deepEqual(await definition(13, 60), loc(s, SECURITY, 5, 0, 5, 19), 'on [policy][sec]');
    assert.deepEqual(await definition(14, 12), loc(s, SECURITY, 7, 0, 7, 6), 'on [Security] (#mfa)');
    assert.deepEqual(await definition(14, 45), loc(s, RESPONSE, 19, 0, 19, 13), 'inside emphasis');
    assert.equal(await definition(13, 2), null, 'on prose');
    assert.deepEqual(await hover(13, 12), {
      contents: {
        kind: 'markdown',
        value:
          '**Incident response**\n\nrunbook · last reviewed: 2026-11-01 · owner: sre\n\n`docs/runbooks/incident-response.md`',
      },
      range: range(13, 9, 13, 41),
    });
    assert.deepEqual(await hover(13, 60), {
      contents: {
        kind: 'markdown',
        value:
          '**Security baseline**\n\npolicy · last reviewed: 2026-10-01 · owner: security\n\n`docs/policies/security.md`',
      },
      range: range(13, 58, 13, 71),
    });
  });

  it('front matter: hover on a key, completion in a block list, unknown keys with "did you mean"', async () => {
    assert.deepEqual(await s.client.request<Hover | null>('textDocument/hover', at(s, DEPLOY, 3, 2)), {
      contents: {
        kind: 'markdown',
        value:
          '**last_reviewed** · `string, date` · required\n\nWhen the runbook was last checked against reality (YYYY-MM-DD).\n\n2 of 2 runbooks have `last_reviewed`.',
      },
      range: range(3, 0, 3, 13),
    });
    assert.deepEqual(await s.client.request<Hover | null>('textDocument/hover', at(s, DEPLOY, 4, 1)), {
      contents: {
        kind: 'markdown',
        value:
          '**severity**\n\nThe incident severity this runbook is for.\n\nOne of: `sev1`, `sev2`, `sev3`, `sev4`\n\n1 of 2 runbooks have `severity`.',
      },
      range: range(4, 0, 4, 8),
    });
    const items = await s.client.request<CompletionItem[]>('textDocument/completion', at(s, DEPLOY, 7, 4));
    assert.deepEqual(
      items.map((i) => [i.label, i.textEdit]),
      [['docs/', { range: range(7, 4, 7, 4), newText: 'docs/' }]],
    );
    assert.deepEqual((s.client.diagnostics.get(s.client.uri(DEPLOY)) ?? []).map(formatDiagnostic), [
      'frontmatter/unknown-key@3:1-3:7 `owners` is not a field of the runbook schema. Did you mean `owner`?',
      'schema/type@8:5-8:5 `related[1]` must be string, not empty.',
      'schema/required@9:1-9:4 Missing required field `owner`.',
    ]);
    const unknown = (s.client.diagnostics.get(s.client.uri(DEPLOY)) ?? [])[0];
    const actions = await s.client.request<{ title: string; edit: unknown }[]>('textDocument/codeAction', {
      textDocument: { uri: s.client.uri(DEPLOY) },
      range: unknown.range,
      context: { diagnostics: [unknown], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit]),
      [
        [
          'Rename to `owner`',
          {
            documentChanges: [
              {
                textDocument: { uri: s.client.uri(DEPLOY), version: null },
                edits: [{ range: range(2, 0, 2, 6), newText: 'owner' }],
              },
            ],
          },
        ],
      ],
    );
  });
});

describe('language server over stdio: fix all in the workspace (fixes fixture)', () => {
  let s: Session | undefined;

  afterEach(async () => {
    await stopLinks(s);
    s = undefined;
  });

  it('opsdocs.fixAll applies every safe fix by workspace/applyEdit, leaving documents with unsaved changes alone', async () => {
    s = await startSession('test/fixtures/fixes', 'diagnostics', (c) => c.diagnostics.size > 10);
    const { client, root } = s;
    // Open one document as it is on disk (saved) and one with an unsaved change.
    const open = (rel: string, text: string) =>
      client.notify('textDocument/didOpen', {
        textDocument: { uri: client.uri(rel), languageId: 'markdown', version: 1, text },
      });
    const read = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');
    await open('docs/runbooks/middle.md', read('docs/runbooks/middle.md'));
    const endText = `${read('docs/runbooks/end.md')}\nAn unsaved line.\n`;
    await open('docs/runbooks/end.md', endText);
    const result = await client.request<FixAllResult>('workspace/executeCommand', {
      command: 'opsdocs.fixAll',
      arguments: [],
    });
    // What `opsdocs check --fix` writes, but for the unsaved document (two fixes fewer).
    const fixed = JSON.parse(
      fs.readFileSync(path.join(REPO, 'test/fixtures/fixes.fixed.json'), 'utf8'),
    ) as Record<string, string>;
    const expectedFiles = Object.keys(fixed).filter((f) => f !== 'docs/runbooks/end.md');
    assert.deepEqual(result, {
      fixed: 17,
      files: expectedFiles.map((f) => client.uri(f)),
      skipped: [client.uri('docs/runbooks/end.md')],
      applied: true,
      deferred: 0,
    });
    assert.equal(client.appliedEdits.length, 1);
    const [{ edit, label }] = client.appliedEdits;
    assert.equal(label, 'Fix all OpsDocs problems');
    const after: Record<string, string> = {};
    for (const c of edit.documentChanges as TextDocumentEdit[]) {
      const rel = path.relative(root, URI.parse(c.textDocument.uri).fsPath).split(path.sep).join('/');
      after[rel] = applyTextEdits(read(rel), c.edits as TextEdit[]);
    }
    assert.deepEqual(after, Object.fromEntries(expectedFiles.map((f) => [f, fixed[f]])));
    // An unknown command is an error the editor shows, not a silent success.
    await assert.rejects(
      client.request('workspace/executeCommand', { command: 'opsdocs.nothing', arguments: [] }),
      /OpsDocs has no command "opsdocs.nothing"/,
    );
  });

  it('source.fixAll.opsdocs: the safe fixes of one file as one action (both missing sections, in order)', async () => {
    s = await startSession('test/fixtures/fixes', 'diagnostics', (c) => c.diagnostics.size > 10);
    const { client, root } = s;
    const file = 'docs/runbooks/middle.md';
    const actions = await client.request<
      { title: string; kind: string; edit: { documentChanges: TextDocumentEdit[] } }[]
    >('textDocument/codeAction', {
      textDocument: { uri: client.uri(file) },
      range: range(0, 0, 0, 0),
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all OpsDocs problems in this file', 'source.fixAll.opsdocs']],
    );
    const [change] = actions[0].edit.documentChanges;
    const fixed = JSON.parse(
      fs.readFileSync(path.join(REPO, 'test/fixtures/fixes.fixed.json'), 'utf8'),
    ) as Record<string, string>;
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    assert.equal(applyTextEdits(text, change.edits as TextEdit[]), fixed[file]);
  });
});

describe('language server over stdio: reference links and definitions (reference-links fixture)', () => {
  const GUIDE = 'docs/guide.md';
  let s: Session;

  before(async () => {
    s = await startSession(
      'test/fixtures/reference-links',
      `diagnostics of ${GUIDE}`,
      (client) => (client.diagnostics.get(client.uri(GUIDE)) ?? []).length > 0,
    );
  });

  after(async () => {
    await stopLinks(s);
  });

  it('reports undefined labels, duplicate and unused definitions, missing images; removes a definition by its whole line', async () => {
    const diagnostics = s.client.diagnostics.get(s.client.uri(GUIDE)) ?? [];
    assert.deepEqual(
      diagnostics.map(formatDiagnostic).filter((d) => /reference|definition|image/.test(d.split('@')[0])),
      [
        'links/undefined-reference@3:54-3:59 No link definition for [polcy]. Did you mean [policy]?',
        'links/undefined-reference@3:66-3:76 No link definition for [Escalation].',
        'links/undefined-reference@5:47-5:52 No link definition for [graph].',
        'links/missing-image@5:81-5:92 `img/map.png` does not exist (looked for `docs/img/map.png`).',
        'links/unused-definition@19:1-19:20 No link uses the definition [policy].',
        'links/duplicate-definition@22:1-22:20 [Runbook] is defined again with another destination; links use the definition on line 18.',
        'links/unused-definition@23:1-23:30 No link uses the definition [unused].',
      ],
    );
    const unused = diagnostics.find((d) => d.code === 'links/unused-definition')!;
    const actions = await s.client.request<{ title: string; edit: unknown }[]>('textDocument/codeAction', {
      textDocument: { uri: s.client.uri(GUIDE) },
      range: unused.range,
      context: { diagnostics: [unused], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit]),
      [
        [
          'Remove this definition',
          {
            documentChanges: [
              {
                textDocument: { uri: s.client.uri(GUIDE), version: null },
                edits: [{ range: range(18, 0, 19, 0), newText: '' }],
              },
            ],
          },
        ],
      ],
    );
  });
});

describe('language server over stdio: hover on the front matter of a MADR ADR (scaffold-madr fixture)', () => {
  const ADR = 'docs/decisions/0003-use-mysql.md';
  let s: Session;

  before(async () => {
    // A clean workspace publishes no diagnostics: wait for the end of the indexing progress.
    s = await startSession('test/fixtures/scaffold-madr', 'the end of indexing', (client) =>
      client.progress.some((p) => p.kind === 'end'),
    );
  });

  after(async () => {
    await stopLinks(s);
  });

  it('describes the MADR fields as the template does', async () => {
    const hover = (line: number) => s.client.request<Hover | null>('textDocument/hover', at(s, ADR, line, 2));
    assert.deepEqual(await hover(1), {
      contents: {
        kind: 'markdown',
        value:
          '**status** · `string`\n\nWhere the decision stands: proposed, rejected, accepted, deprecated, or "superseded by ADR-0123" naming its successor\n\n3 of 3 ADRs have `status`.',
      },
      range: range(1, 0, 1, 6),
    });
    assert.deepEqual(await hover(3), {
      contents: {
        kind: 'markdown',
        value:
          '**decision-makers** · `array, string`\n\nEveryone who took part in making the decision\n\n3 of 3 ADRs have `decision-makers`.',
      },
      range: range(3, 0, 3, 15),
    });
  });
});

describe('language server over stdio: the shape a folder shares, on hover (learn-frontmatter fixture)', () => {
  const RUNBOOK = 'docs/runbooks/disk-full.md';
  let s: Session;

  before(async () => {
    s = await startSession(
      'test/fixtures/learn-frontmatter',
      `diagnostics of ${RUNBOOK}`,
      (client) => (client.diagnostics.get(client.uri(RUNBOOK)) ?? []).length > 0,
    );
  });

  after(async () => {
    await stopLinks(s);
  });

  it('says how many runbooks have a front-matter key and a section, and what was learned', async () => {
    const hover = (line: number, character: number) =>
      s.client.request<Hover | null>('textDocument/hover', at(s, RUNBOOK, line, character));
    assert.deepEqual((s.client.diagnostics.get(s.client.uri(RUNBOOK)) ?? []).map(formatDiagnostic), [
      'schema/type@3:11-3:12 `severity` must be string, not a number: 6 of the 7 runbooks in docs/runbooks that have it give a string.',
    ]);
    assert.deepEqual(await hover(2, 3), {
      contents: {
        kind: 'markdown',
        value: '**severity** · `string` · required\n\n7 of 8 runbooks in docs/runbooks have `severity`.',
      },
      range: range(2, 0, 2, 8),
    });
    assert.deepEqual(await hover(9, 5), {
      contents: {
        kind: 'markdown',
        value: '**Symptoms** · required section\n\n8 of 8 runbooks in docs/runbooks have this section.',
      },
      range: range(9, 0, 9, 11),
    });
    assert.equal(await hover(11, 3), null, 'off a heading and a key: nothing');
  });
});
