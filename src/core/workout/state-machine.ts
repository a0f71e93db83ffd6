/**
 * The workout as a state machine: idle -> (ready) -> set -> rest -> set ... -> finished, with
 * pause and resume from a set, a rest or between sets. Pure: every input carries its own time
 * (seconds on one clock), there are no timers inside; the caller ticks it for the rest countdown.
 * The engine's live workout (src/engine/workout) runs its phases and clocks on this machine.
 *
 * Sets start and end by hand, or (options) on motion and after stillness from a
 * MotionSegmenter. One-legged exercises alternate sides set by set unless told a side. Heart
 * rate fed during rests gives each rest its recovery (drop from the set's end, and at 60 s).
 */
import type { Side } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import type { MotionEvent } from '../reps/types';

/** 'ready': the workout has begun and waits for a set, no rest countdown running. */
export type WorkoutPhase = 'idle' | 'ready' | 'set' | 'rest' | 'paused' | 'finished';
/** A phase a pause can interrupt. */
export type PausablePhase = 'ready' | 'set' | 'rest';

export interface WorkoutOptions {
  exerciseId: ExerciseId;
  /** The exercise is done one side at a time (sides alternate, left first). */
  sided?: boolean;
  /** Rest countdown, seconds (default 90). */
  restTargetS?: number;
  /** Start a set when motion starts (in idle or rest). */
  autoStart?: boolean;
  /** End a set when the segmenter reports stillness (the set ends when the stillness began). */
  autoEnd?: boolean;
  /** The rest ends when its countdown runs out (phase 'ready'); otherwise it runs over time. */
  endRestWhenOver?: boolean;
}

export interface HrRecovery {
  /** Highest heart rate over the last 15 s of the set. */
  startBpm: number;
  /** Last heart rate seen in the rest. */
  endBpm: number;
  dropBpm: number;
  /** Drop after 60 s of rest (null if the rest was shorter or HR was missing then). */
  hrr60Bpm: number | null;
}

export interface WorkoutSetState {
  index: number;
  exerciseId: ExerciseId;
  side: Side;
  startT: number;
  endT: number | null;
  /** Seconds in the set, pauses excluded. */
  activeS: number;
  reps: number;
  /** Seconds of rest before this set (null for the first). */
  restBeforeS: number | null;
  startedBy: 'manual' | 'motion';
}

export interface RestState {
  afterSet: number;
  startT: number;
  endT: number | null;
  targetS: number;
  /** Seconds rested, pauses excluded. */
  activeS: number;
  recovery: HrRecovery | null;
}

export type WorkoutInput =
  | { type: 'begin'; t: number }
  | { type: 'start-set'; t: number; exerciseId?: ExerciseId; side?: Side }
  /** restS: this rest's countdown (default restTargetS); null: no rest follows (phase 'ready'). */
  | { type: 'end-set'; t: number; restS?: number | null }
  | { type: 'end-rest'; t: number }
  | { type: 'pause'; t: number }
  | { type: 'resume'; t: number }
  | { type: 'finish'; t: number }
  | { type: 'motion'; event: MotionEvent }
  | { type: 'rep'; t: number }
  | { type: 'retract'; t: number }
  | { type: 'hr'; t: number; bpm: number }
  | { type: 'tick'; t: number };

export type WorkoutEvent =
  | { type: 'set-started'; t: number; set: WorkoutSetState }
  | { type: 'set-ended'; t: number; set: WorkoutSetState }
  | { type: 'rest-started'; t: number; rest: RestState }
  | { type: 'rest-ended'; t: number; rest: RestState }
  | { type: 'rest-over'; t: number; rest: RestState }
  | { type: 'paused'; t: number; from: PausablePhase }
  | { type: 'resumed'; t: number; to: PausablePhase }
  | { type: 'finished'; t: number }
  | { type: 'rejected'; t: number; input: WorkoutInput['type']; reason: string };

