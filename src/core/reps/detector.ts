/**
 * The streaming rep detector. Per sample (any rate, irregular steps and gaps tolerated):
 *
 *   3-D acc -> low-pass at the profile's high edge -> minus a slow baseline (gravity, posture)
 *           -> principal axis learned on line (or the magnitude) = rep signal s(t)
 *
 * A rep is one lobe of s above an adaptive threshold, alternating with an opposite lobe,
 * reported as soon as the lobe has fallen to half its peak (a fraction of a period after the
 * peak, well inside 1.5 s at the profiles' cadences). Thresholds follow the set: the running
 * RMS of s, the typical amplitude and period of the reps already counted in this set.
 *
 * Rest is not reps: an absolute amplitude floor, a cadence window, a walking veto (step-band
 * energy far above the rep band) and a lone-movement rule: the first rep of a sequence that is
 * not followed by a second within the profile's slowest period is retracted, explicitly.
 * Short trials are the exception: one or two landings between still stretches, and (for some
 * movements) two reps alike done standing still, stand on their own; they are reported like
 * any rep and simply not retracted.
 *
 * Three stages (stages/): signal (filters, orientation, walking veto, stillness -> one frame per
 * sample), candidates (lobes -> candidate movements with their features) and the set stage (a
 * pure reducer with named rules -> rep and retract events).
 */
import type { AccSample, Rep } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import type { RepModel, RepModelTuning } from '../../shared/rep-model';
import { getProfile, type ExerciseProfile } from './profiles';
import { modelWalkingVeto, tuningOverrides } from './model-tuning';
import { placementPrior, placementVeto, type Placement } from './placement-priors';
import type { RepDetector, RepEvent } from './types';
import { createSignalStage, type RepDetectorStats, type SignalFrame, type StillView } from './stages/signal';
import { createCandidateStage, type SetFeedback } from './stages/candidates';
import { initialSetState, lastRepT, reduceSet, setPeriod, standingReps, tickDue, type SetInput, type SetState } from './stages/set-reducer';
import { FINAL_STILL_S } from './stages/set-rules';

export type { RepDetectorStats } from './stages/signal';

/** The answer of most pushes: one frozen empty list (no array per sample). */
const NO_EVENTS: readonly RepEvent[] = Object.freeze([]);

export interface RepDetectorOptions {
  /** Override parts of the exercise profile (tuning, tests). */
  profile?: Partial<Omit<ExerciseProfile, 'id'>>;
  /** Retract the first rep of a sequence when no second rep follows (default true). */
  retractLoneReps?: boolean;
  /** Sees the rep signal, its threshold and the walking veto per frame (a sample; a pair above 150 Hz): plots, debugging. */
  trace?: (t: number, signal: number, threshold: number, walking: boolean) => void;
  /** The person's learned model for this exercise and placement (a prior, never required). */
  model?: RepModel | null;
  /** A tuning to count with instead of the model's (learning tries a grid of them). */
  tuning?: RepModelTuning | null;
  /** Where the sensor is worn: a built-in prior for that place applies when there is no model. */
  placement?: Placement | null;
}

export interface StreamingRepDetector extends RepDetector {
  readonly profile: ExerciseProfile;
  readonly stats: RepDetectorStats;
  /** Standing reps so far (emitted minus retracted), oldest first. */
  reps(): Rep[];
}

/**
 * The three stages in a row: each sample becomes a frame (signal stage), frames become
 * candidate movements (candidate stage), candidates and the frame's timing become rep and
 * retract events (set stage, a pure reducer whose state is kept here).
 */
