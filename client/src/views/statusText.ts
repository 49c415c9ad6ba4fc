import type { ViewCounts } from '../../../server/src/shared/protocol';
import { countOf } from '../../../server/src/shared/words';

/** The status bar text and tooltip of the counts (undefined: nothing known yet). */
export function statusText(c: ViewCounts | undefined): { text: string; tooltip: string } | undefined {
  if (!c) return undefined;
  const overdue = c.overdueTasks + c.overdueReviews;
  const text = `OpsDocs $(error) ${c.errors} $(warning) ${c.warnings} $(calendar) ${overdue} overdue`;
  const tooltip = [
    `OpsDocs: ${countOf(c.errors, 'error')} and ${countOf(c.warnings, 'warning')} in the docs;`,
    `${countOf(c.overdueTasks, 'task')} and ${countOf(c.overdueReviews, 'review')} overdue.`,
    'Click to open the OpsDocs view.',
  ].join(' ');
  return { text, tooltip };
}
