/**
 * Exercise profiles: how a rep of each exercise shows in an acceleration stream. Values are
 * physical (Hz, seconds, g), never sample counts, so they hold at any rate. They describe
 * movements, not any one recording; the detector adapts cadence and amplitude within a set.
 */
import { EXERCISE_IDS, type ExerciseId } from '../../shared/exercises';

/** Which part of the signal carries the rep. */
export type RepSignal =
  /** Principal axis of the band-passed 3-D vector: tilt and linear motion, any orientation. */
  | 'principal'
  /** Band-passed magnitude: vertical motion, orientation-free, blind to tilt. */
  | 'magnitude'
  /**
   * Magnitude (vertical motion, signed by `extremum`) plus the tilt away from the rest posture
   * (angle between the gravity direction now and where it sits at rest). Both peak in the
   * middle of a rep, so squats at the shank (mostly tilt) and heel raises at the chest (mostly
   * vertical motion) both give one lobe per rep, whichever way the sensor sits.
   */
  | 'combined'
  /**
   * The magnitude alone while vertical motion dominates (a wrist on a bar, heel raises), the
   * combined signal once tilt clearly dominates (a strap on a hinging trunk, a band on a
   * squatting shank): decided on line from the running power of each.
   */
  | 'auto';

export interface ExerciseProfile {
  id: ExerciseId;
  /** What one rep is, in words (for help and the UI). */
  rep: string;
  signal: RepSignal;
  /**
   * Which extremum of the vertical acceleration marks the middle of a rep: 'max' where the
   * rep turns at its lowest point (squat bottom, landing), 'min' where it turns at the top
   * (press lockout, heel raise). The principal axis is signed to agree with the magnitude,
   * so this holds for both signals.
   */
  extremum: 'max' | 'min';
  /** Weight of the tilt excursion in the 'combined' signal (g per radian, about). */
  tiltWeight: number;
  /** Pass band of the rep signal: below lowHz is posture/gravity, above highHz is steps and noise. */
  bandHz: [lowHz: number, highHz: number];
  /** Expected time between reps, seconds [fastest, slowest]. */
  periodS: [minS: number, maxS: number];
  /** Smallest rep lobe, g, whatever the adaptive threshold says (rejects rest and fidgeting). */
  minAmplitudeG: number;
  /**
   * Movements from this size up to `minAmplitudeG` count only in a set that shows itself by
   * its rhythm: four alike at a steady beat (null: nothing below `minAmplitudeG` counts).
   */
  faintFloorG: number | null;
  /** Lobe threshold as a fraction of the running RMS of the rep signal. */
  relThreshold: number;
  /** A rep must reach this fraction of the set's typical rep amplitude. */
  minRelAmplitude: number;
  /**
   * Reps of one set differ by less than this in amplitude (largest / smallest of three): more
   * for alternating-leg exercises, whose two sides look different to one sensor.
   */
  maxAmpRatio: number;
  /** Walking/stepping energy (1.2-3.5 Hz) above this multiple of the rep band vetoes reps; null: steps are reps. */
  stepVetoRatio: number | null;
  /**
   * Sustained step-band energy this many times the rep band's vetoes reps even without a step
   * rhythm (stairs, turning, shuffling): for movements that make no step or impact of their
   * own (null: no such veto).
   */
  busyVeto: number | null;
  /**
   * Steps with a trace of rhythm that outweigh the slow movement of the magnitude by this
   * much for three seconds are walking, however faint the rhythm: for lifts done standing in
   * one place, whose sets never keep that up (null: no such veto).
   */
  steadyStepsRatio: number | null;
  /**
   * What the busy veto weighs the step energy against: the rep signal, or the slow movement of
   * the magnitude (0.08-1 Hz) whatever a learned model makes of the rep signal.
   */
  busyAgainst: 'rep' | 'movement';
  /** One-legged or alternating: the UI asks for a side. */
  sided: boolean;
  /**
   * What a rep's size is judged by against the set's other reps: the lobe of the rep signal, or
   * (landings) the impact peak, so the step back up onto the box, a smaller lobe with a soft
   * footfall, is not taken for a rep.
   */
  sizeBy: 'lobe' | 'impact';
  /**
   * A rep is a landing: the swing of the magnitude below gravity just before the lobe (the
   * fall) reaches this fraction of the lobe's peak (null: no such rule). A push (the step back
   * up onto a box, a foot lifting off) swings below only after its lobe.
   */
  landingFall: number | null;
  /**
   * A landing with an impact of at least this (g above gravity, seen at 40 Hz or more), from
   * standing still and followed by standing still, is a rep on its own: a trial of one or two
   * drop landings. null: fewer than three movements are a gesture, not a set.
   */
  loneLandingG: number | null;
  /**
   * Two reps alike, from standing still and followed by standing still, are a set (two slow
   * squats): for movements nobody makes a pair of in passing. Otherwise a set takes three.
   */
  pairIsSet: boolean;
  /**
   * A larger peak right after a reported rep, with no swing back between, replaces it (the
   * rep was its shoulder): for movements with a quick preliminary (the swing before a lunge).
   */
  mergePeaks: boolean;
  /** Quality figures this exercise reports besides duration and tempo. */
  quality: { impact: boolean; sway: boolean };
}

const base = {
  mergePeaks: false,
  faintFloorG: null,
  sizeBy: 'lobe',
  landingFall: null,
  loneLandingG: null,
  pairIsSet: false,
  maxAmpRatio: 2.6,
  tiltWeight: 1,
  minRelAmplitude: 0.35,
  relThreshold: 0.55,
  stepVetoRatio: 1,
  busyVeto: 1.5,
  busyAgainst: 'rep',
  steadyStepsRatio: null,
  sided: false,
  quality: { impact: false, sway: false },
} as const;

