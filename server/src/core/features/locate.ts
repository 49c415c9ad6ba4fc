import { scriptPackage, targetMakefile } from '../model/commands.js';
import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import { Pacer } from '../util/pace.js';
import type { Ref } from '../parse/refs.js';

/** A place in the workspace. */
export interface Location {
  file: string;
  range: Range;
}

const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

export function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The reference under the cursor (its target or its `#fragment`). */
export function refAt(doc: DocInfo, pos: Position): Ref | undefined {
  return doc.refs.find((r) => contains(r.range, pos) || (r.fragmentRange && contains(r.fragmentRange, pos)));
}

/**
 * The reference the cursor is on, with the range a hover highlights: the reference itself (its
 * target or `#fragment`), or, in a link's text, the link's destination (`[response](x.md)` on
 * "response"), or for a reference-style link (`[text][label]`, `[label][]`, `[label]`) the
 * destination of the label's first definition (labels match as CommonMark matches them: case and
 * spacing aside). Links of a file read in fast mode are found on their destination only.
 */
export function refUnder(doc: DocInfo, pos: Position): { ref: Ref; range: Range } | undefined {
  const ref = refAt(doc, pos);
  if (ref) {
    const onFragment = ref.fragmentRange && contains(ref.fragmentRange, pos);
    return { ref, range: onFragment ? ref.fragmentRange! : ref.range };
  }
  const lines = doc.parsed.lines;
  const link = doc.parsed.links.find((l) => contains(l.range, pos));
  if (!link) return undefined;
  const holder = link.label === undefined ? link : doc.parsed.definitions.find((d) => d.label === link.label);
  if (!holder) return undefined;
  const from = lines.offsetAt(holder.range.start);
  const to = lines.offsetAt(holder.range.end);
  const found = doc.refs.find((r) => {
    const o = lines.offsetAt(r.range.start);
    return r.kind === 'link' && o >= from && o <= to;
  });
  return found ? { ref: found, range: link.range } : undefined;
}

/** What a reference lands on: a document (and a heading of it), a file or folder, or an npm script. */
export interface Target {
  file: string;
  /** The heading slug when the reference has a `#fragment` that exists. */
  slug?: string;
  /** The script name, for `npm run NAME`. */
  script?: string;
  /** The target name, for `make NAME`. */
  target?: string;
  /** Where to land: the heading, the id, the script key, or the top of the file. */
  range: Range;
  doc?: DocInfo;
  isFolder?: boolean;
}

/** Resolves a reference of `doc`, or undefined when it lands nowhere. */
export function resolveRef(view: IndexView, doc: DocInfo, ref: Ref): Target | undefined {
  if (ref.kind === 'script') {
    const pkg = scriptPackage(view, doc, ref);
    const at = pkg?.scripts.get(ref.target);
    return pkg && at ? { file: pkg.file, range: at, script: ref.target } : undefined;
  }
  if (ref.kind === 'make') {
    const makefile = targetMakefile(view, doc, ref);
    const at = makefile?.targets.get(ref.target);
    return makefile && at ? { file: makefile.file, range: at, target: ref.target } : undefined;
  }
  if (ref.kind === 'id' || (ref.kind === 'field' && !ref.base)) {
    if (ref.kind === 'id' && !view.isId(ref.target)) return undefined;
    const target = view.holdersOf(ref.target, doc)[0];
    return target ? { file: target.file, range: target.titleRange, doc: target } : undefined;
  }
  const t = view.resolvePath(doc.file, ref);
  if (!t.found) return undefined;
  const targetDoc = t.isFolder ? undefined : view.doc(t.found);
  if (ref.fragment && targetDoc) {
    const wanted = ref.fragment.toLowerCase();
    const heading = targetDoc.parsed.headings.find((h) => h.slug.toLowerCase() === wanted);
    if (heading) return { file: t.found, slug: heading.slug, range: heading.range, doc: targetDoc };
  }
  return {
    file: t.found,
    range: targetDoc ? targetDoc.titleRange : ZERO,
    doc: targetDoc,
    isFolder: t.isFolder,
  };
}

/**
 * Every reference of `docs` with where it lands (for find references, code lens, renames). Pauses
 * every few milliseconds ({@link Pacer}) so a cancelled request stops in the middle.
 */
export async function allResolved(
  view: IndexView,
  docs: Iterable<DocInfo>,
): Promise<{ from: DocInfo; ref: Ref; target: Target }[]> {
  const out: { from: DocInfo; ref: Ref; target: Target }[] = [];
  const pace = new Pacer(() => view.pause());
  for (const from of [...docs]) {
    if (pace.due()) await pace.rest();
    for (const ref of from.refs) {
      const target = resolveRef(view, from, ref);
      if (target) out.push({ from, ref, target });
    }
  }
  return out;
}
