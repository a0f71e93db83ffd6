/**
 * The set stage's rules: each a named function over a draft of the set state (the reducer hands
 * them a fresh copy per input, so the state it was given is never changed). Which rules govern
 * an exercise is listed by `rulesFor`, derived from its profile.
 *
 * The current sequence (a set, as the detector sees it) holds its standing reps, newest last.
 * Until it holds CONFIRM_REPS reps alike at a steady pace it is unconfirmed; an unconfirmed
 * sequence that stops (no next rep in time) was a gesture, not a set, and its reps are retracted
 * explicitly. Short trials are the exception: one or two landings between still stretches, and
 * (for some movements) two reps alike done standing still, stand on their own.
 */
import type { Rep } from '../../../shared/domain';
import type { ExerciseProfile } from '../profiles';
import type { RepEvent } from '../types';
import type { Candidate } from './candidates';
import { PAIR_STILL_S, type Bout, type StillView } from './signal';

/** The rules, by name, with what each does (for a newcomer: what governs an exercise). */
export const SET_RULES = {
  bigEnoughForSet: 'a movement counts only if it reaches a fraction of the set’s typical rep',
  stepsAreNotReps: 'a lobe seen while walking is a step, not a rep',
  landingHasFall: 'a landing is preceded by a fall (the magnitude dips below gravity)',
  leadInReplaced: 'a clearly larger movement right after the first rep replaces it (the unrack)',
  shoulderMerged: 'a larger peak climbing out of the rep just reported, without a swing back, replaces it',
  confirmRegularSeries: 'three reps alike at a steady pace confirm a set; a stray one before them is withdrawn',
  leavingRestWithdrawn: 'a new set’s first movement, with no swing before it, on the side of the signal’s short lobes, was the movement leaving its rest: withdrawn once the set confirms',
  faintSetShowsRhythm: 'a series with a movement under the floor is a set only with four alike on a steady beat',
  largerLeadInWithdrawn: 'a far larger first movement before two alike is the lead-in: it goes, not the reps after it',
  smallerEarlyRepWithdrawn: 'a set’s first movements far smaller than its typical rep are withdrawn',
  setEndsWhenOverdue: 'a set whose next rep is overdue is over',
  retractLoneMovement: 'a sequence too short for a set is retracted when it stops',
  pendingSetResumes: 'two reps, a pause, then reps alike: the set went on (otherwise withdrawn)',
  resumeAfterPause: 'a rep soon after a paused set, of its size, carries the set on',
  walkingEndsPause: 'steps while a set is paused: the person walked off, what waited for the set is over',
  walkingRetractsSteps: 'once walking is recognised, what was counted since the steps began is withdrawn',
  endOfSetRepOnBeat: 'at the end of the stream a rep under way counts if it is on the set’s beat and of its size',
  loneLandingStands: 'one or two clear landings between still stretches stand on their own',
  stepUpWithdrawn: 'a lone landing far smaller than the landing right after it was the step up: withdrawn',
  pairIsSet: 'two reps alike, still before and after, are a set of two',
} as const;

export type SetRuleName = keyof typeof SET_RULES;

export interface RuleOptions {
  /** Retract the first rep of a sequence when no second rep follows (default true). */
  retractLoneReps?: boolean;
}

/** The rules that govern an exercise (rules not listed are not applied). */
export function rulesFor(profile: ExerciseProfile, options: RuleOptions = {}): SetRuleName[] {
  const rules: SetRuleName[] = ['bigEnoughForSet'];
  if (profile.stepVetoRatio !== null) rules.push('stepsAreNotReps');
  if (profile.landingFall !== null) rules.push('landingHasFall');
  rules.push('leadInReplaced');
  if (profile.mergePeaks) rules.push('shoulderMerged');
  rules.push('confirmRegularSeries', 'leavingRestWithdrawn');
  if (profile.faintFloorG !== null) rules.push('faintSetShowsRhythm');
  rules.push('largerLeadInWithdrawn', 'smallerEarlyRepWithdrawn', 'setEndsWhenOverdue');
  if (options.retractLoneReps ?? true) rules.push('retractLoneMovement', 'pendingSetResumes');
  rules.push('resumeAfterPause');
  if (profile.stepVetoRatio !== null) rules.push('walkingEndsPause', 'walkingRetractsSteps');
  rules.push('endOfSetRepOnBeat');
  if (profile.loneLandingG !== null) rules.push('loneLandingStands', 'stepUpWithdrawn');
  if (profile.pairIsSet) rules.push('pairIsSet');
  return rules;
}

