/** `scan` and `record`, run through the CLI frame against the simulator and the real (absent) radio. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/engine/cli/main';
import { scanCommand } from '../../../src/engine/cli/commands/scan';
import { heartFileBeside, recordCommand } from '../../../src/engine/cli/commands/record';
import { loadRealNoble } from '../../../src/engine/bluetooth/noble-loader';
import { DEMO_IDS } from '../../../src/engine/bluetooth/sim/factory';
import { SENSOR_CLOCK_SLEW } from '../../../src/core/sensors/sensor-clock';

const COMMANDS = [scanCommand, recordCommand];
const nobleLoadsHere = loadRealNoble().ok;
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-bt-cli-'));

/**
 * Aborts once `file` holds `rows` data rows (or after `limitMs`, a safety net): the test waits
 * for data, not for a wall-clock window a busy machine may spend starting the child process.
 */
function stopAfterRows(file: string, rows: number, limitMs = 25_000): AbortController {
  const stop = new AbortController();
  const started = Date.now();
  const poll = setInterval(() => {
    const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).length - 1 : 0;
    if (have >= rows || Date.now() - started > limitMs) {
      clearInterval(poll);
      stop.abort();
    }
  }, 50);
  stop.signal.addEventListener('abort', () => clearInterval(poll));
  return stop;
}

describe('scan', () => {
  it.skipIf(nobleLoadsHere)('says plainly that Bluetooth is unavailable here, why, and the fix (exit 1)', async () => {
    const r = await runCli(['scan', '--seconds', '1'], COMMANDS);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Bluetooth is unavailable: No Bluetooth adapter is available/);
    expect(r.stderr).toMatch(/Fix: .*adapter/);
    const j = await runCli(['scan', '--seconds', '1', '--json'], COMMANDS);
    expect(j.exitCode).toBe(1);
    const doc = JSON.parse(j.stdout) as { adapter: { state: string; usable: boolean; detail: string }; devices: unknown[] };
    expect(doc.adapter).toMatchObject({ state: 'no-adapter', usable: false });
    expect(doc.adapter.detail).toMatch(/EAFNOSUPPORT/);
    expect(doc.devices).toEqual([]);
  });

  it('lists the Demo sensors as one JSON document', async () => {
    const r = await runCli(['scan', '--demo', '--seconds', '1.5', '--json'], COMMANDS);
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { adapter: { state: string }; devices: { id: string; name: string; rssi: number; kind: string }[] };
    expect(doc.adapter.state).toBe('demo');
    const byId = new Map(doc.devices.map((d) => [d.id, d]));
    expect(byId.get(DEMO_IDS.h10)).toMatchObject({ kind: 'polar-pmd', name: expect.stringMatching(/^Polar H10/) });
    expect(byId.get(DEMO_IDS.strap)?.kind).toBe('hr-strap');
    expect(byId.get(DEMO_IDS.imu)?.kind).toBe('generic-imu');
    for (const d of doc.devices) expect(d.rssi).toBeLessThan(0);
  });

  it('rejects a bad --seconds as a usage error', async () => {
    const r = await runCli(['scan', '--demo', '--seconds', 'soon'], COMMANDS);
    expect(r.exitCode).toBe(2);
  });
});

describe('record', () => {
  it('writes a Demo H10 stream as t,ax,ay,az at 200 Hz for --seconds', async () => {
    const out = path.join(tmp(), 'h10.csv');
    const r = await runCli(['record', '--demo', '--device', DEMO_IDS.h10, '--out', out, '--seconds', '3', '--json'], COMMANDS);
    expect(r.exitCode, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { rows: number; durationS: number; device: { kind: string } };
    expect(summary.device.kind).toBe('polar-pmd');
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,ax,ay,az');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBe(summary.rows);
    // Frames of 36 samples every 180 ms: at least one frame, never more than 3 s hold (the
    // window opens at connection; how many frames a starved child sends in it is the machine's).
    expect(rows.length).toBeGreaterThanOrEqual(36);
    expect(rows.length).toBeLessThanOrEqual(3 * 200 + 36);
    // The duration is the last row's time; rows are 5 ms apart by the sensor's clock. While an
    // early frame pulls the offset down, the host runs samples up to SENSOR_CLOCK_SLEW slower
    // (how many frames come early is the machine's load), never faster.
    expect(summary.durationS).toBeCloseTo(rows[rows.length - 1][0], 3);
    const nominal = (rows.length - 1) * 0.005;
    expect(summary.durationS).toBeLessThanOrEqual(nominal + 0.001);
    expect(summary.durationS).toBeGreaterThanOrEqual(nominal * (1 - SENSOR_CLOCK_SLEW) - 0.001);
    expect(rows[0][0]).toBe(0);
    for (let i = 1; i < rows.length; i++) expect(rows[i][0] - rows[i - 1][0]).toBeCloseTo(0.005, 3);
    for (const [, x, y, z] of rows) expect(Math.hypot(x, y, z)).toBeGreaterThan(0.5);
    // The H10's heart rate and RR go to a second file beside it, named in the output.
    const hr = summary as unknown as { hrOut: string; hrRows: number };
    expect(hr.hrOut).toBe(path.join(path.dirname(out), 'h10.hr.csv'));
    const hrLines = fs.readFileSync(hr.hrOut, 'utf8').trim().split('\n');
    expect(hrLines[0]).toBe('t,bpm,rr_ms');
    expect(hrLines.length - 1).toBe(hr.hrRows);
    expect(hr.hrRows).toBeGreaterThanOrEqual(1);
    for (const l of hrLines.slice(1)) {
      const [t, bpm, rr] = l.split(',').map(Number);
      expect(t).toBeGreaterThanOrEqual(0);
      expect(bpm).toBeGreaterThan(30);
      expect(rr).toBeGreaterThan(300);
    }
  }, 60_000);

  it('names the heart-rate file beside a recording', () => {
    expect(heartFileBeside('/r/squats.acc.csv')).toBe('/r/squats.hr.csv');
    expect(heartFileBeside('/r/h10.csv')).toBe('/r/h10.hr.csv');
  });

  it('writes a Demo strap as t,bpm,rr_ms and stops cleanly on the stop signal', async () => {
    const out = path.join(tmp(), 'strap.csv');
    const stop = stopAfterRows(out, 2);
    const r = await runCli(['record', '--demo', '--device', DEMO_IDS.strap, '--out', out], COMMANDS, { stopSignal: stop.signal });
    expect(r.exitCode, r.stderr).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('t,bpm,rr_ms');
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const [, bpm, rr] of rows) {
      expect(rr).toBeGreaterThan(300);
      expect(rr).toBeLessThan(1500);
      if (Number.isFinite(bpm) && bpm > 0) expect(Math.abs(60000 / rr - bpm)).toBeLessThan(15);
    }
  });

  it('says when the sensor is not there', async () => {
    const out = path.join(tmp(), 'none.csv');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 2500);
    const r = await runCli(['record', '--demo', '--device', 'ffffffffffff', '--out', out], COMMANDS, { stopSignal: stop.signal });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/stopped before the sensor was found/);
    expect(fs.existsSync(out)).toBe(false);
  });
});
