/**
 * The live workout: sensor samples and the person's intents in, a workout view out. Phases and
 * clocks run on the pure state machine (timing.ts over src/core/workout); this service carries
 * out what it decides with the plan, the running set's detector, heart rate, sensor health,
 * the banner, the store's writer and automatic sets, and sends the view as coalesced frames.
 */
import type { WorkoutView } from '../../shared/commands/workout';
import type { Settings } from '../../shared/contract';
import { RUNNERS_STRENGTH, planSizeProblem, type RoutineSpec } from '../../shared/routines';
import { EXERCISE_NAMES, isExerciseId, type ExerciseId } from '../../shared/exercises';
import type { RepModel } from '../../shared/rep-model';
import type { RepDetectorOptions } from '../../core/reps/detector';
import { createStreamingRepDetector, type Placement, type StreamingRepDetector } from '../../core/reps';
import { AutoSets } from './auto-sets';
import { Banner } from './banner';
import { FrameCoalescer } from './frames';
import { HeartRateFollower } from './heart-rate';
import { WorkoutPlan } from './plan';
import type { SensorInput, WorkoutStorePort } from './ports';
import { SessionRecording, type RecordingReports } from './recording';
import { RunningSet, type AccPoint } from './running-set';
import { SensorHealth } from './sensor-health';
import { SetTiming, WorkoutError } from './timing';

export { WorkoutError };

export interface WorkoutServiceOptions {
  /** Engine clock, epoch ms (the simulator's clock in demo mode). */
  now: () => number;
  settings: () => Settings;
  store: () => WorkoutStorePort | null;
  /** Receives each coalesced frame. */
  onFrame: (view: WorkoutView) => void;
  /** A session was saved or changed (History refreshes). */
  onSessionsChanged?: (reason: string) => void;
  /** Something went wrong that the person should read (store write failed...). */
  onNotice?: (level: 'info' | 'warning' | 'error', message: string) => void;
  /** A store write failed where only the banner says so (the log wants it). */
  onWriteFailed?: (message: string) => void;
  frameMs?: number;
  tickMs?: number;
  /** Shown where an exercise names no sensor placement (the person's defaults). */
  defaultPlacement?: () => string | null;
  /** The person's learned model for an exercise at the accelerometer's placement, if any. */
  repModel?: (exercise: string) => RepModel | null;
  /** Where the accelerometer is worn (Settings), for the placement's built-in prior. */
  accelerometerPlacement?: () => Placement | null;
  /** Name and base profile of a taught exercise's key (built-in ids need none). */
  exerciseInfo?: (key: string) => { name: string; profile: ExerciseId } | null;
  /** Makes each set's detector (tests see what it is given). */
  createDetector?: (profile: ExerciseId, options: RepDetectorOptions) => StreamingRepDetector;
}

/** A begun workout: its plan, clocks and session, from begin() until close(). */
interface Active {
  plan: WorkoutPlan;
  timing: SetTiming;
  recording: SessionRecording;
  /** When Finish was pressed: the stored session ends here (src/shared/format.ts says why). */
  finishedAt: number | null;
}

export class WorkoutService {
  private active: Active | null = null;
  private running: RunningSet | null = null;
  private readonly autoSets = new AutoSets(false);
  private readonly banner = new Banner();
  private readonly health = new SensorHealth(this.banner);
  private readonly hr = new HeartRateFollower();
  private readonly frames: FrameCoalescer;
  private readonly reports: RecordingReports;

  constructor(private readonly o: WorkoutServiceOptions) {
    this.frames = new FrameCoalescer(() => o.onFrame(this.view()), o.frameMs ?? 33, o.tickMs ?? 250);
    this.reports = {
      notice: (level, message) => o.onNotice?.(level, message),
      sessionsChanged: (reason) => o.onSessionsChanged?.(reason),
      changed: () => this.frames.markDirty(),
      writeFailed: (message) => o.onWriteFailed?.(message),
    };
  }

  // ---- intents --------------------------------------------------------------------------

