/**
 * The engine's log: pino JSON lines in a size-rotated file. The rotation on a real folder, and
 * the real engine over the simulator: a crashed Bluetooth process's stderr, its recovery and
 * the sensors' reconnects all land in <data>/logs/setbeat.log, and no sample ever does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RotatingLogFile } from '../../../src/engine/log/rotating-file';
import { createFileLogger, logFileOf } from '../../../src/engine/log/logger';
import { DEMO_IDS, EngineRig, waitForDevice } from '../../faults/engine-rig';

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-log-'));
  dirs.push(d);
  return d;
}
let rig: EngineRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

type Line = { level: number; time: string; msg: string; event?: string; source?: string; [k: string]: unknown };
function readLines(file: string): Line[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Line);
}

describe('rotating log file', () => {
  it('rolls over at the size limit and keeps only the newest files', () => {
    const file = path.join(tempDir(), 'logs', 'setbeat.log');
    const f = new RotatingLogFile(file, { maxBytes: 1000, keep: 2 });
    const line = (i: number): string => `${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`;
    for (let i = 0; i < 60; i++) f.write(line(i));
    f.close();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['setbeat.1.log', 'setbeat.2.log', 'setbeat.log']);
    for (const n of names) expect(fs.statSync(path.join(path.dirname(file), n)).size).toBeLessThanOrEqual(1000);
    // The newest line is in the live file, the lines just before it in .1, nothing torn.
    const live = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { i: number }).i);
    const prev = fs.readFileSync(path.join(path.dirname(file), 'setbeat.1.log'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { i: number }).i);
    expect(live[live.length - 1]).toBe(59);
    expect(prev[prev.length - 1]).toBe(live[0] - 1);
  });

  it('appends to the file a previous run left, and pino writes levelled JSON lines into it', () => {
    const dataDir = tempDir();
    const first = createFileLogger(dataDir);
    first.log.info({ event: 'one' }, 'first run');
    first.close();
    const second = createFileLogger(dataDir, { level: 'warn' });
    second.log.info({ event: 'dropped' }, 'below the level');
    second.log.error({ event: 'two', kind: 'io' }, 'second run');
    second.close();
    expect(second.file).toBe(logFileOf(dataDir));
    const lines = readLines(second.file);
    expect(lines.map((l) => [l.event, l.level, l.msg])).toEqual([
      ['one', 30, 'first run'],
      ['two', 50, 'second run'],
    ]);
    expect(Date.parse(lines[1].time)).not.toBeNaN();
  });
});

describe('the engine log over the simulator', () => {
  it('records the Bluetooth process crash (its stderr), its recovery and the reconnects, and no samples', async () => {
    const r = (rig = new EngineRig({ speed: 5 }));
    const m = await r.startDemo();
    await r.connect([DEMO_IDS.h10, DEMO_IDS.imu]);
    await r.beginSet();
    await r.moreSamples([DEMO_IDS.h10, DEMO_IDS.imu], 100);
    const back = Promise.all([DEMO_IDS.h10, DEMO_IDS.imu].map((id) => waitForDevice(m, 'connected', (d) => d.id === id && d.reconnected, 30_000)));
    await m.debugChild('crash');
    await back;
    await r.moreSamples([DEMO_IDS.h10, DEMO_IDS.imu], 50);
    // Heart rate too (once a simulated second), so "no sample in the log" is about real samples.
    await vi.waitFor(() => expect(r.hrReceived()).toBeGreaterThan(0), { timeout: 15_000, interval: 20 });
    await r.finish();
    await r.stop();

    const file = logFileOf(r.dataDir);
    const lines = readLines(file);
    const events = lines.map((l) => l.event);
    expect(events).toContain('engine-start');
    expect(events).toContain('sensor-connected');
    // The crash: the child's own stderr captured line by line, then the supervisor's view.
    const stderr = lines.filter((l) => l.source === 'bluetooth-process');
    expect(stderr.some((l) => l.msg.includes('simulated crash (debug action)')), JSON.stringify(stderr)).toBe(true);
    expect(lines.find((l) => l.event === 'bluetooth-process-down')?.msg).toMatch(/exited with code 70/);
    // The recovery and the reconnects.
    expect(lines.find((l) => l.event === 'bluetooth-process-recovered')).toMatchObject({ restarts: 1 });
    const reconnected = lines.filter((l) => l.event === 'sensor-reconnected').map((l) => l.sensor);
    expect(reconnected).toEqual(expect.arrayContaining([DEMO_IDS.h10, DEMO_IDS.imu]));
    expect(events.indexOf('bluetooth-process-down')).toBeLessThan(events.indexOf('bluetooth-process-recovered'));
    // Never a sample: no heart rate, RR or acceleration values, however many streamed.
    const text = fs.readFileSync(file, 'utf8');
    expect(r.hrReceived()).toBeGreaterThan(0);
    expect(text).not.toMatch(/"(bpm|rrMs|samples|x|y|z)":/);
  }, 90_000);
});
