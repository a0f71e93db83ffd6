/** In-process rig: the real noble core over the simulator binding, driven by a manual clock. */
import { BluetoothService } from '../../../src/engine/bluetooth/service';
import { ManualClock } from '../../../src/engine/bluetooth/clock';
import { nobleWithBindings } from '../../../src/engine/bluetooth/noble-loader';
import { createSimulation } from '../../../src/engine/bluetooth/sim/factory';
import { recogniseSensorKind, startSensorDriver } from '../../../src/engine/bluetooth/drivers';
import type { ChildMessage, SimDeviceSpec } from '../../../src/engine/bluetooth/ipc';

export const ORIGIN_MS = Date.UTC(2026, 10, 26, 10, 0, 0);

/** Lets setImmediate chains (noble answers through them) run until cond holds. */
export async function settle(cond: () => boolean = () => false, rounds = 200): Promise<void> {
  for (let i = 0; i < rounds && !cond(); i++) await new Promise<void>((r) => setImmediate(r));
}

export function rig(devices: SimDeviceSpec[], opts: { opTimeoutMs?: number; startMs?: number } = {}) {
  // A later start with the same origin is a restarted Bluetooth process: the replay goes on.
  const clock = new ManualClock(opts.startMs ?? ORIGIN_MS);
  // The fixed-cycle signal: these tests compare what arrives with what the source gives at each time.
  const sim = createSimulation({ clock, originMs: ORIGIN_MS, devices: devices.map((d) => ({ signal: 'loop', ...d })) });
  const noble = nobleWithBindings(sim);
  const messages: ChildMessage[] = [];
  const service = new BluetoothService({
    noble,
    backend: 'simulator',
    clock,
    send: (m) => messages.push(m),
    startSensor: startSensorDriver,
    recognise: recogniseSensorKind,
    sim,
    batchMs: 100,
    opTimeoutMs: opts.opTimeoutMs ?? 2000,
  });
  const advance = (ms: number) => clock.advance(ms, () => settle());
  /** Runs a request while moving the clock in small steps until it settles. */
  async function request<T = unknown>(body: Parameters<BluetoothService['handle']>[0], stepMs = 20, maxMs = 30_000): Promise<T> {
    let done = false;
    let value: unknown;
    let error: unknown;
    service.handle(body).then(
      (v) => ((done = true), (value = v)),
      (e: unknown) => ((done = true), (error = e)),
    );
    for (let t = 0; t <= maxMs && !done; t += stepMs) {
      await settle(() => done, 50);
      if (!done) await advance(stepMs);
    }
    if (!done) throw new Error(`request ${body.op} did not finish within ${maxMs} ms of clock time`);
    if (error) throw error;
    return value as T;
  }
  const of = <K extends ChildMessage['t']>(t: K) => messages.filter((m): m is Extract<ChildMessage, { t: K }> => m.t === t);
  /** All acc samples of a device, in arrival order: [tMs, x, y, z][]. */
  const acc = (id: string) => {
    const out: [number, number, number, number][] = [];
    for (const b of of('batch')) if (b.deviceId === id) for (let i = 0; i < b.acc.length; i += 4) out.push([b.acc[i], b.acc[i + 1], b.acc[i + 2], b.acc[i + 3]]);
    return out;
  };
  const rr = (id: string) => {
    const out: [number, number][] = [];
    for (const b of of('batch')) if (b.deviceId === id) for (let i = 0; i < b.rr.length; i += 2) out.push([b.rr[i], b.rr[i + 1]]);
    return out;
  };
  const hr = (id: string) => {
    const out: [number, number, number][] = [];
    for (const b of of('batch')) if (b.deviceId === id) for (let i = 0; i < b.hr.length; i += 3) out.push([b.hr[i], b.hr[i + 1], b.hr[i + 2]]);
    return out;
  };
  return { clock, sim, noble, service, messages, advance, request, of, acc, rr, hr };
}