  begin(routine: RoutineSpec = RUNNERS_STRENGTH): WorkoutView {
    if (this.active && this.active.timing.phase !== 'finished') throw new WorkoutError('A workout is already running: finish it first.');
    // A routine stored before the limit existed may be larger: refused, not half shown.
    const tooBig = planSizeProblem(routine.exercises);
    if (tooBig) throw new WorkoutError(`This routine cannot be started: ${tooBig}. Edit it to fewer sets.`);
    const now = this.o.now();
    this.autoSets.reset(routine.autoSets);
    const plan = new WorkoutPlan(routine);
    this.running = null;
    this.hr.restart();
    this.active = {
      plan,
      timing: new SetTiming(now, this.profileOf(plan.items[0]?.exerciseId ?? 'generic', null)),
      recording: SessionRecording.open(routine, now, this.o.store, this.banner, this.reports, this.o.now),
      finishedAt: null,
    };
    this.frames.startTicking();
    return this.changed();
  }

  /** Starts the current set now (or at `atMs`, when motion started it a moment ago). */
  startSet(atMs?: number, auto = false): WorkoutView {
    const { plan, timing, recording } = this.require();
    if (timing.phase === 'set') return this.view();
    if (plan.current === null) throw new WorkoutError('Every set is done: finish the workout.');
    const now = atMs ?? this.o.now();
    const item = plan.items[plan.current];
    const { profile, model } = this.detectorInputs(item.exerciseId);
    timing.startSet(now, profile, item.side);
    const setId = recording.startSet(item, plan.done.length + 1, now);
    this.running = new RunningSet(setId, now, profile, auto, {
      rep: (id, rep) => recording.addRep(id, rep),
      retract: (id, t, reason) => recording.retractRep(id, t, reason),
    }, this.o.now, (this.o.createDetector ?? createStreamingRepDetector)(profile, { model, placement: this.o.accelerometerPlacement?.() ?? null }));
    plan.running = plan.current;
    return this.changed();
  }

  endSet(): WorkoutView {
    const { plan, timing, recording } = this.require();
    const run = this.running;
    if (!run || plan.running === null) return this.view();
    const now = this.o.now();
    // A set ended while paused ended where it was paused: the pause is not part of it.
    const endedAt = timing.phase === 'set' ? (timing.pausedSinceMs ?? now) : now;
    run.flush();
    const index = plan.running;
    const item = plan.items[index];
    item.status = 'done';
    item.setId = run.setId;
    item.repsDetected = run.detected;
    item.correction = run.correction;
    const next = plan.nextTodo(index);
    // The last set is followed by no rest: the workout waits to be finished.
    timing.endSet(now, next === null ? null : item.restS);
    // Start to end as stored and shown in History (a pause within the set included): one duration.
    item.durationS = Math.max(0, (endedAt - run.startedAt) / 1000);
    item.avgHr = run.avgHr;
    item.maxHr = run.maxHr;
    item.quality = run.quality.figures();
    recording.endSet(item, endedAt, false);
    this.running = null;
    plan.running = null;
    this.hr.setEnded(now);
    plan.current = next;
    return this.changed();
  }

  toggleSet(): WorkoutView {
    return this.active?.timing.phase === 'set' ? this.endSet() : this.startSet();
  }

  adjustReps(delta: number, which?: number): WorkoutView {
    const { plan, timing, recording } = this.require(true);
    let index: number | null | undefined = which;
    if (index === undefined || (this.running && index === plan.running)) {
      if (this.running) {
        this.running.adjust(delta);
        return this.changed();
      }
      // Between sets, +/- fixes the set just done.
      index = plan.lastDone();
    }
    if (index === null) throw new WorkoutError('No set to correct yet.');
    const item = plan.items[index];
    if (!item || item.status !== 'done') throw new WorkoutError('Only a done set can be corrected.');
    item.correction += Math.max(delta, -((item.repsDetected ?? 0) + item.correction));
    recording.saveCorrection(item, timing.phase === 'finished');
    return this.changed();
  }

  pause(): WorkoutView {
    const { timing } = this.require();
    if (timing.paused) return this.view();
    timing.pause(this.o.now());
    return this.changed();
  }

