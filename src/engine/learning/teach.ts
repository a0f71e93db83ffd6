/**
 * The "teach" flow: the person picks an exercise, presses Start, does a short set (about
 * three reps) and says how many they did; the recording then goes through the learner with
 * that count, on top of what was learned before, and the model is stored. While recording,
 * the detector (with the model so far) counts live so the person sees it working.
 */
import type { ModelInfo, TeachView } from '../../shared/commands/learn';
import type { AccSample } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import type { RepModel } from '../../shared/rep-model';
import type { Placement } from '../../core/reps/model';
import { createStreamingRepDetector, type StreamingRepDetector } from '../../core/reps';
import type { RepDetectorOptions } from '../../core/reps/detector';
import type { SensorInput } from '../workout/ports';
import { learnFromSampleArray } from './learn';

export class TeachError extends Error {
  override name = 'TeachError';
}

export interface TeachServiceOptions {
  /** Engine clock, epoch ms. */
  now: () => number;
  /** Where the accelerometer is worn now (Settings). */
  placement: () => Placement;
  /** Name and base profile of an exercise key, or null when there is no such exercise. */
  exercise: (key: string) => { name: string; profile: ExerciseId } | null;
  model: (exercise: string, placement: Placement) => RepModel | null;
  /** Stores the model learned from a teach set (`prior`: the model before it). */
  save: (model: RepModel, prior: RepModel | null) => RepModel;
  onFrame?: (view: TeachView) => void;
  /** The detector to count live with (tests see what it is given). */
  createDetector?: (profile: ExerciseId, options: RepDetectorOptions) => StreamingRepDetector;
  frameMs?: number;
}

/** Five minutes at 200 Hz: a short set is well inside; a forgotten Start stops growing here. */
export const MAX_TEACH_SAMPLES = 60_000;
/** Less than this is not a set (no sensor, or Start then "I did" at once). */
const MIN_TEACH_S = 1;

interface Recording {
  exercise: string;
  name: string;
  profile: ExerciseId;
  placement: Placement;
  startedAt: number;
  sensor: string | null;
  samples: AccSample[];
  detector: StreamingRepDetector;
  prior: RepModel | null;
}

export function modelInfo(m: RepModel): ModelInfo {
  return { exercise: m.exercise, name: m.name, profile: m.profile, placement: m.placement, sets: m.sets, updatedAt: m.updatedAt };
}

export class TeachService {
  private rec: Recording | null = null;
  private saved: RepModel | null = null;
  private lastFrameAt = 0;
  private frameTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: TeachServiceOptions) {}

  get recording(): boolean {
    return this.rec !== null;
  }

  start(exercise: string): TeachView {
    const info = this.o.exercise(exercise);
    if (!info) throw new TeachError(`There is no exercise "${exercise}": create it first.`);
    const placement = this.o.placement();
    const prior = this.o.model(exercise, placement);
    const create = this.o.createDetector ?? createStreamingRepDetector;
    this.rec = {
      exercise,
      name: info.name,
      profile: info.profile,
      placement,
      startedAt: this.o.now(),
      sensor: null,
      samples: [],
      detector: create(info.profile, { model: prior }),
      prior,
    };
    this.saved = null;
    return this.changed();
  }

  ingest(input: SensorInput): void {
    const rec = this.rec;
    if (!rec || input.type !== 'acc') return;
    // One sensor teaches: the first one heard after Start.
    rec.sensor ??= input.sensorId;
    if (rec.sensor !== input.sensorId) return;
    for (const s of input.samples) {
      if (s.tMs < rec.startedAt || rec.samples.length >= MAX_TEACH_SAMPLES) continue;
      const sample = { t: (s.tMs - rec.startedAt) / 1000, x: s.x, y: s.y, z: s.z };
      rec.samples.push(sample);
      rec.detector.push(sample);
    }
    this.markDirty();
  }

  /** "I did N": learns from the recording and stores the model. */
  finish(reps: number): TeachView {
    const rec = this.rec;
    if (!rec) throw new TeachError('Nothing is being recorded: press Start first.');
    const span = rec.samples.length > 1 ? rec.samples[rec.samples.length - 1].t - rec.samples[0].t : 0;
    if (span < MIN_TEACH_S) {
      throw new TeachError('No movement was recorded yet: check that the accelerometer is connected, then do the reps before confirming.');
    }
    const model = learnFromSampleArray(rec.samples, reps, {
      exercise: rec.exercise,
      name: rec.name,
      profile: rec.profile,
      placement: rec.placement,
      prior: rec.prior,
      now: new Date(this.o.now()).toISOString(),
    });
    this.saved = this.o.save(model, rec.prior);
    const view = this.view();
    this.rec = null;
    return this.changed(view);
  }

  cancel(): TeachView {
    this.rec = null;
    this.saved = null;
    return this.changed();
  }

  view(): TeachView {
    const rec = this.rec;
    if (rec) {
      const last = rec.samples[rec.samples.length - 1];
      return {
        state: this.saved ? 'saved' : 'recording',
        exercise: rec.exercise,
        name: rec.name,
        placement: rec.placement,
        count: rec.detector.count,
        elapsedS: Math.max(0, (this.o.now() - rec.startedAt) / 1000, last?.t ?? 0),
        samples: rec.samples.length,
        sensor: rec.sensor,
        saved: this.saved ? modelInfo(this.saved) : null,
      };
    }
    const s = this.saved;
    return {
      state: s ? 'saved' : 'idle',
      exercise: s?.exercise ?? null,
      name: s?.name ?? null,
      placement: s?.placement ?? this.o.placement(),
      count: 0,
      elapsedS: 0,
      samples: 0,
      sensor: null,
      saved: s ? modelInfo(s) : null,
    };
  }

  dispose(): void {
    if (this.frameTimer) clearTimeout(this.frameTimer);
    this.frameTimer = null;
    this.rec = null;
  }

  private changed(view: TeachView = this.view()): TeachView {
    this.o.onFrame?.(view);
    this.lastFrameAt = Date.now();
    return view;
  }

  /** Live frames at most every frameMs (200 ms): a count and a clock need no more. */
  private markDirty(): void {
    if (this.frameTimer || !this.o.onFrame) return;
    const wait = Math.max(0, this.lastFrameAt + (this.o.frameMs ?? 200) - Date.now());
    this.frameTimer = setTimeout(() => {
      this.frameTimer = null;
      if (!this.rec) return;
      this.lastFrameAt = Date.now();
      this.o.onFrame?.(this.view());
    }, wait);
    this.frameTimer.unref?.();
  }
}
