/**
 * Signal stage of the rep detector: per sample, the filters, the orientation (principal axis,
 * tilt, magnitude), the step band and its rhythm (walking veto) and the stillness trackers,
 * giving one typed frame per sample (per pair of samples above PAIR_ABOVE_HZ). Bad samples and
 * gaps are handled here (they are counted in the stats); the later stages only see frames.
 *
 *   3-D acc -> low-pass at the profile's high edge -> minus a slow baseline (gravity, posture)
 *           -> principal axis learned on line (or the magnitude, or magnitude + tilt) = s(t)
 */
import type { AccSample } from '../../../shared/domain';
import { DT_SLOT, LowPass, LowPass2, PrincipalAxis, RunningPower } from '../../signal/filters';
import { STEP_RHYTHM_WINDOW_S, StepRhythm } from '../../signal/rhythm';
import { Stillness } from '../../signal/stillness';
import { RunningSkew } from '../../signal/skew';
import { TiltExcursion } from '../../signal/tilt';
import { StandingTilt, compressExcursion } from '../standing-tilt';
import type { ExerciseProfile } from '../profiles';

/** What the detector knows about the stream, for summaries and the UI. */
export interface RepDetectorStats {
  samples: number;
  /** Samples ignored because their time did not move forward. */
  dropped: number;
  /** Gaps longer than the filters can bridge (filters restarted). */
  gaps: number;
  /** Mean sampling rate seen, Hz (0 before two samples). */
  sampleRateHz: number;
  retractions: number;
}

/** Still stretches seen so far (newest last) and the one under way, read by the set rules. */
export interface StillView {
  /** Start of the still stretch under way (null while moving). */
  readonly from: number | null;
  /** Still stretches that ended: [start, end], newest last. */
  readonly past: readonly (readonly [number, number])[];
}

/** An impact peak of a bout of movement (raw magnitude above 1 g). */
export interface BoutImpact {
  t: number;
  g: number;
  /** Time of the landing's first impact (later ones within the fastest period merge into it). */
  first: number;
}

/** A bout of movement between two still stretches, with its impact peaks. */
export interface Bout {
  readonly start: number;
  readonly impacts: readonly BoutImpact[];
}

/** One sample, filtered: what the candidate and set stages see. */
export interface SignalFrame {
  t: number;
  /** Seconds since the previous frame (0 at the first frame and after a gap). */
  dt: number;
  /** A gap the filters could not bridge came before this sample (its length, s; else 0). */
  gapS: number;
  /**
   * After a gap (gapS > 0): the time of the frame before it, the gap's start (set only then;
   * null until the first gap).
   */
  prevT: number | null;
  /** The rep signal (positive = toward the rep's extremum), g. */
  s: number;
  /** The adaptive lobe threshold, g. */
  h: number;
  /**
   * The rep signal's running skew (see RunningSkew): below zero its tall lobes lie on the other
   * side than the rep's. Computed on demand.
   */
  skew: () => number;
  /** Raw magnitude of the acceleration, g. */
  rawMag: number;
  /** Squared band-passed motion across gravity (sway). */
  acrossSq: number;
  /**
   * Largest raw magnitude in the last two filter delays up to this frame (a landing's impact
   * before its lobe; sizeBy 'impact' only, else 0). Computed on demand: only a lobe's start needs it.
   */
  impactBefore: () => number;
  /** Step energy with a rhythm (or overwhelming) right now. */
  stepping: boolean;
  /** Stepping sustained: walking (the veto). */
  walking: boolean;
  /** Walking was recognised at this frame. */
  walkingBegan: boolean;
  /** When the steps that made the walk began (null when not stepping). */
  stepStartT: number | null;
  /** A bout of movement began at this frame (landings profiles only). */
  boutBegan: boolean;
  /** The bout of movement that ended in stillness at this frame (landings profiles only). */
  boutEnded: { bout: Bout; stillFrom: number } | null;
  /** The 3-D stillness around a pair of reps (profiles with `pairIsSet`), with this sample... */
  pairStill: StillView;
  /** ...and as it was before this sample. */
  pairStillBefore: StillView;
  /** Mean sampling rate so far, Hz. */
  sampleRateHz: number;
  /**
   * Optional per-frame features from further trackers (e.g. a rhythm tracker's period and its
   * strength): the seam for stages that are plugged in later.
   */
  extra?: Readonly<Record<string, number>>;
}