/** A standing (or once standing) rep, with what the rules judge it by. */
export interface SetRep {
  readonly id: number;
  readonly rep: Rep;
  /** Its size against the set's other reps (the lobe, or for landings the impact). */
  readonly size: number;
  /** A landing's impact, g above gravity (null: not judged by impacts). */
  readonly impact: number | null;
  /** It stands on its own (a lone landing, a pair): the set rules leave it be. */
  readonly lone: boolean;
  /** Below the profile's floor: the set it starts must show a clear rhythm. */
  readonly faint: boolean;
  /** It began a sequence with no swing to the other side before it (see Candidate.fromRest). */
  readonly fromRest: boolean;
}

/** A confirmed set that stopped: reps like it soon after carry it on. */
export interface PausedSet {
  readonly endT: number;
  readonly amp: number;
  readonly period: number;
}

/** The set stage's state; the draft the rules work on is a copy with the same fields. */
export interface SetFields {
  readonly profile: ExerciseProfile;
  readonly rules: ReadonlySet<SetRuleName>;
  /** The rep signal's filter delay, s (a peak is seen this late). */
  readonly delayS: number;
  nextId: number;
  /** The current sequence, newest last. */
  seq: readonly SetRep[];
  /** Reps of the current sequence still open to the amplitude check (its first ones). */
  seqEarly: readonly SetRep[];
  /** Standing reps (emitted minus retracted), oldest first. */
  standing: readonly SetRep[];
  /** The rep reported from the lobe just closed (a larger peak right after may replace it). */
  lastRepId: number | null;
  /** Stream time lost in gaps since the last rep (the set went on while the radio was out). */
  pausedS: number;
  confirmed: boolean;
  /** The sequence spans a pause (resumed): its spacing is not judged, only its sizes. */
  resumed: boolean;
  /**
   * The confirmed sequence that stopped last: a person pauses mid-set (breath, balance, a walk
   * back round the box). Reps like its reps soon after are that set going on, not a gesture.
   */
  lastSet: PausedSet | null;
  /**
   * An unconfirmed sequence that stopped: still standing while the set may go on after a pause
   * (a set's first reps, then a breath); withdrawn if no rep like them comes by `pendingUntil`.
   */
  pending: readonly SetRep[];
  pendingUntil: number;
  /** A bout of movement is under way (landings) and the landings in it so far. */
  boutOpen: boolean;
  boutReps: readonly SetRep[];
  retractions: number;
  /** The sequence's typical period and how long it waits for its next rep (kept with `seq`, read per frame). */
  seqPeriod: number | null;
  seqGap: number;
}

/** The draft a rule changes (a copy made for one input), with the events it gives. */
export interface SetDraft extends SetFields {
  readonly out: RepEvent[];
  /** The clock of the input being reduced. */
  readonly now: number;
  readonly firstT: number | null;
  /** The 3-D stillness around the reps as of this input (pairs). */
  readonly still: StillView;
}

/** A sequence of fewer reps than this is taken for a gesture and retracted when it stops. */
const CONFIRM_REPS = 3;
/** A new peak this much larger than the rep just reported, with no swing back between, replaces it. */
const REPEAK = 1.3;
/** Steps are rhythmic some way into a walk: reps this long before that are taken as steps too. */
const STEP_WINDOW_S = 3;
/** A set paused for up to this long (or RESUME_PERIODS of its reps) goes on with the next rep alike. */
const RESUME_MIN_S = 6;
const RESUME_PERIODS = 3;
/** An unconfirmed sequence of this many reps may wait for the set to go on after a pause. */
const PENDING_MIN_REPS = 2;
/** ...and a rep resuming a confirmed set is within this ratio of its typical size. */
const RESUME_RATIO = 1.6;
/**
 * A series with a faint movement (below the floor) confirms only on its rhythm: this many reps
 * alike within FAINT_AMP_RATIO, at a beat steady within FAINT_GAP_RATIO.
 */