export interface WorkoutView {
  phase: WorkoutPhase;
  /** The phase a pause interrupted. */
  pausedFrom: PausablePhase | null;
  /** Seconds since the workout began (or its first set), pauses excluded; stops at finish. */
  elapsedS: number;
  set: WorkoutSetState | null;
  rest: RestState | null;
  /** Seconds left of the rest countdown at t (negative: over time), null outside a rest. */
  restRemainingS: number | null;
  /** Side the next (or current) set is on. */
  nextSide: Side;
}

const HR_SET_TAIL_S = 15;

export class WorkoutMachine {
  private phase: WorkoutPhase = 'idle';
  private pausedFrom: PausablePhase | null = null;
  private pauseT = 0;
  private begunAt: number | null = null;
  private pausedS = 0;
  private finishedAt: number | null = null;
  private current: WorkoutSetState | null = null;
  private rest: RestState | null = null;
  private restOverSent = false;
  /** Time the current phase's clock last resumed (for active seconds). */
  private runningSince = 0;
  private hr: { t: number; bpm: number }[] = [];
  private sideCount = 0;
  readonly sets: WorkoutSetState[] = [];
  readonly rests: RestState[] = [];
  private readonly restTargetS: number;

  constructor(readonly options: WorkoutOptions) {
    this.restTargetS = options.restTargetS ?? 90;
  }

  get state(): WorkoutPhase {
    return this.phase;
  }

  view(t: number): WorkoutView {
    const rest = this.rest;
    let remaining: number | null = null;
    if (rest && (this.phase === 'rest' || (this.phase === 'paused' && this.pausedFrom === 'rest'))) {
      const active = rest.activeS + (this.phase === 'rest' ? t - this.runningSince : 0);
      remaining = rest.targetS - active;
    }
    return {
      phase: this.phase,
      pausedFrom: this.pausedFrom,
      elapsedS: this.elapsed(t),
      set: this.current ? this.liveSet(t) : null,
      rest: rest ? { ...rest } : null,
      restRemainingS: remaining,
      nextSide: this.sideFor(this.sideCount),
    };
  }

  push(input: WorkoutInput): WorkoutEvent[] {
    const t = input.type === 'motion' ? input.event.t : input.t;
    if (this.phase === 'finished') return [this.reject(input, t, 'the workout is finished')];
    switch (input.type) {
      case 'begin':
        if (this.phase !== 'idle') return [this.reject(input, t, 'the workout has begun already')];
        this.begunAt = t;
        this.phase = 'ready';
        return [];
      case 'start-set':
        if (this.phase === 'idle' || this.phase === 'ready' || this.phase === 'rest') return this.startSet(t, 'manual', input.exerciseId, input.side);
        return [this.reject(input, t, this.phase === 'set' ? 'a set is already running' : 'resume first')];
      case 'end-set':
        if (this.phase === 'set') return this.endSet(t, input.restS === undefined ? this.restTargetS : input.restS);
        return [this.reject(input, t, 'no set is running')];
      case 'end-rest':
        if (this.phase === 'paused' && this.pausedFrom === 'rest') {
          // Skipped while paused: the rest ends where the pause began, the pause goes on.
          const out = this.endRest(this.pauseT);
          this.rest = null;
          this.pausedFrom = 'ready';
          return out;
        }
        if (this.phase !== 'rest') return [this.reject(input, t, 'no rest is running')];
        return this.endRestToReady(t);
      case 'pause':
        if (this.phase !== 'set' && this.phase !== 'rest' && this.phase !== 'ready') return [this.reject(input, t, `cannot pause when ${this.phase}`)];
        this.accumulate(t);
        this.pausedFrom = this.phase;
        this.pauseT = t;
        this.phase = 'paused';
        return [{ type: 'paused', t, from: this.pausedFrom }];
      case 'resume': {
        if (this.phase !== 'paused' || this.pausedFrom === null) return [this.reject(input, t, 'not paused')];
        const to = this.pausedFrom;
        this.pausedS += Math.max(0, t - this.pauseT);
        this.phase = to;
        this.pausedFrom = null;
        this.runningSince = t;
        return [{ type: 'resumed', t, to }];
      }
      case 'finish':
        return this.finish(t);
      case 'motion':
        return this.onMotion(input.event);
      case 'rep':
        if (this.phase === 'set' || (this.phase === 'paused' && this.pausedFrom === 'set')) {
          if (this.current) this.current.reps++;
          return [];
        }
        return [this.reject(input, t, 'a rep outside a set is not counted')];
      case 'retract':
        if (this.current && this.current.reps > 0 && this.current.endT === null) this.current.reps--;
        return [];
      case 'hr':
        if (Number.isFinite(input.bpm) && input.bpm > 0) this.onHr(t, input.bpm);
        return [];
      case 'tick':
        return this.onTick(t);
    }
  }

