import { commandPath } from '../model/commands.js';
import * as path from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import type { Ref } from '../parse/refs.js';
import { normaliseId } from '../util/ids.js';
import { headingText } from '../parse/markdown.js';
import { allResolved, contains, refAt, resolveRef } from './locate.js';
import { addEdit, emptyEdits, linkDestination, relativePath, type WorkspaceEdits } from './edits.js';
import { editFrontMatterString } from './yamlEdits.js';
import { Pacer } from '../util/pace.js';

/** What a rename at a position would rename. */
export type RenameTarget =
  | { kind: 'id'; doc: DocInfo; range: Range; placeholder: string }
  | { kind: 'heading'; doc: DocInfo; slug: string; range: Range; placeholder: string };

/** Finds what can be renamed at the cursor: an id (a mention, or the document's own id) or a heading. */
export function renameTarget(view: IndexView, doc: DocInfo, pos: Position): RenameTarget | undefined {
  const ref = refAt(doc, pos);
  if (ref) {
    const t = resolveRef(view, doc, ref);
    if (!t?.doc) return undefined;
    if ((ref.kind === 'id' || (ref.kind === 'field' && !ref.base)) && t.doc.id)
      return { kind: 'id', doc: t.doc, range: ref.range, placeholder: t.doc.id };
    if (ref.fragmentRange && contains(ref.fragmentRange, pos) && t.slug) {
      const h = t.doc.parsed.headings.find((x) => x.slug === t.slug)!;
      if (h.text === '') return undefined;
      return {
        kind: 'heading',
        doc: t.doc,
        slug: t.slug,
        range: ref.fragmentRange,
        placeholder: t.doc.parsed.lines.textOf(h.contentRange),
      };
    }
    return undefined;
  }
  if (doc.id && doc.kind && contains(doc.idRange, pos) && doc.idRange !== doc.titleRange)
    return { kind: 'id', doc, range: doc.idRange, placeholder: doc.id };
  const h = doc.parsed.headings.find((x) => contains(x.range, pos));
  if (!h) return undefined;
  if (h.depth === 1 && doc.id) {
    // The document's own id in its title renames the id; the rest of the title is the heading.
    const line = doc.parsed.lines.lineText(h.range.start.line);
    for (const at of occurrences(line, doc.id)) {
      const range = {
        start: { line: h.range.start.line, character: at },
        end: { line: h.range.start.line, character: at + doc.id.length },
      };
      if (contains(range, pos)) return { kind: 'id', doc, range, placeholder: doc.id };
    }
  }
  if (h.text === '' || !contains(h.contentRange, pos)) return undefined;
  return {
    kind: 'heading',
    doc,
    slug: h.slug,
    range: h.contentRange,
    placeholder: doc.parsed.lines.textOf(h.contentRange),
  };
}

