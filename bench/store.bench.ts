/**
 * Store figures: a 2-hour session of 200 Hz 3-axis acceleration + 1 Hz HR + RR written in
 * simulated real time (one flush per simulated second, as the live writer does), the CPU it
 * costs against the 7,200 s it represents, bytes per hour, listing 10,000 sessions, and
 * reading one 2-hour session back for a chart. Prints figures; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openStore } from '../src/engine/store/index';
import { packAccChunk, unpackAccChunk } from '../src/core/chunks/acc-chunk';

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown, runs = 15): number {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return median(out);
}

function dirBytes(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

export default async function storeBench(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bench-'));
  try {
    // ---- 1. two hours, simulated clock ------------------------------------------------------
    const dir = path.join(tmp, 'long');
    const store = openStore(dir);
    const T0 = Date.UTC(2026, 10, 26, 7, 0, 0);
    let simNow = T0;
    const w = store.beginSession({ name: 'Bench 2 h', startedAt: T0 }, { autoFlush: false, now: () => simNow, checkpointIntervalMs: 60_000 });
    const SECONDS = 7200;
    const HZ = 200;
    let samples = 0;
    let storeCpu = 0;
    let worstFlushMs = 0;
    let beat = T0;
    const frame = new Array(50);
    for (let sec = 0; sec < SECONDS; sec++) {
      // Four BLE frames of 50 samples each second, one HR notification with ~1-2 RR intervals.
      const c0 = cpuMs();
      for (let f = 0; f < 4; f++) {
        for (let i = 0; i < 50; i++) {
          const k = sec * HZ + f * 50 + i;
          frame[i] = { tMs: T0 + k * 5, x: Math.sin(k / 40) * 0.8, y: Math.cos(k / 55) * 0.3 - 1, z: 0.1 * Math.sin(k / 7) };
        }
        w.addAcc('polar-h10', frame);
        samples += 50;
      }
      const bpm = 95 + Math.round(40 * Math.sin(sec / 400));
      w.addHr({ tMs: T0 + sec * 1000, bpm, contact: true });
      while (beat < T0 + (sec + 1) * 1000) {
        const rr = 60_000 / bpm;
        beat += rr;
        w.addRr({ tMs: beat, rrMs: rr });
      }
      samples += 1;
      simNow = T0 + (sec + 1) * 1000;
      const f0 = performance.now();
      w.flush();
      worstFlushMs = Math.max(worstFlushMs, performance.now() - f0);
      storeCpu += cpuMs() - c0;
    }
    const c0 = cpuMs();
    w.finish(T0 + SECONDS * 1000);
    storeCpu += cpuMs() - c0;
    const walBytes = dirBytes(dir) - fs.statSync(store.path).size;
    store.close(); // checkpoints the WAL back into the file
    const bytes = dirBytes(dir);
    console.log(`2 h session, 200 Hz 3-axis + 1 Hz HR + RR, one flush per simulated second:`);
    console.log(`  samples written            ${samples.toLocaleString('en')} (${(samples / SECONDS).toFixed(0)}/s of session)`);
    console.log(`  CPU spent storing          ${(storeCpu / 1000).toFixed(2)} s for ${SECONDS} s of session = ${((100 * storeCpu) / (SECONDS * 1000)).toFixed(3)} % of one core`);
    console.log(`  sustained write rate       ${Math.round(samples / (storeCpu / 1000)).toLocaleString('en')} samples/s (CPU-bound, one core)`);
    console.log(`  slowest flush              ${worstFlushMs.toFixed(2)} ms`);
    console.log(`  database size              ${(bytes / 1e6).toFixed(2)} MB = ${(bytes / 2 / 1e6).toFixed(2)} MB per hour (${(bytes / (SECONDS * HZ)).toFixed(2)} bytes per acc sample, all tables and indexes)`);
    console.log(`  WAL file while recording   ${(walBytes / 1e6).toFixed(2)} MB (bounded by wal_autocheckpoint + periodic PASSIVE checkpoint)`);

    // ---- 2. reading the 2 h session back ----------------------------------------------------
    const id = w.sessionId;
    const store2 = openStore(dir);
    console.log(`Read back (median of 15):`);
    console.log(`  HR series for a chart      ${time(() => store2.hrSeries(id, 1000)).toFixed(2)} ms (7,200 samples -> ${store2.hrSeries(id, 1000).tMs.length} points)`);
    console.log(`  all HR rows, streamed      ${time(() => [...store2.iterateHeartRate(id)].length).toFixed(2)} ms`);
    console.log(`  session detail             ${time(() => store2.getSession(id)).toFixed(3)} ms`);
    const accMs = time(() => {
      let n = 0;
      for (const c of store2.iterateAcc(id)) n += c.count;
      return n;
    }, 3);
    console.log(`  all 1.44 M acc samples     ${accMs.toFixed(0)} ms (${((SECONDS * HZ) / (accMs / 1000) / 1e6).toFixed(1)} M samples/s)`);
    const win = time(() => [...store2.iterateAcc(id, 'polar-h10', T0 + 3_600_000, T0 + 3_660_000)].length);
    console.log(`  a 60 s acc window          ${win.toFixed(2)} ms`);
    store2.close();

    // ---- 3. 10,000 sessions ----------------------------------------------------------------
    const many = openStore(path.join(tmp, 'many'));
    const ins = many.db.prepare(
      `INSERT INTO sessions (name, routine_name, notes, started_at, ended_at, status, duration_s, set_count, rep_count, hr_count, hr_sum, hr_max, zone1_s, zone2_s, zone3_s)
       VALUES (?, ?, '', ?, ?, 'finished', 2400, 12, 110, 2400, 288000, 168, 600, 1200, 600)`,
    );
    many.db.transaction(() => {
      for (let i = 0; i < 10_000; i++) ins.run(`Session ${i}${i % 97 === 0 ? ' hills' : ''}`, "Runner's strength", T0 - i * 86_400_000, T0 - i * 86_400_000 + 2_400_000);
    })();
    console.log(`Session list with 10,000 sessions (median of 15):`);
    console.log(`  first page (50)            ${time(() => many.listSessions({ limit: 50 })).toFixed(3)} ms`);
    console.log(`  page 100 (offset 5,000)    ${time(() => many.listSessions({ limit: 50, offset: 5000 })).toFixed(3)} ms`);
    console.log(`  all 10,000                 ${time(() => many.listSessions()).toFixed(2)} ms`);
    console.log(`  search "hills"             ${time(() => many.listSessions({ search: 'hills' })).toFixed(2)} ms (${many.listSessions({ search: 'hills' }).length} found)`);
    many.close();

    // ---- 4. the chunk codec alone ------------------------------------------------------------
    const chunk = Array.from({ length: 200 }, (_, i) => ({ tMs: T0 + i * 5, x: Math.sin(i), y: Math.cos(i), z: 1 }));
    const packed = packAccChunk(chunk).bytes;
    const packMs = time(() => {
      for (let i = 0; i < 1000; i++) packAccChunk(chunk);
    }, 5);
    const unpackMs = time(() => {
      for (let i = 0; i < 1000; i++) unpackAccChunk(packed);
    }, 5);
    console.log(`Chunk codec (200-sample chunk, ${packed.byteLength} bytes): pack ${((200_000 / packMs) * 1000 / 1e6).toFixed(1)} M samples/s, unpack ${((200_000 / unpackMs) * 1000 / 1e6).toFixed(1)} M samples/s`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