/** 'auto' signal: tilt counts from this ratio of tilt to vertical RMS, fully from FROM + SPAN. */
const AUTO_TILT_FROM = 1.3;
const AUTO_TILT_SPAN = 0.7;
/** Seconds of sustained step-band energy that mean walking. */
const WALK_CONFIRM_S = 1.5;
/** ...and the veto outlasts the steps by this much (settling after walking up to the bar). */
const WALK_LINGER_S = 2;
/** Autocorrelation of the step band at the step period above which it is a train of steps. */
const STEP_RHYTHM = 0.5;
/** Step-band energy (g RMS) that may mean walking, rhythm or not (the profile's `busyVeto` gives its multiple of the rep band). */
const BUSY_MIN_G = 0.08;
const BUSY_REF_HZ = [0.08, 1.0] as const;
/**
 * ...and a trace of step rhythm all the same: a walk's steps keep 0.2-0.6 at a wrist even on
 * turns, while quick squats and pick-ups, whose sharp turnarounds fill the step band, keep
 * none (0-0.06); without it whole second bouts of squats were vetoed as walking.
 */
const BUSY_MIN_RHYTHM = 0.1;
/**
 * Steady steps (profile `steadyStepsRatio`): a watch on a swinging arm marks a walk's rhythm
 * only faintly (0.15-0.5), but its steps keep outweighing the slow movement for this long
 * (lapses up to STEADY_LAPSE_S), which a lift done standing at the bar never did for over
 * 2.3 s (barbell sets at the wrist).
 */
const STEADY_STEPS_S = 3;
const STEADY_MIN_RHYTHM = 0.15;
const STEADY_LAPSE_S = 1;
/** The rep signal's skew: over about this much movement (s), leaving out samples under this (g). */
const SKEW_TAU_S = 10;
const SKEW_QUIET = 0.01;
/** Raw samples kept for a lobe's impact (two filter delays: 0.45 s at 200 Hz for landings). */
const RAW_RING = 128;
/**
 * Short trials of landings: a bout of movement lies between two still stretches of at least
 * LONE_STILL_S (the set rules judge its impacts).
 */
const LONE_STILL_S = 0.8;
/** A pair of reps as a set: the body (3-D, tilt included) still for PAIR_STILL_S around them... */
export const PAIR_STILL_S = 1;
/** ...still meaning no movement above PAIR_STILL_G (a heel raise moves the chest some 0.03 g). */
const PAIR_STILL_G = 0.02;
/** Impact peaks of a bout: excursions of the raw magnitude this far above 1 g (half of it ends one). */
const IMPACT_FLOOR_G = 0.3;

const NO_STILL: StillView = { from: null, past: [] };

/** A frame with nothing in it yet; its on-demand views are the caller's (the stage reuses one frame). */
export function blankFrame(impactBefore: () => number, skew: () => number): SignalFrame {
  return {
    t: 0,
    dt: 0,
    gapS: 0,
    prevT: null,
    s: 0,
    h: 0,
    skew,
    rawMag: 0,
    acrossSq: 0,
    impactBefore,
    stepping: false,
    walking: false,
    walkingBegan: false,
    stepStartT: null,
    boutBegan: false,
    boutEnded: null,
    pairStill: NO_STILL,
    pairStillBefore: NO_STILL,
    sampleRateHz: 0,
  };
}
/**
 * Above this mean rate samples are taken in pairs, averaged: a frame stands for two samples.
 * Nothing a rep shows lives above 50 Hz (the fastest filter passes 3.5 Hz, an impact lasts some
 * 50 ms and keeps its peak: the larger of the pair's magnitudes), and a 200 Hz strap or band
 * costs half as much. Slower streams (100 Hz, jittered) are taken sample by sample.
 */