export function createStreamingRepDetector(exerciseId: ExerciseId, options: RepDetectorOptions = {}): StreamingRepDetector {
  const base = getProfile(exerciseId);
  const own = options.tuning ?? options.model?.tuning ?? null;
  const tuning = own ?? placementPrior(exerciseId, options.placement);
  const veto = placementVeto(exerciseId, options.placement, own === null);
  const placed = { ...base, ...veto };
  const profile: ExerciseProfile = {
    ...placed,
    ...(tuning ? tuningOverrides(base, tuning) : {}),
    ...(own !== null ? modelWalkingVeto(placed) : {}),
    ...options.profile,
    id: exerciseId,
  };
  const signal = createSignalStage(profile);
  const candidates = createCandidateStage(profile, signal.delayS);
  const stats = signal.stats;
  let set: SetState = initialSetState(profile, signal.delayS, { retractLoneReps: options.retractLoneReps });
  /** What the current push has to report (null: nothing yet, so no array is made). */
  let out: RepEvent[] | null = null;
  /** The stillness the set rules see with the input being reduced (pairs). */
  let still: StillView = { from: null, past: [] };

  function reduce(input: SetInput): void {
    const step = reduceSet(set, input);
    set = step.state;
    for (const e of step.events) {
      (out ??= []).push(e);
      if (e.type === 'retract') stats.retractions++;
    }
  }
  const clock = (now: number): SetInput['clock'] => ({ now, firstT: signal.firstT, still });

  const feedback: SetFeedback = {
    lastRepT: () => lastRepT(set),
    period: () => setPeriod(set),
    largerPeak(kind, y, now) {
      const before = out?.length ?? 0;
      reduce({ type: 'larger-peak', kind, y, clock: clock(now) });
      return (out?.length ?? 0) > before;
    },
    candidate(c) {
      reduce({ type: 'candidate', candidate: c, clock: clock(c.detectedAt) });
    },
  };

  function push(sample: AccSample): readonly RepEvent[] {
    out = null;
    const f: SignalFrame | null = signal.push(sample);
    if (f === null) return NO_EVENTS;
    // Until this sample's own stillness is known, the rules see it as of the sample before
    // (and, after a gap, with the filters restarted: no stillness under way).
    still = f.pairStillBefore;
    if (f.gapS > 0 && f.prevT !== null) {
      candidates.cut(f.prevT, feedback);
      still = { from: null, past: f.pairStillBefore.past };
      reduce({ type: 'gap', gapS: f.gapS, clock: clock(f.t) });
    }
    // (Checked here first: most frames have nothing for the set stage.)
    if (tickDue(set, f.t, candidates.lobeOpen)) reduce({ type: 'tick', lobeOpen: candidates.lobeOpen, clock: clock(f.t) });
    if (f.boutBegan) reduce({ type: 'bout-began', clock: clock(f.t) });
    if (f.boutEnded !== null) reduce({ type: 'bout-ended', bout: f.boutEnded.bout, stillFrom: f.boutEnded.stillFrom, clock: clock(f.t) });
    still = f.pairStill;
    if (f.stepping) reduce({ type: 'stepping', clock: clock(f.t) });
    if (f.walkingBegan) reduce({ type: 'walking-began', stepStartT: f.stepStartT, clock: clock(f.t) });
    options.trace?.(f.t, f.s, f.h, f.walking);
    candidates.push(f, feedback);
    return out ?? NO_EVENTS;
  }

  /**
   * End of stream: a rep under way counts only in a confirmed set, on its beat and of its size;
   * a short trial ending still is closed; a sequence too short for a set is withdrawn.
   */
  function flush(): readonly RepEvent[] {
    out = null;
    const now = signal.lastT;
    const lobe = now !== null ? candidates.flush(now) : null;
    const finalBout = signal.finalStill(FINAL_STILL_S);
    still = signal.pairStillNow;
    reduce({ type: 'end', lobe, finalBout, clock: clock(now ?? 0) });
    return out ?? NO_EVENTS;
  }

  return {
    exerciseId,
    profile,
    stats,
    push,
    flush,
    get count() {
      return set.standing.length;
    },
    reps: () => standingReps(set),
  };
}

export function createRepDetector(exerciseId: ExerciseId, options: RepDetectorOptions = {}): RepDetector {
  return createStreamingRepDetector(exerciseId, options);
}
