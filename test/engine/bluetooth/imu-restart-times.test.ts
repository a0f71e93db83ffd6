/**
 * Generic IMU acceleration times through the real noble core over the simulator, across a stall
 * and a restart of the Bluetooth process: the first process streams, is stalled for 2.9 s (its
 * packets arrive late and together), dies; a new one (same replay, 20 s later) connects with the
 * sensor clock the engine kept, through the IPC schemas, and is stalled in turn. The simulated
 * board counts its packets from 0 again in the new process, as a rebooted board would: a fresh
 * mapping, after the samples before. Every sample must sit at its true replay time.
 */
import { describe, expect, it } from 'vitest';
import { SyntheticMotion } from '../../../src/engine/bluetooth/sim/sources';
import { batchSchema, requestBodySchema, type Batch } from '../../../src/engine/bluetooth/ipc';
import { ORIGIN_MS, rig, settle } from './harness';

const IMU = 'e5b320000a01';
const DEVICES = [{ kind: 'generic-imu' as const, id: IMU, name: 'SetBeat IMU ankle' }];
const RATE = 100;

async function connected(r: ReturnType<typeof rig>, accClock?: Batch['accClock']): Promise<void> {
  r.service.start();
  await settle(() => r.of('status').some((m) => m.status.usable));
  await r.request({ op: 'scan', on: true });
  // The connect goes through the schema the engine's request is checked against.
  const body = requestBodySchema.parse({ op: 'connect', deviceId: IMU, timeoutMs: 3000, accClock });
  await r.request(body);
}

describe('generic IMU acceleration times across a stall and a Bluetooth process restart', () => {
  it('a late burst keeps its sample times; after the restart times go on after the last sample, on the replay grid', async () => {
    const first = rig(DEVICES);
    await connected(first);
    await first.advance(3000);
    first.clock.stall(2900);
    await first.advance(3000);
    const last = first.of('batch').filter((b) => b.acc.length).at(-1);
    // What the engine keeps crosses the process boundary whole, the packet counter included.
    const kept = last && batchSchema.parse(last).accClock;
    expect(kept?.packet).toMatchObject({ count: 10 });

    // The process was killed; its successor starts 20 s later on the same replay.
    const second = rig(DEVICES, { startMs: first.clock.now() + 20_000 });
    await connected(second, kept);
    await second.advance(2000);
    second.clock.stall(2900);
    await second.advance(3000);

    const before = first.acc(IMU);
    const after = second.acc(IMU);
    expect(before.length).toBeGreaterThan(500);
    expect(after.length).toBeGreaterThan(400);
    const all = [...before, ...after];
    const motion = new SyntheticMotion();
    for (let i = 0; i < all.length; i++) {
      const [t, x, y, z] = all[i];
      if (i) expect(t, `sample ${i} after the one before`).toBeGreaterThan(all[i - 1][0]);
      // On the 100 Hz replay grid, with the value the simulator sent at that instant (int16 at ±8 g).
      const k = Math.round(((t - ORIGIN_MS) / 1000) * RATE);
      expect(Math.abs(t - (ORIGIN_MS + k * 10)), `sample ${i} at ${t - ORIGIN_MS} ms of replay`).toBeLessThanOrEqual(1e-6);
      const v = motion.at(k / RATE);
      expect(Math.abs(x - v.x) + Math.abs(y - v.y) + Math.abs(z - v.z), `sample ${i} at ${t - ORIGIN_MS} ms of replay`).toBeLessThanOrEqual(0.0004);
    }
    // Nothing was sent while nobody listened: the hole is the 20 s the restart took, and more.
    expect(after[0][0] - before[before.length - 1][0]).toBeGreaterThan(20_000);
  });
});