const PAIR_ABOVE_HZ = 150;
/**
 * ...judged by the mean rate since the stream (or the last gap) began, over this many samples
 * at least: jittered and batched timestamps come in bursts.
 */
const PAIR_AFTER_SAMPLES = 50;

/** Slots of a sample's values in the signal stage's `v` (see push and filters' Slots). */
const DT = DT_SLOT;
const T = 1;
const X = 2;
const Y = 3;
const Z = 4;
/** Smoothed axes, their baselines, the motion (smoothed less baseline). */
const SX = 5;
const SY = 6;
const SZ = 7;
const BX = 8;
const BY = 9;
const BZ = 10;
const RX = 11;
const RY = 12;
const RZ = 13;
const RAW = 14;
/** Smoothed magnitude, its baseline, the difference. */
const M = 15;
const M_BASE = 16;
const MAG_S = 17;
/** Unit direction, the tilt excursion (raw, smoothed), its baseline, the tilt signal. */
const UX = 18;
const UY = 19;
const UZ = 20;
const EXC_RAW = 21;
const EXC = 22;
const EXC_BASE = 23;
const TILT_S = 24;
/** The rep signal. */
const S = 25;
/** Step band: its two low-passes and their difference; the slow movement band's. */
const STEP_HI = 26;
const STEP_LO = 27;
const STEP_BAND = 28;
const MOVE_HI = 29;
const MOVE_LO = 30;
const MOVE_BAND = 31;
/** The raw magnitude's peak over the samples a frame stands for (impacts: see PAIR_ABOVE_HZ). */
const RAW_PEAK = 32;
const SLOTS = 33;

export interface SignalStage {
  readonly stats: RepDetectorStats;
  /** The rep signal's filter delay, s (its peaks come this late). */
  readonly delayS: number;
  /** Time of the first and the last sample taken (null before any). */
  readonly firstT: number | null;
  readonly lastT: number | null;
  /** The pair stillness now (after the last sample). */
  readonly pairStillNow: StillView;
  /**
   * One sample in: its frame, or null for a sample that was dropped (counted in stats). The
   * frame is rewritten by the next push: read it, do not keep it.
   */
  push(sample: AccSample): SignalFrame | null;
  /**
   * End of stream: the start of the stillness the stream ended in, when it lasted `minS` and
   * closes a bout of movement (landings profiles; null otherwise).
   */
  finalStill(minS: number): { bout: Bout; stillFrom: number } | null;
}

