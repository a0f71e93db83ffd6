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
 */
import type { AccSample, Rep, RepQuality } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { LowPass, LowPass2, PrincipalAxis, RunningPower } from '../signal/filters';
import { StepRhythm } from '../signal/rhythm';
import { Stillness } from '../signal/stillness';
import { TiltExcursion } from '../signal/tilt';
import { StandingTilt, compressExcursion } from './standing-tilt';
import { getProfile, type ExerciseProfile } from './profiles';
import type { RepDetector, RepEvent } from './types';
import type { RepModel } from '../../shared/rep-model';
import { modelOverrides } from './model-tuning';

export interface RepDetectorOptions {
  /** Override parts of the exercise profile (tuning, tests). */
  profile?: Partial<Omit<ExerciseProfile, 'id'>>;
  /** Retract the first rep of a sequence when no second rep follows (default true). */
  retractLoneReps?: boolean;
  /** Sees the rep signal, its threshold and the walking veto per sample (plots, debugging). */
  trace?: (t: number, signal: number, threshold: number, walking: boolean) => void;
  /** The person's learned model for this exercise and placement (a prior, never required). */
  model?: RepModel | null;
}

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

export interface StreamingRepDetector extends RepDetector {
  readonly profile: ExerciseProfile;
  readonly stats: RepDetectorStats;
  /** Standing reps so far (emitted minus retracted), oldest first. */
  reps(): Rep[];
}

type Phase = 'ready' | 'lobe' | 'opposite';

const HALF_DROP = 0.5;
/** A rep is reported at most this long after its (reported) peak time. */
const MAX_LATENCY_S = 1.5;
/** Headroom for a sample step at low rates. */
const LATENCY_MARGIN_S = 0.12;
/** A sequence of fewer reps than this is taken for a gesture and retracted when it stops. */
const CONFIRM_REPS = 3;
/** A new peak this much larger than the rep just reported, with no swing back between, replaces it. */
const REPEAK = 1.3;
/** 'auto' signal: tilt counts from this ratio of tilt to vertical RMS, fully from FROM + SPAN. */
const AUTO_TILT_FROM = 1.3;
const AUTO_TILT_SPAN = 0.7;
/** Seconds of sustained step-band energy that mean walking. */
const WALK_CONFIRM_S = 1.5;
/** ...and the veto outlasts the steps by this much (settling after walking up to the bar). */
const WALK_LINGER_S = 2;
/** Steps are rhythmic some way into a walk: reps this long before that are taken as steps too. */
const STEP_WINDOW_S = 3;
/** Autocorrelation of the step band at the step period above which it is a train of steps. */
const STEP_RHYTHM = 0.5;
/** Step-band energy (g RMS) and its multiple of the rep band that mean walking, rhythm or not. */
const BUSY_MIN_G = 0.08;
const BUSY_RATIO = 1.5;
/** A set paused for up to this long (or RESUME_PERIODS of its reps) goes on with the next rep alike. */
const RESUME_MIN_S = 6;
const RESUME_PERIODS = 3;
/** An unconfirmed sequence of this many reps may wait for the set to go on after a pause. */
const PENDING_MIN_REPS = 2;
/** ...and a rep resuming a confirmed set is within this ratio of its typical size. */
const RESUME_RATIO = 1.6;
/** Reps of one set come at a steady pace: longest / shortest gap of three reps. */
const MAX_GAP_RATIO = 2.5;
/** At the end of the stream, a lobe under way counts if it has reached this fraction of the set's reps. */
const END_LOBE_FRACTION = 0.5;
/** ...and comes within this fraction of the set's period of when the next rep was due. */
const END_BEAT_TOLERANCE = 0.25;
/** Landings (profile `landingFall`): the swing below zero before the lobe ends at most this long before it. */
const FALL_WITHIN_S = 0.6;
/** Raw samples kept for a lobe's impact (two filter delays: 0.45 s at 200 Hz for landings). */
const RAW_RING = 128;
/**
 * Short trials of landings (profile `loneLandingG`): a bout of movement between two still
 * stretches of at least LONE_STILL_S holding one or two clear impacts is one or two landings.
 * The first came at most LONE_BEFORE_S after standing (stepping off the box), stillness came at
 * most LONE_AFTER_S after the last (absorbing, perhaps the step back up). A walk or a jog has
 * a train of impacts alike; a bout with more than LONE_MAX_IMPACTS is left to the set rules.
 */
const LONE_STILL_S = 0.8;
const LONE_BEFORE_S = 4;
const LONE_AFTER_S = 8;
/**
 * A lone impact below this fraction of a landing shortly before it was the step back up onto
 * the box (some 0.1-0.4 of a landing's impact); one below LONE_DWARF_BEFORE of a landing just
 * after it, the step up to start. Landings themselves vary up to some 2x from one to the next.
 */
