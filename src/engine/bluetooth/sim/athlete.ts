/**
 * The demo sensors' wearer: a simulated athlete who follows the workout. Told (a cue) that a
 * set started, they start after a moment's reaction and do that exercise's own movement at
 * their own pace and size (both drawn per person from a seed, varied rep to rep) for the
 * target count, then stand; told to rest, they walk to the next station when it is another
 * exercise, then stand still. Heart rate follows: it rises towards a level that depends on the
 * exercise and falls back in rests, beat by beat, with RR intervals that breathe.
 *
 * Until the first cue (the CLI's `record --demo`, `scan`) they train on their own: sets of
 * ten squats with rests between, so a recording of half a minute has reps in it.
 */
import { z } from 'zod';
import { EXERCISE_IDS, type ExerciseId } from '../../../shared/exercises';
import { BodyMotion, seeded, type Movement, type Placement } from './body-motion';
import type { AccSource, AccValue, Beat, HeartSource } from './sources';

export const athleteCueSchema = z.discriminatedUnion('activity', [
  /** No workout, or it is paused or finished: stand (or sit) still. */
  z.object({ activity: z.literal('idle') }),
  /** Resting between sets; `walk`: the next set is at another station. */
  z.object({ activity: z.literal('rest'), walk: z.boolean() }),
  /** Do `reps` of the exercise (null: keep going until the next cue); `delayS` before starting. */
  z.object({
    activity: z.literal('set'),
    exerciseId: z.enum(EXERCISE_IDS),
    reps: z.number().int().min(0).max(500).nullable(),
    delayS: z.number().min(0).max(60).optional(),
  }),
]);
export type AthleteCue = z.infer<typeof athleteCueSchema>;

interface ExerciseMotion {
  movement: Movement;
  /** Seconds per rep for an average person. */
  periodS: number;
  /** Share of the heart-rate reserve a set of it reaches. */
  effort: number;
}

const MOTION: Record<ExerciseId, ExerciseMotion> = {
  'calf-raise': { movement: 'heel-raise', periodS: 2.0, effort: 0.35 },
  'band-walk': { movement: 'lateral-step', periodS: 1.4, effort: 0.4 },
  deadlift: { movement: 'hinge', periodS: 3.2, effort: 0.6 },
  'box-step-off': { movement: 'box-drop', periodS: 3.5, effort: 0.55 },
  'lunge-matrix': { movement: 'lunge', periodS: 3.0, effort: 0.6 },
  squat: { movement: 'squat', periodS: 2.8, effort: 0.6 },
  bench: { movement: 'press', periodS: 2.4, effort: 0.45 },
  ohp: { movement: 'press', periodS: 2.4, effort: 0.45 },
  row: { movement: 'press', periodS: 2.6, effort: 0.5 },
  generic: { movement: 'squat', periodS: 2.8, effort: 0.45 },
};

export function exerciseMotion(id: ExerciseId): ExerciseMotion {
  return MOTION[id];
}

/** One person: what differs from one athlete to the next. */
export interface Person {
  restBpm: number;
  maxBpm: number;
  /** Multiplies every rep's duration (below 1: quicker than average). */
  tempo: number;
  /** Multiplies the size of every movement. */
  size: number;
  /** Multiplies the effort of every set (less fit: higher). */
  strain: number;
}

export function personFromSeed(seed: number): Person {
  const r = seeded(seed ^ 0x5eed);
  return {
    restBpm: Math.round(56 + 16 * r()),
    maxBpm: Math.round(176 + 20 * r()),
    tempo: 0.85 + 0.35 * r(),
    size: 0.85 + 0.3 * r(),
    strain: 0.85 + 0.3 * r(),
  };
}

type Activity = 'still' | 'walk' | 'set';

interface Segment {
  fromS: number;
  activity: Activity;
  /** Share of the heart-rate reserve aimed at. */
  effort: number;
}

const WALK_EFFORT = 0.2;
const SELF_SET_REPS = 10;
const SELF_REST_S = 45;

export class SimAthlete {
  readonly person: Person;
  private readonly motions = new Map<Placement, BodyMotion>();
  private readonly rand: () => number;
  private segments: Segment[] = [{ fromS: -Infinity, activity: 'still', effort: 0 }];
  /** Until the first cue the athlete trains on their own ('pending': not begun yet). */
  private selfTraining: 'pending' | 'on' | 'off' = 'pending';
  private selfPlannedS = 0;
  private repSeed = 1;
  private repIndex = 0;

  constructor(readonly seed: number) {
    this.person = personFromSeed(seed);
    this.rand = seeded(seed);
  }

  /** The motion felt by a sensor on this part of the body (one per placement). */
  motion(placement: Placement): BodyMotion {
    let m = this.motions.get(placement);
    if (!m) {
      m = new BodyMotion(placement, this.seed * 31 + (placement === 'chest' ? 1 : 2));
      this.motions.set(placement, m);
    }
    return m;
  }

  accSource(placement: Placement): AccSource {
    return {
      label: `simulated athlete (${placement})`,
      at: (tS: number): AccValue => {
        this.planOwnTraining(tS);
        return this.motion(placement).at(tS);
      },
    };
  }

  /** What the athlete is doing at tS (tests and the heart model read it). */
  activityAt(tS: number): Segment {
    this.planOwnTraining(tS);
    let seg = this.segments[0];
    for (const s of this.segments) {
      if (s.fromS <= tS) seg = s;
      else break;
    }
    return seg;
  }

