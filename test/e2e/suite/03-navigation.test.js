// Navigation through the editor's own provider commands: go to definition from an `ADR-00X`
// mention in prose and from an inline-code path lands on the target file and its title heading;
// hover on an ADR mention shows the ADR's title and status; a cited ADR has a "cited by" code
// lens that runs opsdocs.findReferences. Targets are read from the files.
'use strict';

const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

const SOURCE_FILE = 'docs/runbooks/incident-response.md';

/** The workspace path of the ADR whose front matter has `id: <id>`. */
async function adrFile(id) {
  const files = await vscode.workspace.findFiles('docs/adr/*.md');
  for (const uri of files) {
    const path = h.rel(uri);
    if (h.frontMatter(await h.readText(path)).id === id) return path;
  }
  throw new Error(`no ADR with id ${id} among ${files.map(h.rel).join(', ')}`);
}

/** Runs go to definition at `pos` and asserts that it lands on `target`'s title heading. */
async function assertDefinition(doc, pos, target, what) {
  const want = h.titleRange(await h.readText(target));
  const wantUri = h.fileUri(target);
  // The server may still be indexing right after activation: poll until it answers.
  const found = await h.until(
    async () => {
      const locs =
        (await vscode.commands.executeCommand('vscode.executeDefinitionProvider', doc.uri, pos)) || [];
      return locs.length ? locs.map(h.landing) : undefined;
    },
    { ms: 30000, what: `a definition for ${what}` },
  );
  const hit = found.find((l) => l.uri.toString() === wantUri.toString() && l.range.isEqual(want));
  assert.ok(
    hit,
    `${what} should land on ${target} ${h.fmtRange(want)}; got ${found
      .map((l) => `${h.rel(l.uri)} ${h.fmtRange(l.range)}`)
      .join(', ')}`,
  );
}

describe('navigation', () => {
  let doc;
  before(async () => {
    ({ doc } = await h.openAndWaitForActivation(SOURCE_FILE));
  });

  it('go to definition from an ADR id in prose lands on that ADR', async () => {
    const needle = 'replaying (ADR-003)';
    const pos = h.positionOf(doc, needle, needle.indexOf('ADR-003') + 4); // inside "ADR-003"
    assert.match(
      doc.lineAt(pos.line).text,
      /^\d+\. /,
      'the mention must be in prose (a list item), not front matter',
    );
    await assertDefinition(
      doc,
      pos,
      await adrFile('ADR-003'),
      `ADR-003 at ${pos.line + 1}:${pos.character + 1}`,
    );
  });

  it('go to definition from an inline-code path lands on that file', async () => {
    const target = 'docs/runbooks/deployment.md';
    const pos = h.positionOf(doc, '`' + target + '`', 8); // inside the code span
    await assertDefinition(doc, pos, target, `\`${target}\` at ${pos.line + 1}:${pos.character + 1}`);
  });

  it('hover on an ADR mention shows its title and status', async () => {
    const needle = 'flags (ADR-005)';
    const pos = h.positionOf(doc, needle, needle.indexOf('ADR-005') + 2);
    const fm = h.frontMatter(await h.readText(await adrFile('ADR-005')));
    assert.ok(fm.title && fm.status, 'ADR-005 needs a title and a status in its front matter');
    const text = await h.until(
      async () => {
        const hovers =
          (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos)) || [];
        const all = hovers
          .flatMap((hv) => hv.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .join('\n---\n');
        return all.includes(fm.title) ? all : undefined;
      },
      { ms: 30000, what: `a hover containing "${fm.title}"` },
    );
    assert.ok(text.includes(fm.title), `hover lacks the title "${fm.title}":\n${text}`);
    assert.match(
      text,
      new RegExp(`status\\W+${fm.status}\\b`),
      `hover lacks "status: ${fm.status}":\n${text}`,
    );
  });

  // The "cited by N documents" lens (it once arrived without a command: the editor showed
  // "no commands" and logged "INVALID code lens resolved, lacks command").
  it('code lens on a cited ADR says "cited by N documents" and runs opsdocs.findReferences', async () => {
    const adr = h.fileUri(await adrFile('ADR-004'));
    await vscode.workspace.openTextDocument(adr); // lenses are asked of an open model
    const lenses = await h.until(
      async () => {
        const all = (await vscode.commands.executeCommand('vscode.executeCodeLensProvider', adr, 10)) || [];
        return all.length ? all : undefined;
      },
      { ms: 30000, what: 'code lenses on ADR-004' },
    );
    const want = h.titleRange(await h.readText(h.rel(adr)));
    const lens = lenses.find((l) => l.range.isEqual(want));
    assert.ok(
      lens,
      `no lens on the title ${h.fmtRange(want)}: ${lenses.map((l) => h.fmtRange(l.range)).join(', ')}`,
    );
    assert.ok(lens.command, 'the lens has no command');
    assert.match(lens.command.title, /^cited by [1-9]\d* documents?$/);
    assert.strictEqual(lens.command.command, 'opsdocs.findReferences');
  });
});
