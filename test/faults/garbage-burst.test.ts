/**
 * Fault: a burst of garbage and truncated notifications at 10x the normal rate (nine junk
 * notifications after every real one) from the Polar H10 in the middle of a recorded set.
 * The junk must be counted and ignored; every real sample must still arrive and be stored;
 * the live view (heart rate, rep count) must be what the clean data gives.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createStreamingRepDetector } from '../../src/core/reps/index';
import { MAX_PLAUSIBLE_BPM } from '../../src/core/sensors/base-driver';
import type { WorkoutView } from '../../src/shared/commands/workout';
import type { ExerciseId } from '../../src/shared/exercises';
import { DEMO_IDS, EngineRig, RATE_HZ, readStored, readStoredAcc, sleep, waitForDevice } from './engine-rig';
import { countAgainstGrid } from './replay-grid';
import { recordFault } from './report';

const SPEED = 4;
const H10 = DEMO_IDS.h10;
const JUNK = 400;

let rig: EngineRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('fault: garbage notifications at 10x the normal rate', () => {
  it('are counted and ignored; the real samples and the live view stay right', async () => {
    const r = (rig = new EngineRig({ speed: SPEED }));
    const m = await r.startDemo();
    await r.call('workout.get', {});
    await r.connect([H10]);
    const sessionId = await r.beginSet();
    await sleep(1500);
    const firstError = waitForDevice(m, 'parse-error', (e) => e.id === H10, 20_000);
    await m.injectFault({ kind: 'garbage', deviceId: H10, count: JUNK, extraPerNotification: 9 });
    const junkNotifications = JUNK;
    const [err] = await firstError;
    // Long enough for all the junk to go out (PMD frames every ~0.3 s, HR every second, nine junk after each).
    await sleep(Math.ceil((JUNK / 9) * 0.35 * 1000) / SPEED + 2000);
    const live = await r.call<WorkoutView>('workout.get', {});
    expect(live.phase).toBe('set');
    const endView = await r.call<WorkoutView>('workout.endSet', {});
    await r.finish();
    await r.stop();

    const counted = r.parseErrors.filter((e) => e.id === H10).reduce((a, e) => a + e.count, 0);
    // Reported at most once a second, so the last second's errors may still be pending there.
    expect(counted).toBeGreaterThan(JUNK * 0.5);
    expect(counted).toBeLessThanOrEqual(JUNK);

    // Not one junk byte became a sample: every received ACC sample is the replayed signal, in one run.
    const grid = countAgainstGrid(H10, r.received(H10), RATE_HZ[H10], r.originMs, r.gaps);
    expect(grid.unmatched).toBe(0);
    expect(grid.unexplainedJumps).toEqual([]);
    expect(grid.runs).toHaveLength(1);
    const stored = readStored(r.dataDir, sessionId);
    expect(stored.acc[H10]).toBe(grid.received);
    expect(stored.hr).toBe(r.hrReceived());
    // Heart rate: no impossible value got through (junk with a 16-bit rate used to show as
    // 42,988 bpm). An 8-bit junk rate inside the human range cannot be told from a real one by
    // its bytes: counted here as outliers from the synthetic heart's narrow band, not asserted.
    const bpm = (r.hr.get(H10) ?? []).map((s) => s.bpm).sort((a, b) => a - b);
    const median = bpm[Math.floor(bpm.length / 2)];
    expect(bpm[bpm.length - 1]).toBeLessThanOrEqual(MAX_PLAUSIBLE_BPM);
    const outliers = bpm.filter((b) => Math.abs(b - median) > 40).length;
    expect(live.hr?.bpm).toBeDefined();
    expect(live.hr!.bpm).toBeLessThanOrEqual(MAX_PLAUSIBLE_BPM);

    // The live rep count is the count of a fresh detector over the clean stored signal of the set.
    const done = endView.plan.find((p) => p.status === 'done');
    expect(done).toBeDefined();
    const set = stored.sets[0];
    const origin = endView.startedAt ?? 0;
    const detector = createStreamingRepDetector(done!.exerciseId as ExerciseId);
    for (const s of readStoredAcc(r.dataDir, sessionId, H10)) {
      if (s.tMs < set.startedAt || (set.endedAt !== null && s.tMs > set.endedAt)) continue;
      detector.push({ t: (s.tMs - origin) / 1000, x: s.x, y: s.y, z: s.z });
    }
    detector.flush();
    expect(done!.repsDetected).toBe(detector.count);
    expect(detector.count).toBeGreaterThan(0);

    recordFault({
      id: 'garbage-burst-10x',
      fault: `Garbage/truncated notifications at 10x the normal rate from the H10 (${junkNotifications} junk)`,
      expected: 'junk counted and ignored; every real sample received and stored; live HR and rep count as the clean data gives',
      happened: `${counted} parse errors counted (first: "${err.message.slice(0, 80)}"); no junk sample got through; live HR ${live.hr?.bpm ?? '–'} bpm (median ${median}); reps live ${done!.repsDetected} = ${detector.count} from the clean stored signal`,
      samples: {
        'H10 acc': { sent: grid.sent, received: grid.received, stored: stored.acc[H10] },
        'H10 HR': { sent: null, received: r.hrReceived(), stored: stored.hr },
      },
      figures: { hrOutliersWithin300Bpm: outliers, junkSent: junkNotifications, parseErrorsCounted: counted, repsLive: done!.repsDetected, repsClean: detector.count, speed: SPEED },
      passed: true,
    });
  }, 90_000);
});
