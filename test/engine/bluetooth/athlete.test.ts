/**
 * The demo athlete follows the workout: still in rests, the current exercise's own movement
 * when a set starts (counted by the real live detector at the chest and the ankle), walking
 * between stations, heart rate up in sets and down in rests, and two people differ.
 */
import { describe, expect, it } from 'vitest';
import { createRepDetector } from '../../../src/core/reps';
import type { ExerciseId } from '../../../src/shared/exercises';
import { SimAthlete, exerciseMotion } from '../../../src/engine/bluetooth/sim/athlete';
import type { Placement } from '../../../src/engine/bluetooth/sim/body-motion';

const RATE = 50;

function countReps(a: SimAthlete, placement: Placement, exerciseId: ExerciseId, fromS: number, toS: number): number {
  const det = createRepDetector(exerciseId);
  const src = a.accSource(placement);
  for (let k = Math.ceil(fromS * RATE); k <= toS * RATE; k++) {
    const v = src.at(k / RATE);
    det.push({ t: k / RATE, x: v.x, y: v.y, z: v.z });
  }
  det.flush();
  return det.count;
}

/** Root-mean-square of the magnitude's departure from 1 g over [fromS, toS]. */
function movement(a: SimAthlete, placement: Placement, fromS: number, toS: number): number {
  const src = a.accSource(placement);
  let sum = 0;
  let n = 0;
  for (let t = fromS; t < toS; t += 1 / RATE) {
    const v = src.at(t);
    sum += (Math.hypot(v.x, v.y, v.z) - 1) ** 2;
    n++;
  }
  return Math.sqrt(sum / n);
}

function meanBpm(a: SimAthlete, fromS: number, toS: number): number {
  const beats = a.heart.beatsBetween(fromS, toS);
  return 60000 / (beats.reduce((s, b) => s + b.rrMs, 0) / beats.length);
}

describe('the simulated demo athlete', () => {
  it('stands still until a set starts, then does the target reps of that exercise and stands again', () => {
    const a = new SimAthlete(11);
    a.cue({ activity: 'idle' }, 0);
    expect(movement(a, 'shank', 0, 20)).toBeLessThan(0.02);
    a.cue({ activity: 'set', exerciseId: 'squat', reps: 8, delayS: 1 }, 20);
    expect(movement(a, 'chest', 22, 30)).toBeGreaterThan(0.03);
    // After 8 reps (at most about 3.5 s each for this person), still again.
    const period = exerciseMotion('squat').periodS * a.person.tempo;
    const end = 21 + 8 * period * 1.4;
    expect(movement(a, 'chest', end + 1, end + 10)).toBeLessThan(0.02);
  });

  const CASES: [ExerciseId, Placement, number][] = [
    ['squat', 'chest', 8],
    ['deadlift', 'chest', 6],
    ['calf-raise', 'shank', 8],
    ['band-walk', 'shank', 10],
    ['box-step-off', 'shank', 6],
    ['lunge-matrix', 'chest', 6],
  ];
  for (const [exerciseId, placement, reps] of CASES) {
    it(`does ${reps} ${exerciseId} that the live detector counts at the ${placement}`, () => {
      const a = new SimAthlete(3);
      a.cue({ activity: 'idle' }, 0);
      a.cue({ activity: 'set', exerciseId, reps, delayS: 2 }, 5);
      const n = countReps(a, placement, exerciseId, 0, 5 + 2 + reps * 6 + 8);
      expect(Math.abs(n - reps), `${exerciseId}: counted ${n} of ${reps}`).toBeLessThanOrEqual(1);
    });
  }

  it('keeps to each exercise its own pace: a band walk is quicker than a deadlift', () => {
    const a = new SimAthlete(5);
    const b = new SimAthlete(5);
    a.cue({ activity: 'set', exerciseId: 'band-walk', reps: 10, delayS: 0 }, 0);
    b.cue({ activity: 'set', exerciseId: 'deadlift', reps: 10, delayS: 0 }, 0);
    // The last rep ends where the athlete goes still: find it.
    const stillFrom = (x: SimAthlete): number => {
      for (let t = 0; t < 120; t += 0.5) if (x.activityAt(t).activity === 'still' && t > 1) return t;
      return 120;
    };
    expect(stillFrom(a)).toBeLessThan(stillFrom(b) * 0.6);
  });

  it('walks to the next station at the start of a rest, and not when the next set is here', () => {
    const a = new SimAthlete(9);
    a.cue({ activity: 'rest', walk: true }, 10);
    expect(movement(a, 'shank', 11.5, 14)).toBeGreaterThan(0.1);
    // The live detector does not take the walk for reps.
    expect(countReps(a, 'shank', 'squat', 8, 30)).toBe(0);
    expect(movement(a, 'shank', 25, 40)).toBeLessThan(0.02);
    const b = new SimAthlete(9);
    b.cue({ activity: 'rest', walk: false }, 10);
    expect(movement(b, 'shank', 10, 20)).toBeLessThan(0.02);
  });

  it('raises heart rate in a set and lets it recover in the rest', () => {
    const a = new SimAthlete(21);
    a.cue({ activity: 'idle' }, 0);
    const resting = meanBpm(a, 40, 60);
    a.cue({ activity: 'set', exerciseId: 'lunge-matrix', reps: 12, delayS: 0 }, 60);
    const endOfSet = meanBpm(a, 90, 100);
    a.cue({ activity: 'rest', walk: false }, 100);
    const afterRest = meanBpm(a, 180, 190);
    expect(Math.abs(resting - a.person.restBpm)).toBeLessThan(4);
    expect(endOfSet).toBeGreaterThan(resting + 25);
    expect(afterRest).toBeLessThan(endOfSet - 15);
    // RR intervals vary beat to beat (HRV is there to compute).
    const rr = a.heart.beatsBetween(40, 60).map((b) => b.rrMs);
    expect(Math.max(...rr) - Math.min(...rr)).toBeGreaterThan(20);
  });

  it('differs from person to person: resting heart rate, pace', () => {
    const people = [1, 2, 3, 4, 5, 6].map((s) => new SimAthlete(s).person);
    expect(new Set(people.map((p) => p.restBpm)).size).toBeGreaterThan(3);
    const tempos = people.map((p) => p.tempo);
    expect(Math.max(...tempos) - Math.min(...tempos)).toBeGreaterThan(0.1);
  });

  it('trains on its own before any cue (a CLI recording has reps in it)', () => {
    const a = new SimAthlete(4);
    expect(countReps(a, 'chest', 'squat', 0, 35)).toBeGreaterThanOrEqual(8);
  });
});
