/**
 * Soak: 8 simulated hours (SOAK_HOURS) of the demo sensors (Polar H10: HR + 200 Hz ACC, and
 * the 100 Hz ankle IMU) streaming through the real Bluetooth child into one recording
 * session of a real engine and SQLite file, on a clock SOAK_SPEED (default 100) times faster
 * than the wall, so it takes about 5 minutes. Sets start and end every few simulated minutes;
 * a fault every SOAK_FAULT_MIN (default 5) simulated minutes, in turn: a link loss of one
 * sensor (20 s), the Bluetooth child SIGKILLed, a burst of junk notifications at 10x.
 *
 * Prints, over time: memory (rss, heap) of the engine process and of the Bluetooth child,
 * database size; at the end: samples sent (the simulator's replay grid), received, stored,
 * lost where the link was up (must be 0), and the time to recover from each kind of fault.
 * Not part of `npm test`; nothing here asserts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEngine } from '../src/engine/create';
import type { DeviceManager, Gap } from '../src/engine/bluetooth/index';
import { DEFAULT_DEMO_DEVICES, DEMO_IDS } from '../src/engine/bluetooth/index';
import { SyntheticMotion } from '../src/engine/bluetooth/sim/sources';
import { openStore } from '../src/engine/store/index';
import type { WorkoutView } from '../src/shared/commands/workout';
import type { CommandName } from '../src/shared/contract';

const HOURS = Number(process.env.SOAK_HOURS ?? 8);
const SPEED = Number(process.env.SOAK_SPEED ?? 100);
const FAULT_EVERY_MIN = Number(process.env.SOAK_FAULT_MIN ?? 5);
const SET_TOGGLE_MIN = 3;
const REPORT_EVERY_MIN = 30;
const H10 = DEMO_IDS.h10;
const IMU = DEMO_IDS.imu;
const RATE: Record<string, number> = { [H10]: 200, [IMU]: 100 };

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function childRssBytes(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function dbBytes(dataDir: string): number {
  let n = 0;
  for (const f of fs.readdirSync(dataDir)) if (f.startsWith('setbeat.db')) n += fs.statSync(path.join(dataDir, f)).size;
  return n;
}

/**
 * Streaming version of the replay-grid accounting (test/faults/replay-grid.ts): each sample
 * is identified as grid sample k of the simulator's SyntheticMotion by its values, with a
 * short look-ahead to confirm a new position after a hole. A hole not covered by a reported
 * gap counts as samples lost while the link was up.
 */
class GridCounter {
  private readonly motion = new SyntheticMotion();
  private pending: { tMs: number; x: number; y: number; z: number }[] = [];
  private prevK = -1;
  private prevMs = 0;
  private runStartK = 0;
  sent = 0;
  received = 0;
  lostWhileUp = 0;
  unmatched = 0;
  constructor(
    private readonly id: string,
    private readonly rate: number,
    private readonly originMs: number,
    private readonly gaps: Gap[],
  ) {}

  private matches(k: number, s: { x: number; y: number; z: number }): boolean {
    const v = this.motion.at(k / this.rate);
    return Math.abs(v.x - s.x) <= 0.0006 && Math.abs(v.y - s.y) <= 0.0006 && Math.abs(v.z - s.z) <= 0.0006;
  }

  push(samples: readonly { tMs: number; x: number; y: number; z: number }[]): void {
    for (const s of samples) this.pending.push(s);
    this.drain(false);
  }

  finish(): void {
    this.drain(true);
    if (this.prevK >= 0) this.sent += this.prevK - this.runStartK + 1;
  }

