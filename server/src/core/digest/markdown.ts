import {
  REVIEW_WINDOW_DAYS,
  STALE_PROPOSAL_DAYS,
  type Dependencies,
  type Digest,
  type DigestTask,
  type SupersessionEdge,
  type AdrGroup,
} from './build.js';
import { countOf } from '../../shared/words.js';

const NONE = 'None.';
const DASH = '—';

/** A table cell: one line, `|` escaped, HTML not interpreted, `—` for nothing. */
function cell(v: string | number | null): string {
  if (v === null || v === '') return DASH;
  return String(v)
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|');
}

/** A file path as inline code (escaped for a table cell). */
function code(file: string): string {
  const safe = file.replace(/\r\n|\r|\n/g, ' ').replace(/\|/g, '\\|');
  return file.includes('`') ? cell(file) : `\`${safe}\``;
}

/** A GitHub-flavoured Markdown table, or "None." without rows. Cells must already be escaped. */
function table(head: string[], rows: string[][]): string[] {
  if (rows.length === 0) return [NONE];
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** A Mermaid node label: quoted, with characters Mermaid would read as syntax written as entities. */
function label(...parts: string[]): string {
  const esc = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
  return `"${parts.map(esc).join('<br/>')}"`;
}

const statusName = (s: string | null) => s ?? '(no status)';
const statusHeading = (s: string | null, n: number) =>
  `### ${s === null ? '(no status)' : `\`${s}\``} (${n})`;

function summary(d: Digest): string {
  const s = d.summary;
  const parts = [
    `${countOf(s.tasks, 'task')} (${s.openTasks} open, ${s.doneTasks} done)`,
    `${s.overdue} overdue`,
    `${s.blocked} blocked`,
    countOf(s.cycles, 'dependency cycle'),
    `${countOf(s.reviewsOverdue, 'review')} overdue, ${s.reviewsDueSoon} due within ${REVIEW_WINDOW_DAYS} days`,
    `${countOf(s.adrs, 'ADR')} (${s.staleProposals} proposed for more than ${STALE_PROPOSAL_DAYS} days)`,
    `${countOf(s.findings, 'finding')} in ${countOf(s.filesWithFindings, 'file')} of ${countOf(s.documents, 'document')}`,
  ];
  return `**Summary:** ${parts.join(' · ')}.`;
}

function taskSection(d: Digest): string[] {
  const out = ['## Tasks', ''];
  if (d.tasks.length === 0) return [...out, NONE, ''];
  const row = (t: DigestTask) => [
    cell(t.id),
    cell(t.title),
    cell(t.owner),
    cell(t.priority),
    cell(t.due),
    t.checklist.total ? `${t.checklist.done}/${t.checklist.total}` : DASH,
    code(t.file),
  ];
  for (const g of d.tasks) {
    out.push(
      statusHeading(g.status, g.tasks.length),
      '',
      ...table(['ID', 'Title', 'Owner', 'Priority', 'Due', 'Checklist', 'File'], g.tasks.map(row)),
      '',
    );
  }
  return out;
}

function overdueAndBlocked(d: Digest): string[] {
  return [
    '## Overdue tasks',
    '',
    ...table(
      ['ID', 'Title', 'Status', 'Owner', 'Due', 'Days overdue', 'File'],
      d.overdue.map((t) => [
        cell(t.id),
        cell(t.title),
        cell(t.status),
        cell(t.owner),
        cell(t.due),
        String(t.daysOverdue),
        code(t.file),
      ]),
    ),
    '',
    '## Blocked tasks',
    '',
    ...table(
      ['ID', 'Title', 'Owner', 'Reason', 'File'],
      d.blocked.map((t) => [
        cell(t.id),
        cell(t.title),
        cell(t.owner),
        t.reason === null ? '_no reason given_' : cell(t.reason),
        code(t.file),
      ]),
    ),
    '',
  ];
}

/** The `graph LR` of task dependencies: an arrow A --> B means A depends on B. */
function dependencyGraph(deps: Dependencies): string[] {
  const node = new Map(deps.nodes.map((n, i) => [n.id, `t${i}`]));
  const lines = ['```mermaid', 'graph LR'];
  for (const c of deps.cycles) lines.push(`  %% cycle: ${[...c, c[0]].join(' -> ')}`);
  for (const n of deps.nodes) lines.push(`  ${node.get(n.id)}[${label(n.id, statusName(n.status))}]`);
  for (const e of deps.edges) lines.push(`  ${node.get(e.from)} --> ${node.get(e.to)}`);
  const cycleEdges = deps.edges.flatMap((e, i) => (e.inCycle ? [i] : []));
  const inCycle = new Set(deps.edges.filter((e) => e.inCycle).flatMap((e) => [e.from, e.to]));
  const cycleNodes = deps.nodes.filter((n) => inCycle.has(n.id)).map((n) => node.get(n.id)!);
  const doneNodes = deps.nodes.filter((n) => n.done && !inCycle.has(n.id)).map((n) => node.get(n.id)!);
  if (cycleEdges.length) lines.push(`  linkStyle ${cycleEdges.join(',')} stroke:#d73a49,stroke-width:3px`);
  if (cycleNodes.length)
    lines.push(
      '  classDef cycle fill:#ffeef0,stroke:#d73a49,stroke-width:2px',
      `  class ${cycleNodes.join(',')} cycle`,
    );
  if (doneNodes.length)
    lines.push('  classDef done fill:#dcffe4,stroke:#28a745', `  class ${doneNodes.join(',')} done`);
  lines.push('```');
  return lines;
}