const FAINT_CONFIRM_REPS = 4;
const FAINT_AMP_RATIO = 1.8;
const FAINT_GAP_RATIO = 1.35;
/** Reps of one set come at a steady pace: longest / shortest gap of three reps. */
const MAX_GAP_RATIO = 2.5;
/** `leavingRestWithdrawn`: the rep signal's skew under this puts its tall lobes on the other side. */
const LEAVING_SKEW = -0.5;
/** At the end of the stream, a lobe under way counts if it has reached this fraction of the set's reps. */
const END_LOBE_FRACTION = 0.5;
/** ...and comes within this fraction of the set's period of when the next rep was due. */
const END_BEAT_TOLERANCE = 0.25;
/**
 * Short trials of landings (profile `loneLandingG`): a bout of movement between two still
 * stretches holding one or two clear impacts is one or two landings. The first came at most
 * LONE_BEFORE_S after standing (stepping off the box), stillness came at most LONE_AFTER_S after
 * the last (absorbing, perhaps the step back up). A walk or a jog has a train of impacts alike;
 * a bout with more than LONE_MAX_IMPACTS is left to the set rules.
 */
const LONE_BEFORE_S = 4;
const LONE_AFTER_S = 8;
const LONE_MAX_IMPACTS = 2;
/**
 * A lone impact below this fraction of a landing shortly before it was the step back up onto
 * the box (some 0.1-0.4 of a landing's impact); one below LONE_DWARF_BEFORE of a landing just
 * after it, the step up to start. Landings themselves vary up to some 2x from one to the next.
 */
const LONE_DWARF_AFTER = 0.45;
const LONE_DWARF_BEFORE = 0.35;
/** At the end of the stream, standing still this long after the last landing (or pair) is enough. */
export const FINAL_STILL_S = 0.3;
/**
 * A pair of reps as a set (profile `pairIsSet`): the body still for PAIR_STILL_S (the signal
 * stage's tracker) up to at most
 * PAIR_WITHIN_S before the first rep's middle and again from at most PAIR_WITHIN_S after the
 * second's, and not for PAIR_APART_S between them; the two alike within PAIR_RATIO (the first
 * rep from standing often differs: up to 1.8x, synthetic).
 */
const PAIR_WITHIN_S = 3.5;
const PAIR_RATIO = 2;
const PAIR_APART_S = 2;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const periods = new WeakMap<readonly SetRep[], number | null>();

/** The sequence's typical period: the median of its last gaps (null under three reps). */
export function periodOf(seq: readonly SetRep[]): number | null {
  // Sequences are never changed in place, so the period is cached per array.
  const cached = periods.get(seq);
  if (cached !== undefined) return cached;
  let p: number | null = null;
  if (seq.length >= 3) {
    const d: number[] = [];
    for (let i = Math.max(1, seq.length - 4); i < seq.length; i++) d.push(seq[i].rep.t - seq[i - 1].rep.t);
    p = median(d);
  }
  periods.set(seq, p);
  return p;
}

/** How long the sequence waits for its next rep before it is over. */
export function gapOf(seq: readonly SetRep[], profile: ExerciseProfile): number {
  const [minPeriod, maxPeriod] = profile.periodS;
  if (seq.length < 2) return maxPeriod;
  const last = seq[seq.length - 1].rep.t - seq[seq.length - 2].rep.t;
  const p = periodOf(seq) ?? last;
  return Math.min(maxPeriod, Math.max(2.5 * p, 2 * minPeriod));
}

function recentAmps(d: SetFields): number[] {
  return d.seq.slice(-8).map((r) => r.size);
}

const impactOf = (r: SetRep): number => r.impact ?? r.size;

function tooFew(n: number): string {
  return n === 1 ? 'lone movement: no second rep followed' : `only ${n} movements: too few for a set`;
}

/** A rep is withdrawn, explicitly (it stays in `pending` if it waits there: that list is judged later). */
export function withdraw(d: SetDraft, rep: SetRep, reason: string): void {
  let i = -1;
  for (let k = d.standing.length - 1; k >= 0; k--) {
    if (d.standing[k].id === rep.id) {
      i = k;
      break;
    }
  }
  if (i >= 0) d.standing = [...d.standing.slice(0, i), ...d.standing.slice(i + 1)];
  if (d.seq.some((r) => r.id === rep.id)) d.seq = d.seq.filter((r) => r.id !== rep.id);
  d.out.push({ type: 'retract', t: rep.rep.t, detectedAt: d.now, reason });
  d.retractions++;
}

