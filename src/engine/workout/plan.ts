/**
 * The workout's plan: the routine's sets in order, which one is next, and each done set's
 * figures. Skip, repeat, select and move edit it; the view lists it for the screen.
 */
import type { RepQualityFigures, WorkoutView } from '../../shared/commands/workout';
import { EXERCISE_NAMES } from '../../shared/exercises';
import { describeTarget, planSets, type RoutineSpec } from '../../shared/routines';
import { WorkoutError } from './timing';

export interface PlanItem {
  exerciseIndex: number;
  exerciseId: WorkoutView['plan'][number]['exerciseId'];
  setNumber: number;
  side: 'left' | 'right' | 'both';
  target: number | null;
  restS: number;
  status: 'todo' | 'done' | 'skipped';
  setId: number | null;
  repsDetected: number | null;
  correction: number;
  durationS: number | null;
  avgHr: number | null;
  maxHr: number | null;
  quality: RepQualityFigures | null;
}

/** A plan item's figures before its set is done (a new plan, or a repeated set). */
const NOT_DONE = {
  status: 'todo',
  setId: null,
  repsDetected: null,
  correction: 0,
  durationS: null,
  avgHr: null,
  maxHr: null,
  quality: null,
} as const;

export class WorkoutPlan {
  readonly items: PlanItem[];
  /** The set to do next (null: every set is done or skipped). */
  current: number | null;
  /** The set running now, if any: edits keep it pointing at the same item. */
  running: number | null = null;

  constructor(readonly routine: RoutineSpec) {
    this.items = planSets(routine).map((p) => ({ ...p, ...NOT_DONE }));
    this.current = this.items.length > 0 ? 0 : null;
  }

  /** The item on screen: the running set's, else the next one's. */
  get shown(): PlanItem | null {
    const i = this.running ?? this.current;
    return i !== null ? (this.items[i] ?? null) : null;
  }

  get done(): PlanItem[] {
    return this.items.filter((p) => p.status === 'done');
  }

  nextTodo(after: number): number | null {
    for (let i = after + 1; i < this.items.length; i++) if (this.items[i].status === 'todo') return i;
    for (let i = 0; i <= after && i < this.items.length; i++) if (this.items[i].status === 'todo') return i;
    return null;
  }

  lastDone(): number | null {
    let best: number | null = null;
    this.items.forEach((p, i) => {
      if (p.status === 'done') best = i;
    });
    return best;
  }

  select(index: number): void {
    const item = this.items[index];
    if (!item || item.status !== 'todo') throw new WorkoutError('That set is not waiting to be done.');
    this.current = index;
  }

  /** Skips the next set; false when there was none. */
  skip(): boolean {
    if (this.current === null) return false;
    this.items[this.current].status = 'skipped';
    this.current = this.nextTodo(this.current);
    return true;
  }

  /** Adds one more of the last done set (or of the next one) right after it. */
  repeat(): void {
    const base = this.lastDone() ?? this.current;
    if (base === null) throw new WorkoutError('Nothing to repeat yet.');
    const src = this.items[base];
    const copy: PlanItem = {
      ...src,
      ...NOT_DONE,
      // An extra set is numbered after the last of its exercise and side ("Set 3 of 3").
      setNumber: Math.max(...this.items.filter((p) => p.exerciseIndex === src.exerciseIndex && p.side === src.side).map((p) => p.setNumber)) + 1,
    };
    const at = base + 1;
    this.items.splice(at, 0, copy);
    if (this.running !== null && this.running >= at) this.running++;
    if (this.running === null) this.current = at;
    else if (this.current !== null && this.current >= at) this.current++;
  }

  move(from: number, to: number): void {
    const item = this.items[from];
    if (!item || item.status !== 'todo' || to >= this.items.length) throw new WorkoutError('Only a set still to do can be moved, within the plan.');
    if (this.running !== null && (from === this.running || to === this.running)) throw new WorkoutError('The running set stays where it is.');
    const cur = this.current !== null ? this.items[this.current] : null;
    const run = this.running !== null ? this.items[this.running] : null;
    this.items.splice(from, 1);
    this.items.splice(to, 0, item);
    if (cur) this.current = this.items.indexOf(cur);
    if (run) this.running = this.items.indexOf(run);
  }

  view(): WorkoutView['plan'] {
    return this.items.map((p) => {
      const e = this.routine.exercises[p.exerciseIndex];
      return {
        exerciseId: p.exerciseId,
        name: EXERCISE_NAMES[p.exerciseId],
        setNumber: p.setNumber,
        sets: Math.max(e.sets, this.items.filter((q) => q.exerciseIndex === p.exerciseIndex && q.side === p.side).length),
        side: p.side,
        target: p.target,
        targetText: describeTarget(e),
        restS: p.restS,
        status: p.status,
        reps: p.repsDetected !== null ? Math.max(0, p.repsDetected + p.correction) : null,
        repsDetected: p.repsDetected,
        durationS: p.durationS,
        avgHr: p.avgHr,
        maxHr: p.maxHr,
        quality: p.quality,
      };
    });
  }
}
