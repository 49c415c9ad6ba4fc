// micromark's EditMap, applying its edits without copying the events before the first one.
import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';

/** micromark-util-edit-map's own `consume`, kept for the test that compares the two. */
// eslint-disable-next-line @typescript-eslint/unbound-method -- only ever called on an EditMap
export const copyingConsume = EditMap.prototype.consume;

/**
 * Applies the edits of `this` to `events`, as micromark-util-edit-map's `consume` does — in order
 * of their places, each adding its events where it removes — with the events before the first
 * edit left where they are. micromark's document tokenizer edits the events so far each time a
 * container ends (its exits go before the line endings that end it), and micromark-util-edit-map
 * 1.0.0 slices every event out and pushes it back each time: each item of a long list that ends
 * copied the whole document again (3.6 % of what the corpus's cold check allocated). Here only
 * the events from the first edit on are rewritten (test/unit/editMap.test.ts compares the two on
 * random edits; the events differential compares the parse with micromark's, run with the
 * library's own `consume`).
 */
export function consumeInPlace(this: EditMap, events: Event[]): undefined {
  const { map } = this;
  map.sort((a, b) => a[0] - b[0]);
  if (map.length === 0) return;
  // (An edit past the end leaves `undefined`s before it, as the library's does: micromark makes none.)
  const first = Math.min(map[0][0], events.length);
  const rest: Event[] = [];
  let from = first;
  for (const [at, remove, add] of map) {
    for (let i = from; i < at; i++) rest.push(events[i]);
    for (const event of add) rest.push(event);
    from = at + remove;
  }
  for (let i = from; i < events.length; i++) rest.push(events[i]);
  events.length = first;
  for (const event of rest) events.push(event);
  map.length = 0;
  this.index.clear();
}

EditMap.prototype.consume = consumeInPlace;
