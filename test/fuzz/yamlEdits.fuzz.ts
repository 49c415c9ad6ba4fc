import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { Engine } from '../../server/src/core/engine.js';
import { parseMarkdown } from '../../server/src/core/parse/markdown.js';
import { applyTextEdits, type WorkspaceEdits } from '../../server/src/core/features/edits.js';
import { renameFiles } from '../../server/src/core/features/rename.js';
import { MemoryWorkspace } from '../helpers/memoryWorkspace.js';

/**
 * Random front matter and random file names, for the edits OpsDocs makes in front matter (renames,
 * supersede fixes, `new adr --supersedes`): whatever the style and the name, the edited front
 * matter must parse and hold exactly the new value, every other value as it was.
 */

/** Characters file names hold that YAML reads as its own, unicode, and words YAML reads as other types. */
const PIECES = [' #', '#', '[', ']', '{', '}', "'", '"', ', ', ',', ': ', ':', '-', '?', '*', '&', '!'];
const MORE = ['|', '>', '%', '@', '`', ' ', '\\', '.', '~', '=', 'a', 'b', 'x', '1', '_', '.md'];
const unicode = fc
  .integer({ min: 0xa0, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

/** A file name: no `/`, no control characters; not `.` or `..`. */
export const fileName: fc.Arbitrary<string> = fc
  .oneof(
    fc
      .array(fc.oneof(fc.constantFrom(...PIECES, ...MORE), unicode), { minLength: 1, maxLength: 10 })
      .map((a) => a.join('')),
    fc.constantFrom(
      'true',
      '123',
      'null',
      '~',
      '-',
      '?',
      '0o7',
      '.5',
      '1e3',
      'yes',
      'off',
      '2026-01-01',
      '- a',
      'a: b',
      '#x',
    ),
  )
  .filter((n) => n !== '.' && n !== '..' && n !== 'a.md' && n !== 'citing.md');

/** A document's front matter (`---` lines included, and a final line break) and the data it holds. */
export interface Styled {
  text: string;
  data: Record<string, unknown>;
}

const quoted = (v: string) => fc.constantFrom(v, `'${v}'`, `"${v}"`);
const comment = fc.constantFrom('', '', ' # note');
const RELATED = ['a.md', './a.md#top', 'docs/runbooks/a.md', 'a.md#top'];

/** A list of `items`, each plain or quoted, in flow (`[a, 'b']`) or, outside a flow mapping, block style. */
const list = (items: fc.Arbitrary<string[]>, flowOnly: boolean) =>
  fc
    .record({
      items: items.chain((xs) => fc.tuple(...xs.map(quoted))),
      block: flowOnly ? fc.constant(false) : fc.boolean(),
      indent: fc.constantFrom('', '  '),
      comments: fc.array(comment, { minLength: 6, maxLength: 6 }),
    })
    .map(({ items, block, indent, comments }) =>
      block
        ? `${comments[0]}\n${items.map((x, i) => `${indent}- ${x}${comments[(i + 1) % 6]}`).join('\n')}`
        : ` [${items.join(', ')}]${flowOnly ? '' : comments[0]}`,
    );

/**
 * Random front matter: a block or flow mapping (on one line or several), lists in both styles,
 * quotes, comments, CRLF.
 */
export const frontMatterStyle: fc.Arbitrary<Styled> = fc
  .constantFrom('block', 'flow', 'flow-lines')
  .chain((map) => {
    const flow = map !== 'block';
    const scalar = (v: string) =>
      fc.tuple(quoted(v), flow ? fc.constant('') : comment).map(([q, c]) => ` ${q}${c}`);
    const entries = fc.record(
      {
        id: scalar('ADR-001'),
        title: scalar('X'),
        status: fc.oneof(scalar('accepted'), fc.constant(flow ? ' ' : '')),
        date: scalar('2026-01-01'),
        supersedes: fc.oneof(
          fc.constant(flow ? ' ' : ''),
          fc.constant(' ~'),
          scalar('ADR-009'),
          fc.constant(' []'),
          list(fc.subarray(['ADR-009', 'ADR-010'], { minLength: 1 }), flow),
        ),
        superseded_by: scalar('ADR-010'),
        related: list(fc.subarray(RELATED, { minLength: 1 }), flow),
        tags: fc.constantFrom(' [ops, x]', flow ? ' {k: v}' : '\n  k: v'),
      },
      { requiredKeys: ['id', 'title', 'related'] },
    );
    return fc
      .record({
        entries,
        eol: fc.constantFrom('\n', '\r\n'),
        lineComments: fc.boolean(),
        trailingComma: fc.boolean(),
        after: fc.constantFrom('', ' # end'),
      })
      .map(({ entries, eol, lineComments, trailingComma, after }) => {
        const pairs = Object.entries(entries).map(([k, v]) => `${k}:${v}`);
        let yaml: string;
        if (!flow) yaml = pairs.join(lineComments ? '\n# a comment line\n' : '\n');
        else if (map === 'flow') yaml = `{${pairs.join(', ')}${trailingComma ? ',' : ''}}${after}`;
        else
          yaml = `{ ${pairs.join(lineComments ? ', # a comment\n  ' : ',\n  ')}${trailingComma ? ',' : ''}\n}${after}`;
        const text = `---\n${yaml}\n---\n`.replace(/\n/g, eol);
        const d = parseDocument(yaml, { uniqueKeys: true });
        if (d.errors.length)
          throw new Error(`the style generator wrote invalid YAML:\n${yaml}\n${d.errors[0].message}`);
        return { text, data: d.toJS() as Record<string, unknown> };
      });
  });

/** The files of `files` with `w` applied: its text edits, then its renames and creates. */
export function applied(files: Map<string, string>, w: WorkspaceEdits): Map<string, string> {
  const out = new Map(files);
  for (const [file, edits] of w.edits) out.set(file, applyTextEdits(out.get(file)!, edits));
  for (const { from, to } of w.renames) {
    out.set(to, out.get(from)!);
    out.delete(from);
  }
  for (const c of w.creates ?? []) out.set(c.file, c.text);
  return out;
}

/** What OpsDocs reads from a document's front matter: its data, or the YAML error. */
export function frontMatterOf(file: string, text: string): { data: Record<string, unknown>; error?: string } {
  const fm = parseMarkdown(file, text).frontMatter;
  assert.ok(fm, `${file} has front matter`);
  return { data: fm.data, ...(fm.error ? { error: fm.error.message } : {}) };
}

/** The opening `---` line, and everything from the closing `---` line on. */
function outsideYaml(text: string): [string, string] {
  const open = /^\uFEFF?---[^\r\n]*/.exec(text)![0];
  const close = /(?:\r\n|\n|\r)---[^\r\n]*(?:\r\n|\n|\r|$)(?![\s\S]*(?:\r\n|\n|\r)---)[\s\S]*$/.exec(
    text,
  )?.[0];
  return [open, close ?? ''];
}

/** The kinds of line break a text has. */
const breaks = (text: string) => [...new Set(text.match(/\r\n|\r|\n/g) ?? [])].sort();

/**
 * Asserts an edited document: its front matter reads exactly `expected`, nothing outside the YAML
 * changed, the same line breaks, and every comment written outside quotes kept.
 */
export function assertEdited(file: string, before: string, after: string, expected: unknown): void {
  assert.deepEqual(frontMatterOf(file, after), { data: expected }, `edited:\n${after}\nfrom:\n${before}`);
  assert.deepEqual(outsideYaml(after), outsideYaml(before), 'nothing outside the YAML changes');
  assert.deepEqual(breaks(after), breaks(before), 'the line breaks are the file’s');
  for (const c of before.match(/ # (note|end|a comment)/g) ?? [])
    assert.equal(after.split(c).length, before.split(c).length, `comment "${c}" kept:\n${after}`);
}

/**
 * One case: a runbook whose front matter (random style) cites `docs/runbooks/a.md`, which moves to
 * a random name: every path to it names the new file, nothing else changes.
 */
export async function renameCase(s: Styled, name: string, otherFolder: boolean): Promise<void> {
  const citing = 'docs/runbooks/citing.md';
  const files = new Map([
    ['docs/runbooks/a.md', '---\ntitle: A\n---\n# A\n\n## Top\n'],
    [citing, `${s.text}# Citing\n`],
  ]);
  const engine = new Engine({ workspace: new MemoryWorkspace(files), today: '2026-11-26' });
  await engine.indexAll();
  const to = `docs/${otherFolder ? 'moved' : 'runbooks'}/${name}`;
  const w = await renameFiles(engine.view(), engine.documents().values(), [
    { from: 'docs/runbooks/a.md', to },
  ]);
  const rel = path.posix.relative('docs/runbooks', to);
  const moved = (p: unknown) =>
    typeof p !== 'string'
      ? p
      : p.startsWith('docs/')
        ? to + p.slice('docs/runbooks/a.md'.length)
        : `${p.startsWith('./') && !rel.startsWith('../') ? './' : ''}${rel}${p.replace(/^(\.\/)?a\.md/, '')}`;
  const expected = { ...s.data, related: (s.data.related as unknown[]).map(moved) };
  assertEdited(citing, files.get(citing)!, applied(files, w).get(citing)!, expected);
}

/** `npm run fuzz`: `runs` random front-matter styles and file names through a rename. */
export async function fuzzFrontMatterEdits(runs: number, seed?: number, path?: string): Promise<void> {
  await fc.assert(fc.asyncProperty(frontMatterStyle, fileName, fc.boolean(), renameCase), {
    numRuns: runs,
    seed,
    path,
    endOnFailure: true,
  });
}
