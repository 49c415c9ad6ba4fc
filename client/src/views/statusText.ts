import type { ViewCounts } from '../../../server/src/shared/protocol';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The status bar text and tooltip of the counts (undefined: nothing known yet). */
export function statusText(c: ViewCounts | undefined): { text: string; tooltip: string } | undefined {
  if (!c) return undefined;
  const overdue = c.overdueTasks + c.overdueReviews;
  const text = `OpsDocs $(error) ${c.errors} $(warning) ${c.warnings} $(calendar) ${overdue} overdue`;
  const tooltip = [
    `OpsDocs: ${plural(c.errors, 'error')} and ${plural(c.warnings, 'warning')} in the docs;`,
    `${plural(c.overdueTasks, 'task')} and ${plural(c.overdueReviews, 'review')} overdue.`,
    'Click to open the OpsDocs view.',
  ].join(' ');
  return { text, tooltip };
}