export function createSignalStage(profile: ExerciseProfile): SignalStage {
  const [lowHz, highHz] = profile.bandHz;
  const [, maxPeriod] = profile.periodS;
  const minPeriod = profile.periodS[0];

  const smooth = [new LowPass2(highHz), new LowPass2(highHz), new LowPass2(highHz)];
  const baseline = [new LowPass(lowHz, true), new LowPass(lowHz, true), new LowPass(lowHz, true)];
  const magBaseline = new LowPass(lowHz, true);
  const axis = new PrincipalAxis(Math.min(6, maxPeriod));
  const power = new RunningPower(3);
  // Step band (walking, jogging, impacts) of the magnitude, for the walking veto.
  const stepHi = new LowPass2(3.5);
  const stepLo = new LowPass2(1.2);
  const stepPower = new RunningPower(2);
  // A quicker view of the same energy: the rhythmic veto lets go soon after the last step.
  const stepPowerFast = new RunningPower(0.7);
  // The busy veto's fixed reference (profile `busyAgainst`): slow movement of the magnitude,
  // so a model's narrower rep band (a person's slow presses) does not make steps look busier.
  const movementHi = new LowPass2(BUSY_REF_HZ[1]);
  const movementLo = new LowPass2(BUSY_REF_HZ[0]);
  const movementPower = new RunningPower(3);
  const rhythm = new StepRhythm();
  const skew = new RunningSkew(SKEW_TAU_S, SKEW_QUIET);
  const delayS = smooth[0].delayS;
  const polarity = profile.extremum === 'max' ? 1 : -1;
  const tilt = new TiltExcursion(highHz);
  const tiltBaseline = new LowPass(lowHz, true);
  // Lunges: the rest is the standing posture, learned only near it or when still (a rest that
  // drifts toward the lunge bottom over a long set shrank the reps, most of all the other leg's).
  const standTilt = new StandingTilt();
  // The excursion is an angle's size: where a shank swings back through its rest posture (the
  // foot returning from a lunge) it dips to zero in a sharp V that split one rep into two lobes.
  // (Lunges only: elsewhere the extra lag moved a squat's peak enough to break a paused set.)
  const excSmooth = new LowPass(2 * highHz);
  const tiltPower = new RunningPower(8);
  const magPower = new RunningPower(8);
  let axisSign = 1;

  const stats: RepDetectorStats = { samples: 0, dropped: 0, gaps: 0, sampleRateHz: 0, retractions: 0 };
  let firstT: number | null = null;
  // Numbers rewritten every sample live in an object's fields, not in closure variables: V8
  // boxes a fractional number stored in a closure afresh each time (garbage at 200 Hz).
  const run = {
    meanDt: 0,
    steppingS: 0,
    /** The last sample's time (once `started`: a number|null field would box each one). */
    lastT: 0,
    started: false,
    covPM: 0,
    varP: 0,
    varM: 0,
    impactMax: 0,
    impactT: 0,
    /** The time of the last frame (the second of a pair), and the first of a pair held for the next. */
    frameT: 0,
    held: false,
    /** Samples since the stream or the last gap began, and that start: the mean rate pairing is judged by. */
    rateN: 0,
    rateT0: 0,
    heldX: 0,
    heldY: 0,
    heldZ: 0,
    heldMag: 0,
    /** Steady steps: under way, since when, and when last seen. */
    steadyOn: false,
    steadyFrom: 0,
    steadyLast: 0,
  };
  /** The sample's values as push() works through them, by the slots below. */
  const v = new Float64Array(SLOTS);

  let stepStartT: number | null = null;
  let wasWalking = false;

  /** The slow movement of the magnitude is tracked only for the profiles that weigh steps against it. */
  const weighsMovement = profile.busyAgainst === 'movement' || profile.steadyStepsRatio !== null;
  /** Landings that stand alone are judged by the bouts of movement between still stretches. */
  const loneLandings = profile.loneLandingG !== null;
  /** The lowest lobe threshold: the faint floor where the profile has one. */
  const floorG = Math.min(profile.minAmplitudeG, profile.faintFloorG ?? Infinity);
  const still = new Stillness(LONE_STILL_S, 1);
  const pairStill = new Stillness(PAIR_STILL_S, 3, PAIR_STILL_G);
  /** The bout of movement since the body was last still (null while still, or before it first was). */
  let bout: { start: number; impacts: BoutImpact[] } | null = null;
  let restful = false;
  let impactOpen = false;

  /** The raw magnitude of the last samples (landings: the impact before the lobe). */
  const rawRing = new Float64Array(RAW_RING);
  const rawRingT = new Float64Array(RAW_RING);
  let rawN = 0;

  /**
   * The impact is sharp and the rep signal smoothed: the lobe crosses its threshold up to a
   * filter delay after the impact, so a lone landing's impact is looked for from two delays
   * before it. (The set rules keep the lobe's own: widened, it took in the steps around a box.)
   */
  function recentRawMax(): number {
    const t = run.started ? run.lastT : 0;
    let m = 0;
    for (let k = 1; k <= Math.min(rawN, RAW_RING); k++) {
      const i = (rawN - k) % RAW_RING;
      if (rawRingT[i] < t - 2 * delayS) break;
      if (rawRing[i] > m) m = rawRing[i];
    }
    return m;
  }

  /** The pair stillness as the set rules see it: a new snapshot only when it changed. */
  let pairView: StillView = NO_STILL;
  function viewPairStill(): StillView {
    const past = pairStill.past;
    const seen = pairView.past;
    const pastChanged = past.length !== seen.length || (past.length > 0 && past[past.length - 1] !== seen[seen.length - 1]);
    if (pastChanged || pairStill.stillFrom !== pairView.from) {
      pairView = { from: pairStill.stillFrom, past: pastChanged ? past.slice() : seen };
    }
    return pairView;
  }

  function resetFilters(): void {
    for (const f of smooth) f.reset();
    for (const f of baseline) f.reset();
    magBaseline.reset();
    tilt.reset();
    standTilt.reset();
    tiltBaseline.reset();
    still.reset();
    pairStill.reset();
    stepHi.reset();
    stepLo.reset();
    run.steadyOn = false;
  }

  /** Bouts of movement between still stretches, and the impact peaks within them. */
  function trackBouts(frame: SignalFrame): void {
    const rawMag = v[RAW_PEAK];
    const t = v[T];
    // A trial's recording may start a moment before the landing: the stream's start stands in
    // for the stillness before it (a walk or a jog under way there still shows its train).
    if (firstT === t) {
      bout = { start: t, impacts: [] };
      frame.boutBegan = true;
    }
    still.run(v, RAW, RAW, RAW, T);
    const from = still.stillFrom;
    if (from !== null && t - from >= LONE_STILL_S) {
      if (!restful && bout !== null) frame.boutEnded = { bout, stillFrom: from };
      if (!restful) bout = null;
      restful = true;
    } else if (from === null && restful) {
      restful = false;
      bout = { start: t, impacts: [] };
      frame.boutBegan = true;
    }
    const g = rawMag - 1;
    if (g > IMPACT_FLOOR_G) {
      if (!impactOpen || g > run.impactMax) {
        run.impactMax = g;
        run.impactT = t;
      }
      impactOpen = true;
    } else if (impactOpen && g < IMPACT_FLOOR_G / 2) {
      impactOpen = false;
      const cur = bout as { start: number; impacts: BoutImpact[] } | null;
      const last = cur !== null && cur.impacts.length > 0 ? cur.impacts[cur.impacts.length - 1] : null;
      // Impacts within the fastest rep period of a landing's first are that landing (toes then
      // heels, a rebound, the trailing foot set down beside the leading one). Not chained: a
      // walk's steps, some 0.5 s apart, stay a train of impacts.
      if (last !== null && run.impactT - last.first < minPeriod) {
        if (run.impactMax > last.g) Object.assign(last, { t: run.impactT, g: run.impactMax });
      } else {
        cur?.impacts.push({ t: run.impactT, g: run.impactMax, first: run.impactT });
      }
    }
  }

  const frame = blankFrame(recentRawMax, () => skew.value);

  /**
   * push() in phases, each a function of its own that reads and writes the sample's values in
   * `v` and takes no number: V8 inlines only so much into one function, and a call it does not
   * inline boxes its number arguments and result (heap numbers: garbage at 200 Hz). Split, each
   * phase has its filters inlined and the calls between phases carry no numbers.
   */
  function push(sample: AccSample): SignalFrame | null {
    v[X] = sample.x;
    v[Y] = sample.y;
    v[Z] = sample.z;
    v[T] = sample.t;
    if (!clock()) return null;
    axes();
    if (profile.sizeBy === 'impact') ringRaw();
    if (loneLandings) trackBouts(frame);
    if (profile.pairIsSet) {
      pairStill.run(v, X, Y, Z, T);
      frame.pairStill = viewPairStill();
    }
    magnitude();
    if (profile.signal === 'magnitude') v[S] = polarity * v[MAG_S];
    else if (profile.signal === 'combined' || profile.signal === 'auto') tiltSignal();
    else axisSignal();
    steps();
    walkingVeto();
    frame.s = v[S];
    skew.run(v, S);
    frame.h = Math.max(floorG, profile.relThreshold * Math.sqrt(power.value));
    return frame;
  }

  /** The sample's time: dropped (false), or its step, a gap, and the frame made ready. */
  function clock(): boolean {
    const t = v[T];
    if (!Number.isFinite(t) || !Number.isFinite(v[X]) || !Number.isFinite(v[Y]) || !Number.isFinite(v[Z])) {
      stats.dropped++;
      return false;
    }
    if (run.started && t <= run.lastT) {
      stats.dropped++;
      return false;
    }
    stats.samples++;
    let gapS = 0;
    const first = !run.started;
    if (first) {
      firstT = t;
    } else {
      const dt = t - run.lastT;
      run.meanDt = run.meanDt === 0 ? dt : run.meanDt + 0.02 * (dt - run.meanDt);
      // A gap the filters cannot bridge: restart them rather than ring on a step.
      if (dt > Math.max(0.5, 5 * run.meanDt)) {
        stats.gaps++;
        resetFilters();
        gapS = dt;
        run.held = false;
        run.rateN = 0;
      }
      // Only a gap's start is read (a number|null field written per sample would box).
      if (gapS > 0) frame.prevT = run.frameT;
    }
    run.started = true;
    run.lastT = t;
    stats.sampleRateHz = run.meanDt > 0 ? 1 / run.meanDt : 0;
    const x = v[X];
    const y = v[Y];
    const z = v[Z];
    // A frame of one sample: its own magnitude is the peak (axes() takes the larger).
    v[RAW_PEAK] = 0;
    if (run.rateN === 0) run.rateT0 = t;
    run.rateN++;
    const fast = run.rateN > PAIR_AFTER_SAMPLES && run.rateN - 1 > PAIR_ABOVE_HZ * (t - run.rateT0);
    if (fast) {
      if (!run.held) {
        run.held = true;
        run.heldX = x;
        run.heldY = y;
        run.heldZ = z;
        run.heldMag = Math.sqrt(x * x + y * y + z * z);
        return false;
      }
      run.held = false;
      // The pair's larger magnitude (the mean's is never larger): an impact keeps its peak.
      v[RAW_PEAK] = Math.max(run.heldMag, Math.sqrt(x * x + y * y + z * z));
      v[X] = (x + run.heldX) / 2;
      v[Y] = (y + run.heldY) / 2;
      v[Z] = (z + run.heldZ) / 2;
    } else {
      // The rate fell (or a gap came) with a sample held: it is let go.
      run.held = false;
    }
    const dt = first || gapS > 0 ? 0 : t - run.frameT;
    run.frameT = t;
    v[DT] = dt;

    // One frame object, rewritten per sample (no garbage at 200 Hz): valid until the next push.
    frame.t = t;
    frame.dt = dt;
    frame.gapS = gapS;
    frame.walkingBegan = false;
    frame.boutBegan = false;
    frame.boutEnded = null;
    frame.pairStill = pairView;
    frame.pairStillBefore = pairView;
    frame.sampleRateHz = stats.sampleRateHz;
    return true;
  }

  /** Smoothed axes, their baseline (gravity, posture) and what is left: the motion. */
  function axes(): void {
    smooth[0].run(v, X, SX);
    smooth[1].run(v, Y, SY);
    smooth[2].run(v, Z, SZ);
    baseline[0].run(v, SX, BX);
    baseline[1].run(v, SY, BY);
    baseline[2].run(v, SZ, BZ);
    v[RX] = v[SX] - v[BX];
    v[RY] = v[SY] - v[BY];
    v[RZ] = v[SZ] - v[BZ];
    const x = v[X];
    const y = v[Y];
    const z = v[Z];
    v[RAW] = Math.sqrt(x * x + y * y + z * z);
    v[RAW_PEAK] = Math.max(v[RAW_PEAK], v[RAW]);
    frame.rawMag = v[RAW_PEAK];
  }

  function ringRaw(): void {
    rawRing[rawN % RAW_RING] = v[RAW_PEAK];
    rawRingT[rawN % RAW_RING] = v[T];
    rawN++;
  }

  /** The smoothed magnitude less its baseline, and the sway (motion across gravity). */
  function magnitude(): void {
    const sx = v[SX];
    const sy = v[SY];
    const sz = v[SZ];
    const rx = v[RX];
    const ry = v[RY];
    const rz = v[RZ];
    const m = Math.sqrt(sx * sx + sy * sy + sz * sz);
    v[M] = m;
    magBaseline.run(v, M, M_BASE);
    v[MAG_S] = m - v[M_BASE];
    // Sway: the band-passed motion across gravity (the slow baseline's direction), i.e. the
    // side-to-side and fore-aft wobble, whatever carries the rep.
    const gx = sx - rx;
    const gy = sy - ry;
    const gz = sz - rz;
    const gn = Math.sqrt(gx * gx + gy * gy + gz * gz) || 1;
    const along = (rx * gx + ry * gy + rz * gz) / gn;
    frame.acrossSq = Math.max(0, rx * rx + ry * ry + rz * rz - along * along);
  }

  /** 'combined' and 'auto': the magnitude with the tilt excursion. */
  function tiltSignal(): void {
    const m = v[M];
    v[UX] = v[SX] / m;
    v[UY] = v[SY] / m;
    v[UZ] = v[SZ] / m;
    if (profile.signal === 'combined') {
      // Compressed only once standing has been seen: until then the rest is a guess (the first
      // sample), and the compressed scale's lower threshold let a settling band through.
      standTilt.run(v, UX, UY, UZ, EXC_RAW);
      if (standTilt.learned) v[EXC_RAW] = compressExcursion(v[EXC_RAW]);
      excSmooth.run(v, EXC_RAW, EXC);
    } else {
      tilt.run(v, UX, UY, UZ, EXC);
    }
    tiltBaseline.run(v, EXC, EXC_BASE);
    v[TILT_S] = v[EXC] - v[EXC_BASE];
    let w = profile.tiltWeight;
    if (profile.signal === 'auto') {
      // Tilt joins only where it clearly dominates the vertical motion.
      tiltPower.run(v, TILT_S);
      magPower.run(v, MAG_S);
      const ratio = Math.sqrt(tiltPower.value / (magPower.value + 1e-9));
      w *= Math.max(0, Math.min(1, (ratio - AUTO_TILT_FROM) / AUTO_TILT_SPAN));
    }
    v[S] = polarity * v[MAG_S] + w * v[TILT_S];
  }

  /** 'axis': the motion along the principal axis, signed to agree with the magnitude. */
  function axisSignal(): void {
    const dt = v[DT];
    const rx = v[RX];
    const ry = v[RY];
    const rz = v[RZ];
    const magS = v[MAG_S];
    const [ax, ay, az] = axis.push(rx, ry, rz, dt);
    const proj = rx * ax + ry * ay + rz * az;
    // Sign the axis to agree with the vertical (magnitude) motion, so "max" means the same
    // thing whichever way the sensor sits; flip only on clear, sustained disagreement.
    const k = dt > 0 ? 1 - Math.exp(-dt / 4) : 1;
    run.covPM += k * (proj * magS - run.covPM);
    run.varP += k * (proj * proj - run.varP);
    run.varM += k * (magS * magS - run.varM);
    const corr = run.covPM / Math.sqrt(run.varP * run.varM + 1e-12);
    if (corr * axisSign < -0.3) axisSign = -axisSign;
    v[S] = polarity * axisSign * proj;
  }

  /** The rep band's power and the step band's (walking, jogging, impacts), with its rhythm. */
  function steps(): void {
    power.run(v, S);
    stepHi.run(v, RAW, STEP_HI);
    stepLo.run(v, RAW, STEP_LO);
    v[STEP_BAND] = v[STEP_HI] - v[STEP_LO];
    stepPower.run(v, STEP_BAND);
    stepPowerFast.run(v, STEP_BAND);
    // Only the profiles that weigh against it pay for it (a hot path: every sample).
    if (weighsMovement) {
      movementHi.run(v, RAW, MOVE_HI);
      movementLo.run(v, RAW, MOVE_LO);
      v[MOVE_BAND] = v[MOVE_HI] - v[MOVE_LO];
      movementPower.run(v, MOVE_BAND);
    }
    // Walking is sustained step energy: a sharp rep turnaround leaks into the step band for a
    // moment, steps keep it there. The veto needs a second and a half of it and lingers briefly.
    rhythm.run(v, STEP_BAND, T);
  }

  /** Walking: step energy with a rhythm (or overwhelming), sustained; the veto and its start. */
  function walkingVeto(): void {
    const dt = v[DT];
    const t = v[T];
    const rhythmScore = rhythm.value;
    const rhythmic = rhythmScore > STEP_RHYTHM;
    // The RMS from the mean squares here (a getter not inlined would box each one).
    const stepRms = Math.sqrt(stepPower.value);
    const repRms = Math.sqrt(power.value);
    // Stairs, turns and uneven ground break the rhythm but not the step energy: where it far
    // outweighs the rep band it is walking too (for movements without a step or impact of their own).
    const busy = profile.busyVeto !== null && rhythmScore >= BUSY_MIN_RHYTHM && stepRms > BUSY_MIN_G && stepRms > profile.busyVeto * (profile.busyAgainst === 'movement' ? Math.sqrt(movementPower.value) : repRms);
    // The quick view of the step energy lets the veto go soon after the last step (the slow one
    // lingers for seconds: the first reps of a set right after walking up to the spot were lost).
    const stepsNow = Math.sqrt(stepPowerFast.value) > 0.04;
    const steady = steadySteps(t, rhythmScore, stepRms);
    const stepping =
      profile.stepVetoRatio !== null &&
      stepsNow &&
      stepRms > 0.04 &&
      (((rhythmic || busy) && stepRms > profile.stepVetoRatio * repRms) || steady);
    run.steppingS = stepping ? Math.min(run.steppingS + dt, WALK_CONFIRM_S + WALK_LINGER_S) : Math.max(0, run.steppingS - dt);
    // Steady steps were confirmed by their own seconds: walking now, since they began.
    if (stepping && steady) run.steppingS = Math.max(run.steppingS, WALK_CONFIRM_S);
    const walking = run.steppingS >= WALK_CONFIRM_S;
    if (stepping && stepStartT === null) stepStartT = t;
    if (steady && stepStartT !== null && stepStartT > run.steadyFrom) stepStartT = run.steadyFrom;
    // Steps found about as soon as the rhythm could score them: the stream began in the walk.
    if (stepStartT !== null && firstT !== null && stepStartT - firstT <= 2 * STEP_RHYTHM_WINDOW_S) stepStartT = firstT;
    if (!stepping && run.steppingS === 0) stepStartT = null;
    frame.stepStartT = stepStartT;
    frame.stepping = stepping;
    frame.walking = walking;
    frame.walkingBegan = walking && !wasWalking;
    // Walking left its energy in the running RMS: start the threshold afresh for the set.
    if (!walking && wasWalking) power.reset();
    wasWalking = walking;
  }

  /** Steady steps (profile `steadyStepsRatio`) sustained for STEADY_STEPS_S, as of this frame. */
  function steadySteps(t: number, rhythmScore: number, stepRms: number): boolean {
    const ratio = profile.steadyStepsRatio;
    if (ratio === null) return false;
    if (rhythmScore >= STEADY_MIN_RHYTHM && stepRms > BUSY_MIN_G && stepRms > ratio * Math.sqrt(movementPower.value)) {
      if (!run.steadyOn) {
        run.steadyOn = true;
        run.steadyFrom = t;
      }
      run.steadyLast = t;
    } else if (run.steadyOn && t - run.steadyLast > STEADY_LAPSE_S) {
      run.steadyOn = false;
    }
    return run.steadyOn && run.steadyLast - run.steadyFrom >= STEADY_STEPS_S;
  }

  function finalStill(minS: number): { bout: Bout; stillFrom: number } | null {
    // The stream ends (the trial stopped) with the body still: a shorter stillness will do. (Not
    // a stream ending in movement: at the end of a real recording that was the sensor taken off.)
    const from = still.stillFrom;
    if (!loneLandings || !run.started || from === null || restful || run.lastT - from < minS) return null;
    const b = bout;
    bout = null;
    return b === null ? null : { bout: b, stillFrom: from };
  }

  return {
    stats,
    delayS,
    get firstT() {
      return firstT;
    },
    get lastT() {
      return run.started ? run.lastT : null;
    },
    get pairStillNow() {
      return pairView;
    },
    push,
    finalStill,
  };
}
