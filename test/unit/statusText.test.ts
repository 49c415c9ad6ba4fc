import * as assert from 'node:assert/strict';
import { statusText } from '../../client/src/views/statusText.js';

describe('status bar text (client/src/views/statusText.ts)', () => {
  it('shows errors, warnings and everything overdue; the tooltip says which', () => {
    assert.deepEqual(
      statusText({ errors: 3, warnings: 2, overdueTasks: 1, overdueReviews: 1, documents: 16 }),
      {
        text: 'OpsDocs $(error) 3 $(warning) 2 $(calendar) 2 overdue',
        tooltip:
          'OpsDocs: 3 errors and 2 warnings in the docs; 1 task and 1 review overdue. Click to open the OpsDocs view.',
      },
    );
    assert.equal(
      statusText({ errors: 1, warnings: 0, overdueTasks: 0, overdueReviews: 2, documents: 1 })!.tooltip,
      'OpsDocs: 1 error and 0 warnings in the docs; 0 tasks and 2 reviews overdue. Click to open the OpsDocs view.',
    );
  });

  it('nothing before the server answered', () => {
    assert.equal(statusText(undefined), undefined);
  });
});
