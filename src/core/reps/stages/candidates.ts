/**
 * Candidate stage of the rep detector: the lobes of the rep signal. A lobe starts where the
 * signal rises above its threshold (ready), is followed to its peak (lobe) and closes when it
 * has fallen to half its peak, or at the deadline that bounds latency; then the signal must
 * swing to the other side (opposite) before the next lobe. Each closed lobe is a `Candidate`
 * with its features; whether it is a rep is the set stage's decision.
 *
 * The stage sees frames, plus a narrow view of the set (when its last rep was, its period),
 * because a rep's spacing and a larger peak right after it depend on the set so far.
 */
import type { RepQuality } from '../../../shared/domain';
import type { ExerciseProfile } from '../profiles';
import type { SignalFrame } from './signal';

/** One movement: a lobe of the rep signal and what the set rules judge it by. */
export interface Candidate {
  /** The peak's time, corrected for the filter delay (the rep's time). */
  t: number;
  start: number;
  end: number;
  /** Peak of the lobe (rep signal, g). */
  peak: number;
  /** Its size against the set's other reps: the lobe, or for landings the impact (g above 1). */
  size: number;
  /** A landing's impact before the lobe, g above gravity (null: not judged by impacts). */
  impact: number | null;
  /** Depth of the swing below zero just before the lobe (a landing's fall). */
  dip: number;
  /** Below the profile's floor (above its faint floor): counts only in a set with a clear rhythm. */
  faint: boolean;
  /** Walking (steps) was under way during the lobe. */
  stepVeto: boolean;
  /** When it became known (stream time). */
  detectedAt: number;
  /**
   * The movement may be leaving its rest rather than turning round: no swing to the other side
   * (below half the threshold) came in the FROM_REST_S before the lobe began, or nothing either
   * way reached half its peak in the QUIET_BEFORE_S before it (after a quiet spell the
   * threshold has sunk, and a wiggle passes for a swing).
   */
  fromRest: boolean;
  /** The rep signal's skew as the lobe closed (see SignalFrame.skew). */
  skew: number;
  quality: RepQuality;
}

/** What the candidate stage may ask of the set stage. */
export interface SetFeedback {
  /** Time of the set's last standing rep (null: none). */
  lastRepT(): number | null;
  /** The set's typical period (null: not known yet). */
  period(): number | null;
  /**
   * A peak `y` rose too soon after the last rep, clearly larger ('lead-in'), or climbed again
   * without swinging back ('shoulder'): the set stage decides whether it replaces that rep.
   * Returns true when it did.
   */
  largerPeak(kind: 'lead-in' | 'shoulder', y: number, now: number): boolean;
  /** A lobe closed: a candidate rep. */
  candidate(c: Candidate): void;
}

type Phase = 'ready' | 'lobe' | 'opposite';

const HALF_DROP = 0.5;
/** A rep is reported at most this long after its (reported) peak time. */
const MAX_LATENCY_S = 1.5;
/** Headroom for a sample step at low rates. */
const LATENCY_MARGIN_S = 0.12;
/** Landings (profile `landingFall`): the swing below zero before the lobe ends at most this long before it. */
const FALL_WITHIN_S = 0.6;
/** A lobe with no swing to the other side this long before it may be the movement leaving its rest. */
const FROM_REST_S = 1.5;
/** ...or nothing reached QUIET_FRACTION of its peak this long before it (seen: the stream was this long). */
const QUIET_BEFORE_S = 3;
const QUIET_FRACTION = 0.5;

export interface CandidateStage {
  /** A lobe is under way (its rep may come next). */
  readonly lobeOpen: boolean;
  /** One frame in; closed lobes and larger peaks go to `set`. */
  push(frame: SignalFrame, set: SetFeedback): void;
  /** A gap after `lastT` (the frame before it): a lobe under way closes there, then all starts afresh. */
  cut(lastT: number, set: SetFeedback): void;
  /** A lobe under way at the end of the stream, as a candidate as of `now` (null: none). */
  flush(now: number): Candidate | null;
}