/** Marks reps as standing on their own (or no longer), wherever the state holds them. */
function setLone(d: SetDraft, ids: readonly number[], lone: boolean): void {
  const swap = (xs: readonly SetRep[]): readonly SetRep[] =>
    xs.some((r) => ids.includes(r.id)) ? xs.map((r) => (ids.includes(r.id) ? { ...r, lone } : r)) : xs;
  d.seq = swap(d.seq);
  d.pending = swap(d.pending);
  d.standing = swap(d.standing);
  d.seqEarly = swap(d.seqEarly);
  d.boutReps = swap(d.boutReps);
}

/** Rule `bigEnoughForSet`, `stepsAreNotReps`, `landingHasFall`: is a closed lobe a rep? */
export function candidateIsRep(d: SetDraft, c: Candidate): boolean {
  // A set carried on after a pause (one rep so far) is judged by the set it carries on.
  const typical = d.seq.length >= 2 ? median(recentAmps(d)) : d.confirmed && d.lastSet !== null ? d.lastSet.amp : 0;
  const bigEnough = !d.rules.has('bigEnoughForSet') || c.size >= d.profile.minRelAmplitude * typical;
  const step = d.rules.has('stepsAreNotReps') && c.stepVeto;
  // A landing ends a descent: the magnitude dips below gravity (the fall) before the impact.
  // The step back up onto the box, a foot's lift-off, push first (their dip comes after).
  const fall = d.profile.landingFall;
  const landing = !d.rules.has('landingHasFall') || fall === null || c.dip >= fall * c.peak;
  return bigEnough && !step && landing;
}

/** A rep is reported, and the set rules it sets off are applied. */
export function emit(d: SetDraft, c: Candidate): void {
  const t = c.t;
  if (d.seq.length > 0 && t - d.pausedS - d.seq[d.seq.length - 1].rep.t > gapOf(d.seq, d.profile)) endSequence(d, false);
  d.pausedS = 0;
  const size = c.size;
  const typical = d.seq.length >= 2 ? median(recentAmps(d)) : size;
  const confidence = Math.max(0, Math.min(1, Math.min(c.peak / (2 * d.profile.minAmplitudeG), typical > 0 ? size / typical : 1)));
  const rep: Rep = { t, start: c.start, end: c.end, amplitude: c.peak, confidence, detectedAt: d.now, quality: c.quality };
  const fromRest = c.fromRest && d.seq.length === 0 && d.pending.length === 0;
  const sr: SetRep = { id: d.nextId++, rep, size, impact: d.rules.has('stepUpWithdrawn') ? c.impact : null, lone: false, faint: c.faint, fromRest };
  d.lastRepId = sr.id;
  d.seq = [...d.seq, sr];
  d.standing = [...d.standing, sr];
  d.out.push({ type: 'rep', rep });
  if (d.seq.length === 1 && d.rules.has('pendingSetResumes')) pendingSetResumes(d, sr);
  if (d.rules.has('stepUpWithdrawn')) stepUpWithdrawn(d, sr);
  if (d.seq.length <= 3) d.seqEarly = [...d.seqEarly, sr];
  if (d.rules.has('smallerEarlyRepWithdrawn')) smallerEarlyRepWithdrawn(d);
  if (!d.confirmed && d.rules.has('resumeAfterPause') && resumeAfterPause(d, sr)) d.confirmed = true;
  if (!d.confirmed && d.rules.has('confirmRegularSeries')) {
    confirmRegularSeries(d);
    if (d.confirmed && d.rules.has('leavingRestWithdrawn')) leavingRestWithdrawn(d, c.skew);
  }
}

/**
 * Rule `leavingRestWithdrawn`, as a new sequence confirms: its first movement came with no swing
 * before it, and the signal's tall lobes lie on the other side (skew under LEAVING_SKEW): the
 * rep turns there, and this lobe was the start of the way there (the hand starting down to the
 * floor, where the profile's rep is the top). Smartwatch sessions 12.2% -> 22.4% exact (pick-ups
 * 12% -> 41%), walks 22 -> 20 false reps; barbell sets, chest walks and the synthetic sets as before.
 */
