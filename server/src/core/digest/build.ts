import type { IndexView } from '../index/view.js';
import type { Finding } from '../types.js';
import type { KindConfig } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';
import type { Severity } from '../types.js';
import { BUILTIN_SCHEMAS } from '../schemas/registry.js';
import { dayNumber, formatDay } from '../util/dates.js';
import { compareIds, normaliseId } from '../util/ids.js';
import { NO_HISTORY, type History } from '../history.js';

/** Checklist progress of a document (`- [ ]` / `- [x]` items). */
export interface Progress {
  done: number;
  total: number;
}

/** One task. Missing values are `null` (never absent) so every JSON key is always there. */
export interface DigestTask {
  id: string;
  title: string | null;
  status: string | null;
  owner: string | null;
  priority: string | null;
  due: string | null;
  checklist: Progress;
  file: string;
}

/** Tasks sharing one status (`null`: tasks without a status). */
export interface TaskGroup {
  status: string | null;
  tasks: DigestTask[];
}

/** A task that is not done and whose due date is before today. */
export interface OverdueTask {
  id: string;
  title: string | null;
  status: string | null;
  owner: string | null;
  due: string;
  daysOverdue: number;
  file: string;
}

/** A task whose status is one of its kind's `blockedStatuses`; `reason` is null when it does not say why. */
export interface BlockedTask {
  id: string;
  title: string | null;
  owner: string | null;
  reason: string | null;
  file: string;
}

/** A task in the dependency graph. */
export interface DependencyNode {
  id: string;
  status: string | null;
  done: boolean;
}

/** `from` depends on `to` (both known tasks); `inCycle` when the edge is part of a reported cycle. */
export interface DependencyEdge {
  from: string;
  to: string;
  inCycle: boolean;
}

/** A task with dependencies that are not done; `done` when the task itself is done regardless. */
export interface WaitingTask {
  id: string;
  status: string | null;
  done: boolean;
  waitingOn: { id: string; status: string | null }[];
  file: string;
}

/** A `depends_on` entry that names no known task. */
export interface UnknownDependency {
  task: string;
  dependsOn: string;
  file: string;
}

/** The task dependency graph (`depends_on`). */
export interface Dependencies {
  /** Tasks that depend on, or are depended on by, a known task. */
  nodes: DependencyNode[];
  edges: DependencyEdge[];
  /** Each elementary cycle once, from its smallest id (not repeated at the end). */
  cycles: string[][];
  waiting: WaitingTask[];
  unknown: UnknownDependency[];
}

/**
 * A runbook or policy whose review is past or due within {@link REVIEW_WINDOW_DAYS} days (`daysLeft` < 0:
 * overdue).
 */
export interface ReviewItem {
  kind: string;
  title: string | null;
  owner: string | null;
  lastReviewed: string;
  reviewEveryDays: number;
  dueDate: string;
  daysLeft: number;
  file: string;
}

/** A cited file that changed after a document's last review (`lifecycle/stale-against-code`). */
export interface DriftItem {
  kind: string;
  title: string | null;
  owner: string | null;
  /** The finding's message: what changed, when, in which commit, and since when. */
  change: string;
  file: string;
  /** 1-based line of the citation. */
  line: number;
}

/**
 * What one owner has to do: the reviews due of the documents they own and their open tasks
 * (`owner` null: documents that name no owner). A document naming several owners (`owners`) is
 * under each.
 */
export interface OwnerWork {
  owner: string | null;
  reviews: { title: string | null; dueDate: string; daysLeft: number; file: string }[];
  openTasks: { id: string; title: string | null; status: string | null; due: string | null; file: string }[];
}

/** Documents behind the code: the drift findings, or why they were not looked for (no git). */
export interface DriftDigest {
  /** Why there is no git history (then `items` is empty); null when it was read. */
  off: string | null;
  items: DriftItem[];
}

/** One ADR. */
export interface DigestAdr {
  id: string;
  title: string | null;
  status: string | null;
  date: string | null;
  file: string;
}

/** ADRs sharing one status. */
export interface AdrGroup {
  status: string | null;
  adrs: DigestAdr[];
}

/** A proposed ADR whose `date` is more than {@link STALE_PROPOSAL_DAYS} days before today. */
export interface StaleProposal {
  id: string;
  title: string | null;
  date: string;
  ageDays: number;
  file: string;
}

/** `from` (old) is superseded by `to` (new); `via` names the fields that say so (one or both sides). */
export interface SupersessionEdge {
  from: string;
  to: string;
  via: string[];
}

