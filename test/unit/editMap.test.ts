import * as assert from 'node:assert/strict';
import { EditMap } from 'micromark-util-edit-map';
import type { Event } from 'micromark-util-types';
import { consumeInPlace, copyingConsume } from '../../server/src/core/parse/editMap.js';

/** A stand-in event, told apart by its name. */
const event = (name: string) => [name] as unknown as Event;
const names = (events: Event[]) => events.map((e) => (e === undefined ? '-' : (e[0] as string)));

describe("micromark's edits of its events, made in place", () => {
  it('is what micromark parses with', () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- compared, not called
    assert.equal(EditMap.prototype.consume, consumeInPlace);
  });

  it('gives the events micromark-util-edit-map gives, for 20,000 random sets of edits', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let run = 0; run < 20_000; run++) {
      const events = Array.from({ length: rnd(30) }, (_, i) => event(`e${i}`));
      const mine = new EditMap();
      const theirs = new EditMap();
      for (let k = rnd(6); k > 0; k--) {
        // Places anywhere in the events (the end and past it included), removals that may run past
        // the next edit's place, additions before or after those already at a place.
        const at = rnd(events.length + 3);
        const remove = rnd(Math.max(1, events.length - at + 1));
        const add = Array.from({ length: rnd(3) }, (_, i) => event(`r${run}k${k}a${i}`));
        const how = rnd(2) ? 'add' : 'addBefore';
        mine[how](at, remove, [...add]);
        theirs[how](at, remove, [...add]);
      }
      const a = [...events];
      const b = [...events];
      consumeInPlace.call(mine, a);
      copyingConsume.call(theirs, b);
      assert.deepEqual(names(a), names(b), `run ${run}`);
      assert.equal(mine.map.length, 0);
      assert.equal(mine.index.size, 0);
    }
  });

  it('keeps the events before the first edit where they are: no copy of a long document', () => {
    const events = Array.from({ length: 100_000 }, (_, i) => event(`e${i}`));
    const edits = new EditMap();
    edits.add(99_998, 0, [event('exit')]);
    edits.add(99_999, 1, []);
    const before = events[0];
    consumeInPlace.call(edits, events);
    assert.equal(events.length, 100_000);
    assert.equal(events[0], before);
    assert.deepEqual(names(events.slice(-3)), ['e99997', 'exit', 'e99998']);
  });
});