  private drain(all: boolean): void {
    let i = 0;
    const p = this.pending;
    for (; i < p.length; i++) {
      const s = p[i];
      // The next grid sample, unless time jumped (after a hole the first sample can match the
      // next grid value by chance at rest: it is then placed with look-ahead like any other).
      if (this.prevK >= 0 && s.tMs - this.prevMs < 5000 / this.rate && this.matches(this.prevK + 1, s)) {
        this.prevK++;
        this.prevMs = s.tMs;
        this.received++;
        continue;
      }
      if (p.length - i < 6) {
        if (!all) break; // wait for enough look-ahead
        // The last few samples of the run: too few to place with confidence.
        this.unmatched += p.length - i;
        i = p.length;
        break;
      }
      const est = Math.round(((s.tMs - this.originMs) / 1000) * this.rate);
      let found = -1;
      for (let d = 0; d <= 600 && found < 0; d++) {
        for (const c of [est - d, est + d]) {
          if (found >= 0 || c <= this.prevK) continue;
          let ok = true;
          for (let j = 0; j < 6 && i + j < p.length && ok; j++) ok = this.matches(c + j, p[i + j]);
          if (ok) found = c;
        }
      }
      if (found < 0) {
        this.unmatched++;
        continue;
      }
      if (found === this.prevK + 1) {
        // Contiguous after all (only the time stepped): the same run goes on.
        this.prevK = found;
        this.prevMs = s.tMs;
        this.received++;
        continue;
      }
      if (this.prevK >= 0) {
        this.sent += this.prevK - this.runStartK + 1;
        const covered = this.gaps.some((g) => g.id === this.id && g.stream === 'acc' && g.startMs <= this.prevMs + 1e-6 && g.endMs >= s.tMs - 1e-6);
        if (!covered) {
          this.lostWhileUp += found - this.prevK - 1;
          if (process.env.SOAK_DEBUG) console.log(`  uncovered hole ${this.id}: k ${this.prevK} -> ${found}, ${this.prevMs - this.originMs} -> ${s.tMs - this.originMs} ms; gaps ${JSON.stringify(this.gaps.filter((g) => g.id === this.id).map((g) => [g.stream, g.startMs - this.originMs, g.endMs - this.originMs]))}`);
        }
      }
      this.runStartK = found;
      this.prevK = found;
      this.prevMs = s.tMs;
      this.received++;
    }
    this.pending = p.slice(i);
  }
}

