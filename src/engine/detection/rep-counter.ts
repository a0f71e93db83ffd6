/**
 * Counts reps in a stream of packed samples ([t, x, y, z, ...]) with the live detector, fed
 * sample by sample exactly as a sensor would feed it: what `reps` does, here or in the
 * detection worker. Keeps only the retractions as they come; the reps are read at the end.
 */
import type { AccSample, Rep } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import type { RepModel } from '../../shared/rep-model';
// From the modules, not core/reps/index: the worker then loads no model code (and no zod).
import { createStreamingRepDetector, type StreamingRepDetector } from '../../core/reps/detector';
import type { Placement } from '../../core/reps/placement-priors';
import type { RepEvent } from '../../core/reps/types';

export interface RepCountSpec {
  exercise: ExerciseId;
  model: RepModel | null;
  placement: Placement | null;
}

export interface Retraction {
  t: number;
  detectedAt: number;
  reason: string;
}

export interface RepCount {
  reps: Rep[];
  retractions: Retraction[];
  /** The detector's view of the stream (samples it took, gaps, mean rate). */
  samples: number;
  gaps: number;
  sampleRateHz: number;
}

export class RepCounter {
  private readonly detector: StreamingRepDetector;
  private readonly retractions: Retraction[] = [];
  // Rewritten per sample: the detector reads a sample's numbers and keeps no reference to it.
  private readonly sample: AccSample = { t: 0, x: 0, y: 0, z: 0 };

  constructor(spec: RepCountSpec) {
    this.detector = createStreamingRepDetector(spec.exercise, { model: spec.model, placement: spec.placement });
  }

  push(data: Float64Array, count: number): void {
    const s = this.sample;
    const d = this.detector;
    for (let k = 0; k < count; k++) {
      const i = k * 4;
      s.t = data[i];
      s.x = data[i + 1];
      s.y = data[i + 2];
      s.z = data[i + 3];
      const events = d.push(s);
      if (events.length > 0) this.keep(events);
    }
  }

  finish(): RepCount {
    this.keep(this.detector.flush());
    const st = this.detector.stats;
    return { reps: this.detector.reps(), retractions: this.retractions, samples: st.samples, gaps: st.gaps, sampleRateHz: st.sampleRateHz };
  }

  private keep(events: readonly RepEvent[]): void {
    for (const e of events) if (e.type === 'retract') this.retractions.push({ t: e.t, detectedAt: e.detectedAt, reason: e.reason });
  }
}
