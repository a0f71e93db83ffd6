/**
 * The device manager with its real child process (forked, tsx), the real noble core and the
 * simulator inside: several sensors at once, link loss then automatic reconnection with a
 * gap, the child killed then restarted with the sensors reconnected, a hung child replaced,
 * remembered sensors connecting by themselves. Samples are checked against the signal the
 * simulator replays: every value right, none repeated or reordered, every hole inside a gap.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceManager, type AccReading, type DeviceManagerEvents, type Gap } from '../../../src/engine/bluetooth/device-manager';
import { InMemoryDeviceMemory } from '../../../src/engine/bluetooth/device-memory';
import { SyntheticMotion, type AccSource } from '../../../src/engine/bluetooth/sim/sources';

const H10 = 'a0de5e000010';
const IMU = 'a0de5e000030';
const SPEED = 2;

let manager: DeviceManager | null = null;
afterEach(async () => {
  await manager?.close();
  manager = null;
});

function waitFor<K extends keyof DeviceManagerEvents>(
  m: DeviceManager,
  event: K,
  pred: (...args: DeviceManagerEvents[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<DeviceManagerEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      m.off(event, on as never);
      reject(new Error(`no "${String(event)}" within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (...args: DeviceManagerEvents[K]) => {
      if (!pred(...args)) return;
      clearTimeout(timer);
      m.off(event, on as never);
      resolve(args);
    };
    m.on(event, on as never);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collect(m: DeviceManager) {
  const acc = new Map<string, AccReading[]>();
  const gaps: Gap[] = [];
  const log: string[] = [];
  m.on('acc', ({ id, samples }) => {
    const list = acc.get(id) ?? [];
    list.push(...samples);
    acc.set(id, list);
  });
  m.on('gap', (g) => gaps.push(g));
  for (const ev of ['connected', 'disconnected', 'reconnecting', 'process-down'] as const) m.on(ev, (x: unknown) => log.push(`${ev} ${JSON.stringify(x)}`));
  return { acc, gaps, log };
}

/** Waits until each sensor has streamed `n` more samples (instead of sleeping and hoping). */
async function moreSamples(acc: Map<string, AccReading[]>, ids: string[], n: number): Promise<void> {
  const from = new Map(ids.map((id) => [id, acc.get(id)?.length ?? 0]));
  await vi.waitFor(() => {
    for (const id of ids) expect((acc.get(id)?.length ?? 0) - (from.get(id) ?? 0), `${id} samples`).toBeGreaterThanOrEqual(n);
  }, { timeout: 15_000, interval: 20 });
}

/**
 * Matches every received sample to the simulator's sample grid (k / rate of replay time):
 * values must be the replayed ones; k must only grow; a jump in k must sit inside a gap.
 */
function checkAgainstReplay(id: string, samples: AccReading[], source: AccSource, rateHz: number, originMs: number, gaps: Gap[]) {
  const tol = 0.0006; // mG (H10) or int16 at 8 g (IMU) rounding
  const matches = (k: number, s: AccReading) => {
    const v = source.at(k / rateHz);
    return Math.abs(v.x - s.x) <= tol && Math.abs(v.y - s.y) <= tol && Math.abs(v.z - s.z) <= tol;
  };
  // A candidate must match this sample and the next ones (at rest the signal is only small
  // noise, and a single match could be chance).
  const confirmed = (c: number, i: number) => {
    for (let j = 0; j < 8 && i + j < samples.length; j++) {
      // Only within one run of samples (a gap ends the run).
      if (j > 0 && samples[i + j].tMs - samples[i + j - 1].tMs > 1.5 * (1000 / rateHz)) break;
      if (!matches(c + j, samples[i + j])) return false;
    }
    return true;
  };
  let prevK = -1;
  let jumps = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    let k = prevK + 1;
    if (prevK < 0 || !confirmed(k, i)) {
      const est = Math.round(((s.tMs - originMs) / 1000) * rateHz);
      let found = -1;
      for (let d = 0; d <= 400 && found < 0; d++) {
        for (const c of [est - d, est + d]) if (c > prevK && confirmed(c, i)) found = c;
      }
      expect(found, `sample ${i} at ${s.tMs} matches no replayed sample after k=${prevK}`).toBeGreaterThan(prevK);
      k = found;
      if (prevK >= 0) {
        jumps++;
        const before = samples[i - 1].tMs;
        // The hole lies inside a reported gap.
        expect(gaps.some((g) => g.stream === 'acc' && g.id === id && g.startMs <= before + 1e-6 && g.endMs >= s.tMs - 1e-6), `${id}: jump ${prevK} -> ${k} between ${before} and ${s.tMs}, outside every gap ${JSON.stringify(gaps)}`).toBe(true);
      }
    }
    prevK = k;
  }
  return { jumps, lastK: prevK };
}

