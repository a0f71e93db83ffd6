/**
 * The live workout: sensor samples in, a workout view out. Per set it runs a fresh rep
 * detector on the acceleration, writes everything to the store's session writer as it
 * happens, times sets and rests (pausable), follows heart rate (zone, RMSSD, recovery after a
 * set) and sensor health, and coalesces all of it into `workout.frame` views at most every
 * frameMs (33 ms: ~30 Hz), plus a slow tick while a clock is running on screen.
 */
import type { RepQualityFigures, SensorView, WorkoutView } from '../../shared/commands/workout';
import type { Settings } from '../../shared/contract';
import type { Rep } from '../../shared/domain';
import { EXERCISE_NAMES } from '../../shared/exercises';
import { RUNNERS_STRENGTH, describeTarget, planSets, type RoutineSpec } from '../../shared/routines';
import { HrRecovery, RmssdWindow, zoneLowerBounds, zoneOf } from '../../core/hr';
import { createMotionSegmenter, createStreamingRepDetector, type MotionSegmenter, type RepEvent, type StreamingRepDetector } from '../../core/reps';
import { HrTail } from './hr-tail';
import type { LiveWriter, SensorInput, WorkoutStorePort } from './ports';
import { QualityTally } from './quality';
import { Stopwatch } from './stopwatch';

export class WorkoutError extends Error {
  override name = 'WorkoutError';
}

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
  frameMs?: number;
  tickMs?: number;
  /** Shown where an exercise names no sensor placement (the person's defaults). */
  defaultPlacement?: () => string | null;
}

interface PlanItem {
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

interface RunningSet {
  index: number;
  setId: number | null;
  watch: Stopwatch;
  detector: StreamingRepDetector;
  quality: QualityTally;
  correction: number;
  hrSum: number;
  hrN: number;
  hrMax: number | null;
  accSensor: string | null;
  /** Started by motion: stillness ends it. */
  auto: boolean;
  retracted: { message: string; atMs: number } | null;
}

interface SensorState extends SensorView {
  lastMs: number;
}

const BANNER_BACK_MS = 6000;
/** A movement rising this soon after automatic sets were switched on was already going on. */
const AUTO_SETTLE_MS = 1500;
/** Acceleration kept for an automatic start: the segmenter dates motion back to its rise. */
const AUTO_LOOKBACK_MS = 3000;
const RETRACT_SHOWN_MS = 4000;

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

export class WorkoutService {
  private routine: RoutineSpec = RUNNERS_STRENGTH;
  private plan: PlanItem[] = [];
  private phase: WorkoutView['phase'] = 'idle';
  private current: number | null = null;
  private writer: LiveWriter | null = null;
  private sessionStart: Stopwatch | null = null;
  private running: RunningSet | null = null;
  private rest: { watch: Stopwatch; totalS: number } | null = null;
  private paused = false;
  private autoSets = false;
  private segmenter: MotionSegmenter | null = null;
  /**
   * Automatic sets switched on mid-workout (epoch ms): a movement already under way then (the
   * person walking about in a rest) must not start a set; the next one, after stillness, does.
   */
  private autoSwitchedOnAt: number | null = null;
  private autoSensor: string | null = null;
  private recentAcc: { tMs: number; x: number; y: number; z: number }[] = [];
  private readonly sensors = new Map<string, SensorState>();
  /** Last sample time (epoch ms) per sensor, and since when a dropped sensor has sent nothing. */
  private readonly lastSampleMs = new Map<string, number>();
  private readonly downSince = new Map<string, number>();
  private banner: { level: 'info' | 'warning'; message: string; untilMs: number | null } | null = null;
  // Heart rate lives across the whole app run, workout or not: the screen shows it before a start.
  private hr: { bpm: number; atMs: number; contact: boolean | null } | null = null;
  /** One heart-rate source at a time (a Polar H10 and a strap together would interleave). */
  private hrSensor: { id: string; lastMs: number } | null = null;
  private rmssd = new RmssdWindow();
  private recovery = new HrRecovery();
  private tail = new HrTail();
  private totals = { hrSum: 0, hrN: 0, hrMax: null as number | null };
  private frameTimer: ReturnType<typeof setTimeout> | null = null;
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private lastFrameAt = 0;
  private readonly frameMs: number;
  private readonly tickMs: number;
  private closed = false;