  resume(): WorkoutView {
    const { timing } = this.require();
    if (!timing.paused) return this.view();
    timing.resume(this.o.now());
    return this.changed();
  }

  select(index: number): WorkoutView {
    const { plan, timing } = this.require();
    if (timing.phase === 'set') throw new WorkoutError('End the set before choosing another exercise.');
    plan.select(index);
    return this.changed();
  }

  skip(): WorkoutView {
    const { plan, timing } = this.require();
    if (timing.phase === 'set') throw new WorkoutError('End the set before skipping.');
    if (!plan.skip()) return this.view();
    if (plan.current === null) timing.endRest(this.o.now());
    return this.changed();
  }

  repeat(): WorkoutView {
    this.require().plan.repeat();
    return this.changed();
  }

  move(from: number, to: number): WorkoutView {
    this.require().plan.move(from, to);
    return this.changed();
  }

  skipRest(): WorkoutView {
    this.require().timing.endRest(this.o.now());
    return this.changed();
  }

  setAuto(on: boolean): WorkoutView {
    // Switched on mid-workout: a movement already going on starts nothing (auto-sets.ts).
    this.autoSets.reset(on, this.active ? this.o.now() : undefined);
    return this.changed();
  }

  finish(): WorkoutView {
    const active = this.require();
    const { plan, timing, recording } = active;
    if (timing.phase === 'set') this.endSet();
    const now = this.o.now();
    timing.finish(now);
    active.finishedAt = now;
    plan.current = null;
    recording.finish(now, recording.saving ? this.health.takeOpenGaps() : []);
    this.frames.stopTicking();
    this.o.onSessionsChanged?.('workout finished');
    return this.changed();
  }

  close(): WorkoutView {
    if (this.active && this.active.timing.phase !== 'finished') this.finish();
    this.active = null;
    this.banner.clear();
    return this.changed();
  }

  // ---- samples --------------------------------------------------------------------------

  ingest(input: SensorInput): void {
    if (this.frames.isClosed) return;
    const now = this.o.now();
    const recording = this.isRecording() ? this.active?.recording : undefined;
    switch (input.type) {
      case 'hr':
        if (!this.hr.takeFrom(input.sensorId, now)) break;
        for (const s of input.samples) {
          this.health.noteSample(input.sensorId, s.tMs);
          if (!(s.bpm > 0)) continue;
          this.hr.push(s, recording !== undefined);
          recording?.write((w) => w.addHr(s));
          if (this.running && !this.active?.timing.paused) this.running.addHr(s.bpm);
        }
        this.health.touch(input.sensorId, now);
        break;
      case 'rr':
        if (!this.hr.isSource(input.sensorId)) break;
        for (const s of input.samples) {
          this.hr.pushRr(s);
          recording?.write((w) => w.addRr(s));
        }
        break;
      case 'acc': {
        const last = input.samples[input.samples.length - 1];
        if (last) this.health.noteSample(input.sensorId, last.tMs);
        recording?.write((w) => w.addAcc(input.sensorId, input.samples));
        for (const sample of input.samples) this.onAcc(input.sensorId, sample);
        this.health.touch(input.sensorId, now);
        break;
      }
      case 'gap':
        this.health.gapClosed(input.sensorId);
        recording?.write((w) => w.markGap(input.sensorId, input.fromMs, input.toMs));
        break;
      default:
        this.health.onStatus(input, now);
    }
    this.frames.markDirty();
  }

  // ---- view -----------------------------------------------------------------------------