const occurrences = (line: string, word: string) => {
  const out: number[] = [];
  const re = new RegExp(`\\b${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'g');
  for (const m of line.matchAll(re)) out.push(m.index ?? 0);
  return out;
};

/**
 * Renames an id: every mention of it (any spelling), the document's `id` field, the id in its
 * title, and the file name when it starts with the id (links to the file follow).
 */
export async function renameId(
  view: IndexView,
  docs: Iterable<DocInfo>,
  target: DocInfo,
  newId: string,
): Promise<WorkspaceEdits> {
  const w = emptyEdits();
  const oldId = target.id!;
  const all = [...docs];
  const pace = new Pacer(() => view.pause());
  for (const { from, ref, target: t } of await allResolved(view, all)) {
    if (pace.due()) await pace.rest();
    if (t.doc !== target) continue;
    if (ref.kind === 'field' && !ref.base) editString(w, from, ref.range, newId);
    else if (ref.kind === 'id') addEdit(w, from.file, { range: ref.range, newText: newId });
    // `[ADR-001](../adr/ADR-001-hosting.md)`: the link text names the id, so it follows it.
    else if (ref.textRange && normaliseId(from.parsed.lines.textOf(ref.textRange)) === normaliseId(oldId))
      addEdit(w, from.file, { range: ref.textRange, newText: newId });
  }
  const f = target.kind?.fields;
  if (f && typeof target.data[f.id] === 'string') editString(w, target, target.idRange, newId);
  const h1 = target.parsed.headings.find((h) => h.depth === 1);
  if (h1) {
    const line = target.parsed.lines.lineText(h1.range.start.line);
    for (const at of occurrences(line, oldId)) {
      addEdit(w, target.file, {
        range: {
          start: { line: h1.range.start.line, character: at },
          end: { line: h1.range.start.line, character: at + oldId.length },
        },
        newText: newId,
      });
    }
  }
  const base = path.posix.basename(target.file);
  const m = new RegExp(`^${oldId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[-_.])`, 'i').exec(base);
  if (m && normaliseId(m[0]) === normaliseId(oldId)) {
    const to = path.posix.join(path.posix.dirname(target.file), newId + base.slice(m[0].length));
    const moved = await renameFiles(view, all, [{ from: target.file, to }]);
    for (const [file, list] of moved.edits) for (const e of list) addEdit(w, file, e);
    w.renames.push({ from: target.file, to });
  }
  return w;
}

/**
 * Renames a heading (its content as written) and every link fragment that lands on it. When the
 * new text changes GitHub's numbering of repeated headings (`#notes` / `#notes-1`), links to the
 * renumbered headings follow too.
 */
export async function renameHeading(
  view: IndexView,
  docs: Iterable<DocInfo>,
  target: DocInfo,
  slug: string,
  newText: string,
): Promise<WorkspaceEdits> {
  const w = emptyEdits();
  const h = target.parsed.headings.find((x) => x.slug === slug);
  if (!h) return w;
  addEdit(w, target.file, { range: h.contentRange, newText });
  const slugger = new GithubSlugger();
  const renamed = new Map<string, string>();
  for (const x of target.parsed.headings) {
    // The new name is Markdown as written; GitHub makes the anchor of its text (`_x_` is `x`).
    const s = slugger.slug(x === h ? headingText(newText) : x.text);
    if (s !== x.slug) renamed.set(x.slug, s);
  }
  const pace = new Pacer(() => view.pause());
  for (const { from, ref, target: t } of await allResolved(view, docs)) {
    if (pace.due()) await pace.rest();
    if (t.doc !== target || t.slug === undefined || !ref.fragmentRange) continue;
    const next = renamed.get(t.slug);
    if (next === undefined) continue;
    if (ref.kind === 'field') editString(w, from, ref.fragmentRange, next);
    else addEdit(w, from.file, { range: ref.fragmentRange, newText: next });
  }
  return w;
}

/**
 * Replaces a front-matter string (or the part of it at `range`) by `text`, written as YAML that
 * reads as the new string (see {@link editFrontMatterString}). A value that cannot be written so
 * fails the whole rename, rather than leave a reference behind or write what no longer parses.
 */
function editString(w: WorkspaceEdits, doc: DocInfo, range: Range, text: string): void {
  if (!editFrontMatterString(w, doc, range, text))
    throw new Error(
      `${doc.file}:${range.start.line + 1}: the front-matter value cannot be changed to ${JSON.stringify(text)} as YAML that reads back as it; nothing was renamed.`,
    );
}

/** The path to write for a reference whose target moved to `to`, in the style it was written. */
function rewrite(fromFile: string, ref: Ref, to: string, wasRootRelative: boolean): string {
  if (ref.kind === 'path' || (ref.kind === 'field' && ref.base)) {
    if (wasRootRelative) return to;
    return relativeTo(fromFile, to, ref);
  }
  return linkDestination(relativeTo(fromFile, to, ref));
}

/** `relativePath`, except for the document's own folder, which it would name as a subfolder of itself. */
function relativeTo(fromFile: string, to: string, ref: Ref): string {
  if (path.posix.dirname(fromFile) === to) return `../${path.posix.basename(to)}`;
  return relativePath(fromFile, to, ref.target.startsWith('./'));
}

/**
 * Files renamed or moved (or folders, given as their path): updates every link, inline-code
 * path and front-matter path to them, and the relative links inside the moved documents.
 */
export async function renameFiles(
  view: IndexView,
  docs: Iterable<DocInfo>,
  moves: { from: string; to: string }[],
): Promise<WorkspaceEdits> {
  const w = emptyEdits();
  const all = [...docs];
  // A moved file, a file or folder inside a moved folder, or the moved folder itself.
  const movedTo = (f: string): string | undefined => {
    for (const m of moves)
      if (f === m.from || f.startsWith(`${m.from}/`)) return m.to + f.slice(m.from.length);
    return undefined;
  };
  // Each front-matter edit is written and read back by the yaml library: thousands take seconds.
  const pace = new Pacer(() => view.pause());
  for (const { from, ref, target } of await allResolved(view, all)) {
    if (pace.due()) await pace.rest();
    if (
      ref.kind === 'id' ||
      ref.kind === 'script' ||
      ref.kind === 'make' ||
      (ref.kind === 'field' && !ref.base) ||
      ref.target === ''
    )
      continue;
    const targetTo = movedTo(target.file);
    const sourceTo = movedTo(from.file);
    if (ref.command) {
      // A command runs its file from its working folder, wherever its document is.
      const newText = targetTo === undefined ? ref.target : commandPath(ref, targetTo);
      if (newText !== ref.target) addEdit(w, from.file, { range: ref.range, newText });
      continue;
    }
    if (targetTo === undefined && sourceTo === undefined) continue;
    // A folder written `docs/runbooks/`: the range covers the slash, so it is written back.
    const written = ref.target.replace(/\/$/, '');
    const slash = ref.folder || written !== ref.target ? '/' : '';
    const wasRootRelative =
      (ref.kind === 'path' || ref.kind === 'field') &&
      path.posix.normalize(written.replace(/^\.\//, '')) === target.file;
    // a root-relative path does not change when its document moves
    if (targetTo === undefined && wasRootRelative) continue;
    const newText = rewrite(sourceTo ?? from.file, ref, targetTo ?? target.file, wasRootRelative);
    // A front-matter value not written as is (escapes) has one range for path and fragment.
    const fragment = ref.fragment !== undefined && !ref.fragmentRange ? `#${ref.fragment}` : '';
    if (newText === written) continue;
    if (ref.kind === 'field') editString(w, from, ref.range, newText + slash + fragment);
    else addEdit(w, from.file, { range: ref.range, newText: newText + slash + fragment });
  }
  return w;
}
