import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import type { Finding } from '../types.js';
import type { Ref } from '../parse/refs.js';
import type { ViewCounts, ViewNode, ViewPart, ViewsResult } from '../../shared/protocol.js';
import {
  buildDigest,
  reviewOf,
  REVIEW_WINDOW_DAYS,
  type DigestTask,
  type ReviewItem,
} from '../digest/build.js';
import { dayNumber } from '../util/dates.js';
import { compareIds } from '../util/ids.js';
import { inForce } from './handbook.js';
import { allResolved, resolveRef } from './locate.js';
import { countOf } from '../../shared/words.js';

/**
 * The trees of the OpsDocs view, from the index: ADRs by status (successor chains, proposals left
 * too long), tasks (overdue and blocked first, then by status and owner, with what each depends on),
 * reviews by next date, and what one document cites and what cites it, by kind of relation. Pure:
 * the server's `opsdocs/views` request and the tests call it.
 */

const ALL: readonly ViewPart[] = ['decisions', 'work', 'reviews', 'document'];
const join = (...parts: (string | null | undefined | false)[]) => parts.filter(Boolean).join(' · ');
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A document's label: its id and title, or what it has of them, or its file name. */
function labelOf(d: { id?: string | null; title?: string | null; file: string }): string {
  const id = d.id && d.id !== d.file ? d.id : undefined;
  if (id && d.title) return `${id} ${d.title}`;
  return id ?? d.title ?? d.file.split('/').pop()!;
}

/** The node of a document: opens it at its title. */
function docNode(
  view: IndexView,
  file: string,
  kind: ViewNode['kind'],
  extra: Partial<ViewNode> = {},
): ViewNode {
  const doc = view.doc(file);
  return {
    label: doc ? labelOf(doc) : file,
    kind,
    file,
    line: doc?.titleRange.start.line ?? 0,
    ...(doc?.id ? { id: doc.id } : {}),
    tooltip: file,
    ...extra,
  };
}

const group = (label: string, children: ViewNode[], extra: Partial<ViewNode> = {}): ViewNode => ({
  label,
  description: String(children.length),
  kind: 'group',
  ...extra,
  children,
});

function decisions(view: IndexView, digest: ReturnType<typeof buildDigest>): ViewNode[] {
  const stale = new Map(digest.adrs.staleProposals.map((s) => [s.file, s]));
  return digest.adrs.groups.map((g) =>
    group(
      g.status ?? 'no status',
      g.adrs.map((a) => {
        const doc = view.doc(a.file);
        const old = stale.get(a.file);
        const chain = doc ? inForce(view, doc) : undefined;
        const superseded = !!chain && chain.chain.length > 1;
        const children = superseded
          ? chain.chain.slice(1).map((id, i, rest) => {
              const next = doc && view.holdersOf(id, doc)[0];
              const last = i === rest.length - 1;
              return next
                ? docNode(view, next.file, 'adr', {
                    label: `→ ${labelOf(next)}`,
                    description: join(next.status, last && !chain.unresolved && 'in force'),
                  })
                : {
                    label: `→ ${id}`,
                    description: 'no document has this id',
                    kind: 'adr' as const,
                    warn: true,
                  };
            })
          : [];
        if (chain?.unresolved)
          children.push({
            label: `→ ${chain.unresolved}`,
            description: 'no single document has this id',
            kind: 'adr',
            warn: true,
          });
        if (chain?.cycle)
          children.push({ label: 'the chain comes back to an earlier ADR', kind: 'adr', warn: true });
        return docNode(view, a.file, 'adr', {
          description: join(
            a.date,
            old && `proposed ${countOf(old.ageDays, 'day')} ago`,
            superseded && `superseded by ${chain.chain[1]}`,
          ),
          ...(old ? { warn: true } : {}),
          ...(superseded || a.status === 'superseded' ? { past: true } : { actions: ['supersede' as const] }),
          ...(children.length ? { children } : {}),
        });
      }),
    ),
  );
}