/**
 * Presses and pulls seen at the wrist (bench, overhead press, row): one band, cadence and
 * floor. The arms' quick turnarounds fill the step band for seconds at a time, so the
 * energy-only walking veto needs more of it here than elsewhere; walking with the arms
 * swinging (a smartwatch's walks: some 100 false reps per profile without it) has more still.
 */
const armsLift: Pick<ExerciseProfile, 'busyVeto' | 'busyAgainst' | 'steadyStepsRatio' | 'signal' | 'bandHz' | 'periodS' | 'minAmplitudeG'> = {
  // Only at twice the slow movement (not 1.5): the quick turnarounds of a heavy press reach
  // 1.7x; weighed against a fixed band, so a person's model with a narrower one (learned from
  // slow heavy presses) does not veto their quicker sets.
  busyVeto: 2,
  busyAgainst: 'movement',
  // A watch's walks kept 1.3x and more for many seconds; a lift's quick turnarounds, moments.
  steadyStepsRatio: 1.2,
  // The bar moves the wrist up and down whatever the lift: the magnitude carries the rep.
  signal: 'magnitude',
  bandHz: [0.08, 1.0],
  periodS: [1.2, 7],
  minAmplitudeG: 0.08,
};

export const PROFILES: Readonly<Record<ExerciseId, ExerciseProfile>> = {
  'calf-raise': {
    ...base,
    pairIsSet: true,
    extremum: 'min',
    id: 'calf-raise',
    signal: 'auto',
    rep: 'one rise onto the toes and back down',
    bandHz: [0.12, 1.6],
    periodS: [0.7, 8],
    minAmplitudeG: 0.012,
    sided: false,
    quality: { impact: false, sway: true },
  },
  'band-walk': {
    ...base,
    busyVeto: null,
    extremum: 'max',
    id: 'band-walk',
    signal: 'magnitude',
    rep: 'one lateral step',
    // At the ankle the lift-off makes a lobe of its own; the foot strike is the rep: sized by
    // its impact, after the foot's lowering (lift-offs 0.02-0.17 of their peak, strikes about 1;
    // synthetic).
    sizeBy: 'impact',
    landingFall: 0.4,
    bandHz: [0.2, 2.5],
    periodS: [0.5, 5],
    minAmplitudeG: 0.02,
    stepVetoRatio: null,
    sided: true,
  },
  deadlift: {
    ...base,
    extremum: 'min',
    id: 'deadlift',
    signal: 'auto',
    rep: 'one hinge down and back up',
    bandHz: [0.08, 1.0],
    periodS: [1.2, 7],
    minAmplitudeG: 0.08,
  },
  'box-step-off': {
    ...base,
    busyVeto: null,
    extremum: 'max',
    id: 'box-step-off',
    signal: 'magnitude',
    rep: 'one step down (landing) and back up',
    bandHz: [0.1, 1.4],
    periodS: [1.0, 16],
    minAmplitudeG: 0.03,
    sided: true,
    minRelAmplitude: 0.5,
    sizeBy: 'impact',
    // Landings measured 0.29-2 (a slow step down seen at the shank the least), the step back up
    // onto the box 0.05-0.07 at the chest (synthetic).
    landingFall: 0.12,
    // A step down from a 20-40 cm box lands with some 0.5-1 g at the chest, several g at the
    // shank; a shift of weight far less. Walking heel strikes at a chest band are 0.3-1 g too
    // (chest-shirt), so size alone cannot tell a landing from a step: the stillness on both
    // sides and the bout's one or two clear impacts do (see detector).
    loneLandingG: 0.5,
    quality: { impact: true, sway: false },
  },
  'lunge-matrix': {
    ...base,
    pairIsSet: true,
    busyVeto: null,
    extremum: 'max',
    id: 'lunge-matrix',
    signal: 'combined',
    rep: 'one lunge out and back',
    // Slow band: the swing out and back and the foot strike make short lobes of their own at
    // the ankle; the knee travel (tilt, smoothed over the swing back) and the drop are the rep.
    minRelAmplitude: 0.35,
    mergePeaks: true,
    // Legs alternating with the band on one shank: the front leg's lunge is a third to a half
    // of the back leg's, so three reps of a set may differ up to 1 / minRelAmplitude.
    maxAmpRatio: 2.9,
    bandHz: [0.05, 0.4],
    periodS: [1.0, 10],
    minAmplitudeG: 0.03,
    sided: true,
    quality: { impact: false, sway: true },
  },
  squat: {
    ...base,
    pairIsSet: true,
    extremum: 'max',
    id: 'squat',
    signal: 'auto',
    rep: 'one squat down and up',
    bandHz: [0.08, 1.0],
    periodS: [1.2, 7],
    minAmplitudeG: 0.06,
  },
  bench: {
    ...base,
    ...armsLift,
    extremum: 'max',
    id: 'bench',
    rep: 'one press down to the chest and up',
  },
  ohp: {
    ...base,
    ...armsLift,
    extremum: 'min',
    id: 'ohp',
    rep: 'one press overhead and down',
  },
  row: {
    ...base,
    ...armsLift,
    extremum: 'min',
    id: 'row',
    rep: 'one pull to the torso and down',
    periodS: [1.0, 7],
  },
  generic: {
    ...base,
    extremum: 'max',
    id: 'generic',
    signal: 'auto',
    rep: 'one movement cycle',
    bandHz: [0.08, 1.2],
    periodS: [1.0, 10],
    minAmplitudeG: 0.03,
  },
};

export function getProfile(id: ExerciseId): ExerciseProfile {
  return PROFILES[id];
}

export function listProfiles(): ExerciseProfile[] {
  return EXERCISE_IDS.map((id) => PROFILES[id]);
}