export default async function soak(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-soak-'));
  const engine = createEngine({ dataDir, transport: 'web' });
  const originMs = Date.now();
  const wallStart = Date.now();
  // The demo sensors on the fixed-cycle signal: every sample is placed on SyntheticMotion's grid
  // (the default simulated athlete follows the workout, and its samples match no grid: all were
  // counted unmatched).
  const sim = { speed: SPEED, originMs, devices: DEFAULT_DEMO_DEVICES.map((d) => ({ ...d, signal: 'loop' as const })) };
  await engine.startBluetooth('demo', sim);
  let m: DeviceManager | null = null;
  engine.onDevices((d) => (m = d));
  if (!m) throw new Error('no device manager');
  const dm: DeviceManager = m;
  const call = async <T>(command: CommandName, params: unknown = {}): Promise<T> => {
    const r = await engine.router.call(command, params);
    if (!r.ok) throw new Error(`${command}: ${r.error.message}`);
    return r.result as T;
  };
  const waitFor = async (cond: () => boolean, wallMs: number): Promise<boolean> => {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > wallMs) return false;
      await sleep(5);
    }
    return true;
  };

  const gaps: Gap[] = [];
  const grids = new Map<string, GridCounter>([H10, IMU].map((id) => [id, new GridCounter(id, RATE[id], originMs, gaps)]));
  let recording = false;
  let hrReceived = 0;
  let parseErrors = 0;
  const connectedAt = new Map<string, number>();
  dm.on('gap', (g) => gaps.push(g));
  dm.on('acc', ({ id, samples }) => {
    if (recording) grids.get(id)?.push(samples);
  });
  dm.on('hr', ({ samples }) => {
    if (recording) for (const s of samples) if (s.bpm > 0) hrReceived++;
  });
  dm.on('parse-error', ({ count }) => (parseErrors += count));
  dm.on('connected', (d) => connectedAt.set(d.id, dm.clock.now()));

  await waitFor(() => dm.status().usable, 20_000);
  await call('workout.get');
  await call('devices.scan', { on: true });
  await waitFor(() => dm.list().filter((d) => d.id === H10 || d.id === IMU).length === 2, 20_000);
  for (const id of [H10, IMU]) await call('devices.connect', { id });
  await call('devices.scan', { on: false });

  recording = true;
  const begun = await call<WorkoutView>('workout.begin');
  const sessionId = begun.sessionId ?? -1;
  await call('workout.startSet');
  const simStart = dm.clock.now();
  const simEnd = simStart + HOURS * 3600_000;
  const recover: Record<string, number[]> = { 'link loss (20 s)': [], 'child SIGKILL': [], 'junk burst 10x': [] };
  const recoverWallMs: number[] = [];
  const notRecovered: Record<string, number> = { 'link loss (20 s)': 0, 'child SIGKILL': 0, 'junk burst 10x': 0 };
  let nextFault = simStart + FAULT_EVERY_MIN * 60_000;
  let nextToggle = simStart + SET_TOGGLE_MIN * 60_000;
  let nextReport = simStart;
  let faultNo = 0;
  let lastCrashWall = 0;
  let setToggles = 0;
  let peakRss = 0;
  let peakChildRss = 0;

  console.log(`soak: ${HOURS} simulated h at ${SPEED}x (~${((HOURS * 3600) / SPEED / 60).toFixed(1)} min), fault every ${FAULT_EVERY_MIN} simulated min, data in ${dataDir}`);
  console.log('  sim time | engine rss | engine heap | BT child rss | database | acc received | BT restarts');
  while (dm.clock.now() < simEnd) {
    const now = dm.clock.now();
    if (now >= nextReport) {
      const mem = process.memoryUsage();
      const child = childRssBytes(dm.processId);
      peakRss = Math.max(peakRss, mem.rss);
      peakChildRss = Math.max(peakChildRss, child ?? 0);
      const recv = [...grids.values()].reduce((a, g) => a + g.received, 0);
      console.log(
        `  ${((now - simStart) / 3600_000).toFixed(1).padStart(5)} h | ${mb(mem.rss).padStart(7)} MB | ${mb(mem.heapUsed).padStart(8)} MB | ${(child ? `${mb(child)} MB` : '–').padStart(12)} | ${mb(dbBytes(dataDir)).padStart(5)} MB | ${String(recv).padStart(12)} | ${dm.processRestarts}`,
      );
      nextReport += REPORT_EVERY_MIN * 60_000;
    }
    if (now >= nextToggle) {
      nextToggle += SET_TOGGLE_MIN * 60_000;
      try {
        const v = await call<WorkoutView>('workout.get');
        if (v.phase === 'set') await call('workout.endSet');
        else {
          if (v.current === null) await call('workout.repeat');
          await call('workout.startSet');
        }
        setToggles++;
      } catch {
        // A refused toggle (say mid-rest countdown edge) is retried at the next one.
      }
    }
    if (now >= nextFault) {
      nextFault += FAULT_EVERY_MIN * 60_000;
      let kind = (['link loss (20 s)', 'child SIGKILL', 'junk burst 10x'] as const)[faultNo++ % 3];
      // The supervisor judges a child stable after 30 s of WALL time and backs off restarts
      // otherwise; at 100x a crash every few simulated minutes would be a crash loop to it. So
      // crashes keep at least 35 s of wall time apart, as they would in real use.
      if (kind === 'child SIGKILL' && Date.now() - lastCrashWall < 35_000) kind = 'link loss (20 s)';
      if (kind === 'child SIGKILL') lastCrashWall = Date.now();
      const t0 = dm.clock.now();
      try {
        if (kind === 'link loss (20 s)') {
          const id = faultNo % 2 === 0 ? H10 : IMU;
          await dm.injectFault({ kind: 'link-loss', deviceId: id, downMs: 20_000 });
          const ok = await waitFor(() => (connectedAt.get(id) ?? 0) > t0 + 20_000, (120_000 / SPEED) * 10);
          if (ok) recover[kind].push(((connectedAt.get(id) ?? t0) - t0) / 1000);
          else notRecovered[kind]++;
        } else if (kind === 'child SIGKILL') {
          const pid = dm.processId;
          if (pid) process.kill(pid, 'SIGKILL');
          const ok = await waitFor(() => [H10, IMU].every((id) => (connectedAt.get(id) ?? 0) > t0), 60_000);
          if (ok) {
            recover[kind].push((Math.max(...[H10, IMU].map((id) => connectedAt.get(id) ?? t0)) - t0) / 1000);
            recoverWallMs.push(Date.now() - lastCrashWall);
          }
          else notRecovered[kind]++;
        } else {
          await dm.injectFault({ kind: 'garbage', deviceId: H10, count: 200, extraPerNotification: 9 });
          recover[kind].push(0);
        }
      } catch (err) {
        notRecovered[kind]++;
        console.log(`  fault ${kind} at ${((t0 - simStart) / 60_000).toFixed(0)} min failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    await sleep(20);
  }
  await call('workout.finish');
  recording = false;
  for (const g of grids.values()) g.finish();
  const wallS = (Date.now() - wallStart) / 1000;
  const finalRss = process.memoryUsage().rss;
  const finalChild = childRssBytes(dm.processId);
  await engine.close();

  const store = openStore(dataDir, { readonly: true });
  const stored: Record<string, number> = {};
  let storedHr = 0;
  try {
    for (const id of [H10, IMU]) {
      let n = 0;
      for (const c of store.iterateAcc(sessionId, id)) n += c.count;
      stored[id] = n;
    }
    for (const _ of store.iterateHeartRate(sessionId)) storedHr++;
  } finally {
    store.close();
  }
  console.log(`  finished: ${wallS.toFixed(0)} s wall for ${HOURS} simulated h; ${setToggles} set starts/ends, ${faultNo} faults, ${gaps.length} gaps`);
  console.log(`  memory: engine rss peak ${mb(peakRss)} MB (end ${mb(finalRss)} MB), Bluetooth child rss peak ${mb(peakChildRss)} MB (end ${finalChild ? mb(finalChild) : '–'} MB)`);
  console.log(`  database: ${mb(dbBytes(dataDir))} MB for ${HOURS} h (${mb(dbBytes(dataDir) / HOURS)} MB/h)`);
  for (const [id, name] of [[H10, 'H10 acc'], [IMU, 'IMU acc']] as const) {
    const g = grids.get(id)!;
    console.log(`  ${name}: sent while the link was up ${g.sent}, received ${g.received}, stored ${stored[id]}, lost while up ${g.lostWhileUp}, unmatched ${g.unmatched}`);
  }
  console.log(`  HR: received ${hrReceived}, stored ${storedHr}; junk notifications counted as parse errors: ${parseErrors}`);
  for (const [kind, list] of Object.entries(recover)) {
    const sorted = [...list].sort((a, b) => a - b);
    const med = sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
    const max = sorted.length ? sorted[sorted.length - 1] : NaN;
    console.log(`  recover from ${kind}: ${list.length} times, median ${med.toFixed(1)} s, worst ${max.toFixed(1)} s (simulated)${notRecovered[kind] ? `; NOT recovered ${notRecovered[kind]}` : ''}`);
  }
  if (recoverWallMs.length) console.log(`  child SIGKILL recovery in wall time (restart of the Node child + reconnect): median ${recoverWallMs.sort((a, b) => a - b)[Math.floor(recoverWallMs.length / 2)]} ms, worst ${recoverWallMs[recoverWallMs.length - 1]} ms`);
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await soak();
