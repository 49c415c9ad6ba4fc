import type { KindConfig } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import { compareIds, normaliseId, stringList } from '../util/ids.js';

/**
 * Questions an agent asks of the handbook, answered from the index: which documents are about
 * something (ranked), which ADR is in force on a topic (supersession followed), which runbook to
 * follow for a service or an alert, which tasks are open. Pure: the MCP server is a thin layer.
 */

/** What names a document in an answer. */
export interface DocSummary {
  id: string | null;
  title: string | null;
  kind: string | null;
  status: string | null;
  file: string;
}

/** A line of a document that matched (1-based line number, text trimmed and cut). */
export interface MatchedLine {
  line: number;
  text: string;
}

/** A document found for a query: why (the places its words were found) and the lines that matched. */
export interface DocHit extends DocSummary {
  score: number;
  /** Where the query's words were found: `id`, `title`, a front-matter field name, `heading`, `text`. */
  matchedIn: string[];
  lines: MatchedLine[];
}

/** Words that say nothing about a topic ("which runbook do I follow when …"). */
const STOP = new Set(
  (
    'a an and any are as at be by can do does for from how i if in into is it its me my of on or our ' +
    'should that the their then there this to us we what when where which who why will with you your ' +
    'up down out off over adr adrs runbook runbooks doc docs document documents decision decisions ' +
    'follow use used govern governs governing'
  ).split(' '),
);

/** At most this many words of a query are used (a huge query costs no more than this). */
export const MAX_TERMS = 32;
/** Lines of a document shown with a hit. */
const MAX_LINES = 3;
/** Characters of a matched line shown. */
const LINE_CHARS = 200;

/** A word reduced to a crude stem, so that `queues`, `queue` and `queued` meet. */
export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  // `queued` and `queueing` are `queue`, `moved` is `move`.
  const cut = (n: number) => word.slice(0, -n).replace(/[uv]$/, '$&e');
  if (word.length > 5 && word.endsWith('ing')) return cut(3);
  if (word.length > 4 && word.endsWith('ed') && !word.endsWith('eed')) return cut(2);
  return word;
}

/** Phrases that name a thing with one word: a dead-letter queue is a DLQ (in queries and documents). */
const PHRASES: [RegExp, string][] = [[/\bdead[\s-]+letter(?:[\s-]+queues?)?\b/gi, 'dlq']];

/**
 * Phrases of a question read as the words documents use too: queues that back up (or pile up) have
 * a backlog, or it is a backup ("back up the database"); both are looked for.
 */
const QUESTION_PHRASES: [RegExp, string][] = [
  ...PHRASES,
  [/\b(?:back|pil|stack)(?:e|s|es|ed|ing)?[\s-]+up\b/gi, 'backlog backup'],
];

/**
 * The words of a text, lower case (ids such as `ADR-003` stay one word, and their parts are words
 * too); `phrases` are read as the words they stand for.
 */
function words(written: string, phrases = PHRASES): string[] {
  const text = phrases.reduce((t, [re, word]) => t.replace(re, ` ${word} `), written);
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []).flatMap((w) =>
    w.includes('-') ? [w, ...w.split('-')] : [w],
  );
}

/** The distinct terms of a query: its words' stems, less {@link STOP} words, at most {@link MAX_TERMS}. */
export function queryTerms(query: string): string[] {
  const out = new Set<string>();
  for (const w of words(query.slice(0, 4000), QUESTION_PHRASES)) {
    if (STOP.has(w) || w.length < 2) continue;
    out.add(stem(w));
    if (out.size >= MAX_TERMS) break;
  }
  return [...out];
}

/** How well a term matches a set of stems: 1 for the word, 0.5 for a word it starts (4+ letters), else 0. */
function termMatch(term: string, stems: ReadonlySet<string>): number {
  if (stems.has(term)) return 1;
  if (term.length < 4) return 0;
  for (const s of stems) if (s.startsWith(term)) return 0.5;
  return 0;
}

const stemsOf = (text: string) => new Set(words(text).map(stem));

/** Weights of the places a term is found in; a term counts once, where it weighs most. */
const WEIGHT = { id: 20, title: 6, field: 3, heading: 2, text: 1 };