  constructor(private readonly o: WorkoutServiceOptions) {
    this.frameMs = o.frameMs ?? 33;
    this.tickMs = o.tickMs ?? 250;
  }

  // ---- intents --------------------------------------------------------------------------

  begin(routine: RoutineSpec = RUNNERS_STRENGTH): WorkoutView {
    if (this.phase === 'set' || this.phase === 'rest' || this.phase === 'ready') {
      throw new WorkoutError('A workout is already running: finish it first.');
    }
    const now = this.o.now();
    this.routine = routine;
    this.autoSets = routine.autoSets;
    this.resetSegmenter();
    this.plan = planSets(routine).map((p) => ({ ...p, ...NOT_DONE }));
    this.current = 0;
    this.phase = 'ready';
    this.paused = false;
    this.rest = null;
    this.running = null;
    this.recovery = new HrRecovery();
    this.totals = { hrSum: 0, hrN: 0, hrMax: null };
    this.sessionStart = new Stopwatch(now);
    this.writer = null;
    const store = this.o.store();
    if (store) {
      try {
        this.writer = store.beginSession(
          { name: `${routine.name}, ${new Date(now).toLocaleDateString('en-GB')}`, routineName: routine.name, startedAt: now },
          {
            // Flushes run on the writer's timer, out of reach of safeWrite: say so here.
            onError: (err) => {
              this.setBanner('warning', `Saving is failing: ${err.message}`, null);
              this.o.onNotice?.('error', err.message);
              this.markDirty();
            },
            onResumed: () => {
              this.setBanner('info', 'Saving works again: everything kept in memory is now on disk.', this.o.now() + BANNER_BACK_MS);
              this.o.onNotice?.('info', 'Saving works again: everything kept in memory is now on disk.');
              this.markDirty();
            },
          },
        );
      } catch (err) {
        this.setBanner('warning', `This workout is not being saved: ${message(err)}`, null);
      }
    } else {
      this.setBanner('warning', 'This workout is not being saved: the database is not open.', null);
    }
    this.startTicking();
    return this.changed();
  }

  /** Starts the current set now (or at `atMs`, when motion started it a moment ago). */
  startSet(atMs?: number, auto = false): WorkoutView {
    this.requireActive();
    if (this.phase === 'set') return this.view();
    if (this.current === null) throw new WorkoutError('Every set is done: finish the workout.');
    if (this.paused) this.resume();
    const now = atMs ?? this.o.now();
    const item = this.plan[this.current];
    const order = this.plan.filter((p) => p.status === 'done').length + 1;
    let setId: number | null = null;
    if (this.writer) {
      try {
        setId = this.writer.startSet({ exerciseId: item.exerciseId, side: item.side, order, startedAt: now, target: item.target });
      } catch (err) {
        this.o.onNotice?.('error', `The set could not be saved: ${message(err)}`);
      }
    }
    this.running = {
      index: this.current,
      setId,
      watch: new Stopwatch(now),
      detector: createStreamingRepDetector(item.exerciseId),
      quality: new QualityTally(),
      correction: 0,
      hrSum: 0,
      hrN: 0,
      hrMax: null,
      accSensor: null,
      auto,
      retracted: null,
    };
    this.rest = null;
    this.phase = 'set';
    return this.changed();
  }