/** ADRs by status, stale proposals and who supersedes whom. */
export interface AdrDigest {
  groups: AdrGroup[];
  staleProposals: StaleProposal[];
  supersession: SupersessionEdge[];
}

/** A count under a key (rule id, folder or severity). */
export interface Count {
  key: string;
  count: number;
}

/**
 * Findings counted; `byFolder` keys are a file's folder cut to two segments (`docs/runbooks`; `.` for the
 * root).
 */
export interface DocHealth {
  total: number;
  files: number;
  bySeverity: Count[];
  byRule: Count[];
  byFolder: Count[];
}

/** Headline numbers. */
export interface DigestSummary {
  documents: number;
  tasks: number;
  openTasks: number;
  doneTasks: number;
  overdue: number;
  blocked: number;
  cycles: number;
  reviewsOverdue: number;
  reviewsDueSoon: number;
  adrs: number;
  staleProposals: number;
  findings: number;
  /** Files with at least one finding (the health section counts the same). */
  filesWithFindings: number;
}

/** The status digest: plain data, the same for the same workspace and date. */
export interface Digest {
  today: string;
  summary: DigestSummary;
  tasks: TaskGroup[];
  overdue: OverdueTask[];
  blocked: BlockedTask[];
  dependencies: Dependencies;
  reviews: ReviewItem[];
  /** Reviews due and open tasks by owner, owners in alphabetical order, no owner last. */
  byOwner: OwnerWork[];
  drift: DriftDigest;
  adrs: AdrDigest;
  health: DocHealth;
}

/** Reviews due within this many days are listed. */
export const REVIEW_WINDOW_DAYS = 14;
/** Proposed ADRs older than this many days are listed. */
export const STALE_PROPOSAL_DAYS = 30;
const PROPOSED = 'proposed';
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info', 'hint'];
const MAX_CYCLES = 100;
const MAX_STEPS = 100_000;

/** A field name from the kind's config, or the doc model's default for fields it has no key for. */
function fieldName(kind: KindConfig, key: string, fallback: string): string {
  const v = (kind.fields as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : fallback;
}

const text = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;
const date = (v: unknown): string | null => {
  const d = dayNumber(v);
  return d === undefined ? text(v) : formatDay(d);
};
const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
    .map(text)
    .filter((s): s is string => s !== null);

const byIdFile = (a: { id: string; file: string }, b: { id: string; file: string }) =>
  compareIds(a.id, b.id) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Status order: the enums of the kinds' built-in schemas, then other statuses alphabetically, then none. */
function statusOrder(kinds: KindConfig[], present: (string | null)[]): (string | null)[] {
  const order: string[] = [];
  for (const k of kinds) {
    const schema = (k.schema ? (BUILTIN_SCHEMAS[k.schema] ?? BUILTIN_SCHEMAS[k.name]) : undefined) as
      { properties?: Record<string, { enum?: unknown[] }> } | undefined;
    for (const v of schema?.properties?.[k.fields.status]?.enum ?? [])
      if (typeof v === 'string' && !order.includes(v)) order.push(v);
  }
  const rest = [...new Set(present.filter((s): s is string => s !== null && !order.includes(s)))].sort(byKey);
  const all: (string | null)[] = [...order, ...rest, null];
  return all.filter((s) => present.includes(s));
}

function groupBy<T extends { status: string | null }>(
  items: T[],
  order: (string | null)[],
): { status: string | null; items: T[] }[] {
  return order.map((status) => ({ status, items: items.filter((i) => i.status === status) }));
}

function countBy(keys: string[], order?: readonly string[]): Count[] {
  const m = new Map<string, number>();
  for (const k of order ?? []) m.set(k, 0);
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  const out = [...m].map(([key, count]) => ({ key, count }));
  return order ? out : out.sort((a, b) => byKey(a.key, b.key));
}

/**
 * Every elementary cycle (at most {@link MAX_CYCLES}, within {@link MAX_STEPS}), each starting at its
 * smallest id.
 */
function findCycles(ids: string[], next: Map<string, string[]>): string[][] {
  const sorted = [...ids].sort(compareIds);
  const rank = new Map(sorted.map((id, i) => [id, i]));
  const cycles: string[][] = [];
  let steps = 0;
  for (const start of sorted) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string): void => {
      for (const n of next.get(node) ?? []) {
        if (cycles.length >= MAX_CYCLES || ++steps > MAX_STEPS) return;
        if (n === start) cycles.push([...path]);
        else if (rank.get(n)! > rank.get(start)! && !onPath.has(n)) {
          path.push(n);
          onPath.add(n);
          walk(n);
          path.pop();
          onPath.delete(n);
        }
      }
    };
    walk(start);
  }
  return cycles;
}

