import * as assert from 'node:assert/strict';
import { selectionRanges } from '../../server/src/core/features/ranges.js';
import { parseMarkdown } from '../../server/src/core/parse/markdown.js';

describe('Expand Selection (selectionRanges) on lines JavaScript splits differently', () => {
  it('a heading holding U+2028 (a line break to a regular expression, not to Markdown): word, line, section', () => {
    const doc = parseMarkdown('a.md', '# a\u2028b\n');
    const ranges = selectionRanges(doc, { line: 0, character: 2 }).map(
      (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`,
    );
    assert.deepEqual(ranges, ['0:2-0:3', '0:0-0:5', '0:0-1:0']);
  });
});