function work(view: IndexView, digest: ReturnType<typeof buildDigest>): ViewNode[] {
  const tasks = new Map(digest.tasks.flatMap((g) => g.tasks).map((t) => [t.id, t]));
  const done = new Map(digest.dependencies.nodes.map((n) => [n.id, n.done]));
  const needs = new Map<string, ViewNode[]>();
  for (const e of digest.dependencies.edges) {
    const t = tasks.get(e.to);
    if (!t) continue;
    const list = needs.get(e.from) ?? [];
    list.push(
      docNode(view, t.file, 'task', {
        label: `needs ${labelOf(t)}`,
        description: join(t.status, e.inCycle && 'dependency cycle'),
        ...(e.inCycle ? { warn: true } : {}),
        ...(done.get(e.to) ? { past: true } : {}),
      }),
    );
    needs.set(e.from, list);
  }
  const task = (t: DigestTask, description: string, extra: Partial<ViewNode> = {}): ViewNode => {
    const children = needs.get(t.id);
    return docNode(view, t.file, 'task', { description, ...extra, ...(children ? { children } : {}) });
  };
  const out: ViewNode[] = [];
  if (digest.overdue.length)
    out.push(
      group(
        'Overdue',
        digest.overdue.map((o) =>
          task(tasks.get(o.id)!, join(`${countOf(o.daysOverdue, 'day')} overdue`, `due ${o.due}`, o.owner), {
            warn: true,
          }),
        ),
        { warn: true },
      ),
    );
  if (digest.blocked.length)
    out.push(
      group(
        'Blocked',
        digest.blocked.map((b) =>
          task(tasks.get(b.id)!, join(b.reason ?? 'no reason given', b.owner), { warn: true }),
        ),
        { warn: true },
      ),
    );
  for (const g of digest.tasks) {
    const owners = [...new Set(g.tasks.map((t) => t.owner))].sort((a, b) =>
      a === null ? 1 : b === null ? -1 : byKey(a, b),
    );
    const isDone = g.tasks.length > 0 && g.tasks.every((t) => done.get(t.id) ?? isDoneStatus(view, t));
    out.push(
      group(
        g.status ?? 'no status',
        owners.map((o) =>
          group(
            o ?? 'no owner',
            g.tasks
              .filter((t) => t.owner === o)
              .map((t) => task(t, join(t.due && `due ${t.due}`, t.priority))),
          ),
        ),
        { description: String(g.tasks.length), ...(isDone ? { past: true } : {}) },
      ),
    );
  }
  return out;
}

function isDoneStatus(view: IndexView, t: DigestTask): boolean {
  const k = view.doc(t.file)?.kind;
  return !!k && t.status !== null && k.doneStatuses.includes(t.status);
}

/** Every runbook and policy (kinds with a review date), by next review date. */
function reviewItems(view: IndexView, now: number): { dated: ReviewItem[]; undated: DocInfo[] } {
  const docs = view
    .documents()
    .filter((d) => d.kind?.fields.lastReviewed)
    .sort((a, b) => byKey(a.file, b.file));
  const dated: ReviewItem[] = [];
  const undated: DocInfo[] = [];
  for (const d of docs) {
    const r = reviewOf(d, now, view.config.reviewEveryDays, Infinity);
    if (r) dated.push(r);
    else undated.push(d);
  }
  dated.sort((a, b) => a.daysLeft - b.daysLeft || byKey(a.file, b.file));
  return { dated, undated };
}

function reviews(view: IndexView, items: ReturnType<typeof reviewItems>): ViewNode[] {
  const node = (r: ReviewItem, description: string, extra: Partial<ViewNode> = {}) =>
    docNode(view, r.file, 'review', { description: join(description, r.owner), ...extra });
  const overdue = items.dated.filter((r) => r.daysLeft < 0);
  const soon = items.dated.filter((r) => r.daysLeft >= 0 && r.daysLeft <= REVIEW_WINDOW_DAYS);
  const later = items.dated.filter((r) => r.daysLeft > REVIEW_WINDOW_DAYS);
  const out: ViewNode[] = [];
  if (overdue.length)
    out.push(
      group(
        'Overdue',
        overdue.map((r) =>
          node(r, join(`${countOf(-r.daysLeft, 'day')} overdue`, `due ${r.dueDate}`), {
            warn: true,
            actions: ['markReviewed'],
          }),
        ),
        { warn: true },
      ),
    );
  if (soon.length)
    out.push(
      group(
        `Due within ${REVIEW_WINDOW_DAYS} days`,
        soon.map((r) =>
          node(r, r.daysLeft === 0 ? 'due today' : `due ${r.dueDate}, in ${countOf(r.daysLeft, 'day')}`),
        ),
      ),
    );
  if (later.length)
    out.push(
      group(
        'Later',
        later.map((r) => node(r, `due ${r.dueDate}`)),
      ),
    );
  if (items.undated.length)
    out.push(
      group(
        'No review date',
        items.undated.map((d) => docNode(view, d.file, 'review', { description: d.kind!.name, warn: true })),
        { warn: true },
      ),
    );
  return out;
}

/** How a reference relates its document to the target, seen from the citing side. */
function relationOf(from: DocInfo, ref: Ref): string {
  if (ref.kind === 'field') {
    const f = from.kind?.fields;
    if (ref.field === f?.supersedes) return 'supersedes';
    if (ref.field === f?.supersededBy) return 'superseded by';
    if (ref.field === f?.dependsOn) return 'depends on';
    if (ref.field === f?.related) return 'related';
    return ref.field ?? 'field';
  }
  if (ref.kind === 'id') return 'ids';
  if (ref.kind === 'script') return 'scripts';
  return 'links';
}

