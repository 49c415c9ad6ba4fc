import * as assert from 'node:assert/strict';
import { MAX_RESTARTS, RESTART_WINDOW_MS, RestartPolicy } from '../../client/src/restartPolicy.js';

describe('the client restarts a crashed server, boundedly, and tells the user once', () => {
  it('restarts 3 times within 3 minutes, telling only on the first crash, then gives up', () => {
    const p = new RestartPolicy();
    const t0 = 1_000_000;
    assert.deepEqual(p.onCrash(t0), { restart: true, tellUser: true });
    assert.deepEqual(p.onCrash(t0 + 1_000), { restart: true, tellUser: false });
    assert.deepEqual(p.onCrash(t0 + 2_000), { restart: true, tellUser: false });
    assert.equal(MAX_RESTARTS, 3);
    assert.deepEqual(p.onCrash(t0 + 3_000), { restart: false, crashes: 4 });
  });

  it('forgets crashes older than the window, and still does not tell again', () => {
    const p = new RestartPolicy();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) p.onCrash(t0 + i);
    assert.deepEqual(p.onCrash(t0 + RESTART_WINDOW_MS + 10), { restart: true, tellUser: false });
  });
});
