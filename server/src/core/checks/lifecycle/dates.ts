import type { Check } from '../check.js';
import type { DocInfo } from '../../index/docInfo.js';
import { dayNumber, formatDay } from '../../util/dates.js';

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

const messages = {
  reviewOverdue: (last: number, every: number, now: number) =>
    `Review overdue: last reviewed ${formatDay(last)}, due every ${every} days, ` +
    `so by ${formatDay(last + every)} (${days(now - last - every)} ago).`,
  taskOverdue: (due: number, now: number, status?: string) =>
    `Overdue: due ${formatDay(due)} (${days(now - due)} ago) and status is "${status ?? 'unset'}".`,
  blockedWithoutReason: (status: string, field: string) =>
    `Status is "${status}" but \`${field}\` does not say why.`,
  supersededWithoutSuccessor: (status: string, field: string | undefined) =>
    field
      ? `Status is "${status}" but \`${field}\` does not name the ADR that replaces it.`
      : `Status is "${status}" but it does not name the ADR that replaces it ` +
        `(write "Superseded by [title](file.md)").`,
};

/** A status that names its successor in words: `superseded by ADR-9`, `Superseded by [X](x.md)`. */
const NAMES_SUCCESSOR = /superseded\s+by\b[\s:*_]*\S|superseded[\s:*_]*\[/i;

/** A link in a line of Markdown: `[text](dest)`, `[text][ref]`, `<https://…>` or a bare URL. */
const LINK = /\]\(|\]\[|<?https?:\/\//;

/**
 * True when a document without front matter links out from its `## Status` section: the link says
 * what took its place, even when that is no ADR ("⌛ Superseded" then "[The code moved to
 * another repository](https://…)").
 */
function statusSectionLinks(doc: DocInfo): boolean {
  if (doc.profile !== 'nygard') return false;
  const { headings, lines } = doc.parsed;
  const at = headings.findIndex((h) => h.depth > 1 && /^status$/i.test(h.text.trim()));
  if (at < 0) return false;
  const from = headings[at].range.end.line + 1;
  const next = headings.slice(at + 1).find((h) => h.depth <= headings[at].depth);
  const to = next?.range.start.line ?? lines.lineCount;
  for (let line = from; line < to; line++) if (LINK.test(lines.lineText(line))) return true;
  return false;
}

/**
 * Lifecycle checks that need no cross-links: review dates, due dates, blocked tasks without a
 * reason and superseded ADRs without a successor. Which fields and statuses they read is set
 * per kind in the config (`fields`, `doneStatuses`, `blockedStatuses`, `supersededStatuses`).
 */
export const datesCheck: Check = {
  name: 'lifecycle/dates',
  rules: [
    {
      id: 'lifecycle/review-overdue',
      severity: 'warning',
      summary: 'The last review plus the review period (default 90 days) is before today.',
    },
    {
      id: 'lifecycle/task-overdue',
      severity: 'warning',
      summary: 'A task that is not done has a due date before today.',
    },
    {
      id: 'lifecycle/blocked-without-reason',
      severity: 'error',
      summary: 'A blocked task does not say why (no blocked_reason).',
    },
    {
      id: 'lifecycle/superseded-without-successor',
      severity: 'error',
      summary: 'An ADR with status superseded does not name its successor (superseded_by).',
    },
  ],
  run({ doc, config, today, report }) {
    const k = doc.kind;
    if (!k) return;
    const f = k.fields;
    const data = doc.data;
    const now = dayNumber(today)!;
    const status = doc.status;
    if (f.lastReviewed) {
      const last = dayNumber(data[f.lastReviewed]);
      const own = f.reviewEveryDays ? data[f.reviewEveryDays] : undefined;
      const every =
        typeof own === 'number' && Number.isInteger(own) && own > 0 ? own : config.reviewEveryDays;
      if (last !== undefined && last + every < now) {
        const message = messages.reviewOverdue(last, every, now);
        const fix = { replacement: today };
        report('lifecycle/review-overdue', doc.locate([f.lastReviewed]).value, message, fix);
      }
    }
    const done = status !== undefined && k.doneStatuses.includes(status);
    if (f.due && !done) {
      const due = dayNumber(data[f.due]);
      if (due !== undefined && due < now) {
        report('lifecycle/task-overdue', doc.locate([f.due]).value, messages.taskOverdue(due, now, status));
      }
    }
    if (f.blockedReason && status !== undefined && k.blockedStatuses.includes(status)) {
      const reason = data[f.blockedReason];
      if (typeof reason !== 'string' || reason.trim() === '') {
        const message = messages.blockedWithoutReason(status, f.blockedReason);
        report('lifecycle/blocked-without-reason', doc.locate([f.status]).value, message);
      }
    }
    if (f.supersededBy && status !== undefined && k.supersededStatuses.includes(status)) {
      const by = data[f.supersededBy];
      const inStatus = data[f.status];
      const written =
        !!doc.successor ||
        (typeof inStatus === 'string' && NAMES_SUCCESSOR.test(inStatus)) ||
        statusSectionLinks(doc);
      if ((typeof by !== 'string' || by.trim() === '') && !written) {
        const field = doc.profile === 'front-matter' ? f.supersededBy : undefined;
        const message = messages.supersededWithoutSuccessor(status, field);
        report('lifecycle/superseded-without-successor', doc.locate([f.status]).value, message);
      }
    }
  },
};