interface TaskDoc {
  doc: DocInfo;
  task: DigestTask;
  done: boolean;
}

/** The owners a document names: its kind's `owner` field and its `owners` list (none: `[null]`). */
function ownersOf(doc: DocInfo): (string | null)[] {
  const named = [
    ...new Set([...list(doc.data[doc.kind?.fields.owner ?? 'owner']), ...list(doc.data.owners)]),
  ];
  return named.length ? named : [null];
}

/** {@link OwnerWork} of every owner with a review due or an open task. */
function ownerWork(docs: DocInfo[], reviews: ReviewItem[], tasks: TaskDoc[]): OwnerWork[] {
  const byFile = new Map(docs.map((d) => [d.file, d]));
  const work = new Map<string | null, OwnerWork>();
  const of = (owner: string | null) => {
    let w = work.get(owner);
    if (!w) work.set(owner, (w = { owner, reviews: [], openTasks: [] }));
    return w;
  };
  for (const r of reviews)
    for (const owner of ownersOf(byFile.get(r.file)!))
      of(owner).reviews.push({ title: r.title, dueDate: r.dueDate, daysLeft: r.daysLeft, file: r.file });
  for (const { doc, task, done } of tasks)
    if (!done)
      for (const owner of ownersOf(doc))
        of(owner).openTasks.push({
          id: task.id,
          title: task.title,
          status: task.status,
          due: task.due,
          file: task.file,
        });
  return [...work.values()].sort((a, b) =>
    a.owner === null ? 1 : b.owner === null ? -1 : byKey(a.owner.toLowerCase(), b.owner.toLowerCase()),
  );
}

function dependencies(tasks: TaskDoc[]): Dependencies {
  const byNorm = new Map<string, TaskDoc>();
  for (const t of tasks) if (!byNorm.has(normaliseId(t.task.id))) byNorm.set(normaliseId(t.task.id), t);
  const next = new Map<string, string[]>();
  const edges: DependencyEdge[] = [];
  const unknown: UnknownDependency[] = [];
  const waiting: WaitingTask[] = [];
  for (const t of tasks) {
    const deps: TaskDoc[] = [];
    for (const written of list(t.doc.data[fieldName(t.doc.kind!, 'dependsOn', 'depends_on')])) {
      const target = byNorm.get(normaliseId(written));
      if (!target) unknown.push({ task: t.task.id, dependsOn: written, file: t.task.file });
      else if (!deps.includes(target)) deps.push(target);
    }
    if (byNorm.get(normaliseId(t.task.id)) !== t) continue; // a duplicate id: its edges would be ambiguous
    deps.sort((a, b) => byIdFile(a.task, b.task));
    next.set(
      t.task.id,
      deps.map((d) => d.task.id),
    );
    for (const d of deps) edges.push({ from: t.task.id, to: d.task.id, inCycle: false });
    const open = deps.filter((d) => !d.done);
    if (open.length)
      waiting.push({
        id: t.task.id,
        status: t.task.status,
        done: t.done,
        waitingOn: open.map((d) => ({ id: d.task.id, status: d.task.status })),
        file: t.task.file,
      });
  }
  const cycles = findCycles([...next.keys()], next);
  for (const c of cycles)
    for (let i = 0; i < c.length; i++) {
      const e = edges.find((x) => x.from === c[i] && x.to === c[(i + 1) % c.length]);
      if (e) e.inCycle = true;
    }
  const inGraph = new Set(edges.flatMap((e) => [e.from, e.to]));
  const nodes = tasks
    .filter((t) => inGraph.has(t.task.id) && byNorm.get(normaliseId(t.task.id)) === t)
    .map((t) => ({ id: t.task.id, status: t.task.status, done: t.done }))
    .sort((a, b) => compareIds(a.id, b.id));
  edges.sort((a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to));
  waiting.sort(byIdFile);
  unknown.sort(
    (a, b) => compareIds(a.task, b.task) || compareIds(a.dependsOn, b.dependsOn) || byKey(a.file, b.file),
  );
  return { nodes, edges, cycles, waiting, unknown };
}