export function createCandidateStage(profile: ExerciseProfile, delayS: number): CandidateStage {
  const [minPeriod, maxPeriod] = profile.periodS;
  const loneLandings = profile.loneLandingG !== null;

  let firstT: number | null = null;
  let phase: Phase = 'ready';
  let peakVeto = false;
  let inTrough = false;
  // Numbers rewritten per sample live in an object's fields, not in closure variables: V8 boxes
  // a fractional number stored in a closure afresh each time (garbage at 200 Hz).
  const lobe = {
    peak: 0,
    peakT: 0,
    oppExtreme: 0,
    /** Time of the opposite swing's extreme (valid while hasOpp: a number|null field would box). */
    oppT: 0,
    hasOpp: false,
    maxRawMag: 0,
    /** The lobe's impact (raw magnitude, g) from just before it crossed its threshold (short trials of landings). */
    impact: 0,
    /** Depth of the swing below zero just before the lobe (the fall before a landing). */
    dip: 0,
    troughMin: 0,
    troughEnd: -Infinity,
    swaySq: 0,
    swayN: 0,
    rateHz: 0,
  };
  /** The lobe closed last was faint: a swing back of its own size will do. */
  let lastFaint = false;
  /** The last frame below minus half the threshold (a swing to the other side). */
  let lastSwingT = -Infinity;
  let lobeFromRest = false;
  /** The largest excursion either way lately: a running maximum that restarts once QUIET_BEFORE_S old. */
  let recentMax = 0;
  let recentMaxT = -Infinity;
  /** That maximum as the lobe began (Infinity: the stream was too short to have seen a quiet spell). */
  let lobeQuietMax = Infinity;
  /** The signal stage's skew, read when a lobe closes (also by a gap or the end of the stream). */
  let skewOf: () => number = () => 0;

  /** What a rep's size is judged by: the lobe, or for landings the impact (see profile). */
  function lobeStrength(): number {
    // An impact lasts some 50 ms: below ~40 Hz it is missed or aliased, so size by the lobe.
    return profile.sizeBy === 'impact' && lobe.rateHz >= 40 ? Math.max(0, lobe.maxRawMag - 1) : lobe.peak;
  }

  function candidateAt(now: number): Candidate {
    const skew = skewOf();
    const t = lobe.peakT - delayS;
    const start = lobe.hasOpp ? Math.max(lobe.oppT - delayS, t - maxPeriod) : Math.max(t - minPeriod, firstT ?? t);
    const end = Math.max(now - delayS, t);
    const quality: RepQuality = { durationS: end - start, tempo: { downS: t - start, upS: end - t } };
    if (profile.quality.impact) quality.impactG = lobe.maxRawMag;
    if (profile.quality.sway) quality.swayG = lobe.swayN > 0 ? Math.sqrt(lobe.swaySq / lobe.swayN) : 0;
    const impact = loneLandings && profile.sizeBy === 'impact' && lobe.rateHz >= 40 ? Math.max(0, lobe.impact - 1) : null;
    const faint = lobe.peak < profile.minAmplitudeG;
    return { t, start, end, peak: lobe.peak, size: lobeStrength(), impact, dip: lobe.dip, faint, stepVeto: peakVeto, detectedAt: now, quality, fromRest: lobeFromRest || lobeQuietMax < QUIET_FRACTION * lobe.peak, skew };
  }

  /** The lobe in progress is over: a candidate for the set stage; then the swing back. */
  function closeLobe(now: number, set: SetFeedback): void {
    lastFaint = lobe.peak < profile.minAmplitudeG;
    set.candidate(candidateAt(now));
    phase = 'opposite';
    lobe.oppExtreme = 0;
  }

  /** A lobe begins: its peak, size and quality are followed from this frame. */
  function startLobe(f: SignalFrame): void {
    phase = 'lobe';
    lobeFromRest = f.t - lastSwingT > FROM_REST_S;
    lobeQuietMax = f.t - (firstT ?? f.t) >= QUIET_BEFORE_S ? (f.t - recentMaxT <= QUIET_BEFORE_S ? recentMax : 0) : Infinity;
    lobe.peak = f.s;
    lobe.peakT = f.t;
    peakVeto = f.walking;
    lobe.dip = f.t - lobe.troughEnd <= FALL_WITHIN_S ? -lobe.troughMin : 0;
    lobe.maxRawMag = f.rawMag;
    lobe.impact = loneLandings ? f.impactBefore() : 0;
    lobe.swaySq = 0;
    lobe.swayN = 0;
  }

  function push(f: SignalFrame, set: SetFeedback): void {
    if (firstT === null) firstT = f.t;
    lobe.rateHz = f.sampleRateHz;
    const { t, s: y, h } = f;
    const lastT = set.lastRepT();
    const period = set.period();
    const spacing = Math.max(minPeriod, period !== null ? 0.5 * period : 0);
    const lastPeak = lastT !== null ? lastT + delayS : -Infinity;

    skewOf = f.skew;
    if (y < -0.5 * h) lastSwingT = t;
    const size = Math.abs(y);
    if (size >= recentMax || t - recentMaxT > QUIET_BEFORE_S) {
      recentMax = size;
      recentMaxT = t;
    }
    // The swing below zero before a lobe (a landing's fall).
    if (y < 0) {
      if (!inTrough) lobe.troughMin = 0;
      inTrough = true;
      lobe.troughMin = Math.min(lobe.troughMin, y);
      lobe.troughEnd = t;
    } else {
      inTrough = false;
    }
    switch (phase) {
      case 'ready': {
        // Too soon for a second rep but clearly larger: perhaps the one just reported was the
        // lead-in (the set stage decides). A faint lobe is no such sign.
        if (y > Math.max(h, profile.minAmplitudeG) && t - lastPeak < spacing) set.largerPeak('lead-in', y, t);
        const last = set.lastRepT();
        if (y > h && t - (last !== null ? last + delayS : -Infinity) >= spacing) startLobe(f);
        break;
      }
      case 'lobe':
        if (y > lobe.peak) {
          lobe.peak = y;
          lobe.peakT = t;
          peakVeto = peakVeto || f.walking;
        }
        // Walking recognised while the lobe is under way: it was a step (the walk's retraction
        // took the reps before it; this one closes after it).
        if (f.walking) peakVeto = true;
        if (f.rawMag > lobe.maxRawMag) lobe.maxRawMag = f.rawMag;
        if (f.rawMag > lobe.impact) lobe.impact = f.rawMag;
        lobe.swaySq += f.acrossSq;
        lobe.swayN++;
        // Report by the deadline even if the lobe is held (a paused rep): latency stays bounded.
        if (y < lobe.peak * HALF_DROP || t - lobe.peakT >= MAX_LATENCY_S - delayS - LATENCY_MARGIN_S) closeLobe(t, set);
        break;
      case 'opposite':
        if (y < lobe.oppExtreme) {
          lobe.oppExtreme = y;
          lobe.oppT = t;
          lobe.hasOpp = true;
        }
        // The swing back is judged at the floor, not the faint floor, unless the lobe was faint.
        if (y < -0.5 * (lastFaint ? h : Math.max(h, profile.minAmplitudeG)) || t - lobe.peakT > maxPeriod) {
          phase = 'ready';
        } else if (y > h && set.largerPeak('shoulder', y, t)) {
          // The signal climbs again, well above the rep just reported, without swinging back
          // first: that rep was a shoulder of this larger peak. Follow this peak as the rep.
          startLobe(f);
        }
        break;
    }
  }

  function cut(lastT: number, set: SetFeedback): void {
    // A lobe cut by the gap was seen up to its peak: report it as of the last frame.
    if (phase === 'lobe') closeLobe(lastT, set);
    phase = 'ready';
    lobe.hasOpp = false;
  }

  function flush(now: number): Candidate | null {
    const open = phase === 'lobe';
    phase = 'ready';
    return open ? candidateAt(now) : null;
  }

  return {
    get lobeOpen() {
      return phase === 'lobe';
    },
    push,
    cut,
    flush,
  };
}