  endSet(): WorkoutView {
    this.requireActive();
    const run = this.running;
    if (!run) return this.view();
    const now = this.o.now();
    // What the detector still holds belongs to this set.
    for (const e of run.detector.flush()) this.onRepEvent(run, e);
    const item = this.plan[run.index];
    item.status = 'done';
    item.setId = run.setId;
    item.repsDetected = run.detector.count;
    item.correction = run.correction;
    item.durationS = run.watch.elapsedMs(now) / 1000;
    item.avgHr = run.hrN > 0 ? Math.round(run.hrSum / run.hrN) : null;
    item.maxHr = run.hrMax;
    item.quality = run.quality.figures();
    if (this.writer && run.setId !== null) {
      try {
        this.writer.endSet(run.setId, now);
        if (run.correction !== 0) this.saveCorrection(item);
      } catch (err) {
        this.o.onNotice?.('error', `The end of the set could not be saved: ${message(err)}`);
      }
    }
    this.running = null;
    this.recovery.setEnded(now);
    this.current = this.nextTodo(run.index);
    if (this.current === null) {
      this.phase = 'ready';
    } else {
      this.phase = 'rest';
      this.rest = { watch: new Stopwatch(now), totalS: item.restS };
    }
    return this.changed();
  }

  toggleSet(): WorkoutView {
    return this.phase === 'set' ? this.endSet() : this.startSet();
  }

  adjustReps(delta: number, which?: number): WorkoutView {
    this.requireActive(true);
    let index: number | null | undefined = which;
    if (index === undefined || (this.running && index === this.running.index)) {
      if (this.running) {
        const count = this.running.detector.count + this.running.correction;
        this.running.correction += Math.max(delta, -count);
        return this.changed();
      }
      // Between sets, +/- fixes the set just done.
      index = this.lastDone();
    }
    if (index === null) throw new WorkoutError('No set to correct yet.');
    const item = this.plan[index];
    if (!item || item.status !== 'done') throw new WorkoutError('Only a done set can be corrected.');
    const count = (item.repsDetected ?? 0) + item.correction;
    item.correction += Math.max(delta, -count);
    this.saveCorrection(item);
    return this.changed();
  }

  pause(): WorkoutView {
    this.requireActive();
    if (this.paused) return this.view();
    const now = this.o.now();
    this.paused = true;
    this.running?.watch.pause(now);
    this.rest?.watch.pause(now);
    this.sessionStart?.pause(now);
    return this.changed();
  }

  resume(): WorkoutView {
    this.requireActive();
    if (!this.paused) return this.view();
    const now = this.o.now();
    this.paused = false;
    this.running?.watch.resume(now);
    this.rest?.watch.resume(now);
    this.sessionStart?.resume(now);
    return this.changed();
  }

  select(index: number): WorkoutView {
    this.requireActive();
    if (this.phase === 'set') throw new WorkoutError('End the set before choosing another exercise.');
    const item = this.plan[index];
    if (!item || item.status !== 'todo') throw new WorkoutError('That set is not waiting to be done.');
    this.current = index;
    return this.changed();
  }

  skip(): WorkoutView {
    this.requireActive();
    if (this.phase === 'set') throw new WorkoutError('End the set before skipping.');
    if (this.current === null) return this.view();
    this.plan[this.current].status = 'skipped';
    this.current = this.nextTodo(this.current);
    if (this.phase === 'rest' && this.current === null) this.endRest();
    return this.changed();
  }

  repeat(): WorkoutView {
    this.requireActive();
    const base = this.lastDone() ?? this.current;
    if (base === null) throw new WorkoutError('Nothing to repeat yet.');
    const src = this.plan[base];
    const copy: PlanItem = {
      ...src,
      ...NOT_DONE,
      // An extra set is numbered after the last of its exercise and side ("Set 3 of 3").
      setNumber: Math.max(...this.plan.filter((p) => p.exerciseIndex === src.exerciseIndex && p.side === src.side).map((p) => p.setNumber)) + 1,
    };
    const at = base + 1;
    this.plan.splice(at, 0, copy);
    if (this.running && this.running.index >= at) this.running.index++;
    if (this.phase !== 'set') this.current = at;
    else if (this.current !== null && this.current >= at) this.current++;
    return this.changed();
  }

