import { squashed, withinEdits } from '../util/similar.js';
import type { Finding, Position } from '../types.js';
import { Pacer } from '../util/pace.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import type { CompiledSchema, SectionRequirement } from '../schemas/registry.js';
import {
  addAgentsEntry,
  addEdit,
  at,
  emptyEdits,
  inLineBreaksOf,
  sameRange,
  type TextEdit,
  type WorkspaceEdits,
} from './edits.js';
import { addToFrontMatterList, editFrontMatterString, setFrontMatterValue } from './yamlEdits.js';
import { normaliseId, stringList } from '../util/ids.js';

/** A quick fix: a title, its edits, and whether "fix all" may apply it without a human look. */
export interface Fix {
  title: string;
  edits: WorkspaceEdits;
  preferred?: boolean;
  /** Safe fixes are applied by "Fix all in file"; guesses (did you mean) and reviews are not. */
  safe: boolean;
}

const REPLACE_TITLES: Record<string, { title: (r: string) => string; safe: boolean }> = {
  'schema/enum': { title: (r) => `Change to "${r}"`, safe: true },
  'links/superseded-adr': { title: (r) => `Cite the successor ${r} instead`, safe: true },
  'links/missing-anchor': { title: (r) => `Change to #${r}`, safe: false },
  'links/unknown-id': { title: (r) => `Change to ${r}`, safe: false },
  'links/missing-file': { title: (r) => `Change to ${r}`, safe: false },
  'links/undefined-reference': { title: (r) => `Change to [${r}]`, safe: false },
  'agents/missing-path': { title: (r) => `Change to ${r}`, safe: false },
  'links/missing-script': { title: (r) => `Change to "${r}"`, safe: false },
  'commands/missing-file': { title: (r) => `Change to ${r}`, safe: false },
  'commands/missing-target': { title: (r) => `Change to ${r}`, safe: false },
  'owners/unknown-owner': { title: (r) => `Change to ${r}`, safe: false },
  'lifecycle/review-overdue': { title: (r) => `Mark as reviewed today (${r})`, safe: false },
};

