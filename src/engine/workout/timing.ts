/**
 * The live workout's phases and clocks, run on the pure state machine of src/core/workout:
 * this adapter only turns the engine's epoch milliseconds into the machine's seconds (counted
 * from the workout's start, so no precision is lost to the epoch) and refuses what it rejects.
 */
import type { Side } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { createWorkout, type PausablePhase, type WorkoutEvent, type WorkoutInput, type WorkoutMachine, type WorkoutSetState } from '../../core/workout';

export class WorkoutError extends Error {
  override name = 'WorkoutError';
}

export interface TimingView {
  /** The phase running (or interrupted by the pause). */
  phase: PausablePhase | 'finished';
  paused: boolean;
  elapsedS: number;
  /** Seconds in the running set, pauses excluded. */
  setElapsedS: number | null;
  rest: { totalS: number; remainingS: number } | null;
}

export class SetTiming {
  private readonly machine: WorkoutMachine;
  private pauseStartedMs: number | null = null;

  constructor(
    readonly startedAt: number,
    exerciseId: ExerciseId,
  ) {
    // The countdown ends the rest by itself: the screen then waits for the next set.
    this.machine = createWorkout({ exerciseId, endRestWhenOver: true });
    this.push({ type: 'begin', t: 0 });
  }

  get paused(): boolean {
    return this.machine.state === 'paused';
  }

  /** When the pause under way began (epoch ms); null when not paused. */
  get pausedSinceMs(): number | null {
    return this.paused ? this.pauseStartedMs : null;
  }

  /** The phase running or, while paused, the one the pause interrupted. */
  get phase(): PausablePhase | 'finished' {
    const s = this.machine.state;
    if (s === 'paused') return this.machine.view(0).pausedFrom ?? 'ready';
    return s === 'idle' ? 'ready' : s;
  }

  startSet(atMs: number, exerciseId: ExerciseId, side: Side): void {
    if (this.paused) this.push({ type: 'resume', t: this.t(atMs) });
    this.push({ type: 'start-set', t: this.t(atMs), exerciseId, side });
  }

  /** Ends the running set (resuming first if paused); returns its seconds, pauses excluded. */
  endSet(atMs: number, restS: number | null): number {
    if (this.paused) this.push({ type: 'resume', t: this.t(atMs) });
    const ended = this.push({ type: 'end-set', t: this.t(atMs), restS }).find((e) => e.type === 'set-ended');
    return ended?.type === 'set-ended' ? ended.set.activeS : 0;
  }

  /** Ends the rest now (skipped, or no set is left); a pause goes on. */
  endRest(atMs: number): void {
    if (this.phase === 'rest') this.push({ type: 'end-rest', t: this.t(atMs) });
  }

  pause(atMs: number): void {
    if (this.paused) return;
    this.push({ type: 'pause', t: this.t(atMs) });
    this.pauseStartedMs = atMs;
  }

  resume(atMs: number): void {
    if (this.paused) this.push({ type: 'resume', t: this.t(atMs) });
  }

  finish(atMs: number): void {
    this.push({ type: 'finish', t: this.t(atMs) });
  }

  /** Lets the rest countdown run out at `nowMs`. */
  advance(nowMs: number): void {
    if (this.machine.state === 'rest') this.push({ type: 'tick', t: this.t(nowMs) });
  }

  view(nowMs: number): TimingView {
    const v = this.machine.view(this.t(nowMs));
    const set: WorkoutSetState | null = v.set;
    return {
      phase: this.phase,
      paused: this.paused,
      elapsedS: v.elapsedS,
      setElapsedS: set ? set.activeS : null,
      rest: v.rest && v.restRemainingS !== null ? { totalS: v.rest.targetS, remainingS: Math.max(0, v.restRemainingS) } : null,
    };
  }

  private t(ms: number): number {
    return (ms - this.startedAt) / 1000;
  }

  private push(input: WorkoutInput): WorkoutEvent[] {
    const out = this.machine.push(input);
    const refused = out.find((e) => e.type === 'rejected');
    if (refused?.type === 'rejected') throw new WorkoutError(`The workout cannot ${input.type.replace('-', ' ')}: ${refused.reason}.`);
    return out;
  }
}
