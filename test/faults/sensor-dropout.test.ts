/**
 * Fault: a sensor drops mid-set and comes back after 5 s, after 60 s, or never. The demo
 * sensors run in the real Bluetooth child on a clock 10x faster than the wall, the engine
 * records into a real SQLite file. The set must go on (or end cleanly), the gap must be
 * stored, every sample that arrived must be in the file, and no sample may be missing where
 * the link was up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkoutView } from '../../src/shared/commands/workout';
import { DEMO_IDS, EngineRig, RATE_HZ, readStored, sleep, waitForDevice } from './engine-rig';
import { countAgainstGrid } from './replay-grid';
import { recordFault } from './report';

const SPEED = 10;
/** The Bluetooth child's GATT operation timeout (service.ts default), in simulated ms. */
const OP_TIMEOUT_MS = 5000;
const H10 = DEMO_IDS.h10;
const IMU = DEMO_IDS.imu;

let rig: EngineRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

/** Sleeps `simMs` of simulated time. */
const simSleep = (simMs: number) => sleep(simMs / SPEED);

async function dropout(id: string, label: string, downMs: number | null): Promise<void> {
  const r = (rig = new EngineRig({ speed: SPEED }));
  const m = await r.startDemo();
  await r.call('workout.get', {}); // the screen asks for the view at start, before any sensor
  await r.connect([H10, IMU]);
  const sessionId = await r.beginSet();
  await simSleep(5000);

  const lost = waitForDevice(m, 'disconnected', (d) => d.id === IMU);
  const injectAt = r.now();
  await m.injectFault({ kind: 'link-loss', deviceId: IMU, downMs: downMs ?? 1e12 });
  const [{ atMs: droppedAt }] = await lost;
  await simSleep(2000);
  const during = await r.call<WorkoutView>('workout.get', {});
  expect(during.phase).toBe('set');
  expect(during.sensors.find((s) => s.id === IMU)?.state).toBe('reconnecting');
  expect(during.banner?.message).toMatch(/dropped out: reconnecting/);

  let backAfterMs: number | null = null;
  if (downMs !== null) {
    await waitForDevice(m, 'connected', (d) => d.id === IMU && d.reconnected, downMs / SPEED + 30_000);
    backAfterMs = r.now() - injectAt;
    // Connected again before one GATT operation timeout (5 s) has passed since it is back in
    // range: a needless op timeout once doubled a 5 s drop (back after 10 s and more). Below
    // that it is reconnect work (scan, connect, discovery, subscribe), which on this 10x clock
    // costs ten times the machine's scheduling delays: 3.4 s was seen on a busy machine.
    expect(backAfterMs).toBeLessThan(downMs + OP_TIMEOUT_MS);
    await waitForDevice(m, 'gap', (g) => g.id === IMU && g.stream === 'acc', 10_000);
    await simSleep(4000);
    const back = await r.call<WorkoutView>('workout.get', {});
    expect(back.sensors.find((s) => s.id === IMU)?.state).toBe('connected');
  } else {
    await simSleep(20_000);
  }
  const mid = await r.call<WorkoutView>('workout.get', {});
  expect(mid.phase).toBe('set');
  await r.call('workout.endSet', {});
  const finished = await r.finish();
  expect(finished.phase).toBe('finished');
  const endAt = r.now();
  await r.stop();

  // ---- sent / received / stored ----
  const stored = readStored(r.dataDir, sessionId);
  const grid = {
    h10: countAgainstGrid(H10, r.received(H10), RATE_HZ[H10], r.originMs, r.gaps),
    imu: countAgainstGrid(IMU, r.received(IMU), RATE_HZ[IMU], r.originMs, r.gaps),
  };
  for (const g of Object.values(grid)) {
    expect(g.unmatched).toBe(0);
    expect(g.unexplainedJumps).toEqual([]);
  }
  // The strap-less H10 never dropped: one unbroken run; the IMU: two runs, or one if it never came back.
  expect(grid.h10.runs).toHaveLength(1);
  expect(grid.imu.runs).toHaveLength(downMs === null ? 1 : 2);
  // What the IMU had put on the air before the drop reached the engine (at most a packet in
  // flight). The bound is on the simulated clock: half a second of samples, plus whatever fell
  // due while the child took to act on the fault (the Bluetooth child stamps the drop with the
  // same clock). On a busy machine the child's timers run late, and at 10x every wall
  // millisecond of that is ten of simulated time in which the sensor had sent nothing yet.
  const kAtDrop = Math.floor(((injectAt - r.originMs) / 1000) * RATE_HZ[IMU]);
  const notDeliveredAtDrop = kAtDrop - grid.imu.runs[0].lastK;
  const childLagMs = Math.max(0, droppedAt - injectAt);
  expect(notDeliveredAtDrop).toBeLessThanOrEqual(RATE_HZ[IMU] / 2 + Math.ceil((childLagMs / 1000) * RATE_HZ[IMU]));

  expect(stored.acc[H10]).toBe(grid.h10.received);
  expect(stored.acc[IMU]).toBe(grid.imu.received);
  expect(stored.hr).toBe(r.hrReceived());
  // Stored times are the received ones, in order.
  const recvImu = r.received(IMU).map((s) => s.tMs);
  expect(stored.accTimes[IMU].length).toBe(recvImu.length);
  for (let i = 0; i < recvImu.length; i += 97) expect(Math.abs(stored.accTimes[IMU][i] - recvImu[i])).toBeLessThan(0.02);

  const imuGaps = stored.gaps.filter((g) => g.sensorId === IMU);
  expect(imuGaps.length).toBeGreaterThanOrEqual(1);
  const lastBefore = grid.imu.runs[0].lastMs;
  const gapSpan = Math.max(...imuGaps.map((g) => g.toMs - g.fromMs));
  if (downMs !== null) {
    expect(gapSpan).toBeGreaterThanOrEqual(downMs);
    expect(imuGaps.some((g) => Math.abs(g.fromMs - lastBefore) < 1 && Math.abs(g.toMs - grid.imu.runs[1].firstMs) < 1)).toBe(true);
  } else {
    // Never came back: the hole runs from the last sample to the end of the session.
    expect(imuGaps.some((g) => Math.abs(g.fromMs - lastBefore) < 1 && g.toMs >= endAt - 2000)).toBe(true);
  }
  expect(stored.status).toBe('finished');
  expect(stored.sets).toHaveLength(1);
  expect(stored.sets[0].endedAt).not.toBeNull();

  recordFault({
    id,
    fault: label,
    expected: downMs === null
      ? 'set goes on with the other sensor and ends cleanly; the hole is stored from the last sample to the end; nothing received is lost'
      : 'set goes on; sensor reconnects by itself; the gap is stored; nothing received is lost; no hole where the link was up',
    happened: `set still running after the drop (phase ${mid.phase}), ended ${stored.sets[0].endedAt !== null ? 'cleanly' : 'OPEN'}; ` +
      (backAfterMs !== null ? `IMU back after ${(backAfterMs / 1000).toFixed(1)} s (simulated), ` : 'IMU never back, ') +
      `${imuGaps.length} gap row(s) stored, longest ${(gapSpan / 1000).toFixed(1)} s; session ${stored.status}`,
    samples: {
      'H10 acc': { sent: grid.h10.sent, received: grid.h10.received, stored: stored.acc[H10] },
      'IMU acc': { sent: grid.imu.sent, received: grid.imu.received, stored: stored.acc[IMU] },
      'H10 HR': { sent: null, received: r.hrReceived(), stored: stored.hr },
    },
    figures: {
      speed: SPEED,
      reconnectAfterSimS: backAfterMs === null ? null : +(backAfterMs / 1000).toFixed(2),
      imuSamplesInFlightAtDrop: notDeliveredAtDrop,
      childLagAtDropSimMs: Math.round(childLagMs),
    },
    passed: true,
  });
}

describe('fault: a sensor drops mid-set', () => {
  it('comes back after 5 s', () => dropout('sensor-drop-5s', 'IMU link lost mid-set, back after 5 s', 5000), 90_000);
  it('comes back after 60 s (10x clock)', () => dropout('sensor-drop-60s', 'IMU link lost mid-set, back after 60 s', 60_000), 120_000);
  it('never comes back', () => dropout('sensor-drop-never', 'IMU link lost mid-set, never back', null), 90_000);
});