  private reject(input: WorkoutInput, t: number, reason: string): WorkoutEvent {
    return { type: 'rejected', t, input: input.type, reason };
  }

  private sideFor(n: number): Side {
    if (!this.options.sided) return 'both';
    return n % 2 === 0 ? 'left' : 'right';
  }

  private liveSet(t: number): WorkoutSetState {
    const s = this.current as WorkoutSetState;
    return this.phase === 'set' ? { ...s, activeS: s.activeS + (t - this.runningSince) } : { ...s };
  }

  /** Adds the running stretch to the current phase's active seconds. */
  private accumulate(t: number): void {
    const d = Math.max(0, t - this.runningSince);
    if (this.phase === 'set' && this.current) this.current.activeS += d;
    if (this.phase === 'rest' && this.rest) this.rest.activeS += d;
    this.runningSince = t;
  }

  /** Session seconds at t: from the start, less the pauses, frozen by a pause or the finish. */
  private elapsed(t: number): number {
    if (this.begunAt === null) return 0;
    const end = this.finishedAt ?? (this.phase === 'paused' ? this.pauseT : t);
    return Math.max(0, end - this.begunAt - this.pausedS);
  }

  private startSet(t: number, by: 'manual' | 'motion', exerciseId?: ExerciseId, side?: Side): WorkoutEvent[] {
    const out: WorkoutEvent[] = [];
    this.begunAt ??= t;
    let restBefore: number | null = null;
    if (this.phase === 'rest' && this.rest) {
      out.push(...this.endRest(t));
      restBefore = this.rest.activeS;
    }
    const chosenSide = side ?? this.sideFor(this.sideCount);
    if (this.options.sided && side === undefined) this.sideCount++;
    if (this.options.sided && side !== undefined) this.sideCount = side === 'left' ? 1 : 0;
    const set: WorkoutSetState = {
      index: this.sets.length,
      exerciseId: exerciseId ?? this.options.exerciseId,
      side: chosenSide,
      startT: t,
      endT: null,
      activeS: 0,
      reps: 0,
      restBeforeS: restBefore,
      startedBy: by,
    };
    this.sets.push(set);
    this.current = set;
    this.phase = 'set';
    this.runningSince = t;
    out.push({ type: 'set-started', t, set: { ...set } });
    return out;
  }

  private endSet(t: number, restS: number | null): WorkoutEvent[] {
    const set = this.current as WorkoutSetState;
    this.accumulate(t);
    set.endT = t;
    if (restS === null) {
      this.current = null;
      this.phase = 'ready';
      this.runningSince = t;
      return [{ type: 'set-ended', t, set: { ...set } }];
    }
    const startBpm = this.hrMax(t - HR_SET_TAIL_S, t);
    const rest: RestState = { afterSet: set.index, startT: t, endT: null, targetS: restS, activeS: 0, recovery: null };
    if (startBpm !== null) rest.recovery = { startBpm, endBpm: startBpm, dropBpm: 0, hrr60Bpm: null };
    this.rests.push(rest);
    this.rest = rest;
    this.restOverSent = false;
    this.current = null;
    this.phase = 'rest';
    this.runningSince = t;
    return [
      { type: 'set-ended', t, set: { ...set } },
      { type: 'rest-started', t, rest: { ...rest } },
    ];
  }