/**
 * The review of a document whose kind has a `lastReviewed` field, when it has a review date and its
 * next review is at most `window` days away (overdue ones included); undefined otherwise.
 */
export function reviewOf(
  doc: DocInfo,
  now: number,
  defaultEvery: number,
  window = REVIEW_WINDOW_DAYS,
): ReviewItem | undefined {
  const k = doc.kind!;
  const last = dayNumber(doc.data[k.fields.lastReviewed!]);
  if (last === undefined) return undefined;
  const everyKey = k.fields.reviewEveryDays;
  const written = everyKey ? doc.data[everyKey] : undefined;
  const every =
    typeof written === 'number' && Number.isInteger(written) && written > 0 ? written : defaultEvery;
  const daysLeft = last + every - now;
  if (daysLeft > window) return undefined;
  return {
    kind: k.name,
    title: doc.title ?? null,
    owner: text(doc.data[k.fields.owner]),
    lastReviewed: formatDay(last),
    reviewEveryDays: every,
    dueDate: formatDay(last + every),
    daysLeft,
    file: doc.file,
  };
}

function driftOf(view: IndexView, findings: readonly Finding[], history: History): DriftDigest {
  if (history.kind === 'none') return { off: history.reason, items: [] };
  const items = findings
    .filter((f) => f.rule === 'lifecycle/stale-against-code')
    .map((f) => {
      const doc = view.doc(f.file);
      const k = doc?.kind;
      return {
        kind: k?.name ?? '',
        title: doc?.title ?? null,
        owner: k ? text(doc.data[k.fields.owner]) : null,
        change: f.message,
        file: f.file,
        line: f.range.start.line + 1,
      };
    });
  return { off: null, items };
}

function adrSection(adrs: DocInfo[], now: number): AdrDigest {
  const all: DigestAdr[] = adrs
    .map((d) => ({
      id: d.id ?? d.file,
      title: d.title ?? null,
      status: d.status ?? null,
      date: date(d.data[fieldName(d.kind!, 'date', 'date')]),
      file: d.file,
    }))
    .sort(byIdFile);
  const order = statusOrder(
    [...new Set(adrs.map((d) => d.kind!))],
    all.map((a) => a.status),
  );
  const groups = groupBy(all, order).map((g) => ({ status: g.status, adrs: g.items }));
  const staleProposals: StaleProposal[] = [];
  for (const a of all) {
    const day = dayNumber(a.date);
    if (a.status === PROPOSED && day !== undefined && now - day > STALE_PROPOSAL_DAYS)
      staleProposals.push({ id: a.id, title: a.title, date: a.date!, ageDays: now - day, file: a.file });
  }
  const canonical = new Map<string, string>();
  for (const a of all) if (!canonical.has(normaliseId(a.id))) canonical.set(normaliseId(a.id), a.id);
  const idOf = (written: string) => canonical.get(normaliseId(written)) ?? written;
  const edges = new Map<string, SupersessionEdge>();
  const add = (from: string, to: string, via: string) => {
    const key = `${from}\u0000${to}`;
    const e = edges.get(key) ?? { from, to, via: [] };
    if (!e.via.includes(via)) e.via = [...e.via, via].sort(byKey);
    edges.set(key, e);
  };
  for (const d of adrs) {
    const self = d.id ?? d.file;
    const f = d.kind!.fields;
    if (f.supersededBy) for (const n of list(d.data[f.supersededBy])) add(self, idOf(n), f.supersededBy);
    if (d.successor) add(self, idOf(d.successor), f.status);
    if (f.supersedes) for (const o of list(d.data[f.supersedes])) add(idOf(o), self, f.supersedes);
  }
  const supersession = [...edges.values()].sort(
    (a, b) => compareIds(a.from, b.from) || compareIds(a.to, b.to),
  );
  return { groups, staleProposals, supersession };
}

/** The folder of a file cut to its first two segments (`docs/runbooks`), `.` for the root. */
function folderOf(file: string): string {
  const parts = file.split('/').slice(0, -1);
  return parts.length ? parts.slice(0, 2).join('/') : '.';
}

/**
 * Builds the status digest of an indexed workspace: tasks by status, overdue and blocked tasks,
 * the `depends_on` graph, reviews coming due, documents behind the code they cite (from `history`:
 * git, when it was read), ADRs and finding counts. Field names and statuses come from each kind's
 * config; `today` is a `YYYY-MM-DD` date.
 */
