/**
 * `record --device ID --out FILE.csv [--demo] [--seconds N]`: connects one sensor and writes
 * its stream to CSV until Ctrl-C or --seconds: accelerometers as `t,ax,ay,az` (s from the
 * first sample, g; what `reps` reads), heart-rate straps as `t,bpm,rr_ms`. A dropped link is
 * reconnected and noted; rows keep one time base, so a gap is a jump in t. A Polar H10 (chest
 * strap with an accelerometer) also writes its heart rate and RR intervals to a second file
 * beside the first (`X.acc.csv` -> `X.hr.csv`), on the same time base, so `import X.acc.csv
 * --hr X.hr.csv` brings both back together.
 */
import fs from 'node:fs';
import path from 'node:path';
import { optionalNumber, requireString, UsageError, UserFacingError, type CliCommand } from '../command';
import { DeviceManager, type Gap } from '../../bluetooth/device-manager';
import { settledStatus, sleepUnlessAborted } from '../../bluetooth/settled';

const FIND_TIMEOUT_MS = 15_000;

function waitForDevice(m: DeviceManager, id: string, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      m.off('device-found', on);
      signal.removeEventListener('abort', abort);
      resolve(ok);
    };
    const on = (d: { id: string }): void => {
      if (d.id === id) done(true);
    };
    const abort = (): void => done(false);
    const timer = setTimeout(() => done(false), FIND_TIMEOUT_MS);
    m.on('device-found', on);
    signal.addEventListener('abort', abort, { once: true });
    // Stopped while Bluetooth was starting: an abort event will not come again.
    if (signal.aborted) done(false);
    else if (m.list().some((d) => d.id === id && d.rssi !== null)) done(true);
  });
}

const num = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '');

/** The heart-rate file beside an acceleration recording: `a.acc.csv` -> `a.hr.csv`, `a.csv` -> `a.hr.csv`. */
export function heartFileBeside(out: string): string {
  const base = out.replace(/\.acc\.csv$/i, '').replace(/\.csv$/i, '');
  return `${base}.hr.csv`;
}