/** The same relation seen from the target's side ("cited by"). */
const INVERSE: Record<string, string> = {
  supersedes: 'superseded by',
  'superseded by': 'supersedes',
  'depends on': 'needed by',
  related: 'related',
  links: 'linked from',
  ids: 'mentioned in',
};
const ORDER = [
  'supersedes',
  'superseded by',
  'depends on',
  'needed by',
  'related',
  'links',
  'linked from',
  'ids',
  'mentioned in',
  'scripts',
];
const rank = (r: string) => (ORDER.includes(r) ? ORDER.indexOf(r) : ORDER.length);

/** Groups `(relation, node)` pairs by relation (one node per relation and file: the first place). */
function byRelation(pairs: { relation: string; key: string; node: ViewNode }[]): ViewNode[] {
  const groups = new Map<string, Map<string, ViewNode>>();
  for (const { relation, key, node } of pairs) {
    const g = groups.get(relation) ?? new Map<string, ViewNode>();
    if (!g.has(key)) g.set(key, node);
    groups.set(relation, g);
  }
  return [...groups]
    .sort(([a], [b]) => rank(a) - rank(b) || byKey(a, b))
    .map(([relation, g]) =>
      group(
        relation,
        [...g.values()].sort((a, b) => compareIds(a.label, b.label)),
      ),
    );
}

async function documentTree(
  view: IndexView,
  doc: DocInfo,
  citing: (file: string) => Iterable<DocInfo>,
): Promise<ViewNode[]> {
  const out: { relation: string; key: string; node: ViewNode }[] = [];
  for (const ref of doc.refs) {
    const t = resolveRef(view, doc, ref);
    if (!t || t.file === doc.file || t.isFolder) continue;
    const relation = relationOf(doc, ref);
    const where = t.script ? `npm run ${t.script}` : t.slug ? `#${t.slug}` : undefined;
    const node: ViewNode = t.doc
      ? docNode(view, t.file, 'doc', { line: t.range.start.line, ...(where ? { description: where } : {}) })
      : {
          label: where ?? t.file,
          description: t.script ? t.file : undefined,
          kind: 'file',
          file: t.file,
          line: t.range.start.line,
        };
    out.push({ relation, key: `${t.file}#${where ?? ''}`, node });
  }
  const incoming: { relation: string; key: string; node: ViewNode }[] = [];
  for (const { from, ref, target } of await allResolved(view, citing(doc.file))) {
    if (from.file === doc.file || target.file !== doc.file) continue;
    const cited = relationOf(from, ref);
    incoming.push({
      relation: INVERSE[cited] ?? `${cited} (of the other)`,
      key: from.file,
      node: docNode(view, from.file, 'doc', {
        line: ref.range.start.line,
        description: `line ${ref.range.start.line + 1}`,
      }),
    });
  }
  const cites = byRelation(out);
  const citedBy = byRelation(incoming);
  const count = (gs: ViewNode[]) => String(gs.reduce((n, g) => n + (g.children?.length ?? 0), 0));
  return [
    { label: 'Cites', description: count(cites), kind: 'group', children: cites },
    { label: 'Cited by', description: count(citedBy), kind: 'group', children: citedBy },
  ];
}

/**
 * The trees of the OpsDocs view of a folder (`parts`, all by default; others are `[]`) and the
 * counts of its status bar item. `document` is the document of the "This document" tree; `citing`
 * gives the documents that may cite a file (see `Engine.citing`); `today` is `YYYY-MM-DD`.
 */
export async function buildViews(
  view: IndexView,
  findings: readonly Finding[],
  today: string,
  options: {
    parts?: readonly ViewPart[];
    document?: DocInfo;
    citing: (file: string) => Iterable<DocInfo>;
  },
): Promise<Omit<ViewsResult, 'folder'>> {
  const parts = new Set(options.parts ?? ALL);
  const now = dayNumber(today);
  if (now === undefined) throw new Error(`"today" must be a date written YYYY-MM-DD, got "${today}"`);
  const digest = buildDigest(view, findings, today);
  const items = reviewItems(view, now);
  const counts: ViewCounts = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
    overdueTasks: digest.summary.overdue,
    overdueReviews: items.dated.filter((r) => r.daysLeft < 0).length,
    documents: view.documents().filter((d) => d.kind).length,
  };
  return {
    decisions: parts.has('decisions') ? decisions(view, digest) : [],
    work: parts.has('work') ? work(view, digest) : [],
    reviews: parts.has('reviews') ? reviews(view, items) : [],
    document:
      parts.has('document') && options.document
        ? await documentTree(view, options.document, options.citing)
        : [],
    counts,
  };
}
