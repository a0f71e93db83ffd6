/**
 * Bluetooth side: the engine process's CPU share while the simulated H10 streams 200 Hz
 * acceleration plus heart rate in real time through the child process (~10 s), the child's
 * own share (Linux /proc), messages and samples per second over the pipe, and the pipe's
 * request round-trip rate. Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import { DeviceManager } from '../src/engine/bluetooth/device-manager';
import { DEMO_IDS } from '../src/engine/bluetooth/sim/factory';
import { settledStatus } from '../src/engine/bluetooth/settled';

const STREAM_S = Number(process.env.BENCH_BT_SECONDS ?? 10);

/** utime+stime of a process in ms (Linux), or null elsewhere. */
function procCpuMs(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

async function streamPhase(speed: number, streamS: number, roundTrips: boolean): Promise<void> {
  const m = new DeviceManager({ backend: 'simulator', sim: { speed, devices: [{ kind: 'polar-pmd', id: DEMO_IDS.h10, name: 'Polar H10 BENCH' }] } });
  let acc = 0;
  let hr = 0;
  let accEvents = 0;
  m.on('acc', (b) => {
    acc += b.samples.length;
    accEvents++;
  });
  m.on('hr', (b) => (hr += b.samples.length));
  try {
    m.start();
    const status = await settledStatus(m, 15_000);
    if (!status.usable) throw new Error(`simulator did not start: ${status.message}`);
    const seen = new Promise<void>((resolve) => m.on('device-found', (d) => d.id === DEMO_IDS.h10 && resolve()));
    await m.startScan();
    await seen;
    await m.connect(DEMO_IDS.h10);
    await m.stopScan();
    await new Promise((r) => setTimeout(r, 1000)); // let the stream settle

    const msgs0 = m.pipeStats().messagesReceived;
    const acc0 = acc;
    const hr0 = hr;
    const ev0 = accEvents;
    const child0 = procCpuMs(m.processId);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, streamS * 1000));
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const child1 = procCpuMs(m.processId);
    const engineMs = (cpu.user + cpu.system) / 1000;
    const s = wallMs / 1000;
    console.log(`streamed ${s.toFixed(1)} s of simulated H10 (200 Hz ACC + HR) at ${speed === 1 ? 'real time' : `${speed}x real time`} through the child process`);
    console.log(`  engine (parent) CPU: ${engineMs.toFixed(0)} ms = ${((engineMs / wallMs) * 100).toFixed(2)} % of one core`);
    if (child0 !== null && child1 !== null) {
      console.log(`  Bluetooth child CPU (noble core + simulator + driver): ${(child1 - child0).toFixed(0)} ms = ${(((child1 - child0) / wallMs) * 100).toFixed(2)} % of one core`);
    }
    console.log(`  pipe: ${((m.pipeStats().messagesReceived - msgs0) / s).toFixed(1)} messages/s, ${((acc - acc0) / s).toFixed(0)} acc samples/s in ${((accEvents - ev0) / s).toFixed(1)} batches/s, ${((hr - hr0) / s).toFixed(2)} HR samples/s`);

    if (!roundTrips) return;
    // Pipe round trips: many small requests in flight at once.
    const N = 5000;
    const q0 = performance.now();
    await Promise.all(Array.from({ length: N }, () => m.queryStatus()));
    const qMs = performance.now() - q0;
    console.log(`  request/response over the pipe: ${N} in ${qMs.toFixed(0)} ms = ${((N / qMs) * 1000).toFixed(0)} round trips/s (${((2 * N) / qMs * 1000).toFixed(0)} messages/s)`);
  } finally {
    await m.close();
  }
}

export default async function bench(): Promise<void> {
  await streamPhase(1, STREAM_S, true);
  // Headroom: the same stream ten times faster (2000 samples/s).
  await streamPhase(10, Math.max(2, STREAM_S / 2), false);
}