  move(from: number, to: number): WorkoutView {
    this.requireActive();
    const item = this.plan[from];
    if (!item || item.status !== 'todo' || to >= this.plan.length) throw new WorkoutError('Only a set still to do can be moved, within the plan.');
    if (this.running && (from === this.running.index || to === this.running.index)) throw new WorkoutError('The running set stays where it is.');
    const cur = this.current !== null ? this.plan[this.current] : null;
    const run = this.running ? this.plan[this.running.index] : null;
    this.plan.splice(from, 1);
    this.plan.splice(to, 0, item);
    if (cur) this.current = this.plan.indexOf(cur);
    if (run && this.running) this.running.index = this.plan.indexOf(run);
    return this.changed();
  }

  skipRest(): WorkoutView {
    this.requireActive();
    if (this.phase === 'rest') this.endRest();
    return this.changed();
  }

  setAuto(on: boolean): WorkoutView {
    this.autoSets = on;
    this.resetSegmenter();
    this.autoSwitchedOnAt = on && this.sessionStart ? this.o.now() : null;
    return this.changed();
  }

  finish(): WorkoutView {
    this.requireActive();
    if (this.phase === 'set') this.endSet();
    if (this.paused) this.resume();
    const now = this.o.now();
    this.phase = 'finished';
    this.rest = null;
    this.current = null;
    if (this.writer) {
      // A sensor that never came back leaves a hole to the end: record it, or it looks complete.
      for (const [id, from] of this.downSince) this.safeWrite((w) => w.markGap(id, from, Math.max(from, now)));
      this.downSince.clear();
      try {
        this.writer.finish(now);
      } catch (err) {
        this.o.onNotice?.('error', `The session could not be closed cleanly: ${message(err)}`);
      }
    }
    this.sessionStart?.pause(now);
    this.stopTicking();
    this.o.onSessionsChanged?.('workout finished');
    return this.changed();
  }

  close(): WorkoutView {
    if (this.phase === 'set' || this.phase === 'rest' || this.phase === 'ready') this.finish();
    this.phase = 'idle';
    this.plan = [];
    this.current = null;
    this.writer = null;
    this.sessionStart = null;
    this.banner = null;
    return this.changed();
  }

  // ---- samples --------------------------------------------------------------------------