export function leavingRestWithdrawn(d: SetDraft, skew: number): void {
  const first = d.seq[0];
  if (d.resumed || d.seq.length < CONFIRM_REPS || !first.fromRest || first.lone || !(skew < LEAVING_SKEW)) return;
  withdraw(d, first, 'the movement leaving its rest, before the first rep');
  const ids = new Set(d.seq.map((r) => r.id));
  d.seqEarly = d.seqEarly.filter((r) => ids.has(r.id));
}

/**
 * Rule `setEndsWhenOverdue` (and with it `retractLoneMovement`): the sequence is over. A
 * confirmed one is remembered (it may go on after a pause); an unconfirmed one waits (two reps
 * or more) or is withdrawn.
 */
export function endSequence(d: SetDraft, final: boolean): void {
  if (d.confirmed && d.seq.length > 0) {
    const period = periodOf(d.seq) ?? gapOf(d.seq, d.profile) / 2.5;
    d.lastSet = { endT: d.seq[d.seq.length - 1].rep.t, amp: median(recentAmps(d)), period };
  }
  if (!d.confirmed && d.rules.has('retractLoneMovement')) {
    dropPending(d);
    // A landing that stood alone is a rep on its own: it leaves the sequence, counted.
    d.seq = d.seq.filter((r) => !r.lone);
    if (final || d.seq.length < PENDING_MIN_REPS) {
      if (final) pairIsSet(d, 'seq', true);
      // (The reason is worded for what is left at each withdrawal, as it always was.)
      for (const rep of [...d.seq]) if (!rep.lone) withdraw(d, rep, tooFew(d.seq.length));
    } else {
      d.pending = [...d.seq];
      const p = d.pending.length >= 2 ? d.pending[d.pending.length - 1].rep.t - d.pending[d.pending.length - 2].rep.t : 0;
      d.pendingUntil = d.pending[d.pending.length - 1].rep.t + Math.max(RESUME_MIN_S, RESUME_PERIODS * p);
    }
  }
  d.seq = [];
  d.seqEarly = [];
  d.confirmed = false;
  d.resumed = false;
}

/** Rule `pendingSetResumes`, the withdrawal half: no rep like the pending ones came in time. */
export function dropPending(d: SetDraft): void {
  const reason = tooFew(d.pending.length);
  pairIsSet(d, 'pending', false);
  for (const rep of d.pending) if (!rep.lone) withdraw(d, rep, reason);
  d.pending = [];
}

/** Rule `pendingSetResumes`: the first rep of a new sequence, like the pending reps and in time: the set went on after a pause. */
export function pendingSetResumes(d: SetDraft, rep: SetRep): void {
  if (d.pending.length === 0) return;
  const ratio = rep.size / median(d.pending.map((r) => r.size));
  if (rep.rep.t > d.pendingUntil || ratio > d.profile.maxAmpRatio || ratio < 1 / d.profile.maxAmpRatio) return;
  d.seq = [...d.pending, ...d.seq];
  d.pending = [];
  d.resumed = true;
}

/**
 * Rule `smallerEarlyRepWithdrawn`: once a set shows its typical rep (three reps), its first
 * movements are checked against it: a lift-off or a settling wobble far smaller than the set's
 * reps is withdrawn, explicitly.
 */
export function smallerEarlyRepWithdrawn(d: SetDraft): void {
  if (d.seqEarly.length === 0 || d.seq.length < 3) return;
  const typical = median(recentAmps(d));
  for (const rep of [...d.seqEarly]) {
    if (rep.size < d.profile.minRelAmplitude * typical) {
      withdraw(d, rep, 'much smaller than the other reps of this set');
      d.seqEarly = d.seqEarly.filter((r) => r.id !== rep.id);
    }
  }
  // The first reps stay under review until the set has shown five.
  if (d.seq.length >= 5) d.seqEarly = [];
}

/** Rule `resumeAfterPause`: a rep soon after a paused set, of that set's size, carries the set on. */
export function resumeAfterPause(d: SetDraft, rep: SetRep): boolean {
  const last = d.lastSet;
  if (last === null || rep.rep.t - last.endT > Math.max(RESUME_MIN_S, RESUME_PERIODS * last.period)) return false;
  const ratio = rep.size / last.amp;
  return ratio <= RESUME_RATIO && ratio >= 1 / RESUME_RATIO;
}