const norm = (s: string) =>
  s
    .trim()
    .replace(/[:.]+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** The quick fixes for one finding of a document. */
export function fixesFor(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  f: Finding,
  today: string,
): Fix[] {
  const data = f.data ?? {};
  const replace = REPLACE_TITLES[f.rule];
  if (replace && data.replacement !== undefined) {
    const w = emptyEdits();
    // In front matter the value is written again as YAML (quoted if it must be); elsewhere as it is.
    const fm = doc.parsed.frontMatter;
    const inFrontMatter =
      fm && f.range.start.line > fm.open.start.line && f.range.end.line < fm.close.start.line;
    if (!inFrontMatter) addEdit(w, doc.file, { range: f.range, newText: data.replacement });
    else if (!editFrontMatterString(w, doc, f.range, data.replacement)) return [];
    // A value is taken for another only when it is plainly a slip of it (`acepted`, `In-Progress`):
    // `stalled` for `started`, `none` for `done`, `locked` for `blocked` are offered, never applied
    // by fix-all — an edit at a word's ends, or in a short word, makes another word.
    const written = doc.parsed.lines.textOf(f.range).replace(/^(["'])(.*)\1$/, '$2');
    const [a, b] = [written.toLowerCase(), data.replacement.toLowerCase()];
    const inside = a.length >= 5 && a.slice(0, 2) === b.slice(0, 2) && a.slice(-2) === b.slice(-2);
    const plain = f.rule !== 'schema/enum' || squashed(a) === squashed(b) || (inside && withinEdits(a, b, 1));
    const safe = replace.safe && plain;
    return [{ title: replace.title(data.replacement), edits: w, preferred: true, safe }];
  }
  switch (f.rule) {
    case 'frontmatter/unknown-key': {
      // The key as the field is named; a guess, so never applied by "fix all".
      const name = data.replacement;
      if (!name || !/^[A-Za-z_][\w-]*$/.test(name)) return [];
      const w = emptyEdits();
      addEdit(w, doc.file, { range: f.range, newText: name });
      return [{ title: `Rename to \`${name}\``, edits: w, preferred: true, safe: false }];
    }
    case 'sections/missing':
      return data.section
        ? [addSection(doc, doc.kind?.sections ?? schema?.sections ?? [], data.section)]
        : [];
    case 'schema/required':
      return data.field && doc.parsed.frontMatter ? addField(doc, schema, data.field, today) : [];
    case 'agents/undocumented-file':
      return data.file ? [addToAgents(doc, data.file)] : [];
    case 'links/supersede-mismatch':
      return supersedeOtherSide(view, doc, f);
    case 'links/unused-definition':
    case 'links/duplicate-definition':
      return [removeLines(doc, f.range, 'Remove this definition')];
    case 'lifecycle/stale-against-code':
      return data.field ? markReviewed(doc, data.field, today) : [];
    default:
      return [];
  }
}

/** Every safe fix of a document's findings, as one edit ("Fix all in file"). */
export function fixAll(
  view: IndexView,
  doc: DocInfo,
  schema: CompiledSchema | undefined,
  findings: Finding[],
  today: string,
): WorkspaceEdits | undefined {
  const w = emptyEdits();
  let any = false;
  for (const f of findings) {
    for (const fix of fixesFor(view, doc, schema, f, today)) {
      if (!fix.safe) continue;
      for (const [file, edits] of fix.edits.edits) for (const e of edits) addEdit(w, file, e);
      any = true;
    }
  }
  return any ? w : undefined;
}

/** Deletes the whole lines of `range` (a link definition), line breaks and all. */
function removeLines(doc: DocInfo, range: Finding['range'], title: string): Fix {
  const lines = doc.parsed.lines;
  const last = range.end.line;
  const end = last + 1 < lines.lineCount ? at(last + 1) : at(last, lines.lineText(last).length);
  const w = emptyEdits();
  addEdit(w, doc.file, { range: { start: at(range.start.line).start, end: end.start }, newText: '' });
  return { title, edits: w, safe: false };
}

/**
 * Inserts a missing section where the schema's order puts it: before the next required section present, else
 * at the end.
 */
function addSection(doc: DocInfo, sections: SectionRequirement[], name: string): Fix {
  const names = sections.map((s) => (Array.isArray(s) ? s : [s]));
  const idx = names.findIndex((n) => n[0] === name);
  const headings = doc.parsed.headings;
  const find = (n: string[]) => headings.find((h) => n.some((x) => norm(x) === norm(h.text)));
  const present = names.map(find);
  const depth = present.find(Boolean)?.depth ?? 2;
  const next = present.slice(idx + 1).find(Boolean);
  const w = emptyEdits();
  if (next) {
    addEdit(w, doc.file, {
      range: at(next.range.start.line),
      newText: inLineBreaksOf(doc.parsed.text, `${'#'.repeat(depth)} ${name}\n\n`),
    });
  } else {
    // At the end: one blank line before the new heading, and a final newline after it.
    const lines = doc.parsed.lines;
    const last = lines.lineCount - 1;
    const lastText = lines.lineText(last);
    const before = lastText !== '' ? '\n\n' : last > 0 && lines.lineText(last - 1) !== '' ? '\n' : '';
    addEdit(w, doc.file, {
      range: at(last, lastText.length),
      newText: inLineBreaksOf(doc.parsed.text, `${before}${'#'.repeat(depth)} ${name}\n`),
    });
  }
  return { title: `Add section "${name}"`, edits: w, preferred: true, safe: true };
}

/**
 * The value to start a missing field with: the schema's default, today for dates, the first enum value,
 * an empty list for arrays, else an empty string.
 */
function starterValue(schema: CompiledSchema | undefined, field: string, today: string): unknown {
  const prop = (
    schema?.validate.schema as {
      properties?: Record<string, { default?: unknown; format?: string; enum?: unknown[]; type?: unknown }>;
    }
  )?.properties?.[field];
  if (!prop) return '';
  if (prop.default !== undefined) return prop.default;
  if (prop.format === 'date') return today;
  if (prop.enum?.length) return prop.enum[0];
  if (prop.type === 'array') return [];
  return '';
}

function addField(doc: DocInfo, schema: CompiledSchema | undefined, field: string, today: string): Fix[] {
  const w = emptyEdits();
  if (!setFrontMatterValue(w, doc, field, starterValue(schema, field, today))) return [];
  return [{ title: `Add field "${field}"`, edits: w, preferred: true, safe: false }];
}

/** Sets (or adds) the document's review date to today: it was looked at against the code. */
function markReviewed(doc: DocInfo, field: string, today: string): Fix[] {
  const w = emptyEdits();
  if (!setFrontMatterValue(w, doc, field, today)) return [];
  return [{ title: `Mark as reviewed today (${field}: ${today})`, edits: w, preferred: true, safe: false }];
}

/** Adds the file to its AGENTS.md: a row of its table or an item of its list (see {@link addAgentsEntry}). */
function addToAgents(doc: DocInfo, file: string): Fix {
  const w = emptyEdits();
  addAgentsEntry(w, doc, [`\`${file}\``], `\`${file}\``);
  return { title: `Add ${file} to this AGENTS.md`, edits: w, preferred: true, safe: true };
}

/** Writes the missing side of a supersedes / superseded_by pair on the other ADR. */
function supersedeOtherSide(view: IndexView, doc: DocInfo, f: Finding): Fix[] {
  const fields = doc.kind?.fields;
  if (!fields?.supersededBy || !fields.supersedes || !doc.id) return [];
  const by = doc.data[fields.supersededBy];
  const onSupersededBy =
    typeof by === 'string' && sameRange(doc.locate([fields.supersededBy]).value, f.range);
  const otherId = onSupersededBy
    ? by
    : doc.parsed.lines.lineText(f.range.start.line).slice(f.range.start.character, f.range.end.character);
  const other = view.holdersOf(otherId, doc)[0];
  const of = other?.kind?.fields;
  const close = other?.parsed.frontMatter?.close;
  if (!other || !of?.supersedes || !of.supersededBy || !close) return [];
  const w = emptyEdits();
  if (other.profile === 'madr') {
    // MADR names the successor in its status; a `superseded_by` would make it an OpsDocs-form ADR.
    if (onSupersededBy) return [];
    const status = `superseded by ${doc.id}`;
    if (!setFrontMatterValue(w, other, of.status, status)) return [];
    return [
      {
        title: `Set \`${of.status}: ${JSON.stringify(status)}\` on ${other.id}`,
        edits: w,
        preferred: true,
        safe: true,
      },
    ];
  }
  if (onSupersededBy) {
    const items = stringList(other.data[of.supersedes]);
    if (items.some((x) => normaliseId(x) === normaliseId(doc.id!))) return [];
    // A mapping or another shape is not a list this fix can extend.
    if (!addToFrontMatterList(w, other, of.supersedes, doc.id)) return [];
    return [
      {
        title: `Add ${doc.id} to \`${of.supersedes}\` of ${other.id}`,
        edits: w,
        preferred: true,
        safe: true,
      },
    ];
  }
  if (!setFrontMatterValue(w, other, of.supersededBy, doc.id)) return [];
  return [
    { title: `Set \`${of.supersededBy}: ${doc.id}\` on ${other.id}`, edits: w, preferred: true, safe: true },
  ];
}

/** What a workspace fix-all does: its edits, and the titles of the fixes that edit each file. */
export interface FixedWorkspace {
  edits: WorkspaceEdits;
  /** Per file edited, the titles of the fixes that edit it, in order. */
  applied: Map<string, string[]>;
  /** How many fixes were taken. */
  count: number;
  /** How many safe fixes were left for another pass because they touch an edit already taken. */
  deferred: number;
}

/**
 * Every safe fix of every document's findings ("Fix all in workspace", `opsdocs check --fix`), as one
 * edit. A fix is left out whole when it would edit a file `skip` names (a document open with
 * unsaved changes: its text on disk is not the one checked), and deferred to another pass (after
 * the files are checked again) when one of its edits touches an edit already taken in that file:
 * two ADRs each adding `supersedes:` to a third would write the key twice. Insertions at one point
 * from the findings of one document are kept together, in order (missing sections at the end).
 * Pauses every few milliseconds (`pause` may throw to cancel).
 */
export async function fixWorkspace(
  view: IndexView,
  docs: Iterable<DocInfo>,
  findingsOf: (file: string) => Finding[],
  schemaOf: (doc: DocInfo) => CompiledSchema | undefined,
  today: string,
  skip: (file: string) => boolean = () => false,
): Promise<FixedWorkspace> {
  const w = emptyEdits();
  const applied = new Map<string, string[]>();
  /** The edits taken per file, with the document whose finding asked for each. */
  const taken = new Map<string, { e: TextEdit; from: string }[]>();
  let count = 0;
  let deferred = 0;
  const pace = new Pacer(() => view.pause());
  for (const doc of [...docs].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    if (pace.due()) await pace.rest();
    if (skip(doc.file)) continue;
    for (const f of findingsOf(doc.file)) {
      for (const fix of fixesFor(view, doc, schemaOf(doc), f, today)) {
        if (!fix.safe || fix.edits.creates?.length || fix.edits.renames.length) continue;
        const edits = [...fix.edits.edits];
        if (edits.some(([file]) => skip(file))) continue;
        if (edits.some(([file, es]) => es.some((e) => touchesAny(taken.get(file), e, doc.file)))) {
          deferred++;
          continue;
        }
        for (const [file, es] of edits) {
          for (const e of es) {
            addEdit(w, file, e);
            taken.set(file, [...(taken.get(file) ?? []), { e, from: doc.file }]);
          }
          applied.set(file, [...(applied.get(file) ?? []), fix.title]);
        }
        count++;
      }
    }
  }
  return { edits: w, applied, count, deferred };
}

/**
 * True when `e` (asked for by a finding of `from`) touches an edit taken: their ranges meet, ends
 * included, unless the two are the same edit or both insertions at one point asked for by one
 * document.
 */
function touchesAny(taken: { e: TextEdit; from: string }[] | undefined, e: TextEdit, from: string): boolean {
  const atOrBefore = (a: Position, b: Position) =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  const empty = (x: TextEdit) => sameRange(x.range, { start: x.range.start, end: x.range.start });
  return (taken ?? []).some(
    (t) =>
      !(sameRange(t.e.range, e.range) && t.e.newText === e.newText) &&
      !(t.from === from && empty(t.e) && empty(e) && sameRange(t.e.range, e.range)) &&
      atOrBefore(t.e.range.start, e.range.end) &&
      atOrBefore(e.range.start, t.e.range.end),
  );
}