  ingest(input: SensorInput): void {
    if (this.closed) return;
    const now = this.o.now();
    switch (input.type) {
      case 'hr':
        if (!this.takeHrFrom(input.sensorId, now)) break;
        for (const s of input.samples) {
          this.noteSample(input.sensorId, s.tMs);
          if (!(s.bpm > 0)) continue;
          this.hr = { bpm: s.bpm, atMs: s.tMs, contact: s.contact };
          this.recovery.pushHr(s.tMs, s.bpm);
          this.tail.push(s.tMs, s.bpm);
          if (this.isRecording()) {
            this.totals.hrSum += s.bpm;
            this.totals.hrN++;
            this.totals.hrMax = Math.max(this.totals.hrMax ?? 0, s.bpm);
            this.safeWrite((w) => w.addHr(s));
          }
          if (this.running && !this.paused) {
            this.running.hrSum += s.bpm;
            this.running.hrN++;
            this.running.hrMax = Math.max(this.running.hrMax ?? 0, s.bpm);
          }
        }
        this.touchSensor(input.sensorId, now);
        break;
      case 'rr':
        if (this.hrSensor?.id !== input.sensorId) break;
        for (const s of input.samples) {
          this.rmssd.push(s.tMs, s.rrMs);
          if (this.isRecording()) this.safeWrite((w) => w.addRr(s));
        }
        break;
      case 'acc': {
        const last = input.samples[input.samples.length - 1];
        if (last) this.noteSample(input.sensorId, last.tMs);
        if (this.isRecording()) this.safeWrite((w) => w.addAcc(input.sensorId, input.samples));
        for (const sample of input.samples) this.onAcc(input.sensorId, sample);
        this.touchSensor(input.sensorId, now);
        break;
      }
      case 'connected': {
        const prev = this.sensors.get(input.sensorId);
        this.sensors.set(input.sensorId, {
          id: input.sensorId,
          name: input.name,
          kind: input.kind,
          state: 'connected',
          battery: prev?.battery ?? null,
          contact: prev?.contact ?? null,
          lastMs: now,
        });
        if (input.reconnected || prev?.state === 'lost' || prev?.state === 'reconnecting') {
          this.setBanner('info', `${input.name} is back.`, now + BANNER_BACK_MS);
        }
        break;
      }
      case 'disconnected': {
        const s = this.sensors.get(input.sensorId);
        const lastAt = this.lastSampleMs.get(input.sensorId);
        if (lastAt !== undefined && !this.downSince.has(input.sensorId)) this.downSince.set(input.sensorId, lastAt);
        if (s) {
          s.state = input.willReconnect ? 'reconnecting' : 'lost';
          this.setBanner('warning', `${s.name} dropped out${input.willReconnect ? ': reconnecting…' : '.'} ${input.reason}`.trim(), null);
        }
        break;
      }
      case 'reconnecting': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.state = 'reconnecting';
        break;
      }
      case 'battery': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.battery = input.percent;
        break;
      }
      case 'contact': {
        const s = this.sensors.get(input.sensorId);
        if (s) s.contact = input.contact;
        break;
      }
      case 'gap':
        // The device manager closed this hole itself (the sensor is back).
        this.downSince.delete(input.sensorId);
        if (this.isRecording()) this.safeWrite((w) => w.markGap(input.sensorId, input.fromMs, input.toMs));
        break;
    }
    this.markDirty();
  }

  // ---- view -----------------------------------------------------------------------------

  view(tailPoints = 5): WorkoutView {
    const now = this.o.now();
    this.advanceClocks(now);
    const s = this.o.settings();
    const profile = { maxHr: s.maxHr, restingHr: s.restingHr, zonesMethod: s.zonesMethod };
    const curItem = this.current !== null ? this.plan[this.current] : this.running ? this.plan[this.running.index] : null;
    const shown = this.running ? this.plan[this.running.index] : curItem;
    const spec = shown ? this.routine.exercises[shown.exerciseIndex] : null;
    const done = this.plan.filter((p) => p.status === 'done');
    const hrFresh = this.hr && now - this.hr.atMs < 10_000 ? this.hr : null;
    const run = this.running;
    if (this.banner?.untilMs !== null && this.banner && now > this.banner.untilMs) this.banner = null;
    return {
      phase: this.phase,
      paused: this.paused,
      atMs: now,
      sessionId: this.writer?.sessionId ?? null,
      routineName: this.phase === 'idle' ? null : this.routine.name,
      autoSets: this.autoSets,
      startedAt: this.sessionStart?.startedAt ?? null,
      elapsedS: this.sessionStart ? this.sessionStart.elapsedMs(now) / 1000 : 0,
      plan: this.plan.map((p) => {
        const e = this.routine.exercises[p.exerciseIndex];
        return {
          exerciseId: p.exerciseId,
          name: EXERCISE_NAMES[p.exerciseId],
          setNumber: p.setNumber,
          sets: Math.max(e.sets, this.plan.filter((q) => q.exerciseIndex === p.exerciseIndex && q.side === p.side).length),
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
      }),
      current: this.running ? this.running.index : this.current,
      instructions: spec?.instructions ?? '',
      placement: spec ? (spec.placement ?? this.o.defaultPlacement?.() ?? null) : null,
      set: run
        ? {
            startedAt: run.watch.startedAt,
            elapsedS: run.watch.elapsedMs(now) / 1000,
            reps: Math.max(0, run.detector.count + run.correction),
            repsDetected: run.detector.count,
            quality: run.quality.figures(),
            retracted: run.retracted && now - run.retracted.atMs < RETRACT_SHOWN_MS ? run.retracted.message : null,
          }
        : null,
      rest: this.rest ? { totalS: this.rest.totalS, remainingS: Math.max(0, this.rest.totalS - this.rest.watch.elapsedMs(now) / 1000) } : null,
      recovery: this.recovery.view(now),
      hr: hrFresh ? { bpm: Math.round(hrFresh.bpm), zone: zoneOf(hrFresh.bpm, profile), atMs: hrFresh.atMs, contact: hrFresh.contact } : null,
      zoneBounds: zoneLowerBounds(profile),
      rmssdMs: this.rmssd.value(now),
      sensors: [...this.sensors.values()].map(({ lastMs: _lastMs, ...v }) => v),
      banner: this.banner ? { level: this.banner.level, message: this.banner.message } : null,
      hrTail: this.tail.snapshot(tailPoints),
      totals: {
        sets: done.length,
        reps: done.reduce((a, p) => a + Math.max(0, (p.repsDetected ?? 0) + p.correction), 0),
        avgHr: this.totals.hrN > 0 ? Math.round(this.totals.hrSum / this.totals.hrN) : null,
        maxHr: this.totals.hrMax,
      },
    };
  }

  /** Stops timers; the service takes no more samples. */
  dispose(): void {
    this.closed = true;
    this.stopTicking();
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
  }

  // ---- insides --------------------------------------------------------------------------

  private onAcc(sensorId: string, s: { tMs: number; x: number; y: number; z: number }): void {
    const origin = this.sessionStart?.startedAt;
    if (origin === undefined || this.paused) return;
    if (this.segmenter && (this.phase === 'ready' || this.phase === 'rest' || this.phase === 'set')) {
      this.autoSensor ??= sensorId;
      if (this.autoSensor === sensorId) {
        this.recentAcc.push(s);
        while (this.recentAcc.length > 0 && this.recentAcc[0].tMs < s.tMs - AUTO_LOOKBACK_MS) this.recentAcc.shift();
        for (const e of this.segmenter.push({ t: (s.tMs - origin) / 1000, x: s.x, y: s.y, z: s.z })) {
          if (e.type === 'still') this.autoSwitchedOnAt = null;
          if (e.type === 'motion-start' && this.autoSwitchedOnAt !== null && origin + e.t * 1000 < this.autoSwitchedOnAt + AUTO_SETTLE_MS) continue;
          if (e.type === 'motion-start' && this.phase !== 'set' && this.current !== null) {
            this.autoSwitchedOnAt = null;
            const at = Math.max(origin + e.t * 1000, this.recentAcc[0]?.tMs ?? s.tMs);
            this.startSet(at, true);
            // The set began a moment ago: the last seconds are replayed into the new detector
            // (the still part before the rise settles its filters, so the first rep counts).
            const run = this.running;
            if (run) {
              run.accSensor = sensorId;
              for (const r of this.recentAcc) this.feedDetector(run, r, origin);
            }
            return;
          } else if (e.type === 'still' && this.phase === 'set' && this.running?.auto) {
            this.endSet();
          }
        }
      }
    }
    const run = this.running;
    if (!run || (!run.auto && s.tMs < run.watch.startedAt)) return;
    run.accSensor ??= sensorId;
    // One sensor counts a set: two on different body parts would double-count.
    if (run.accSensor === sensorId) this.feedDetector(run, s, origin);
  }

  private feedDetector(run: RunningSet, s: { tMs: number; x: number; y: number; z: number }, origin: number): void {
    for (const e of run.detector.push({ t: (s.tMs - origin) / 1000, x: s.x, y: s.y, z: s.z })) this.onRepEvent(run, e);
  }

  private resetSegmenter(): void {
    this.segmenter = this.autoSets ? createMotionSegmenter() : null;
    this.autoSensor = null;
    this.recentAcc = [];
  }

  private onRepEvent(run: RunningSet, e: RepEvent): void {
    if (e.type === 'rep') {
      run.quality.add(e.rep.quality);
      this.writeRep(run, e.rep);
    } else {
      run.retracted = { message: `One rep taken back: ${e.reason}`, atMs: this.o.now() };
      if (run.setId !== null) {
        const id = run.setId;
        this.safeWrite((w) => w.retractRep(id, e.t, e.reason));
      }
    }
  }

  private writeRep(run: RunningSet, rep: Rep): void {
    if (run.setId === null) return;
    const id = run.setId;
    this.safeWrite((w) => w.addRep(id, rep));
  }

  private saveCorrection(item: PlanItem): void {
    const store = this.o.store();
    if (!store || item.setId === null || item.repsDetected === null) return;
    try {
      // The row must be on disk before it can be corrected (a finished session already is).
      if (this.phase !== 'finished') this.writer?.flush();
      store.correctSetReps(item.setId, item.correction === 0 ? null : Math.max(0, item.repsDetected + item.correction));
      this.o.onSessionsChanged?.('reps corrected');
    } catch (err) {
      this.o.onNotice?.('error', `The corrected count could not be saved: ${message(err)}`);
    }
  }

  private advanceClocks(now: number): void {
    if (this.phase === 'rest' && this.rest && !this.paused && this.rest.watch.elapsedMs(now) >= this.rest.totalS * 1000) this.endRest();
  }

  private endRest(): void {
    this.rest = null;
    this.phase = 'ready';
  }

  private nextTodo(after: number): number | null {
    for (let i = after + 1; i < this.plan.length; i++) if (this.plan[i].status === 'todo') return i;
    for (let i = 0; i <= after && i < this.plan.length; i++) if (this.plan[i].status === 'todo') return i;
    return null;
  }

  private lastDone(): number | null {
    let best: number | null = null;
    this.plan.forEach((p, i) => {
      if (p.status === 'done') best = i;
    });
    return best;
  }

  private isRecording(): boolean {
    return this.writer !== null && (this.phase === 'ready' || this.phase === 'set' || this.phase === 'rest');
  }

  private requireActive(allowFinished = false): void {
    if (this.phase === 'idle' || (!allowFinished && this.phase === 'finished')) throw new WorkoutError('No workout is running: start one first.');
  }

  private safeWrite(fn: (w: LiveWriter) => void): void {
    if (!this.writer) return;
    try {
      fn(this.writer);
    } catch (err) {
      // A store failure must not stop the live screen; the writer keeps its queue and retries.
      this.setBanner('warning', `Saving is failing: ${message(err)}`, this.o.now() + 10_000);
    }
  }

  private noteSample(id: string, tMs: number): void {
    if (Number.isFinite(tMs) && tMs > (this.lastSampleMs.get(id) ?? -Infinity)) this.lastSampleMs.set(id, tMs);
  }

  private takeHrFrom(id: string, now: number): boolean {
    const cur = this.hrSensor;
    // Switch only when the current source has been silent for 5 s (it dropped out).
    if (!cur || cur.id === id || now - cur.lastMs > 5000) {
      this.hrSensor = { id, lastMs: now };
      return true;
    }
    return false;
  }

  private touchSensor(id: string, now: number): void {
    const s = this.sensors.get(id);
    if (s) s.lastMs = now;
  }

  private setBanner(level: 'info' | 'warning', text: string, untilMs: number | null): void {
    this.banner = { level, message: text.slice(0, 500), untilMs };
  }

  private startTicking(): void {
    if (this.tickTimer) return;
    this.tickTimer = setInterval(() => this.markDirty(), this.tickMs);
    this.tickTimer.unref?.();
  }

  private stopTicking(): void {
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  private changed(): WorkoutView {
    const v = this.view(600);
    this.markDirty();
    return v;
  }

  private markDirty(): void {
    if (this.frameTimer || this.closed) return;
    const wait = Math.max(0, this.lastFrameAt + this.frameMs - Date.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = null;
      this.lastFrameAt = Date.now();
      this.o.onFrame(this.view());
    }, wait);
    this.frameTimer.unref?.();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