  /** The workout moved on at replay time atS: follow it from there. */
  cue(cue: AthleteCue, atS: number): void {
    // The first cue ends training on one's own: from now on the workout leads.
    this.selfTraining = 'off';
    this.cancelFrom(atS);
    switch (cue.activity) {
      case 'idle':
        this.segments.push({ fromS: atS, activity: 'still', effort: 0 });
        return;
      case 'rest': {
        let t = atS + 0.3 + 0.5 * this.rand();
        if (cue.walk) {
          const walkS = 4 + 4 * this.rand();
          this.walk(t, walkS);
          t += walkS;
        }
        this.segments.push({ fromS: t, activity: 'still', effort: 0 });
        return;
      }
      case 'set':
        this.doSet(cue.exerciseId, cue.reps, atS + (cue.delayS ?? 0.8 + 1.2 * this.rand()));
        return;
    }
  }

  private cancelFrom(tS: number): void {
    for (const m of this.motions.values()) m.cancelFrom(tS);
    this.segments = this.segments.filter((s, i) => i === 0 || s.fromS < tS);
    this.segments.push({ fromS: tS, activity: 'still', effort: 0 });
  }

  private walk(t0: number, s: number): void {
    const cadence = 1.7 + 0.3 * this.rand();
    for (const placement of ['chest', 'shank'] as const) this.motion(placement).walk(t0, t0 + s, cadence);
    this.segments.push({ fromS: t0, activity: 'walk', effort: WALK_EFFORT });
  }

  /** Plans the set's reps from t0; returns when the last one ends. */
  private doSet(exerciseId: ExerciseId, reps: number | null, t0: number): number {
    const ex = MOTION[exerciseId];
    const count = reps ?? 200; // a timed set: until the next cue cancels the rest
    this.segments.push({ fromS: t0, activity: 'set', effort: ex.effort * this.person.strain });
    let t = t0;
    for (let i = 0; i < count; i++) {
      const d = ex.periodS * this.person.tempo * (0.9 + 0.2 * this.rand());
      const k = this.person.size * (0.85 + 0.3 * this.rand());
      const spec = { movement: ex.movement, t0: t, d, k, index: this.repIndex++, seed: this.seed * 7919 + this.repSeed++ };
      for (const placement of ['chest', 'shank'] as const) this.motion(placement).rep(spec);
      // Sometimes a breath between reps.
      t += d + (this.rand() < 0.5 ? 0 : 0.3 * this.rand() * ex.periodS);
    }
    this.segments.push({ fromS: t, activity: 'still', effort: 0 });
    return t;
  }

  /** Before any cue: ten squats, a rest with a short walk, again, planned a little ahead. */
  private planOwnTraining(tS: number): void {
    if (this.selfTraining === 'off') return;
    if (this.selfTraining === 'pending') {
      this.selfTraining = 'on';
      this.selfPlannedS = tS + 3;
    }
    while (this.selfPlannedS < tS + 20) {
      const end = this.doSet('squat', SELF_SET_REPS, this.selfPlannedS);
      this.walk(end + 2, 6);
      this.segments.push({ fromS: end + 8, activity: 'still', effort: 0 });
      this.selfPlannedS = end + SELF_REST_S;
    }
  }

  // ---- heart ----

  private beats: Beat[] = [];
  private bpmNow = 0;

  /** Heart rate aimed at during this activity. */
  private targetBpm(tS: number): number {
    const seg = this.activityAt(tS);
    const p = this.person;
    return p.restBpm + (p.maxBpm - p.restBpm) * Math.min(0.95, seg.effort);
  }

  /** Generates beats up to toS: heart rate moves towards the target, faster up than down. */
  private beatUntil(fromS: number, toS: number): void {
    if (this.beats.length === 0) {
      this.bpmNow = this.targetBpm(fromS);
      this.beats.push({ t: fromS, rrMs: Math.round(60000 / this.bpmNow) });
    }
    let last = this.beats[this.beats.length - 1];
    while (last.t <= toS) {
      const target = this.targetBpm(last.t);
      const tau = target > this.bpmNow ? 14 : 32;
      const rrS = 60 / this.bpmNow;
      this.bpmNow += (target - this.bpmNow) * (1 - Math.exp(-rrS / tau));
      // Breathing (about 15 a minute) and a little beat-to-beat noise, less at high rates.
      const calm = Math.max(0.2, 1 - (this.bpmNow - this.person.restBpm) / 80);
      const wobble = 1 + calm * (0.035 * Math.sin((2 * Math.PI * last.t) / 4.2) + 0.012 * (this.rand() * 2 - 1));
      const rr = (60000 / this.bpmNow) * wobble;
      last = { t: last.t + rr / 1000, rrMs: Math.round(rr * 10) / 10 };
      this.beats.push(last);
    }
    // Keep two minutes: the straps ask for the last second or so.
    if (this.beats.length > 600) this.beats = this.beats.filter((b) => b.t > toS - 120);
  }

  readonly heart: HeartSource = {
    label: 'simulated athlete (heart)',
    beatsBetween: (fromS: number, toS: number): Beat[] => {
      if (!(toS > fromS)) return [];
      this.beatUntil(fromS, toS);
      return this.beats.filter((b) => b.t > fromS && b.t <= toS);
    },
    bpmAt: (tS: number): number => {
      this.beatUntil(tS - 5, tS);
      const recent = this.beats.filter((b) => b.t > tS - 5 && b.t <= tS);
      if (!recent.length) return Math.round(this.bpmNow);
      return Math.round(60000 / (recent.reduce((s, b) => s + b.rrMs, 0) / recent.length));
    },
  };
}