/**
 * Rule `confirmRegularSeries`: a set is regular: its reps look alike and come at a steady pace.
 * The sequence is confirmed when its last CONFIRM_REPS reps agree in amplitude and spacing;
 * until then, the oldest unconfirmed rep that breaks the pattern is withdrawn as a stray movement.
 */
export function confirmRegularSeries(d: SetDraft): void {
  while (d.seq.length >= CONFIRM_REPS) {
    if (d.rules.has('faintSetShowsRhythm') && !d.resumed && d.seq.slice(-FAINT_CONFIRM_REPS).some((r) => r.faint)) {
      const verdict = faintSeries(d.seq);
      if (verdict === 'too-few') return;
      if (verdict === 'regular') {
        d.confirmed = true;
        return;
      }
      dropOldest(d);
      continue;
    }
    const last = d.seq.slice(-CONFIRM_REPS);
    const amps = last.map((r) => r.size);
    const gaps = last.slice(1).map((r, i) => r.rep.t - last[i].rep.t);
    const ampRatio = Math.max(...amps) / Math.min(...amps);
    const gapRatio = Math.max(...gaps) / Math.min(...gaps);
    if (ampRatio <= d.profile.maxAmpRatio && (d.resumed || gapRatio <= MAX_GAP_RATIO)) {
      d.confirmed = true;
      return;
    }
    // Far smaller than the others (the step back up onto the box, a settling wobble): that one
    // goes, wherever it sits; otherwise the oldest, which started the series off beat.
    const small = last[amps.indexOf(Math.min(...amps))];
    if (ampRatio > d.profile.maxAmpRatio && d.rules.has('largerLeadInWithdrawn') && largerLeadIn(amps, d.profile.maxAmpRatio)) {
      withdraw(d, last[0], 'a far larger movement than the reps after it');
    } else if (ampRatio > d.profile.maxAmpRatio && small.size < d.profile.minRelAmplitude * Math.max(...amps)) {
      withdraw(d, small, 'much smaller than the other reps of this set');
    } else {
      dropOldest(d);
      continue;
    }
    const ids = new Set(d.seq.map((r) => r.id));
    d.seqEarly = d.seqEarly.filter((r) => ids.has(r.id));
  }
}

/** The oldest movement started the series off beat: it leaves the series (withdrawn unless it stands alone). */
function dropOldest(d: SetDraft): void {
  if (d.seq[0].lone) d.seq = d.seq.slice(1);
  else withdraw(d, d.seq[0], 'not part of a regular series of reps');
  const ids = new Set(d.seq.map((r) => r.id));
  d.seqEarly = d.seqEarly.filter((r) => ids.has(r.id));
}

/**
 * Rule `faintSetShowsRhythm`: a series holding a faint movement (under the floor, over the
 * faint floor) is a set only by its rhythm: its last FAINT_CONFIRM_REPS alike and on a steady beat.
 */
export function faintSeries(seq: readonly SetRep[]): 'regular' | 'irregular' | 'too-few' {
  if (seq.length < FAINT_CONFIRM_REPS) return 'too-few';
  const last = seq.slice(-FAINT_CONFIRM_REPS);
  const amps = last.map((r) => r.size);
  const gaps = last.slice(1).map((r, i) => r.rep.t - last[i].rep.t);
  const alike = Math.max(...amps) <= FAINT_AMP_RATIO * Math.min(...amps);
  const steady = Math.max(...gaps) <= FAINT_GAP_RATIO * Math.min(...gaps);
  return alike && steady ? 'regular' : 'irregular';
}

/**
 * Rule `largerLeadInWithdrawn`: the first of three is the largest by far and the two after it
 * agree: that first one was the swing into the set (a big arm swing, settling under the bar).
 * Withdrawing the smaller ones instead ate a real set's first reps one by one (a smartwatch
 * squat session: five reps lost to one big first swing).
 */
export function largerLeadIn(amps: readonly number[], maxRatio: number): boolean {
  const [first, ...after] = amps;
  return first === Math.max(...amps) && Math.max(...after) <= maxRatio * Math.min(...after);
}