function dependencySection(d: Digest): string[] {
  const deps = d.dependencies;
  const out = ['## Dependencies', ''];
  if (deps.edges.length === 0) out.push(NONE, '');
  else {
    const key = deps.cycles.length
      ? ' Red arrows and nodes form a cycle; green nodes are done.'
      : ' Green nodes are done.';
    out.push(`An arrow A → B means A depends on B.${key}`, '', ...dependencyGraph(deps), '');
  }
  out.push('### Cycles', '');
  if (deps.cycles.length === 0) out.push(NONE);
  else out.push(...deps.cycles.map((c, i) => `${i + 1}. ${[...c, c[0]].join(' → ')}`));
  out.push('', '### Waiting on open dependencies', '');
  out.push(
    ...table(
      ['Task', 'Status', 'Waiting on', 'File'],
      deps.waiting.map((w) => [
        cell(w.id),
        w.done ? `${cell(w.status)} (**done before its dependencies**)` : cell(statusName(w.status)),
        w.waitingOn.map((o) => cell(`${o.id} (${statusName(o.status)})`)).join(', '),
        code(w.file),
      ]),
    ),
  );
  out.push('', '### Unknown dependencies', '');
  out.push(
    ...table(
      ['Task', 'Depends on', 'File'],
      deps.unknown.map((u) => [cell(u.task), cell(u.dependsOn), code(u.file)]),
    ),
  );
  out.push('');
  return out;
}

function reviewSection(d: Digest): string[] {
  const left = (n: number) => (n < 0 ? `${n} (overdue)` : n === 0 ? '0 (due today)' : String(n));
  return [
    '## Reviews due',
    '',
    `Runbooks and policies whose review is overdue or due within ${REVIEW_WINDOW_DAYS} days.`,
    '',
    ...table(
      ['Title', 'Kind', 'Owner', 'Last reviewed', 'Every (days)', 'Due', 'Days left', 'File'],
      d.reviews.map((r) => [
        cell(r.title),
        cell(r.kind),
        cell(r.owner),
        r.lastReviewed,
        String(r.reviewEveryDays),
        r.dueDate,
        left(r.daysLeft),
        code(r.file),
      ]),
    ),
    '',
  ];
}

function ownerSection(d: Digest): string[] {
  const rows = d.byOwner.flatMap((w) => {
    const owner = w.owner === null ? '(no owner)' : cell(w.owner);
    return [
      ...w.reviews.map((r) => [owner, `review: ${cell(r.title)}`, r.dueDate, code(r.file)]),
      ...w.openTasks.map((t) => [
        owner,
        `${cell(t.id)}${t.title ? `: ${cell(t.title)}` : ''} (${cell(t.status ?? 'no status')})`,
        cell(t.due),
        code(t.file),
      ]),
    ];
  });
  return [
    '## By owner',
    '',
    'The reviews due and open tasks above, by the owners documents name (`owner`, `owners`).',
    '',
    ...table(['Owner', 'What', 'Due', 'File'], rows),
    '',
  ];
}

function driftSection(d: Digest): string[] {
  const out = [
    '## Behind the code',
    '',
    'Runbooks, policies and ADRs citing files that changed in git after their last review.',
    '',
  ];
  if (d.drift.off !== null) return [...out, `Not checked: no git information (${d.drift.off}).`, ''];
  return [
    ...out,
    ...table(
      ['Title', 'Kind', 'Owner', 'What changed', 'File'],
      d.drift.items.map((r) => [
        cell(r.title),
        cell(r.kind),
        cell(r.owner),
        cell(r.change),
        code(`${r.file}:${r.line}`),
      ]),
    ),
    '',
  ];
}