/** Text values of a front-matter value (strings, numbers, lists of them). */
function fieldText(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map(fieldText).join(' ');
  return '';
}

export const summaryOf = (d: DocInfo): DocSummary => ({
  id: d.id ?? null,
  title: d.title ?? null,
  kind: d.kind?.name ?? null,
  status: d.status ?? null,
  file: d.file,
});

/** The lines of the body (after front matter) holding a term, numbered from 1. */
function matchedLines(doc: DocInfo, terms: string[]): MatchedLine[] {
  const lines = doc.parsed.lines;
  const fm = doc.parsed.frontMatter;
  const first = fm ? fm.close.start.line + 1 : 0;
  const out: MatchedLine[] = [];
  for (let line = first; line < lines.lineCount && out.length < MAX_LINES; line++) {
    const text = lines.lineText(line).trim();
    if (!text || /^#/.test(text)) continue;
    const stems = stemsOf(text);
    if (terms.some((t) => termMatch(t, stems) > 0))
      out.push({ line: line + 1, text: text.slice(0, LINE_CHARS) });
  }
  return out;
}

/** Options of {@link findDocs}. */
export interface FindOptions {
  /** Only documents of this kind (a kind name: `adr`, `runbook`…). */
  kind?: string;
  /** Only documents this accepts (besides `kind`). */
  filter?: (doc: DocInfo) => boolean;
  /** At most this many hits (default 10). */
  limit?: number;
}

/**
 * Documents matching a query, best first: an id named in the query, then its words found in the
 * title, front matter (tags, services, owner…), headings and text, each word counted once where it
 * weighs most ({@link WEIGHT}; a word that only starts a longer one counts half). Ties go to the
 * document matching more of the words, then to the id and file order.
 */
export function findDocs(view: IndexView, query: string, options: FindOptions = {}): DocHit[] {
  const terms = queryTerms(query);
  if (terms.length === 0) return [];
  const ids = new Set(terms.filter((t) => /\d/.test(t) && t.includes('-')).map(normaliseId));
  const hits: (DocHit & { found: number })[] = [];
  for (const doc of view.documents()) {
    if (options.kind !== undefined && doc.kind?.name !== options.kind) continue;
    if (options.filter && !options.filter(doc)) continue;
    const places = placesOf(doc);
    let score = 0;
    let found = 0;
    const matchedIn = new Set<string>();
    if (doc.id && ids.has(normaliseId(doc.id))) {
      score += WEIGHT.id * 5;
      matchedIn.add('id');
    }
    for (const t of terms) {
      let best = 0;
      let where = '';
      for (const p of places) {
        const m = termMatch(t, p.stems) * p.weight;
        if (m > best) [best, where] = [m, p.name];
      }
      if (best > 0) {
        score += best;
        found++;
        matchedIn.add(where);
      }
    }
    if (score === 0) continue;
    hits.push({
      ...summaryOf(doc),
      score,
      matchedIn: [...matchedIn],
      lines: matchedLines(doc, terms),
      found,
    });
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      b.found - a.found ||
      b.lines.length - a.lines.length ||
      compareIds(a.id ?? a.file, b.id ?? b.file) ||
      (a.file < b.file ? -1 : 1),
  );
  return hits.slice(0, options.limit ?? 10).map(({ found, ...hit }) => (void found, hit));
}

type Place = { name: string; weight: number; stems: Set<string> };

/**
 * The places of each document, read once: an edited document is a new `DocInfo`, so the entry of
 * the old one is never used again (and goes with it).
 */
const PLACES = new WeakMap<DocInfo, Place[]>();

/** The places of a document a term can be found in, with their names and weights. */
function placesOf(doc: DocInfo): Place[] {
  let places = PLACES.get(doc);
  if (!places) PLACES.set(doc, (places = readPlaces(doc)));
  return places;
}

function readPlaces(doc: DocInfo): Place[] {
  const f = doc.kind?.fields;
  const skip = new Set([f?.id ?? 'id', f?.title ?? 'title']);
  const places = [
    { name: 'id', weight: WEIGHT.id, stems: stemsOf(doc.id ?? '') },
    { name: 'title', weight: WEIGHT.title, stems: stemsOf(doc.title ?? '') },
  ];
  for (const [key, value] of Object.entries(doc.data))
    if (!skip.has(key)) places.push({ name: key, weight: WEIGHT.field, stems: stemsOf(fieldText(value)) });
  places.push({
    name: 'heading',
    weight: WEIGHT.heading,
    stems: stemsOf(doc.parsed.headings.map((h) => h.text).join(' ')),
  });
  const body = doc.parsed.frontMatter
    ? doc.parsed.text.slice(doc.parsed.frontMatter.bodyOffset)
    : doc.parsed.text;
  places.push({ name: 'text', weight: WEIGHT.text, stems: stemsOf(body) });
  return places;
}

/** True for a kind of decision records: the ADR kind, or a kind with a `superseded_by` field. */
export const isDecisionKind = (k: KindConfig | undefined): boolean =>
  !!k && (k.name === 'adr' || !!k.fields.supersededBy);

/** The one document holding an id as `from` sees it (its own ADR log's), if exactly one does. */
function only(view: IndexView, id: string, from: DocInfo): DocInfo | undefined {
  const docs = view.holdersOf(id, from);
  return docs.length === 1 ? docs[0] : undefined;
}

/**
 * The decision that replaced `doc`, as it says (its `superseded_by` field, a legacy "Superseded by"
 * status) or as a later one says (its `supersedes` lists `doc`'s id); the id named when no single
 * document holds it.
 */
export function successorOf(view: IndexView, doc: DocInfo): { doc?: DocInfo; id: string } | undefined {
  const f = doc.kind?.fields;
  const named = [...(f?.supersededBy ? stringList(doc.data[f.supersededBy]) : []), doc.successor ?? ''].find(
    Boolean,
  );
  if (named) return { doc: only(view, named, doc), id: named };
  if (!doc.id) return undefined;
  const self = normaliseId(doc.id);
  const by = view
    .documents()
    .filter(
      (d) =>
        d !== doc &&
        isDecisionKind(d.kind) &&
        view.sameIdLog(doc, d) &&
        d.kind!.fields.supersedes !== undefined &&
        stringList(d.data[d.kind!.fields.supersedes]).some((s) => normaliseId(s) === self),
    )
    .sort((a, b) => compareIds(a.id ?? a.file, b.id ?? b.file));
  return by.length > 0 ? { doc: by[0], id: by[0].id ?? by[0].file } : undefined;
}

/** Where following supersession from a decision leads. */
export interface InForce {
  /** The decision in force: the last of the chain. */
  decision: DocSummary;
  /** The ids (or files) from the decision asked about to the one in force (one when not superseded). */
  chain: string[];
  /** Set when the chain ends at an id no single document holds (missing, or held twice). */
  unresolved?: string;
  /** Set when the chain comes back to a decision already in it. */
  cycle?: boolean;
}

/** Follows supersession from `doc` to the decision in force. */
export function inForce(view: IndexView, doc: DocInfo): InForce {
  const chain = [doc];
  for (;;) {
    const last = chain[chain.length - 1];
    const next = successorOf(view, last);
    const names = chain.map((d) => d.id ?? d.file);
    if (!next) return { decision: summaryOf(last), chain: names };
    if (!next.doc) return { decision: summaryOf(last), chain: names, unresolved: next.id };
    if (chain.includes(next.doc)) return { decision: summaryOf(last), chain: names, cycle: true };
    chain.push(next.doc);
  }
}

/** A decision in force for a topic: the ADRs found for it, followed to the one in force. */
export interface CurrentDecision extends InForce {
  score: number;
  /** The ADR the topic matched (the first of `chain`) and where. */
  matched: DocHit;
}

/**
 * The decisions in force on a topic: the decision records matching it (superseded ones too), each
 * followed to the one in force; one entry per decision in force, best first.
 */
export function currentDecision(view: IndexView, topic: string, limit = 5): CurrentDecision[] {
  const hits = findDocs(view, topic, {
    filter: (d) => isDecisionKind(d.kind),
    limit: Number.MAX_SAFE_INTEGER,
  });
  const out = new Map<string, CurrentDecision>();
  for (const hit of hits) {
    const doc = view.doc(hit.file)!;
    const followed = inForce(view, doc);
    const key = followed.decision.file;
    if (!out.has(key)) out.set(key, { ...followed, score: hit.score, matched: hit });
  }
  return [...out.values()].slice(0, limit);
}

/** True for a runbook kind (by name). */
const isRunbook = (d: DocInfo) => d.kind?.name === 'runbook';

/** Front-matter fields of runbooks that name what they are for. */
const FOR_FIELDS = ['services', 'service', 'alerts', 'alert'];

/**
 * The runbooks for a service or an alert, best first: those whose `services` / `alerts` front
 * matter names it exactly come before those that only mention it.
 */
export function runbookFor(view: IndexView, what: string, limit = 5): (DocHit & { names: boolean })[] {
  const wanted = what.trim().toLowerCase();
  const names = (d: DocInfo) =>
    FOR_FIELDS.some((f) => stringList(d.data[f]).some((s) => s.trim().toLowerCase() === wanted));
  return findDocs(view, what, { filter: isRunbook, limit: Number.MAX_SAFE_INTEGER })
    .map((hit) => ({ ...hit, names: names(view.doc(hit.file)!) }))
    .sort((a, b) => Number(b.names) - Number(a.names))
    .slice(0, limit);
}

/** An open task (its kind has done statuses and it is in none). */
export interface OpenTask extends DocSummary {
  owner: string | null;
  due: string | null;
  priority: string | null;
  dependsOn: string[];
  checklist: { done: number; total: number };
  blocked: boolean;
}

const text = (v: unknown): string | null =>
  typeof v === 'string'
    ? v
    : typeof v === 'number'
      ? String(v)
      : v instanceof Date
        ? v.toISOString().slice(0, 10)
        : null;

/** The open tasks, of one owner if given (any case), by due date (undated last), then id. */
export function openTasks(view: IndexView, owner?: string): OpenTask[] {
  const who = owner?.trim().toLowerCase();
  const out: OpenTask[] = [];
  for (const d of view.documents()) {
    const k = d.kind;
    if (!k || k.doneStatuses.length === 0) continue;
    if (d.status !== undefined && k.doneStatuses.includes(d.status)) continue;
    const taskOwner = text(d.data[k.fields.owner]);
    if (who !== undefined && taskOwner?.trim().toLowerCase() !== who) continue;
    out.push({
      ...summaryOf(d),
      owner: taskOwner,
      due: k.fields.due ? text(d.data[k.fields.due]) : null,
      priority: text(d.data.priority),
      dependsOn: k.fields.dependsOn ? stringList(d.data[k.fields.dependsOn]) : [],
      checklist: { done: d.parsed.checklist.done, total: d.parsed.checklist.total },
      blocked: d.status !== undefined && k.blockedStatuses.includes(d.status),
    });
  }
  return out.sort(
    (a, b) =>
      (a.due ?? '\uffff').localeCompare(b.due ?? '\uffff') ||
      compareIds(a.id ?? a.file, b.id ?? b.file) ||
      (a.file < b.file ? -1 : 1),
  );
}

/** A document in full: what names it, front matter, text and, for a decision, where supersession leads. */
export interface FullDoc extends DocSummary {
  frontMatter: Record<string, unknown>;
  text: string;
  /** Decisions: the one that replaced it (as an id), or null. */
  successor?: string | null;
  /** Decisions: the decision in force when supersession is followed from it. */
  inForce?: InForce;
}

/**
 * A document by id (any spelling: `adr-3` is `ADR-003`) or by repository-relative path; an error
 * message when none or several match. Only indexed documents are answered: nothing else is read.
 */
export function getDoc(view: IndexView, idOrPath: string): FullDoc | { error: string } {
  const key = idOrPath.trim();
  const byPath = view.doc(key.replace(/^\.\//, ''));
  const docs = byPath ? [byPath] : view.byId(key);
  if (docs.length === 0) return { error: `No document has the id or path "${key.slice(0, 200)}".` };
  if (docs.length > 1)
    return { error: `${docs.length} documents have the id ${key}: ${docs.map((d) => d.file).join(', ')}.` };
  const doc = docs[0];
  const full: FullDoc = { ...summaryOf(doc), frontMatter: doc.data, text: doc.parsed.text };
  if (isDecisionKind(doc.kind)) {
    full.successor = successorOf(view, doc)?.id ?? null;
    full.inForce = inForce(view, doc);
  }
  return full;
}