const LONE_DWARF_AFTER = 0.45;
const LONE_DWARF_BEFORE = 0.35;
const LONE_MAX_IMPACTS = 2;
/** At the end of the stream, standing still this long after the last landing (or pair) is enough. */
const FINAL_STILL_S = 0.3;
/**
 * A pair of reps as a set (profile `pairIsSet`): the body (3-D, tilt included) still for
 * PAIR_STILL_S up to at most PAIR_WITHIN_S before the first rep's middle and again from at
 * most PAIR_WITHIN_S after the second's, and not for PAIR_APART_S between them; the two alike
 * within PAIR_RATIO (the first rep from standing often differs: up to 1.8x, synthetic). Still means no movement above PAIR_STILL_G (a heel raise moves the chest
 * some 0.03 g).
 */
const PAIR_STILL_S = 1;
const PAIR_WITHIN_S = 3.5;
const PAIR_RATIO = 2;
const PAIR_STILL_G = 0.02;
const PAIR_APART_S = 2;
/** Impact peaks of a bout: excursions of the raw magnitude this far above 1 g (half of it ends one). */
const IMPACT_FLOOR_G = 0.3;

export function createStreamingRepDetector(exerciseId: ExerciseId, options: RepDetectorOptions = {}): StreamingRepDetector {
  const prior = getProfile(exerciseId);
  const profile: ExerciseProfile = { ...prior, ...modelOverrides(prior, options.model), ...options.profile, id: exerciseId };
  const retractLone = options.retractLoneReps ?? true;
  const [lowHz, highHz] = profile.bandHz;
  const [minPeriod, maxPeriod] = profile.periodS;

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
  const rhythm = new StepRhythm();
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
  let covPM = 0;
  let varP = 0;
  let varM = 0;

  const stats: RepDetectorStats = { samples: 0, dropped: 0, gaps: 0, sampleRateHz: 0, retractions: 0 };
  let firstT: number | null = null;
  let lastT: number | null = null;
  let meanDt = 0;

  let phase: Phase = 'ready';
  let peak = 0;
  let peakT = 0;
  let peakVeto = false;
  let oppExtreme = 0;
  let oppT: number | null = null;
  let lobeMaxRawMag = 0;
  /** The lobe's impact (raw magnitude, g) from just before it crossed its threshold (short trials of landings). */
  let lobeImpact = 0;
  /** Depth of the swing below zero just before the lobe (the fall before a landing). */
  let lobeDip = 0;
  let inTrough = false;
  let troughMin = 0;
  let troughEnd = -Infinity;
  let lobeSwaySq = 0;
  let lobeSwayN = 0;

  /**
   * The current sequence (a set, as the detector sees it): its standing reps, newest last.
   * Until it holds `confirmReps` reps it is unconfirmed; an unconfirmed sequence that stops
   * (no next rep in time) was a gesture, not a set, and its reps are retracted explicitly.
   */
  let steppingS = 0;
  let stepStartT: number | null = null;
  let wasWalking = false;
  let seq: Rep[] = [];
  /** The rep reported from the lobe just closed (a larger peak right after may replace it). */
  let lastRep: Rep | null = null;
  /** Stream time lost in gaps since the last rep (the set went on while the radio was out). */
  let pausedS = 0;
  let confirmed = false;
  /**
   * The confirmed sequence that stopped last: a person pauses mid-set (breath, balance, a walk
   * back round the box). Reps like its reps soon after are that set going on, not a gesture.
   */
  let lastSet: { endT: number; amp: number; period: number } | null = null;
  /**
   * An unconfirmed sequence that stopped: still standing while the set may go on after a pause
   * (a set's first reps, then a breath); withdrawn if no rep like them comes by `pendingUntil`.
   */
  let pending: Rep[] = [];
  let pendingUntil = 0;
  /** The sequence spans a pause (resumed): its spacing is not judged, only its sizes. */
  let resumed = false;
  /** Reps of the current sequence still open to the amplitude check (its first ones). */
  let seqEarly: Rep[] = [];
  const standing: Rep[] = [];
  /** Landings that stood alone (still before and after): reps on their own, set or no set. */
  const loneLandings = profile.loneLandingG !== null;
  const still = new Stillness(LONE_STILL_S, 1);
  const pairStill = new Stillness(PAIR_STILL_S, 3, PAIR_STILL_G);
  const lone = new WeakSet<Rep>();
  /** Each candidate landing's impact, g above gravity. */
  const impactOf = new WeakMap<Rep, number>();
  const impact = (r: Rep): number => impactOf.get(r) ?? strength(r);
  const withdrawn = new WeakSet<Rep>();
  /** The raw magnitude of the last samples (landings: the impact before the lobe). */
  const rawRing = new Float64Array(RAW_RING);
  const rawRingT = new Float64Array(RAW_RING);
  let rawN = 0;
  /** The bout of movement since the body was last still (null while still, or before it first was). */
  let bout: { start: number; impacts: { t: number; g: number; first: number }[]; reps: Rep[] } | null = null;
  let restful = false;
  let impactOpen = false;
  let impactMax = 0;
  let impactT = 0;

  function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** What a rep's size is judged by: the lobe, or for landings the impact (see profile). */
  const strengthOf = new WeakMap<Rep, number>();
  const strength = (r: Rep): number => strengthOf.get(r) ?? r.amplitude;
  function lobeStrength(): number {
    // An impact lasts some 50 ms: below ~40 Hz it is missed or aliased, so size by the lobe.
    return profile.sizeBy === 'impact' && stats.sampleRateHz >= 40 ? Math.max(0, lobeMaxRawMag - 1) : peak;
  }

  function recentAmps(): number[] {
    return seq.slice(-8).map(strength);
  }

  /** Period and allowed gap change only when the sequence does; cached for the per-sample path. */
  let cacheFor: Rep | null | undefined;
  let cacheLen = -1;
  let cachedPeriod: number | null = null;
  let cachedGap = maxPeriod;
  function refreshCache(): void {
    const last = seq.length > 0 ? seq[seq.length - 1] : null;
    if (last === cacheFor && seq.length === cacheLen) return;
    cacheFor = last;
    cacheLen = seq.length;
    cachedPeriod = computePeriod();
    cachedGap = computeGap();
  }
  function typicalPeriod(): number | null {
    refreshCache();
    return cachedPeriod;
  }
  function allowedGap(): number {
    refreshCache();
    return cachedGap;
  }

  function computePeriod(): number | null {
    if (seq.length < 3) return null;
    const d: number[] = [];
    for (let i = Math.max(1, seq.length - 4); i < seq.length; i++) d.push(seq[i].t - seq[i - 1].t);
    return median(d);
  }

  /** How long the sequence waits for its next rep before it is over. */
  function computeGap(): number {
    if (seq.length < 2) return maxPeriod;
    const last = seq[seq.length - 1].t - seq[seq.length - 2].t;
    const p = computePeriod() ?? last;
    return Math.min(maxPeriod, Math.max(2.5 * p, 2 * minPeriod));
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
    phase = 'ready';
    oppT = null;
  }

  function withdraw(rep: Rep, now: number, out: RepEvent[], reason: string): void {
    const i = standing.lastIndexOf(rep);
    if (i >= 0) standing.splice(i, 1);
    withdrawn.add(rep);
    const j = seq.indexOf(rep);
    if (j >= 0) seq.splice(j, 1);
    out.push({ type: 'retract', t: rep.t, detectedAt: now, reason });
    stats.retractions++;
  }

  function endSequence(now: number, out: RepEvent[], final = false): void {
    if (confirmed && seq.length > 0) {
      lastSet = { endT: seq[seq.length - 1].t, amp: median(recentAmps()), period: typicalPeriod() ?? allowedGap() / 2.5 };
    }
    if (!confirmed && retractLone) {
      dropPending(now, out);
      // A landing that stood alone is a rep on its own: it leaves the sequence, counted.
      seq = seq.filter((r) => !lone.has(r));
      if (final || seq.length < PENDING_MIN_REPS) {
        if (final) keepPair(seq, now, true);
        for (const rep of [...seq]) if (!lone.has(rep)) withdraw(rep, now, out, tooFew(seq.length));
      } else {
        pending = [...seq];
        const p = pending.length >= 2 ? pending[pending.length - 1].t - pending[pending.length - 2].t : 0;
        pendingUntil = pending[pending.length - 1].t + Math.max(RESUME_MIN_S, RESUME_PERIODS * p);
      }
    }
    seq = [];
    seqEarly = [];
    confirmed = false;
    resumed = false;
  }

  function tooFew(n: number): string {
    return n === 1 ? 'lone movement: no second rep followed' : `only ${n} movements: too few for a set`;
  }

  function dropPending(now: number, out: RepEvent[]): void {
    const reason = tooFew(pending.length);
    keepPair(pending, now, false);
    for (const rep of pending) if (!lone.has(rep)) withdraw(rep, now, out, reason);
    pending = [];
  }

  /** The first rep of a new sequence, like the pending reps and in time: the set went on after a pause. */
  function takePending(rep: Rep): void {
    if (pending.length === 0) return;
    const ratio = strength(rep) / median(pending.map(strength));
    if (rep.t > pendingUntil || ratio > profile.maxAmpRatio || ratio < 1 / profile.maxAmpRatio) return;
    seq = [...pending, ...seq];
    pending = [];
    resumed = true;
  }

  /**
   * Once a set shows its typical rep (three reps), its first movements are checked against it:
   * a lift-off or a settling wobble far smaller than the set's reps is withdrawn, explicitly.
   */
  function reviewEarly(now: number, out: RepEvent[]): void {
    if (seqEarly.length === 0 || seq.length < 3) return;
    const typical = median(recentAmps());
    for (const rep of [...seqEarly]) {
      if (strength(rep) < profile.minRelAmplitude * typical) {
        withdraw(rep, now, out, 'much smaller than the other reps of this set');
        seqEarly.splice(seqEarly.indexOf(rep), 1);
      }
    }
    // The first reps stay under review until the set has shown five.
    if (seq.length >= 5) seqEarly = [];
  }

  function emit(now: number, out: RepEvent[]): void {
    const t = peakT - delayS;
    if (seq.length > 0 && t - pausedS - seq[seq.length - 1].t > allowedGap()) endSequence(now, out);
    pausedS = 0;
    const start = oppT !== null ? Math.max(oppT - delayS, t - maxPeriod) : Math.max(t - minPeriod, firstT ?? t);
    const end = Math.max(now - delayS, t);
    const quality: RepQuality = { durationS: end - start, tempo: { downS: t - start, upS: end - t } };
    if (profile.quality.impact) quality.impactG = lobeMaxRawMag;
    if (profile.quality.sway) quality.swayG = lobeSwayN > 0 ? Math.sqrt(lobeSwaySq / lobeSwayN) : 0;
    const size = lobeStrength();
    const typical = seq.length >= 2 ? median(recentAmps()) : size;
    const confidence = Math.max(0, Math.min(1, Math.min(peak / (2 * profile.minAmplitudeG), typical > 0 ? size / typical : 1)));
    const rep: Rep = { t, start, end, amplitude: peak, confidence, detectedAt: now, quality };
    strengthOf.set(rep, size);
    lastRep = rep;
    seq.push(rep);
    standing.push(rep);
    out.push({ type: 'rep', rep });
    if (seq.length === 1) takePending(rep);
    if (loneLandings) considerLone(rep, now, out);
    if (seq.length <= 3) seqEarly.push(rep);
    reviewEarly(now, out);
    if (!confirmed && resumesLastSet(rep)) confirmed = true;
    if (!confirmed) confirmIfRegular(now, out);
  }

  /**
   * A landing is kept in its bout, to be judged when the body is still again (`closeBout`). A
   * landing that stood alone shortly before, far smaller than this one, was the step up onto
   * the box, not a landing: withdrawn.
   */
  function considerLone(rep: Rep, now: number, out: RepEvent[]): void {
    if (profile.sizeBy !== 'impact' || stats.sampleRateHz < 40) return;
    const size = Math.max(0, lobeImpact - 1);
    impactOf.set(rep, size);
    for (const r of recentStanding(rep)) {
      if (lone.has(r) && impact(r) < LONE_DWARF_BEFORE * size) {
        lone.delete(r);
        withdraw(r, now, out, 'much smaller than the landing after it');
      }
    }
    if (bout !== null && size >= (profile.loneLandingG ?? Infinity)) bout.reps.push(rep);
  }

  /** Standing reps before `rep`, at most the profile's slowest period before it. */
  function recentStanding(rep: Rep): Rep[] {
    const out: Rep[] = [];
    for (let i = standing.length - 1; i >= 0; i--) {
      const r = standing[i];
      if (rep.t - r.t > maxPeriod) break;
      if (r !== rep && r.t < rep.t) out.push(r);
    }
    return out;
  }

  /**
   * The body is still again (since `stillFrom`): the bout of movement before was a short trial
   * of landings if it held one or two clear impacts, alike, soon after standing and soon
   * before standing again. Its landings stand alone unless a landing just before was far
   * larger (then this was the step back up onto the box).
   */
  function closeBout(stillFrom: number): void {
    const b = bout;
    bout = null;
    if (b === null || b.reps.length === 0 || b.impacts.length === 0) return;
    const top = Math.max(...b.impacts.map((i) => i.g));
    const clear = Math.max(profile.loneLandingG ?? Infinity, profile.minRelAmplitude * top);
    const big = b.impacts.filter((i) => i.g >= clear);
    if (big.length === 0 || big.length > LONE_MAX_IMPACTS) return;
    if (big[0].t - b.start > LONE_BEFORE_S || stillFrom - big[big.length - 1].t > LONE_AFTER_S) return;
    for (const rep of b.reps) {
      const size = impact(rep);
      if (withdrawn.has(rep) || size < clear) continue;
      if (recentStanding(rep).some((r) => size < LONE_DWARF_AFTER * impact(r))) continue;
      lone.add(rep);
    }
  }

  /**
   * The impact is sharp and the rep signal smoothed: the lobe crosses its threshold up to a
   * filter delay after the impact, so a lone landing's impact is looked for from two delays
   * before it. (The set rules keep the lobe's own: widened, it took in the steps around a box.)
   */
  function recentRawMax(t: number): number {
    let m = 0;
    for (let k = 1; k <= Math.min(rawN, RAW_RING); k++) {
      const i = (rawN - k) % RAW_RING;
      if (rawRingT[i] < t - 2 * delayS) break;
      if (rawRing[i] > m) m = rawRing[i];
    }
    return m;
  }

  /** Bouts of movement between still stretches, and the impact peaks within them. */
  function trackBouts(rawMag: number, t: number, dt: number): void {
    // A trial's recording may start a moment before the landing: the stream's start stands in
    // for the stillness before it (a walk or a jog under way there still shows its train).
    if (firstT === t) bout = { start: t, impacts: [], reps: [] };
    still.push(rawMag, 0, 0, t, dt);
    const from = still.stillFrom;
    if (from !== null && t - from >= LONE_STILL_S) {
      if (!restful) closeBout(from);
      restful = true;
    } else if (from === null && restful) {
      restful = false;
      bout = { start: t, impacts: [], reps: [] };
    }
    const g = rawMag - 1;
    if (g > IMPACT_FLOOR_G) {
      if (!impactOpen || g > impactMax) {
        impactMax = g;
        impactT = t;
      }
      impactOpen = true;
    } else if (impactOpen && g < IMPACT_FLOOR_G / 2) {
      impactOpen = false;
      const last = bout !== null && bout.impacts.length > 0 ? bout.impacts[bout.impacts.length - 1] : null;
      // Impacts within the fastest rep period of a landing's first are that landing (toes then
      // heels, a rebound, the trailing foot set down beside the leading one). Not chained: a
      // walk's steps, some 0.5 s apart, stay a train of impacts.
      if (last !== null && impactT - last.first < minPeriod) {
        if (impactMax > last.g) Object.assign(last, { t: impactT, g: impactMax });
      } else {
        bout?.impacts.push({ t: impactT, g: impactMax, first: impactT });
      }
    }
  }

  /**
   * Two reps alike with the body still before the first and after the second are a set of two
   * (profile `pairIsSet`): they stand, like a lone landing. At the end of the stream a shorter
   * stillness after them will do.
   */
  function keepPair(reps: Rep[], now: number, final: boolean): void {
    if (!profile.pairIsSet || reps.length !== 2) return;
    const [a, b] = reps;
    const ratio = strength(a) / strength(b);
    if (ratio > PAIR_RATIO || ratio < 1 / PAIR_RATIO) return;
    // (A stream starting just before the pair, a recording cut to the trial, stands in for it.)
    const startedJustBefore = firstT !== null && firstT >= a.t - PAIR_WITHIN_S;
    if (!startedJustBefore && !pairStill.endedWithin(a.t - PAIR_WITHIN_S, a.t)) return;
    if (!pairStill.beganWithin(b.t, b.t + PAIR_WITHIN_S, now, final ? FINAL_STILL_S : PAIR_STILL_S)) return;
    // Standing still for long between them: two separate movements, not a set.
    if (pairStill.past.some(([s0, e]) => s0 > a.t && e < b.t && e - s0 >= PAIR_APART_S)) return;
    lone.add(a);
    lone.add(b);
  }

  /** A rep soon after a paused set, of that set's size, carries the set on. */
  function resumesLastSet(rep: Rep): boolean {
    if (lastSet === null || rep.t - lastSet.endT > Math.max(RESUME_MIN_S, RESUME_PERIODS * lastSet.period)) return false;
    const ratio = strength(rep) / lastSet.amp;
    return ratio <= RESUME_RATIO && ratio >= 1 / RESUME_RATIO;
  }

  /**
   * A set is regular: its reps look alike and come at a steady pace. The sequence is confirmed
   * when its last CONFIRM_REPS reps agree in amplitude and spacing; until then, the oldest
   * unconfirmed rep that breaks the pattern is withdrawn as a stray movement.
   */
  function confirmIfRegular(now: number, out: RepEvent[]): void {
    while (seq.length >= CONFIRM_REPS) {
      const last = seq.slice(-CONFIRM_REPS);
      const amps = last.map(strength);
      const gaps = last.slice(1).map((r, i) => r.t - last[i].t);
      const ampRatio = Math.max(...amps) / Math.min(...amps);
      const gapRatio = Math.max(...gaps) / Math.min(...gaps);
      if (ampRatio <= profile.maxAmpRatio && (resumed || gapRatio <= MAX_GAP_RATIO)) {
        confirmed = true;
        return;
      }
      // Far smaller than the others (the step back up onto the box, a settling wobble): that one
      // goes, wherever it sits; otherwise the oldest, which started the series off beat.
      const small = last[amps.indexOf(Math.min(...amps))];
      if (ampRatio > profile.maxAmpRatio && strength(small) < profile.minRelAmplitude * Math.max(...amps)) {
        withdraw(small, now, out, 'much smaller than the other reps of this set');
      } else if (lone.has(seq[0])) {
        seq.shift();
      } else {
        withdraw(seq[0], now, out, 'not part of a regular series of reps');
      }
      seqEarly = seqEarly.filter((r) => seq.includes(r));
    }
  }

  /** The lobe in progress is over: it is a rep if it is big enough for this set and not a step. */
  function closeLobe(now: number, out: RepEvent[]): void {
    // A set carried on after a pause (one rep so far) is judged by the set it carries on.
    const typical = seq.length >= 2 ? median(recentAmps()) : confirmed && lastSet !== null ? lastSet.amp : 0;
    const bigEnough = lobeStrength() >= profile.minRelAmplitude * typical;
    // A landing ends a descent: the magnitude dips below gravity (the fall) before the impact.
    // The step back up onto the box, a foot's lift-off, push first (their dip comes after).
    const landing = profile.landingFall === null || lobeDip >= profile.landingFall * peak;
    if (bigEnough && !peakVeto && landing) emit(now, out);
    phase = 'opposite';
    oppExtreme = 0;
  }

  function push(sample: AccSample): RepEvent[] {
    const out: RepEvent[] = [];
    const { t } = sample;
    if (!Number.isFinite(t) || !Number.isFinite(sample.x) || !Number.isFinite(sample.y) || !Number.isFinite(sample.z)) {
      stats.dropped++;
      return out;
    }
    if (lastT !== null && t <= lastT) {
      stats.dropped++;
      return out;
    }
    stats.samples++;
    let dt = 0;
    if (lastT === null) {
      firstT = t;
    } else {
      dt = t - lastT;
      meanDt = meanDt === 0 ? dt : meanDt + 0.02 * (dt - meanDt);
      // A gap the filters cannot bridge: restart them rather than ring on a step.
      if (dt > Math.max(0.5, 5 * meanDt)) {
        stats.gaps++;
        // A lobe cut by the gap was seen up to its peak: report it as of the last sample.
        if (phase === 'lobe' && lastT !== null) closeLobe(lastT, out);
        resetFilters();
        pausedS += dt;
        if (dt > maxPeriod) endSequence(t, out);
        dt = 0;
      }
    }
    lastT = t;
    stats.sampleRateHz = meanDt > 0 ? 1 / meanDt : 0;

    // A sequence whose next rep is overdue is over (and withdrawn if it was too short for a set).
    // (Not while a lobe is rising: that may be the next rep, reported a moment after its peak.)
    if (phase !== 'lobe' && seq.length > 0 && t - delayS - pausedS - seq[seq.length - 1].t > allowedGap()) endSequence(t, out);
    if (pending.length > 0 && phase !== 'lobe' && t - delayS > pendingUntil) dropPending(t, out);

    const sx = smooth[0].push(sample.x, dt);
    const sy = smooth[1].push(sample.y, dt);
    const sz = smooth[2].push(sample.z, dt);
    const rx = sx - baseline[0].push(sx, dt);
    const ry = sy - baseline[1].push(sy, dt);
    const rz = sz - baseline[2].push(sz, dt);
    const rawMag = Math.sqrt(sample.x * sample.x + sample.y * sample.y + sample.z * sample.z);
    if (profile.sizeBy === 'impact') {
      rawRing[rawN % RAW_RING] = rawMag;
      rawRingT[rawN % RAW_RING] = t;
      rawN++;
    }
    if (loneLandings) trackBouts(rawMag, t, dt);
    if (profile.pairIsSet) pairStill.push(sample.x, sample.y, sample.z, t, dt);
    const m = Math.sqrt(sx * sx + sy * sy + sz * sz);
    const magS = m - magBaseline.push(m, dt);
    let s: number;
    // Sway: the band-passed motion across gravity (the slow baseline's direction), i.e. the
    // side-to-side and fore-aft wobble, whatever carries the rep.
    const gx = sx - rx;
    const gy = sy - ry;
    const gz = sz - rz;
    const gn = Math.sqrt(gx * gx + gy * gy + gz * gz) || 1;
    const along = (rx * gx + ry * gy + rz * gz) / gn;
    const acrossSq = Math.max(0, rx * rx + ry * ry + rz * rz - along * along);
    if (profile.signal === 'magnitude') {
      s = polarity * magS;
    } else if (profile.signal === 'combined' || profile.signal === 'auto') {
      const u = [sx / m, sy / m, sz / m] as const;
      let rawExc: number;
      if (profile.signal === 'combined') {
        // Compressed only once standing has been seen: until then the rest is a guess (the first
        // sample), and the compressed scale's lower threshold let a settling band through.
        const e = standTilt.push(u[0], u[1], u[2], dt);
        rawExc = standTilt.learned ? compressExcursion(e) : e;
      } else {
        rawExc = tilt.push(u[0], u[1], u[2], dt);
      }
      const exc = profile.signal === 'combined' ? excSmooth.push(rawExc, dt) : rawExc;
      const tiltS = exc - tiltBaseline.push(exc, dt);
      let w = profile.tiltWeight;
      if (profile.signal === 'auto') {
        // Tilt joins only where it clearly dominates the vertical motion.
        const ratio = Math.sqrt(tiltPower.push(tiltS, dt) / (magPower.push(magS, dt) + 1e-9));
        w *= Math.max(0, Math.min(1, (ratio - AUTO_TILT_FROM) / AUTO_TILT_SPAN));
      }
      s = polarity * magS + w * tiltS;
    } else {
      const [ax, ay, az] = axis.push(rx, ry, rz, dt);
      const proj = rx * ax + ry * ay + rz * az;
      // Sign the axis to agree with the vertical (magnitude) motion, so "max" means the same
      // thing whichever way the sensor sits; flip only on clear, sustained disagreement.
      const k = dt > 0 ? 1 - Math.exp(-dt / 4) : 1;
      covPM += k * (proj * magS - covPM);
      varP += k * (proj * proj - varP);
      varM += k * (magS * magS - varM);
      const corr = covPM / Math.sqrt(varP * varM + 1e-12);
      if (corr * axisSign < -0.3) axisSign = -axisSign;
      s = polarity * axisSign * proj;
    }
    power.push(s, dt);
    const stepBand = stepHi.push(rawMag, dt) - stepLo.push(rawMag, dt);
    stepPower.push(stepBand, dt);
    stepPowerFast.push(stepBand, dt);
    // Walking is sustained step energy: a sharp rep turnaround leaks into the step band for a
    // moment, steps keep it there. The veto needs a second and a half of it and lingers briefly.
    const rhythmic = rhythm.push(stepBand, t) > STEP_RHYTHM;
    // Stairs, turns and uneven ground break the rhythm but not the step energy: where it far
    // outweighs the rep band it is walking too (for movements without a step or impact of their own).
    const busy = profile.busyVeto && stepPower.rms > BUSY_MIN_G && stepPower.rms > BUSY_RATIO * power.rms;
    // The quick view of the step energy lets the veto go soon after the last step (the slow one
    // lingers for seconds: the first reps of a set right after walking up to the spot were lost).
    const stepsNow = stepPowerFast.rms > 0.04;
    const stepping =
      profile.stepVetoRatio !== null && stepsNow && stepPower.rms > 0.04 && (rhythmic || busy) && stepPower.rms > profile.stepVetoRatio * power.rms;
    steppingS = stepping ? Math.min(steppingS + dt, WALK_CONFIRM_S + WALK_LINGER_S) : Math.max(0, steppingS - dt);
    const walking = steppingS >= WALK_CONFIRM_S;
    if (stepping && stepStartT === null) stepStartT = t;
    if (!stepping && steppingS === 0) stepStartT = null;
    // Steps while a set is paused: the person walked off, so what waits for the set is over.
    if (stepping) {
      // A pair done standing still, then the walk away: a set of two (before the steps' retraction).
      if (!confirmed && seq.length === 2) keepPair(seq, t, false);
      if (pending.length > 0) dropPending(t, out);
      lastSet = null;
    }
    if (walking && !wasWalking) {
      // Walking is known only after some steps: what was counted since they began was steps.
      const from = (stepStartT ?? t) - STEP_WINDOW_S - delayS;
      // (A landing that stood alone had stillness after it: the walk came later.)
      for (const rep of [...seq]) if (rep.t >= from && !lone.has(rep)) withdraw(rep, t, out, 'walking, not reps');
      for (const rep of pending) if (!lone.has(rep)) withdraw(rep, t, out, 'walking, not reps');
      pending = [];
      lastSet = null;
      if (seq.length === 0) endSequence(t, out);
    }
    // Walking left its energy in the running RMS: start the threshold afresh for the set.
    if (!walking && wasWalking) power.reset();
    wasWalking = walking;

    const h = Math.max(profile.minAmplitudeG, profile.relThreshold * power.rms);
    const y = s;
    options.trace?.(t, s, h, walking);
    const period = typicalPeriod();
    const spacing = Math.max(minPeriod, period !== null ? 0.5 * period : 0);
    const lastPeak = seq.length > 0 ? seq[seq.length - 1].t + delayS : -Infinity;

    // The swing below zero before a lobe (a landing's fall), for `closeLobe`.
    if (y < 0) {
      if (!inTrough) troughMin = 0;
      inTrough = true;
      troughMin = Math.min(troughMin, y);
      troughEnd = t;
    } else {
      inTrough = false;
    }
    switch (phase) {
      case 'ready':
        if (y > h && t - lastPeak < spacing && !confirmed && lastRep !== null && seq[seq.length - 1] === lastRep && y > REPEAK * strength(lastRep)) {
          // Too soon for a second rep but clearly larger: the one just reported was the lead-in
          // (the unrack, a settling swing), and this is the set's first real rep.
          replaceLastRep(lastRep, t, out, 'a larger movement right after it is the rep');
        }
        if (y > h && t - (seq.length > 0 ? seq[seq.length - 1].t + delayS : -Infinity) >= spacing) startLobe(y, t, rawMag, walking);
        break;
      case 'lobe':
        if (y > peak) {
          peak = y;
          peakT = t;
          peakVeto = peakVeto || walking;
        }
        // Walking recognised while the lobe is under way: it was a step (the walk's retraction
        // took the reps before it; this one closes after it).
        if (walking) peakVeto = true;
        if (rawMag > lobeMaxRawMag) lobeMaxRawMag = rawMag;
        if (rawMag > lobeImpact) lobeImpact = rawMag;
        lobeSwaySq += acrossSq;
        lobeSwayN++;
        // Report by the deadline even if the lobe is held (a paused rep): latency stays bounded.
        if (y < peak * HALF_DROP || t - peakT >= MAX_LATENCY_S - delayS - LATENCY_MARGIN_S) closeLobe(t, out);
        break;
      case 'opposite':
        if (y < oppExtreme) {
          oppExtreme = y;
          oppT = t;
        }
        if (y < -0.5 * h || t - peakT > maxPeriod) {
          phase = 'ready';
        } else if (profile.mergePeaks && lastRep !== null && seq[seq.length - 1] === lastRep && y > REPEAK * lastRep.amplitude && y > h) {
          // The signal climbs again, well above the rep just reported, without swinging back
          // first: that rep was a shoulder of this larger peak (a swing before a lunge, the
          // first hump of a press). Withdraw it and follow this peak as the rep instead.
          replaceLastRep(lastRep, t, out, 'merged into a larger peak of the same movement');
          startLobe(y, t, rawMag, walking);
        }
        break;
    }
    return out;
  }

  /** A lobe begins: its peak, size and quality are followed from this sample. */
  function startLobe(y: number, t: number, rawMag: number, walking: boolean): void {
    phase = 'lobe';
    peak = y;
    peakT = t;
    peakVeto = walking;
    lobeDip = t - troughEnd <= FALL_WITHIN_S ? -troughMin : 0;
    lobeMaxRawMag = rawMag;
    lobeImpact = loneLandings ? recentRawMax(t) : 0;
    lobeSwaySq = 0;
    lobeSwayN = 0;
  }

  /** The rep just reported gives way to a larger movement that follows it (explicitly). */
  function replaceLastRep(rep: Rep, t: number, out: RepEvent[], reason: string): void {
    withdraw(rep, t, out, reason);
    seqEarly = seqEarly.filter((r) => r !== rep);
    lastRep = null;
  }

  /**
   * End of stream: a rep under way counts only in a confirmed set, on its beat and of its size;
   * a short trial ending still is closed; a sequence too short for a set is withdrawn.
   */
  function flush(): RepEvent[] {
    const out: RepEvent[] = [];
    // The set ended on a rep under way (the stop came at the top of the last press): it counts
    // when it is already half the size of the set's reps, in a set that is confirmed.
    if (phase === 'lobe' && confirmed && lastT !== null && !peakVeto && lobeOnBeat() && lobeStrength() >= END_LOBE_FRACTION * median(recentAmps())) emit(lastT, out);
    phase = 'ready';
    // The stream ends (the trial stopped) with the body still: a shorter stillness will do. (Not
    // a stream ending in movement: at the end of a real recording that was the sensor taken off.)
    const from = still.stillFrom;
    if (loneLandings && lastT !== null && from !== null && !restful && lastT - from >= FINAL_STILL_S) closeBout(from);
    return [...out, ...flushSequence()];
  }

  /** The lobe in progress comes when the set's next rep is due (not a late re-rack or set-down). */
  function lobeOnBeat(): boolean {
    const period = typicalPeriod();
    if (period === null || seq.length === 0) return false;
    const since = peakT - delayS - seq[seq.length - 1].t;
    return since >= (1 - END_BEAT_TOLERANCE) * period && since <= (1 + END_BEAT_TOLERANCE) * period;
  }

  function flushSequence(): RepEvent[] {
    const out: RepEvent[] = [];
    if (seq.length > 0) endSequence(lastT ?? 0, out, true);
    dropPending(lastT ?? 0, out);
    return out;
  }

  return {
    exerciseId,
    profile,
    stats,
    push,
    flush,
    get count() {
      return standing.length;
    },
    reps: () => [...standing],
  };
}

export function createRepDetector(exerciseId: ExerciseId, options: RepDetectorOptions = {}): RepDetector {
  return createStreamingRepDetector(exerciseId, options);
}