export const recordCommand: CliCommand = {
  name: 'record',
  summary: "record a sensor's stream to CSV (t,ax,ay,az for accelerometers; t,bpm,rr_ms for straps)",
  usage: 'record --device ID --out FILE.csv [--demo] [--seconds N] [--json]',
  positionals: { min: 0, max: 0, names: '' },
  options: {
    device: { type: 'string', description: 'sensor id, as `scan` lists it' },
    out: { type: 'string', description: 'CSV file to write' },
    demo: { type: 'boolean', description: 'use the simulated Demo sensors instead of the radio' },
    seconds: { type: 'string', description: 'stop after this many seconds (default: at Ctrl-C)' },
  },
  async run(input, io) {
    const id = requireString(input, 'device').toLowerCase().replace(/[:-]/g, '');
    const out = path.resolve(requireString(input, 'out'));
    const seconds = optionalNumber(input, 'seconds');
    if (seconds !== undefined && !(seconds > 0)) throw new UsageError('--seconds must be a positive number');
    if (!fs.existsSync(path.dirname(out))) throw new UserFacingError(`folder ${path.dirname(out)} does not exist`);
    const demo = input.options.demo === true;
    const manager = new DeviceManager({ backend: demo ? 'simulator' : 'noble' });
    let file: fs.WriteStream | null = null;
    let hrFile: fs.WriteStream | null = null;
    // Under `npm run`, Ctrl-C arrives more than once (the terminal's group, then relayed by the
    // wrappers). The first one aborts io.stopSignal; a later one must not kill the process while
    // the sensor's stream is being stopped and the file closed.
    const holdSigint = (): void => undefined;
    process.on('SIGINT', holdSigint);
    try {
      manager.start();
      const adapter = await settledStatus(manager);
      if (!adapter.usable) throw new UserFacingError(`Bluetooth is unavailable: ${adapter.message}\nFix: ${adapter.fix}`);
      await manager.startScan();
      io.note(`Looking for ${id}...`);
      if (!(await waitForDevice(manager, id, io.stopSignal))) {
        if (io.stopSignal.aborted) throw new UserFacingError('stopped before the sensor was found');
        throw new UserFacingError(`sensor ${id} was not seen within ${FIND_TIMEOUT_MS / 1000} s; is it on and in range? (\`scan\` lists what is)`);
      }
      const view = await manager.connect(id).catch((err: unknown) => {
        throw new UserFacingError(err instanceof Error ? err.message : String(err));
      });
      await manager.stopScan();
      const kind = view.kind ?? 'hr-strap';
      const accStream = kind !== 'hr-strap';
      io.note(`Connected to ${view.name} (${kind}); recording to ${out}${seconds ? ` for ${seconds} s` : ' until Ctrl-C'}.`);

      const stream = fs.createWriteStream(out, { encoding: 'utf8' });
      file = stream;
      stream.write(accStream ? 't,ax,ay,az\n' : 't,bpm,rr_ms\n');
      // An H10 measures heart rate too: it goes to a second file, named in the output.
      const hrOut = kind === 'polar-pmd' ? heartFileBeside(out) : null;
      const hrStream = hrOut ? fs.createWriteStream(hrOut, { encoding: 'utf8' }) : null;
      hrFile = hrStream;
      hrStream?.write('t,bpm,rr_ms\n');
      let t0: number | null = null;
      let rows = 0;
      let hrRows = 0;
      let lastBpm = NaN;
      let lastT = -Infinity;
      const gaps: Gap[] = [];
      const rel = (tMs: number): number => {
        t0 ??= tMs;
        return (tMs - t0) / 1000;
      };
      /** Heart rate and RR rows (t,bpm,rr_ms) into `to`, one per beat interval. */
      const writeHeart = (to: fs.WriteStream, count: () => void): void => {
        manager.on('hr', ({ id: from, samples }) => {
          if (from !== id) return;
          for (const s of samples) {
            lastBpm = s.bpm;
            // (A note only reads the time base: the first acceleration sample sets t = 0. A note
            // before it set t0 from a beat and shifted every row by a few ms.)
            if (s.contact === false) io.note(`${num(t0 === null ? 0 : (s.tMs - t0) / 1000, 1)} s: no skin contact, heart rate not trusted`);
          }
        });
        manager.on('rr', ({ id: from, samples }) => {
          if (from !== id) return;
          let chunk = '';
          for (const s of samples) {
            // Beside acceleration, the acceleration's first sample is t = 0: beats before it are left out.
            if (to !== stream && t0 === null) continue;
            const t = rel(s.tMs);
            if (to === stream) lastT = Math.max(lastT, t);
            chunk += `${num(t, 4)},${Number.isFinite(lastBpm) ? lastBpm : ''},${num(s.rrMs, 1)}\n`;
            count();
          }
          to.write(chunk);
        });
      };
      if (accStream) {
        manager.on('acc', ({ id: from, samples }) => {
          if (from !== id) return;
          let chunk = '';
          for (const s of samples) {
            const t = rel(s.tMs);
            if (t <= lastT) continue; // never write time backwards (a re-anchored clock)
            lastT = t;
            chunk += `${num(t, 4)},${num(s.x, 4)},${num(s.y, 4)},${num(s.z, 4)}\n`;
            rows++;
          }
          stream.write(chunk);
        });
        if (hrStream) writeHeart(hrStream, () => hrRows++);
      } else {
        writeHeart(stream, () => rows++);
      }
      manager.on('disconnected', (d) => {
        if (d.id === id && d.willReconnect) io.note(`link lost (${d.reason}); reconnecting...`);
      });
      manager.on('gap', (g) => {
        if (g.id !== id) return;
        gaps.push(g);
        io.note(`reconnected; ${((g.endMs - g.startMs) / 1000).toFixed(1)} s of ${g.stream} missing`);
      });

      await sleepUnlessAborted(seconds !== undefined ? seconds * 1000 : 2 ** 31 - 1, io.stopSignal);
      // Stop the sensor's streams (a Polar strap keeps streaming otherwise), then close the file.
      await manager.disconnect(id);
      await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      file = null;
      if (hrStream) await new Promise<void>((resolve, reject) => hrStream.end((err?: Error | null) => (err ? reject(err) : resolve())));
      hrFile = null;
      const durationS = t0 === null ? 0 : Math.max(0, lastT);
      const summary = { device: { id, name: view.name, kind }, out, rows, durationS: Math.round(durationS * 1000) / 1000, gaps, ...(hrOut ? { hrOut, hrRows } : {}) };
      const text =
        `Wrote ${rows} rows (${durationS.toFixed(1)} s) to ${out}${gaps.length ? `; ${gaps.length} gap(s) while reconnecting` : ''}.` +
        (hrOut ? `\nWrote ${hrRows} heart-rate rows (t,bpm,rr_ms) to ${hrOut}; import both with: import ${out} --hr ${hrOut}` : '');
      return { json: summary, text };
    } finally {
      file?.end();
      hrFile?.end();
      await manager.close();
      process.off('SIGINT', holdSigint);
    }
  },
};