  view(tailPoints = 5): WorkoutView {
    const now = this.o.now();
    const a = this.active;
    a?.timing.advance(now);
    const t = a?.timing.view(now) ?? null;
    const shown = a?.plan.shown ?? null;
    const spec = a && shown ? a.plan.routine.exercises[shown.exerciseIndex] : null;
    const done = a?.plan.done ?? [];
    const hr = this.hr.view(now, this.o.settings(), tailPoints);
    return {
      phase: t?.phase ?? 'idle',
      paused: t?.paused ?? false,
      atMs: now,
      sessionId: a?.recording.sessionId ?? null,
      routineName: a?.plan.routine.name ?? null,
      autoSets: this.autoSets.on,
      startedAt: a?.timing.startedAt ?? null,
      elapsedS: t?.elapsedS ?? 0,
      plan: a?.plan.view((key) => this.nameOf(key)) ?? [],
      current: a ? (a.plan.running ?? a.plan.current) : null,
      instructions: spec?.instructions ?? '',
      placement: spec ? (spec.placement ?? this.o.defaultPlacement?.() ?? null) : null,
      set: this.running ? this.running.view(now, t?.setElapsedS ?? 0) : null,
      rest: t?.rest ?? null,
      recovery: hr.recovery,
      hr: hr.hr,
      zoneBounds: hr.zoneBounds,
      rmssdMs: hr.rmssdMs,
      sensors: this.health.view(),
      banner: this.banner.view(now),
      hrTail: hr.hrTail,
      totals: {
        sets: done.length,
        reps: done.reduce((sum, p) => sum + Math.max(0, (p.repsDetected ?? 0) + p.correction), 0),
        avgHr: this.hr.avg,
        maxHr: this.hr.max,
        durationS: a && a.finishedAt !== null ? (a.finishedAt - a.timing.startedAt) / 1000 : null,
      },
    };
  }

  /** Stops timers; the service takes no more samples. */
  dispose(): void {
    this.frames.close();
  }

  // ---- insides --------------------------------------------------------------------------

  private onAcc(sensorId: string, s: AccPoint): void {
    const a = this.active;
    if (!a || a.timing.paused) return;
    const origin = a.timing.startedAt;
    if (this.autoSets.on && a.timing.phase !== 'finished') {
      for (const e of this.autoSets.push(sensorId, s, origin)) {
        if (e.type === 'motion-start' && a.timing.phase !== 'set' && a.plan.current !== null) {
          this.startSet(this.autoSets.startOf(e.t, origin, s.tMs), true);
          // The set began a moment ago: the last seconds are replayed into the new detector
          // (the still part before the rise settles its filters, so the first rep counts).
          const run = this.running;
          if (run) {
            run.accSensor = sensorId;
            for (const r of this.autoSets.lookback) run.push(r, origin);
          }
          return;
        } else if (e.type === 'still' && a.timing.phase === 'set' && this.running?.auto) {
          this.endSet();
        }
      }
    }
    this.running?.feed(sensorId, s, origin);
  }

  private isRecording(): boolean {
    return this.active !== null && this.active.recording.saving && this.active.timing.phase !== 'finished';
  }

  private require(allowFinished = false): Active {
    const a = this.active;
    if (!a || (!allowFinished && a.timing.phase === 'finished')) throw new WorkoutError('No workout is running: start one first.');
    return a;
  }

  private changed(): WorkoutView {
    const v = this.view(600);
    this.frames.markDirty();
    return v;
  }

  /** The profile a set counts with and the person's model for it (a lookup failure counts without). */
  private detectorInputs(exercise: string): { profile: ExerciseId; model: RepModel | null } {
    let model: RepModel | null = null;
    try {
      model = this.o.repModel?.(exercise) ?? null;
    } catch (err) {
      this.o.onNotice?.('warning', `Counting without what SetBeat learned for this exercise: ${err instanceof Error ? err.message : String(err)}`);
    }
    return { profile: this.profileOf(exercise, model), model };
  }

  /** A taught exercise counts with its base profile (the store is asked first, then its model). */
  private profileOf(exercise: string, model: RepModel | null): ExerciseId {
    return isExerciseId(exercise) ? exercise : (this.exerciseInfo(exercise)?.profile ?? model?.profile ?? 'generic');
  }

  private exerciseInfo(key: string): { name: string; profile: ExerciseId } | null {
    try {
      return this.o.exerciseInfo?.(key) ?? null;
    } catch {
      return null;
    }
  }

  private nameOf(key: string): string {
    return isExerciseId(key) ? EXERCISE_NAMES[key] : (this.exerciseInfo(key)?.name ?? key);
  }
}