export function buildDigest(
  view: IndexView,
  findings: readonly Finding[],
  today: string,
  history: History = NO_HISTORY,
): Digest {
  const now = dayNumber(today);
  if (now === undefined) throw new Error(`"today" must be a date written YYYY-MM-DD, got "${today}"`);
  const docs = view.documents().sort((a, b) => byKey(a.file, b.file));
  const isTask = (k: KindConfig) => k.doneStatuses.length > 0 || !!k.fields.due;
  const isAdr = (k: KindConfig) => k.name === 'adr' || !!k.fields.supersededBy;

  const taskDocs: TaskDoc[] = docs
    .filter((d) => d.kind && isTask(d.kind))
    .map((doc) => {
      const k = doc.kind!;
      const task: DigestTask = {
        id: doc.id ?? doc.file,
        title: doc.title ?? null,
        status: doc.status ?? null,
        owner: text(doc.data[k.fields.owner]),
        priority: text(doc.data[fieldName(k, 'priority', 'priority')]),
        due: k.fields.due ? date(doc.data[k.fields.due]) : null,
        checklist: { done: doc.parsed.checklist.done, total: doc.parsed.checklist.total },
        file: doc.file,
      };
      return { doc, task, done: doc.status !== undefined && k.doneStatuses.includes(doc.status) };
    })
    .sort((a, b) => byIdFile(a.task, b.task));
  const tasks = taskDocs.map((t) => t.task);
  const taskKinds = [...new Set(taskDocs.map((t) => t.doc.kind!))];
  const tasksByStatus = groupBy(
    tasks,
    statusOrder(
      taskKinds,
      tasks.map((t) => t.status),
    ),
  ).map((g) => ({ status: g.status, tasks: g.items }));

  const overdue: OverdueTask[] = [];
  const blocked: BlockedTask[] = [];
  for (const { doc, task, done } of taskDocs) {
    const k = doc.kind!;
    const due = dayNumber(task.due);
    if (!done && due !== undefined && due < now)
      overdue.push({
        id: task.id,
        title: task.title,
        status: task.status,
        owner: task.owner,
        due: task.due!,
        daysOverdue: now - due,
        file: task.file,
      });
    if (doc.status !== undefined && k.blockedStatuses.includes(doc.status)) {
      blocked.push({
        id: task.id,
        title: task.title,
        owner: task.owner,
        reason: k.fields.blockedReason ? text(doc.data[k.fields.blockedReason]) : null,
        file: task.file,
      });
    }
  }
  overdue.sort((a, b) => b.daysOverdue - a.daysOverdue || byIdFile(a, b));

  const reviews = docs
    .filter((d) => d.kind?.fields.lastReviewed)
    .map((d) => reviewOf(d, now, view.config.reviewEveryDays))
    .filter((r): r is ReviewItem => r !== undefined)
    .sort((a, b) => a.daysLeft - b.daysLeft || byKey(a.file, b.file));

  const byOwner = ownerWork(docs, reviews, taskDocs);

  const adrs = adrSection(
    docs.filter((d) => d.kind && isAdr(d.kind)),
    now,
  );
  const dependencies_ = dependencies(taskDocs);

  const health: DocHealth = {
    total: findings.length,
    files: new Set(findings.map((f) => f.file)).size,
    bySeverity: countBy(
      findings.map((f) => f.severity),
      SEVERITIES,
    ),
    byRule: countBy(findings.map((f) => f.rule)),
    byFolder: countBy(findings.map((f) => folderOf(f.file))),
  };
  const doneTasks = taskDocs.filter((t) => t.done).length;
  return {
    today,
    summary: {
      documents: docs.length,
      tasks: tasks.length,
      openTasks: tasks.length - doneTasks,
      doneTasks,
      overdue: overdue.length,
      blocked: blocked.length,
      cycles: dependencies_.cycles.length,
      reviewsOverdue: reviews.filter((r) => r.daysLeft < 0).length,
      reviewsDueSoon: reviews.filter((r) => r.daysLeft >= 0).length,
      adrs: adrs.groups.reduce((n, g) => n + g.adrs.length, 0),
      staleProposals: adrs.staleProposals.length,
      findings: findings.length,
      filesWithFindings: health.files,
    },
    tasks: tasksByStatus,
    overdue,
    blocked,
    dependencies: dependencies_,
    reviews,
    byOwner,
    drift: driftOf(view, findings, history),
    adrs,
    health,
  };
}
