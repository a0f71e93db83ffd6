/**
 * H10 acceleration times across a restart of the Bluetooth process, through the real noble core
 * over the simulator: the first process streams, dies; a new one (same replay, 20 s later)
 * connects with the sensor clock the engine kept, and is then stalled for 2.9 s so its first
 * frames arrive late and together. Every sample must sit at its true replay time.
 */
import { describe, expect, it } from 'vitest';
import { SyntheticMotion } from '../../../src/engine/bluetooth/sim/sources';
import type { Batch } from '../../../src/engine/bluetooth/ipc';
import { ORIGIN_MS, rig, settle } from './harness';

const H10 = 'a0de5e000010';
const DEVICES = [{ kind: 'polar-pmd' as const, id: H10, name: 'Polar H10 12345678' }];

async function connected(r: ReturnType<typeof rig>, accClock?: Batch['accClock']): Promise<void> {
  r.service.start();
  await settle(() => r.of('status').some((m) => m.status.usable));
  await r.request({ op: 'scan', on: true });
  await r.request({ op: 'connect', deviceId: H10, timeoutMs: 3000, accClock });
}

describe('H10 acceleration times across a Bluetooth process restart', () => {
  it('a late burst after the restart keeps the sensor times, and the hole is the time nobody listened', async () => {
    const first = rig(DEVICES);
    await connected(first);
    await first.advance(5000);
    const kept = first.of('batch').filter((b) => b.acc.length).at(-1)?.accClock;
    expect(kept).toBeDefined();

    // The process was killed; its successor starts 20 s later on the same replay.
    const second = rig(DEVICES, { startMs: first.clock.now() + 20_000 });
    await connected(second, kept);
    second.clock.stall(2900);
    await second.advance(3000);

    const before = first.acc(H10);
    const after = second.acc(H10);
    expect(after.length).toBeGreaterThan(1000);
    const all = [...before, ...after];
    const motion = new SyntheticMotion();
    for (let i = 0; i < all.length; i++) {
      const [t, x, y, z] = all[i];
      if (i) expect(t, `sample ${i} after the one before`).toBeGreaterThan(all[i - 1][0]);
      // On the 200 Hz replay grid (after the restart within the 2 ms of drift the clock may
      // believe in over a 20 s absence), with the value the simulator sent at that instant.
      const k = Math.round(((t - ORIGIN_MS) / 1000) * 200);
      expect(Math.abs(t - (ORIGIN_MS + k * 5)), `sample ${i} at ${t - ORIGIN_MS} ms of replay`).toBeLessThanOrEqual(i < before.length ? 1e-6 : 2.1);
      const v = motion.at(k / 200);
      expect(Math.abs(x - v.x) + Math.abs(y - v.y) + Math.abs(z - v.z), `sample ${i} at ${t - ORIGIN_MS} ms of replay`).toBeLessThanOrEqual(0.0015 + 1e-9);
    }
    // Nothing was sent while nobody listened: the hole is the 20 s the restart took, and more.
    expect(after[0][0] - before[before.length - 1][0]).toBeGreaterThan(20_000);
  });
});
