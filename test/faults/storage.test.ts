/**
 * Fault: the disk fills, or the database becomes read-only, during a recorded set.
 *
 * How it is made real (tests run as root here):
 * - disk full: the data folder is a 6 MB tmpfs mounted for the test (`mount -t tmpfs`), filled
 *   to the last byte by a filler file; the kernel answers ENOSPC, SQLite SQLITE_FULL. Deleting
 *   the filler gives the space back.
 * - read-only: `chattr +i` on the database and its WAL (immutable binds root too, and applies
 *   to the engine's already open file handles: writes fail with EPERM). `chattr -i` ends it.
 * Where mounting or chattr is refused the test is skipped with the reason.
 *
 * Expected: the person is told (a notice event and a banner), the set goes on, the session is
 * kept in memory and written when the disk takes writes again; nothing received is lost.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkoutView } from '../../src/shared/commands/workout';
import { DEMO_IDS, EngineRig, RATE_HZ, readStored, sleep } from './engine-rig';
import { countAgainstGrid } from './replay-grid';
import { recordFault } from './report';

const SPEED = 4;
const H10 = DEMO_IDS.h10;

function tryRun(cmd: string, args: string[]): string | null {
  try {
    execFileSync(cmd, args, { stdio: 'pipe' });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}

const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-probe-'));
const mountProblem = tryRun('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probeDir]) ?? tryRun('umount', [probeDir]);
const probeFile = path.join(probeDir, 'f');
fs.writeFileSync(probeFile, 'x');
const chattrProblem = tryRun('chattr', ['+i', probeFile]) ?? tryRun('chattr', ['-i', probeFile]);
fs.rmSync(probeDir, { recursive: true, force: true });

let rig: EngineRig | null = null;
let mounted: string | null = null;
let immutable: string[] = [];
afterEach(async () => {
  for (const f of immutable) tryRun('chattr', ['-i', f]);
  immutable = [];
  await rig?.stop();
  rig = null;
  if (mounted) {
    tryRun('umount', [mounted]);
    fs.rmSync(mounted, { recursive: true, force: true });
  }
  mounted = null;
});

async function waitUntil(cond: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(50);
  }
  return Date.now() - t0;
}

async function recordThrough(
  id: string,
  label: string,
  dataDir: string,
  breakIt: () => void,
  fixIt: () => void,
  expectedWords: RegExp,
  how: () => string,
): Promise<void> {
  const r = (rig = new EngineRig({ speed: SPEED, dataDir }));
  await r.startDemo();
  await r.call('workout.get', {});
  await r.connect([H10]);
  const sessionId = await r.beginSet();
  await sleep(1000);

  breakIt();
  const toldAfterMs = await waitUntil(() => r.notices.some((n) => n.level === 'error'), 20_000, 'a notice about saving');
  const notice = r.notices.find((n) => n.level === 'error');
  // The banner is set with the notice (recording.ts), so it is there now.
  const view = await r.call<WorkoutView>('workout.get', {});
  expect(view.phase).toBe('set');
  expect(view.banner?.message).toMatch(/Saving is failing/);
  expect(notice?.message).toMatch(expectedWords);
  expect(notice?.message).toMatch(/kept in memory/);
  // Keep recording while nothing can be written.
  await sleep(2000);
  const heldWhileBroken = r.received(H10).length;

  fixIt();
  const resumedAfterMs = await waitUntil(() => r.notices.some((n) => n.level === 'info' && /Saving works again/.test(n.message)), 20_000, 'saving resuming');
  await r.moreSamples([H10], 200);
  await r.call('workout.endSet', {});
  await r.finish();
  await r.stop();
  rig = null;

  const stored = readStored(dataDir, sessionId);
  const grid = countAgainstGrid(H10, r.received(H10), RATE_HZ[H10], r.originMs, r.gaps);
  expect(grid.unmatched).toBe(0);
  expect(grid.runs).toHaveLength(1);
  expect(stored.acc[H10]).toBe(grid.received);
  expect(stored.hr).toBe(r.hrReceived());
  expect(stored.status).toBe('finished');
  expect(stored.sets[0]?.endedAt).not.toBeNull();
  recordFault({
    id,
    fault: label,
    expected: 'the person is told (notice + banner), the set goes on, the session is kept in memory and written when writes work again; nothing received lost',
    happened: `${how()}; told after ${toldAfterMs} ms: "${(notice?.message ?? '').replace(dataDir, '<data>').slice(0, 160)}"; set kept running; written ${resumedAfterMs} ms after the fix; session ${stored.status}`,
    samples: {
      'H10 acc': { sent: grid.sent, received: grid.received, stored: stored.acc[H10] },
      'H10 HR': { sent: null, received: r.hrReceived(), stored: stored.hr },
    },
    figures: { toldAfterMs, resumedAfterMs, accReceivedBeforeFix: heldWhileBroken, speed: SPEED },
    passed: true,
  });
}

describe('fault: storage fails during a session', () => {
  it.skipIf(mountProblem !== null)(`the disk fills (tmpfs) and space comes back${mountProblem ? ` [skipped: ${mountProblem}]` : ''}`, async () => {
    const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mnt]);
    mounted = mnt;
    const dataDir = path.join(mnt, 'data');
    const filler = path.join(mnt, 'filler');
    let fillerBytes = 0;
    await recordThrough(
      'storage-disk-full',
      'The disk fills during a set (6 MB tmpfs filled to the last byte), then space is freed',
      dataDir,
      () => {
        const fd = fs.openSync(filler, 'w');
        const block = Buffer.alloc(64 * 1024);
        try {
          for (let size = block.length; size >= 1; ) {
            try {
              fillerBytes += fs.writeSync(fd, block, 0, size);
            } catch {
              size = Math.floor(size / 2);
            }
          }
        } finally {
          fs.closeSync(fd);
        }
      },
      () => fs.rmSync(filler),
      /the disk is full/,
      () => `ENOSPC from a real filesystem (mount -t tmpfs); filler ${Math.round(fillerBytes / 1024)} KB`,
    );
  }, 90_000);

  it.skipIf(chattrProblem !== null)(`the database becomes read-only (chattr +i) and writable again${chattrProblem ? ` [skipped: ${chattrProblem}]` : ''}`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-ro-'));
    try {
      await recordThrough(
        'storage-read-only',
        'The database file becomes read-only during a set (chattr +i on the file and its WAL), then writable again',
        dataDir,
        () => {
          for (const f of ['setbeat.db', 'setbeat.db-wal']) {
            const file = path.join(dataDir, f);
            execFileSync('chattr', ['+i', file]);
            immutable.push(file);
          }
        },
        () => {
          for (const f of immutable) execFileSync('chattr', ['-i', f]);
          immutable = [];
        },
        /cannot be written/,
        () => 'EPERM on the open file handles (chattr +i, binds root too)',
      );
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