  private endRest(t: number): WorkoutEvent[] {
    const rest = this.rest as RestState;
    if (this.phase === 'rest') this.accumulate(t);
    rest.endT = t;
    return [{ type: 'rest-ended', t, rest: { ...rest, recovery: rest.recovery ? { ...rest.recovery } : null } }];
  }

  private endRestToReady(t: number): WorkoutEvent[] {
    const out = this.endRest(t);
    this.rest = null;
    this.phase = 'ready';
    this.runningSince = t;
    return out;
  }

  private finish(t: number): WorkoutEvent[] {
    const out: WorkoutEvent[] = [];
    // Finishing while paused closes the interrupted phase at the pause (the pause is not work).
    const from = this.phase === 'paused' ? this.pausedFrom : this.phase;
    const at = this.phase === 'paused' ? this.pauseT : t;
    if (this.phase === 'paused') {
      this.phase = from ?? 'idle';
      this.runningSince = at;
      this.pausedFrom = null;
    }
    if (from === 'set') {
      const set = this.current as WorkoutSetState;
      this.accumulate(at);
      set.endT = at;
      this.current = null;
      out.push({ type: 'set-ended', t: at, set: { ...set } });
    } else if (from === 'rest') {
      out.push(...this.endRest(at));
    }
    this.phase = 'finished';
    this.finishedAt = at;
    out.push({ type: 'finished', t });
    return out;
  }

  private onMotion(e: MotionEvent): WorkoutEvent[] {
    if (e.type === 'motion-start') {
      if (this.options.autoStart && (this.phase === 'idle' || this.phase === 'ready' || this.phase === 'rest')) return this.startSet(e.t, 'motion');
      return [];
    }
    if (this.options.autoEnd && this.phase === 'set' && this.current) {
      // The set ended when stillness began (not when it was confirmed), but never before it started.
      const end = Math.max(this.current.startT, e.since);
      this.accumulate(end);
      const out = this.endSet(end, this.restTargetS);
      this.runningSince = end;
      return out;
    }
    return [];
  }

  private onHr(t: number, bpm: number): void {
    this.hr.push({ t, bpm });
    // Keep what recovery figures can still need.
    const keepFrom = t - 120;
    while (this.hr.length > 0 && this.hr[0].t < keepFrom) this.hr.shift();
    const rest = this.rest;
    if (this.phase !== 'rest' && !(this.phase === 'paused' && this.pausedFrom === 'rest')) return;
    if (!rest || rest.endT !== null) return;
    if (!rest.recovery) rest.recovery = { startBpm: bpm, endBpm: bpm, dropBpm: 0, hrr60Bpm: null };
    const r = rest.recovery;
    r.endBpm = bpm;
    r.dropBpm = r.startBpm - bpm;
    if (r.hrr60Bpm === null && t - rest.startT >= 60) r.hrr60Bpm = r.startBpm - bpm;
  }

  private hrMax(from: number, to: number): number | null {
    let best: number | null = null;
    for (const s of this.hr) if (s.t >= from && s.t <= to && (best === null || s.bpm > best)) best = s.bpm;
    return best;
  }

  private onTick(t: number): WorkoutEvent[] {
    if (this.phase !== 'rest' || !this.rest || this.restOverSent) return [];
    const remaining = this.rest.targetS - (this.rest.activeS + (t - this.runningSince));
    if (remaining > 0) return [];
    this.restOverSent = true;
    const over: WorkoutEvent = { type: 'rest-over', t, rest: { ...this.rest } };
    return this.options.endRestWhenOver ? [over, ...this.endRestToReady(t)] : [over];
  }
}

export function createWorkout(options: WorkoutOptions): WorkoutMachine {
  return new WorkoutMachine(options);
}
