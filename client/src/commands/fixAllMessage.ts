import type { FixAllResult } from '../../../server/src/shared/protocol';
import { countOf } from '../../../server/src/shared/words';

/** What the user is told after a workspace fix-all: what changed, what was left and why. */
export function fixAllMessage(r: FixAllResult): { text: string; level: 'info' | 'warning' } {
  if (!r.applied)
    return { text: 'OpsDocs: the editor refused the fixes; nothing was changed.', level: 'warning' };
  const left: string[] = [];
  if (r.skipped.length)
    left.push(
      `${countOf(r.skipped.length, 'document')} with unsaved changes left alone (save, then run again)`,
    );
  if (r.deferred)
    left.push(`${countOf(r.deferred, 'fix', 'fixes')} overlapped another and wait for the next run`);
  const done =
    r.fixed === 0
      ? 'OpsDocs: nothing to fix safely. Fixes that are a guess stay quick fixes on their findings.'
      : `OpsDocs: applied ${countOf(r.fixed, 'safe fix', 'safe fixes')} in ${countOf(r.files.length, 'file')}.`;
  return {
    text: left.length ? `${done} ${left.join('; ')}.` : done,
    level: left.length ? 'warning' : 'info',
  };
}
