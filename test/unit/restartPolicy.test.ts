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

  it('a manual restart (reset) starts afresh: after the policy gave up, 3 more crashes are restarted and the first is told', () => {
    const p = new RestartPolicy();
    const t0 = 1_000_000;
    for (let i = 0; i < 4; i++) p.onCrash(t0 + i);
    assert.deepEqual(p.onCrash(t0 + 10), { restart: false, crashes: 5 }, 'it gave up');
    p.reset();
    assert.deepEqual(p.onCrash(t0 + 20), { restart: true, tellUser: true });
    assert.deepEqual(p.onCrash(t0 + 21), { restart: true, tellUser: false });
    assert.deepEqual(p.onCrash(t0 + 22), { restart: true, tellUser: false });
    assert.deepEqual(p.onCrash(t0 + 23), { restart: false, crashes: 4 });
  });

  it('a reset before the limit gives the whole budget back', () => {
    const p = new RestartPolicy();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) p.onCrash(t0 + i);
    p.reset();
    for (let i = 0; i < 3; i++) assert.equal(p.onCrash(t0 + 10 + i).restart, true);
    assert.equal(p.onCrash(t0 + 20).restart, false);
  });
});
