import * as assert from 'node:assert/strict';
import { fixAllMessage } from '../../client/src/commands/fixAllMessage.js';

// "OpsDocs: Fix All Safe Problems in the Workspace" tells the user what changed and what it left.
describe('the message after fixing the workspace', () => {
  const base = { fixed: 0, files: [], skipped: [], applied: true, deferred: 0 };
  it('counts the fixes and the files they changed', () => {
    assert.deepEqual(fixAllMessage({ ...base, fixed: 2, files: ['file:///a.md', 'file:///b.md'] }), {
      text: 'OpsDocs: applied 2 safe fixes in 2 files.',
      level: 'info',
    });
    assert.deepEqual(fixAllMessage({ ...base, fixed: 1, files: ['file:///a.md'] }), {
      text: 'OpsDocs: applied 1 safe fix in 1 file.',
      level: 'info',
    });
  });
  it('warns about documents left alone for their unsaved changes and fixes deferred to the next run', () => {
    assert.deepEqual(
      fixAllMessage({ ...base, fixed: 3, files: ['file:///a.md'], skipped: ['file:///b.md'], deferred: 2 }),
      {
        text:
          'OpsDocs: applied 3 safe fixes in 1 file. 1 document with unsaved changes left alone (save, then run again);' +
          ' 2 fixes overlapped another and wait for the next run.',
        level: 'warning',
      },
    );
  });
  it('says when there is nothing to fix, and when the editor refused the edit', () => {
    assert.deepEqual(fixAllMessage(base), {
      text: 'OpsDocs: nothing to fix safely. Fixes that are a guess stay quick fixes on their findings.',
      level: 'info',
    });
    assert.deepEqual(fixAllMessage({ ...base, fixed: 2, applied: false }), {
      text: 'OpsDocs: the editor refused the fixes; nothing was changed.',
      level: 'warning',
    });
  });
});
