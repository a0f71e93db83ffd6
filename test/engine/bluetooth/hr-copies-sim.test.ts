/**
 * Heart rate through the real noble core over the simulator while the strap's notifications are
 * followed by junk (the `garbage` fault with extraPerNotification: alternately a copy cut short
 * and noise). A cut copy that still parses must not become a second sample beside the whole
 * notification, nor its RR intervals be counted again.
 */
import { describe, expect, it } from 'vitest';
import { msToRr1024 } from '../../../src/core/ble/heart-rate';
import { SyntheticHeart } from '../../../src/engine/bluetooth/sim/sources';
import { ORIGIN_MS, rig, settle } from './harness';

const STRAP = 'a0de5e000020';

describe('heart rate with junk after every notification', () => {
  it('one sample per notification and every beat once, whatever copies follow', async () => {
    const r = rig([{ kind: 'hr-strap', id: STRAP, name: 'Strap' }]);
    r.service.start();
    await settle(() => r.of('status').some((m) => m.status.usable));
    await r.request({ op: 'scan', on: true });
    await r.request({ op: 'connect', deviceId: STRAP, timeoutMs: 3000 });
    await r.advance(2000);
    r.sim.inject({ kind: 'garbage', deviceId: STRAP, count: 200, extraPerNotification: 5 });
    await r.advance(30_000);

    const heart = new SyntheticHeart();
    // Samples carrying the strap's real rate: one per notification, never two at one time.
    const real = r.hr(STRAP).filter(([t, bpm]) => bpm === heart.bpmAt((t - ORIGIN_MS) / 1000));
    const times = real.map(([t]) => t);
    expect(new Set(times).size).toBe(times.length);
    expect(times.length).toBeGreaterThanOrEqual(31);
    // Every beat of the replay once, in order (as sent, in 1/1024 s): the cut copies added none.
    const beats = heart.beatsBetween(0, (r.clock.now() - ORIGIN_MS) / 1000).map((b) => msToRr1024(b.rrMs));
    const got = r.rr(STRAP).map(([, ms]) => msToRr1024(ms));
    const start = beats.indexOf(got[0]);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(got).toEqual(beats.slice(start, start + got.length));
    expect(r.of('parse-error').reduce((n, m) => n + m.count, 0)).toBeGreaterThan(0);
  });
});