/** `leadInReplaced` would replace the rep just reported with a peak `y` (checked before any copy is made). */
export function leadInApplies(s: SetFields, y: number): boolean {
  const last = lastReported(s);
  return !s.confirmed && last !== null && y > REPEAK * last.size;
}

/** `shoulderMerged` would replace the rep just reported with a peak `y`. */
export function shoulderApplies(s: SetFields, y: number): boolean {
  const last = lastReported(s);
  return last !== null && y > REPEAK * last.rep.amplitude;
}

/** The rep just reported, if it is still the last of the sequence (a larger peak may replace it). */
function lastReported(d: SetFields): SetRep | null {
  const last = d.seq.length > 0 ? d.seq[d.seq.length - 1] : null;
  return last !== null && last.id === d.lastRepId ? last : null;
}

/** The rep just reported gives way to a larger movement that follows it (explicitly). */
function replaceLastRep(d: SetDraft, rep: SetRep, reason: string): void {
  withdraw(d, rep, reason);
  d.seqEarly = d.seqEarly.filter((r) => r.id !== rep.id);
  d.lastRepId = null;
}

/**
 * Rule `leadInReplaced`: too soon for a second rep but clearly larger: the one just reported was
 * the lead-in (the unrack, a settling swing), and this is the set's first real rep.
 */
export function leadInReplaced(d: SetDraft, y: number): boolean {
  const last = lastReported(d);
  if (!leadInApplies(d, y) || last === null) return false;
  replaceLastRep(d, last, 'a larger movement right after it is the rep');
  return true;
}

/**
 * Rule `shoulderMerged`: the signal climbs again, well above the rep just reported, without
 * swinging back first: that rep was a shoulder of this larger peak (a swing before a lunge, the
 * first hump of a press). Withdraw it; the larger peak is followed as the rep instead.
 */
export function shoulderMerged(d: SetDraft, y: number): boolean {
  const last = lastReported(d);
  if (!shoulderApplies(d, y) || last === null) return false;
  replaceLastRep(d, last, 'merged into a larger peak of the same movement');
  return true;
}

/**
 * Rule `endOfSetRepOnBeat`: the set ended on a rep under way (the stop came at the top of the
 * last press): it counts when it is already half the size of the set's reps, in a confirmed set,
 * when the set's next rep was due (not a late re-rack or set-down).
 */
export function endOfSetRepOnBeat(d: SetDraft, c: Candidate): boolean {
  if (!d.confirmed || c.stepVeto) return false;
  const period = periodOf(d.seq);
  if (period === null || d.seq.length === 0) return false;
  const since = c.t - d.seq[d.seq.length - 1].rep.t;
  const onBeat = since >= (1 - END_BEAT_TOLERANCE) * period && since <= (1 + END_BEAT_TOLERANCE) * period;
  return onBeat && c.size >= END_LOBE_FRACTION * median(recentAmps(d));
}

/** Rule `walkingEndsPause`: steps while a set is paused: the person walked off. */
export function walkingEndsPause(d: SetDraft): void {
  // A pair done standing still, then the walk away: a set of two (before the steps' retraction).
  if (!d.confirmed && d.seq.length === 2) pairIsSet(d, 'seq', false);
  if (d.pending.length > 0) dropPending(d);
  d.lastSet = null;
}

/** Rule `walkingRetractsSteps`: walking is known only after some steps: what was counted since they began was steps. */
export function walkingRetractsSteps(d: SetDraft, stepStartT: number | null): void {
  const from = (stepStartT ?? d.now) - STEP_WINDOW_S - d.delayS;
  // (A landing that stood alone had stillness after it: the walk came later.)
  for (const rep of [...d.seq]) if (rep.rep.t >= from && !rep.lone) withdraw(d, rep, 'walking, not reps');
  for (const rep of d.pending) if (!rep.lone) withdraw(d, rep, 'walking, not reps');
  d.pending = [];
  d.lastSet = null;
  if (d.seq.length === 0) endSequence(d, false);
}

/** Standing reps before `rep`, at most the profile's slowest period before it. */
function recentStanding(d: SetDraft, rep: SetRep): SetRep[] {
  const out: SetRep[] = [];
  for (let i = d.standing.length - 1; i >= 0; i--) {
    const r = d.standing[i];
    if (rep.rep.t - r.rep.t > d.profile.periodS[1]) break;
    if (r.id !== rep.id && r.rep.t < rep.rep.t) out.push(r);
  }
  return out;
}