describe('device manager with the Bluetooth child process', () => {
  it('streams two sensors, survives a link loss and a killed child, and reconnects both', async () => {
    const originMs = Date.now();
    const memory = new InMemoryDeviceMemory();
    const m = (manager = new DeviceManager({
      backend: 'simulator',
      sim: { speed: SPEED, originMs, devices: [{ kind: 'polar-pmd', id: H10, name: 'Polar H10 TEST0001', signal: 'loop' }, { kind: 'generic-imu', id: IMU, name: 'SetBeat IMU ankle', signal: 'loop' }] },
      memory,
      reconnect: { initialMs: 500, maxMs: 4000 },
      process: { restartInitialMs: 300 },
    }));
    const got = collect(m);
    m.start();
    await waitFor(m, 'status', (s) => s.usable, 15_000);
    expect(m.status()).toMatchObject({ state: 'demo', backend: 'simulator' });
    const seen = Promise.all([waitFor(m, 'device-found', (d) => d.id === H10), waitFor(m, 'device-found', (d) => d.id === IMU)]);
    await m.startScan();
    await seen;
    await m.connect(H10);
    await m.connect(IMU);
    await m.stopScan();
    expect(m.list().filter((d) => d.state === 'connected').map((d) => d.id).sort()).toEqual([H10, IMU]);
    expect(memory.list().map((d) => d.id).sort()).toEqual([H10, IMU]);
    await moreSamples(got.acc, [H10, IMU], 150);
    await vi.waitFor(() => expect(m.list().find((d) => d.id === H10)?.battery).toBe(87), { timeout: 10_000, interval: 20 });

    // Link loss on the strap: reported, retried with back-off, reconnected, gap marked.
    const gapH10 = waitFor(m, 'gap', (g) => g.id === H10 && g.stream === 'acc', 15_000);
    const back = waitFor(m, 'connected', (d) => d.id === H10 && d.reconnected, 15_000);
    const lost = waitFor(m, 'disconnected', (d) => d.id === H10);
    await m.injectFault({ kind: 'link-loss', deviceId: H10, downMs: 2500 });
    const [down] = await lost;
    expect(down).toMatchObject({ willReconnect: true, reason: expect.stringMatching(/timeout/) });
    await back;
    const [gap] = await gapH10;
    expect(gap.endMs - gap.startMs).toBeGreaterThan(2000);
    expect(got.log.some((l) => l.startsWith('reconnecting') && l.includes(H10))).toBe(true);
    await moreSamples(got.acc, [H10, IMU], 150);

    // Kill the Bluetooth process: both sensors come back after the restart.
    const pid = m.processId;
    expect(pid).toBeTypeOf('number');
    const bothBack = Promise.all([
      waitFor(m, 'connected', (d) => d.id === H10 && d.reconnected, 20_000),
      waitFor(m, 'connected', (d) => d.id === IMU && d.reconnected, 20_000),
    ]);
    const crashGaps = Promise.all([waitFor(m, 'gap', (g) => g.id === H10 && g.stream === 'acc', 20_000), waitFor(m, 'gap', (g) => g.id === IMU, 20_000)]);
    process.kill(pid!, 'SIGKILL');
    const [downInfo] = await waitFor(m, 'process-down');
    expect(downInfo.reason).toMatch(/SIGKILL/);
    expect(m.status().state).toBe('crashed');
    await bothBack;
    await crashGaps;
    expect(m.processId).not.toBe(pid);
    expect(m.status().usable).toBe(true);
    await moreSamples(got.acc, [H10, IMU], 150);
    // Enough in all for the counts below to say something (they are not the point of the wait).
    await vi.waitFor(() => expect((got.acc.get(H10)?.length ?? 0) > 1000 && (got.acc.get(IMU)?.length ?? 0) > 500).toBe(true), { timeout: 15_000, interval: 20 });
    await m.close();
    manager = null;

    const motion = new SyntheticMotion();
    const h10 = got.acc.get(H10) ?? [];
    const imu = got.acc.get(IMU) ?? [];
    const a = checkAgainstReplay(H10, h10, motion, 200, originMs, got.gaps);
    const b = checkAgainstReplay(IMU, imu, motion, 100, originMs, got.gaps);
    expect(a.jumps).toBeGreaterThanOrEqual(2); // link loss + crash
    expect(b.jumps).toBeGreaterThanOrEqual(1); // crash
    expect(h10.length).toBeGreaterThan(1000);
    expect(imu.length).toBeGreaterThan(500);
    // Times only move forward.
    for (const [name, list] of [['h10', h10], ['imu', imu]] as const) {
      for (let i = 1; i < list.length; i++) {
        expect(list[i].tMs, `${name} sample ${i}: ${JSON.stringify(list.slice(Math.max(0, i - 3), i + 2).map((x) => x.tMs))} gaps ${JSON.stringify(got.gaps)}`).toBeGreaterThan(list[i - 1].tMs);
      }
    }
  });

  it('replaces a hung Bluetooth process after the missed heartbeats', async () => {
    const m = (manager = new DeviceManager({
      backend: 'simulator',
      sim: { speed: 1, devices: [{ kind: 'hr-strap', id: 'a0de5e000020', name: 'Strap' }] },
      process: { heartbeatMs: 300, heartbeatTimeoutMs: 1200, restartInitialMs: 200 },
    }));
    m.start();
    await waitFor(m, 'status', (s) => s.usable, 15_000);
    const pid = m.processId;
    const down = waitFor(m, 'process-down', () => true, 10_000);
    await m.debugChild('hang');
    const [info] = await down;
    expect(info.reason).toMatch(/stopped answering/);
    await waitFor(m, 'status', (s) => s.usable, 15_000);
    expect(m.processId).not.toBe(pid);
    expect(m.processRestarts).toBe(1);
  });

  it('connects a remembered sensor by itself when it is seen', async () => {
    const memory = new InMemoryDeviceMemory([{ id: 'a0de5e000020', name: 'Strap', kind: 'hr-strap' }]);
    const m = (manager = new DeviceManager({
      backend: 'simulator',
      sim: { speed: 1, devices: [{ kind: 'hr-strap', id: 'a0de5e000020', name: 'Strap' }] },
      memory,
    }));
    expect(m.list()).toMatchObject([{ id: 'a0de5e000020', remembered: true, state: 'disconnected' }]);
    const connected = waitFor(m, 'connected', (d) => d.id === 'a0de5e000020', 15_000);
    m.start();
    await connected;
    const [hr] = await waitFor(m, 'hr', ({ id }) => id === 'a0de5e000020', 5000);
    expect(hr.samples[0].bpm).toBeGreaterThan(50);
    expect(hr.samples[0].contact).toBe(true);
    // Forgetting it disconnects and drops it from memory.
    await m.forget('a0de5e000020');
    expect(memory.list()).toEqual([]);
  });

  it('retries a sensor that stays away with exponential back-off', async () => {
    const STRAP = 'a0de5e000020';
    const m = (manager = new DeviceManager({
      backend: 'simulator',
      sim: { speed: 4, devices: [{ kind: 'hr-strap', id: STRAP, name: 'Strap' }] },
      connectTimeoutMs: 400,
      reconnect: { initialMs: 250, maxMs: 1000 },
    }));
    const steps: { attempt: number; delayMs: number }[] = [];
    m.on('reconnecting', ({ attempt, delayMs }) => steps.push({ attempt, delayMs }));
    m.start();
    await waitFor(m, 'status', (s) => s.usable, 15_000);
    const seen = waitFor(m, 'device-found', (d) => d.id === STRAP);
    await m.startScan();
    await seen;
    await m.connect(STRAP);
    await m.stopScan();
    const fifth = waitFor(m, 'reconnecting', (r) => r.attempt === 5, 15_000);
    await m.injectFault({ kind: 'link-loss', deviceId: STRAP, downMs: 60_000 });
    await fifth;
    expect(steps.slice(0, 5)).toEqual([
      { attempt: 1, delayMs: 250 },
      { attempt: 2, delayMs: 500 },
      { attempt: 3, delayMs: 1000 },
      { attempt: 4, delayMs: 1000 },
      { attempt: 5, delayMs: 1000 },
    ]);
    const view = m.list().find((d) => d.id === STRAP);
    expect(view).toMatchObject({ state: 'reconnecting', remembered: true });
    expect(view?.lastError).toMatch(/did not answer within 400 ms/);
  });

  it('reports an unreadable recording as the status instead of crash-looping', async () => {
    const m = (manager = new DeviceManager({
      backend: 'simulator',
      sim: { devices: [{ kind: 'polar-pmd', id: H10, accFile: '/nonexistent/recording.acc.csv' }] },
    }));
    m.start();
    const [status] = await waitFor(m, 'status', (s) => s.state !== 'starting', 15_000);
    expect(status).toMatchObject({ state: 'no-adapter', usable: false, backend: 'simulator' });
    expect(status.message).toMatch(/Demo sensors could not start: cannot read \/nonexistent\/recording\.acc\.csv/);
    await sleep(1000);
    expect(m.processRestarts).toBe(0);
  });
});
