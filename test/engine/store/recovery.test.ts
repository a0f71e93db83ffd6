import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/engine/store/index';
import { quantiseG, quantiseTime } from '../../../src/core/chunks/acc-chunk';
import { T0, accX } from './fixtures/writer-process';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-recovery-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Progress {
  acc: number;
  hr: number;
  reps: number;
}

/** Runs the writer process until `minAcc` samples are committed (over 5+ commits), then SIGKILLs it. */
async function recordAndKill(dir: string, minAcc: number): Promise<{ last: Progress; sessionId: number; setId: number }> {
  // `node --import tsx` runs the script in this one process (the tsx CLI would fork a child
  // that SIGKILL of the parent does not reach).
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'fixtures/writer-process.ts'), dir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return await new Promise((resolve, reject) => {
    let buf = '';
    let seen = 0;
    let ids = { sessionId: 0, setId: 0 };
    let last: Progress = { acc: 0, hr: 0, reps: 0 };
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ last, ...ids });
      else reject(new Error(`writer exited early (${code}): ${stderr}`));
    });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const msg = JSON.parse(buf.slice(0, nl)) as Partial<Progress> & { session?: number; setId?: number };
        buf = buf.slice(nl + 1);
        if (msg.session !== undefined) ids = { sessionId: msg.session, setId: msg.setId ?? 0 };
        else {
          last = msg as Progress;
          if (++seen >= 5 && last.acc >= minAcc && !child.killed) child.kill('SIGKILL');
        }
      }
    });
  });
}

describe('recovery after the recording process is killed', () => {
  it('keeps every sample flushed before SIGKILL, closes the session at its last sample, marks it recovered', async () => {
    const dir = path.join(tmp, 'kill');
    const { last, sessionId, setId } = await recordAndKill(dir, 1500);
    expect(last.acc).toBeGreaterThanOrEqual(1500);

    const store = openStore(dir);
    try {
      expect(store.recoveredAtOpen.map((s) => s.id)).toEqual([sessionId]);
      const s = store.getSession(sessionId);
      expect(s?.status).toBe('recovered');

      // Acceleration: exactly the first N samples, N >= what was reported flushed, no holes.
      let k = 0;
      for (const c of store.iterateAcc(sessionId, 'imu-1')) {
        for (let i = 0; i < c.count; i++, k++) {
          expect(c.tMs[i]).toBe(quantiseTime(c.tMs[0], T0 + k * 5));
          expect(c.x[i]).toBe(quantiseG(accX(k)));
        }
      }
      expect(k).toBeGreaterThanOrEqual(last.acc);
      const hr = [...store.iterateHeartRate(sessionId)];
      expect(hr.length).toBeGreaterThanOrEqual(last.hr);
      hr.forEach((h, i) => expect(h.tMs).toBe(T0 + i * 40 * 5));

      // Closed at the last stored sample.
      const lastAcc = T0 + (k - 1) * 5;
      expect(s?.endedAt).toBe(Math.max(lastAcc, hr[hr.length - 1].tMs));
      expect(s?.durationS).toBeCloseTo(((s?.endedAt ?? 0) - T0) / 1000, 6);
      // The open set is closed and keeps its reps.
      const set = s?.sets.find((x) => x.id === setId);
      expect(set?.endedAt).not.toBeNull();
      expect(set?.repsDetected).toBeGreaterThanOrEqual(last.reps);
      expect(s?.repCount).toBe(set?.repsDetected);
      expect(s?.avgHr).not.toBeNull();
      // A second open finds nothing more to recover.
      expect(store.recoverInterrupted()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a store closed mid-session (app quit without finishing) is recovered at the next open, in any process', () => {
    const dir = path.join(tmp, 'closed');
    const a = openStore(dir);
    const w = a.beginSession({ name: 'Quit', startedAt: T0 }, { autoFlush: false });
    const set = w.startSet({ exerciseId: 'lunge-matrix', side: 'left', order: 0, startedAt: T0 + 1000 });
    w.addRep(set, { t: 3, start: 2, end: 4, amplitude: 1, confidence: 1, detectedAt: 4.2, quality: { durationS: 2 } });
    for (let i = 0; i <= 30; i++) w.addHr({ tMs: T0 + i * 1000, bpm: 120, contact: true });
    a.close(); // flushes, but nobody calls finish()
    const b = openStore(dir);
    try {
      expect(b.recoveredAtOpen.map((s) => [s.id, s.status, s.endedAt, s.repCount])).toEqual([[w.sessionId, 'recovered', T0 + 30_000, 1]]);
      // The open set ends at its last rep's end (4 s after the session start).
      expect(b.getSession(w.sessionId)?.sets[0].endedAt).toBe(T0 + 4000);
    } finally {
      b.close();
    }
  });

  it('a session whose writer is alive in another process is left alone', () => {
    const dir = path.join(tmp, 'alive');
    const a = openStore(dir);
    const w = a.beginSession({ name: 'Live elsewhere', startedAt: Date.now() }, { autoFlush: false });
    w.addHr({ tMs: Date.now(), bpm: 100, contact: true });
    w.flush();
    // Pretend the writer is another live process: our parent's pid.
    a.db.prepare('UPDATE sessions SET writer_pid = ? WHERE id = ?').run(process.ppid, w.sessionId);
    const b = openStore(dir);
    expect(b.recoveredAtOpen).toEqual([]);
    expect(b.getSessionSummary(w.sessionId)?.status).toBe('recording');
    expect(() => b.deleteSession(w.sessionId)).toThrow('this session is still recording; finish it before deleting it');
    b.close();
    w.finish(Date.now());
    a.close();
  });
});
