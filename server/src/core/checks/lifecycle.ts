import type { Check } from './check.js';
import { dayNumber, formatDay } from '../util/dates.js';

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/**
 * Lifecycle checks that need no cross-links: review dates, due dates, blocked tasks without a
 * reason and superseded ADRs without a successor. Which fields and statuses they read is set
 * per kind in the config (`fields`, `doneStatuses`, `blockedStatuses`, `supersededStatuses`).
 */
export const lifecycleCheck: Check = {
  name: 'lifecycle',
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
      const every =
        f.reviewEveryDays &&
        Number.isInteger(data[f.reviewEveryDays]) &&
        (data[f.reviewEveryDays] as number) > 0
          ? (data[f.reviewEveryDays] as number)
          : config.reviewEveryDays;
      if (last !== undefined && last + every < now) {
        report(
          'lifecycle/review-overdue',
          doc.locate([f.lastReviewed]).value,
          `Review overdue: last reviewed ${formatDay(last)}, due every ${every} days, so by ${formatDay(last + every)} (${days(now - last - every)} ago).`,
          { replacement: today },
        );
      }
    }
    const done = status !== undefined && k.doneStatuses.includes(status);
    if (f.due && !done) {
      const due = dayNumber(data[f.due]);
      if (due !== undefined && due < now) {
        report(
          'lifecycle/task-overdue',
          doc.locate([f.due]).value,
          `Overdue: due ${formatDay(due)} (${days(now - due)} ago) and status is "${status ?? 'unset'}".`,
        );
      }
    }
    if (f.blockedReason && status !== undefined && k.blockedStatuses.includes(status)) {
      const reason = data[f.blockedReason];
      if (typeof reason !== 'string' || reason.trim() === '') {
        report(
          'lifecycle/blocked-without-reason',
          doc.locate([f.status]).value,
          `Status is "${status}" but \`${f.blockedReason}\` does not say why.`,
        );
      }
    }
    if (f.supersededBy && status !== undefined && k.supersededStatuses.includes(status)) {
      const by = data[f.supersededBy];
      const written =
        !!doc.successor ||
        (typeof data[f.status] === 'string' && /superseded\s+by\b[\s:*_]*\S/i.test(data[f.status] as string));
      if ((typeof by !== 'string' || by.trim() === '') && !written) {
        const how =
          doc.profile === 'front-matter'
            ? `\`${f.supersededBy}\` does not name the ADR that replaces it`
            : 'it does not name the ADR that replaces it (write "Superseded by [title](file.md)")';
        report(
          'lifecycle/superseded-without-successor',
          doc.locate([f.status]).value,
          `Status is "${status}" but ${how}.`,
        );
      }
    }
  },
};