/**
 * Rule `stepUpWithdrawn`: a landing is kept in its bout, to be judged when the body is still
 * again (`loneLandingStands`). A landing that stood alone shortly before, far smaller than this
 * one, was the step up onto the box, not a landing: withdrawn.
 */
export function stepUpWithdrawn(d: SetDraft, rep: SetRep): void {
  if (rep.impact === null) return;
  const size = rep.impact;
  for (const r of recentStanding(d, rep)) {
    if (r.lone && impactOf(r) < LONE_DWARF_BEFORE * size) {
      setLone(d, [r.id], false);
      withdraw(d, { ...r, lone: false }, 'much smaller than the landing after it');
    }
  }
  if (d.boutOpen && size >= (d.profile.loneLandingG ?? Infinity)) d.boutReps = [...d.boutReps, rep];
}

/**
 * Rule `loneLandingStands`: the body is still again (since `stillFrom`): the bout of movement
 * before was a short trial of landings if it held one or two clear impacts, alike, soon after
 * standing and soon before standing again. Its landings stand alone unless a landing just
 * before was far larger (then this was the step back up onto the box).
 */
export function loneLandingStands(d: SetDraft, bout: Bout, stillFrom: number): void {
  const reps = d.boutReps;
  d.boutOpen = false;
  d.boutReps = [];
  if (reps.length === 0 || bout.impacts.length === 0) return;
  const top = Math.max(...bout.impacts.map((i) => i.g));
  const clear = Math.max(d.profile.loneLandingG ?? Infinity, d.profile.minRelAmplitude * top);
  const big = bout.impacts.filter((i) => i.g >= clear);
  if (big.length === 0 || big.length > LONE_MAX_IMPACTS) return;
  if (big[0].t - bout.start > LONE_BEFORE_S || stillFrom - big[big.length - 1].t > LONE_AFTER_S) return;
  for (const rep of reps) {
    const size = impactOf(rep);
    // Withdrawn since: no longer standing.
    if (!d.standing.some((r) => r.id === rep.id) || size < clear) continue;
    if (recentStanding(d, rep).some((r) => size < LONE_DWARF_AFTER * impactOf(r))) continue;
    setLone(d, [rep.id], true);
  }
}

/** A still stretch of at least the tracker's minimum ended within [t0, t1]. */
function endedWithin(v: StillView, t0: number, t1: number): boolean {
  return v.past.some(([, e]) => e >= t0 && e <= t1);
}

/** A still stretch began within [t0, t1] and lasted (or, under way at `now`, has lasted `need`). */
function beganWithin(v: StillView, t0: number, t1: number, now: number, need: number): boolean {
  if (v.from !== null && v.from >= t0 && v.from <= t1 && now - v.from >= need) return true;
  return v.past.some(([s]) => s >= t0 && s <= t1);
}

/**
 * Rule `pairIsSet`: two reps alike with the body still before the first and after the second
 * are a set of two: they stand, like a lone landing. At the end of the stream a shorter
 * stillness after them will do.
 */
export function pairIsSet(d: SetDraft, which: 'seq' | 'pending', final: boolean): void {
  const reps = d[which];
  if (!d.rules.has('pairIsSet') || reps.length !== 2) return;
  const [a, b] = reps;
  const ratio = a.size / b.size;
  if (ratio > PAIR_RATIO || ratio < 1 / PAIR_RATIO) return;
  // (A stream starting just before the pair, a recording cut to the trial, stands in for it.)
  const startedJustBefore = d.firstT !== null && d.firstT >= a.rep.t - PAIR_WITHIN_S;
  if (!startedJustBefore && !endedWithin(d.still, a.rep.t - PAIR_WITHIN_S, a.rep.t)) return;
  if (!beganWithin(d.still, b.rep.t, b.rep.t + PAIR_WITHIN_S, d.now, final ? FINAL_STILL_S : PAIR_STILL_S)) return;
  // Standing still for long between them: two separate movements, not a set.
  if (d.still.past.some(([s0, e]) => s0 > a.rep.t && e < b.rep.t && e - s0 >= PAIR_APART_S)) return;
  setLone(d, [a.id, b.id], true);
}
