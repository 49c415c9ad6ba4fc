import type { Position, Range } from '../types.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import { allResolved, contains, refAt, refUnder, resolveRef, type Location } from './locate.js';
import { staleStatus, successorOf } from '../model/adr.js';

/** Go to definition: where the reference under the cursor ({@link refUnder}) lands. */
export function definition(view: IndexView, doc: DocInfo, pos: Position): Location | undefined {
  const ref = refUnder(doc, pos)?.ref;
  const target = ref && resolveRef(view, doc, ref);
  return target ? { file: target.file, range: target.range } : undefined;
}

/**
 * Find references: of the reference's target when the cursor is on a reference; of a heading
 * when it is on a heading (links to `#its-slug`); otherwise of the document itself.
 */
export async function references(
  view: IndexView,
  citing: (file: string) => Iterable<DocInfo>,
  doc: DocInfo,
  pos: Position,
  includeDeclaration = false,
): Promise<Location[]> {
  let file = doc.file;
  let slug: string | undefined;
  let script: string | undefined;
  let declaration: Location | undefined;
  const ref = refAt(doc, pos);
  if (ref) {
    const t = resolveRef(view, doc, ref);
    if (!t) return [];
    file = t.file;
    slug = t.slug;
    script = t.script;
    declaration = { file: t.file, range: t.slug || t.script ? t.range : (t.doc?.idRange ?? t.range) };
  } else {
    const h = doc.parsed.headings.find((x) => contains(x.range, pos) && x.depth > 1);
    slug = h?.slug;
    declaration = { file: doc.file, range: h?.range ?? doc.idRange };
  }
  const found = (await allResolved(view, citing(file)))
    // A document mentioning itself (its id in its own title) does not cite itself.
    .filter(({ from, target }) => from.file !== target.file || slug !== undefined)
    .filter(
      ({ target }) =>
        target.file === file && (slug === undefined || target.slug === slug) && target.script === script,
    )
    .map(({ from, ref: r }) => ({
      file: from.file,
      range: slug && r.fragmentRange ? r.fragmentRange : r.range,
    }));
  return includeDeclaration && declaration ? [declaration, ...found] : found;
}

/** The other documents with a reference landing on `file` (for the "cited by" code lens). */
export async function citedBy(
  view: IndexView,
  candidates: Iterable<DocInfo>,
  file: string,
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const { from, target } of await allResolved(view, candidates))
    if (from.file !== file && target.file === file) out.add(from.file);
  return out;
}

/**
 * Hover on a reference ({@link refUnder}): the target's title, kind, status, date and successor
 * (Markdown).
 */
export function hover(
  view: IndexView,
  doc: DocInfo,
  pos: Position,
): { markdown: string; range: Range } | undefined {
  const under = refUnder(doc, pos);
  const target = under && resolveRef(view, doc, under.ref);
  if (!under || !target) return undefined;
  const { ref, range } = under;
  if (ref.kind === 'script')
    return { markdown: `**npm run ${ref.target}** — script in \`${target.file}\``, range };
  if (ref.kind === 'make')
    return { markdown: `**make ${ref.target}** — target in \`${target.file}\``, range };
  const d = target.doc;
  if (!d) return { markdown: `\`${target.file}\`${target.isFolder ? ' (folder)' : ''}`, range };
  const k = d.kind;
  const title = [d.id, d.title].filter(Boolean).join(': ') || d.file;
  const lines = [`**${title}**`, ''];
  const facts: string[] = [];
  if (k) facts.push(k.name);
  if (d.status) facts.push(`status: ${d.status}`);
  const date = k
    ? (d.data.date ?? d.data[k.fields.lastReviewed ?? ''] ?? d.data[k.fields.due ?? ''])
    : undefined;
  if (typeof date === 'string')
    facts.push(
      `${d.data.date === date ? 'date' : k?.fields.lastReviewed && d.data[k.fields.lastReviewed] === date ? 'last reviewed' : 'due'}: ${date}`,
    );
  const owner = k ? d.data[k.fields.owner] : undefined;
  if (typeof owner === 'string') facts.push(`owner: ${owner}`);
  if (facts.length) lines.push(facts.join(' · '), '');
  if (staleStatus(d)) {
    const next = successorOf(d);
    const nextTitle = next ? view.holdersOf(next, d)[0]?.title : undefined;
    const how = d.status === 'deprecated' ? 'Deprecated' : 'Superseded';
    const named = nextTitle ? `**${next}** (${nextTitle})` : `**${next}**`;
    lines.push(next ? `⚠ ${how} by ${named}` : `⚠ ${d.status}`, '');
  }
  if (target.slug)
    lines.push(`Section: ${d.parsed.headings.find((h) => h.slug === target.slug)?.text ?? target.slug}`, '');
  lines.push(`\`${d.file}\``);
  return { markdown: lines.join('\n'), range };
}
