/**
 * Keeps the demo sensors' simulated athlete in step with the live workout: each time the
 * workout's phase, set or pause changes, the athlete is told what to do now (rest, walk to
 * the next station, do this many reps of this exercise). With real sensors nothing is sent.
 */
import type { WorkoutView } from '../../shared/commands/workout';
import { isExerciseId, type ExerciseId } from '../../shared/exercises';
import type { AthleteCue } from '../bluetooth/sim/athlete';

/** A taught exercise has no simulated movement of its own: the athlete does a generic one. */
const movementOf = (key: string): ExerciseId => (isExerciseId(key) ? key : 'generic');

/** With "start and end sets by movement" on, the athlete starts on their own after this. */
const AUTO_START_DELAY_S = 3;

/** What the athlete should be doing for this frame of the workout. */
export function athleteCueFor(v: WorkoutView): AthleteCue {
  if (v.phase === 'idle' || v.phase === 'finished' || v.paused) return { activity: 'idle' };
  const cur = v.current !== null ? v.plan[v.current] : null;
  if (v.phase === 'set') {
    if (!cur) return { activity: 'idle' };
    // Resumed mid-set: only what is left (a timed set: until told otherwise).
    const left = cur.target !== null ? Math.max(0, cur.target - (v.set?.reps ?? 0)) : null;
    return { activity: 'set', exerciseId: movementOf(cur.exerciseId), reps: left };
  }
  if (v.phase === 'rest') {
    const last = [...v.plan].reverse().find((p) => p.status === 'done');
    return { activity: 'rest', walk: cur !== null && last !== undefined && cur.exerciseId !== last.exerciseId };
  }
  // Ready: waiting for the person to start; with automatic sets, moving is what starts it.
  if (v.autoSets && cur) return { activity: 'set', exerciseId: movementOf(cur.exerciseId), reps: cur.target, delayS: AUTO_START_DELAY_S };
  return { activity: 'idle' };
}

/** Changes that need a new cue: frames otherwise repeat at up to 30 Hz. */
function cueKey(v: WorkoutView): string {
  const setKey = v.phase === 'set' ? `${v.set?.startedAt ?? ''}` : '';
  return [v.sessionId, v.phase, v.paused, v.current, v.autoSets, setKey].join('|');
}

export interface AthleteFollower {
  /** Hand it every workout frame. */
  frame(view: WorkoutView): void;
  /** New demo sensors (or a restarted Bluetooth process): tell them where the workout is. */
  resend(): void;
}

export function followWorkout(send: (cue: AthleteCue) => void): AthleteFollower {
  let lastKey: string | null = null;
  let lastCue: AthleteCue = { activity: 'idle' };
  return {
    frame(view) {
      const key = cueKey(view);
      if (key === lastKey) return;
      const resumedSet = lastKey !== null && view.phase === 'set' && lastCue.activity === 'set';
      lastKey = key;
      const cue = athleteCueFor(view);
      // A set started by movement was already being done: let the athlete carry on.
      if (resumedSet && cue.activity === 'set' && view.autoSets) return;
      lastCue = cue;
      send(cue);
    },
    resend() {
      send(lastCue);
    },
  };
}