/** The `graph LR` of ADR supersession: an arrow old --> new reads "old is superseded by new". */
function supersessionGraph(edges: SupersessionEdge[], groups: AdrGroup[]): string[] {
  const status = new Map(groups.flatMap((g) => g.adrs.map((a) => [a.id, a.status] as const)));
  const ids = [...new Set(edges.flatMap((e) => [e.from, e.to]))];
  const node = new Map(ids.map((id, i) => [id, `a${i}`]));
  const lines = ['```mermaid', 'graph LR'];
  for (const id of ids)
    lines.push(`  ${node.get(id)}[${label(id, status.has(id) ? statusName(status.get(id)!) : '(unknown)')}]`);
  for (const e of edges)
    lines.push(`  ${node.get(e.from)} ${e.via.length > 1 ? '-->' : '-.->'}|superseded by| ${node.get(e.to)}`);
  lines.push('```');
  return lines;
}

function adrSection(d: Digest): string[] {
  const a = d.adrs;
  const out = ['## ADRs', ''];
  if (a.groups.length === 0) out.push(NONE, '');
  for (const g of a.groups) {
    out.push(
      statusHeading(g.status, g.adrs.length),
      '',
      ...table(
        ['ID', 'Title', 'Date', 'File'],
        g.adrs.map((x) => [cell(x.id), cell(x.title), cell(x.date), code(x.file)]),
      ),
      '',
    );
  }
  out.push(`### Proposed for more than ${STALE_PROPOSAL_DAYS} days`, '');
  out.push(
    ...table(
      ['ID', 'Title', 'Date', 'Age (days)', 'File'],
      a.staleProposals.map((p) => [cell(p.id), cell(p.title), p.date, String(p.ageDays), code(p.file)]),
    ),
    '',
  );
  out.push('### Supersession', '');
  if (a.supersession.length === 0) return [...out, NONE, ''];
  out.push(
    'An arrow old → new means the old ADR is superseded by the new one; it is dashed when only one of the two ADRs says so.',
    '',
  );
  out.push(...supersessionGraph(a.supersession, a.groups), '');
  out.push(
    ...table(
      ['Old', 'New', 'Declared by'],
      a.supersession.map((e) => [cell(e.from), cell(e.to), e.via.map(code).join(', ')]),
    ),
    '',
  );
  return out;
}

function healthSection(d: Digest): string[] {
  const h = d.health;
  const sev = h.bySeverity
    .map((c) => countOf(c.count, c.key === 'info' ? 'info' : c.key, c.key === 'info' ? 'info' : `${c.key}s`))
    .join(', ');
  const counts = (head: string, rows: { key: string; count: number }[], asCode: boolean) =>
    table(
      [head, 'Findings'],
      rows.map((c) => [asCode ? code(c.key) : cell(c.key), String(c.count)]),
    );
  return [
    '## Doc health',
    '',
    h.total === 0 ? 'No findings.' : `${countOf(h.total, 'finding')} in ${countOf(h.files, 'file')}: ${sev}.`,
    '',
    '### By severity',
    '',
    ...counts('Severity', h.bySeverity, false),
    '',
    '### By rule',
    '',
    ...counts('Rule', h.byRule, true),
    '',
    '### By folder',
    '',
    ...counts('Folder', h.byFolder, true),
    '',
  ];
}

/**
 * Renders a digest as GitHub-flavoured Markdown: a summary line, one section per part with
 * tables, and Mermaid `graph LR` diagrams of task dependencies and ADR supersession. Sections
 * with nothing to show say "None.".
 */
export function renderDigestMarkdown(d: Digest): string {
  const lines = [
    `# Status digest — ${d.today}`,
    '',
    // A snapshot: the ids and links it lists are not references to check (a superseded ADR it
    // names, an unknown id it reports), so a saved digest turns every rule off for itself.
    '<!-- opsdocs-disable -->',
    '',
    summary(d),
    '',
    ...taskSection(d),
    ...overdueAndBlocked(d),
    ...dependencySection(d),
    ...reviewSection(d),
    ...ownerSection(d),
    ...driftSection(d),
    ...adrSection(d),
    ...healthSection(d),
  ];
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** Renders a digest as stable JSON: 2-space indent, keys in a fixed order, trailing newline. */
export function renderDigestJson(d: Digest): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
