/**
 * Set stage of the rep detector: a pure reducer `(state, input) => { state, events }` from
 * candidate movements and a few timing inputs (time now, a gap, walking began, a bout of movement
 * ended in stillness, end of stream) to rep and retract events. It never changes the state it is
 * given: the rules (set-rules.ts, each named) work on a copy made for the input. The state
 * carries the profile and the rules that govern it, so further rules (a rhythm-aware one) plug
 * in here.
 */
import type { Rep } from '../../../shared/domain';
import type { ExerciseProfile } from '../profiles';
import type { RepEvent } from '../types';
import type { Candidate } from './candidates';
import {
  candidateIsRep,
  dropPending,
  emit,
  endOfSetRepOnBeat,
  endSequence,
  gapOf,
  leadInApplies,
  leadInReplaced,
  loneLandingStands,
  periodOf,
  rulesFor,
  shoulderApplies,
  shoulderMerged,
  walkingEndsPause,
  walkingRetractsSteps,
  type RuleOptions,
  type SetDraft,
  type SetFields,
  type SetRuleName,
} from './set-rules';
import type { Bout, StillView } from './signal';

export type SetState = Readonly<SetFields>;

/** The clock of an input: when it is, when the stream began, the stillness around the reps (pairs). */
export interface SetClock {
  now: number;
  firstT: number | null;
  still: StillView;
}

export type SetInput = { clock: SetClock } & (
  | { type: 'candidate'; candidate: Candidate }
  /** A peak `y` too soon after the last rep (lead-in) or climbing out of it (shoulder). */
  | { type: 'larger-peak'; kind: 'lead-in' | 'shoulder'; y: number }
  /** Time passes (every frame); `lobeOpen`: a candidate is under way (its rep may be next). */
  | { type: 'tick'; lobeOpen: boolean }
  /** A gap of `gapS` seconds the filters could not bridge ended at `now`. */
  | { type: 'gap'; gapS: number }
  /** Steps right now (the walking veto's raw signal). */
  | { type: 'stepping' }
  /** Walking was recognised; its steps began at `stepStartT`. */
  | { type: 'walking-began'; stepStartT: number | null }
  | { type: 'bout-began' }
  | { type: 'bout-ended'; bout: Bout; stillFrom: number }
  /**
   * End of stream, with the lobe under way then (if any) and the bout of movement the stream
   * ended still after (landings): what is pending is closed.
   */
  | { type: 'end'; lobe: Candidate | null; finalBout: { bout: Bout; stillFrom: number } | null }
);

export interface SetStep {
  state: SetState;
  events: RepEvent[];
}

export interface SetStateOptions extends RuleOptions {
  /** The rules to apply (default: those of the profile, `rulesFor`). */
  rules?: readonly SetRuleName[];
}

export function initialSetState(profile: ExerciseProfile, delayS: number, options: SetStateOptions = {}): SetState {
  return {
    profile,
    rules: new Set(options.rules ?? rulesFor(profile, options)),
    delayS,
    nextId: 1,
    seq: [],
    seqEarly: [],
    standing: [],
    lastRepId: null,
    pausedS: 0,
    confirmed: false,
    resumed: false,
    lastSet: null,
    pending: [],
    pendingUntil: 0,
    boutOpen: false,
    boutReps: [],
    retractions: 0,
    seqPeriod: null,
    seqGap: profile.periodS[1],
  };
}

const NOTHING: RepEvent[] = [];

/** The sequence's next rep is overdue, or the pending reps' wait is over: something to do. */
export function tickDue(s: SetState, now: number, lobeOpen: boolean): boolean {
  if (lobeOpen) return false;
  const overdue = s.seq.length > 0 && now - s.delayS - s.pausedS - s.seq[s.seq.length - 1].rep.t > s.seqGap;
  return overdue || (s.pending.length > 0 && now - s.delayS > s.pendingUntil);
}

/** Steps now would end a pause (a pair, pending reps, a paused set): something to do. */
function stepsEndSomething(s: SetState): boolean {
  return (!s.confirmed && s.seq.length === 2) || s.pending.length > 0 || s.lastSet !== null;
}

export function reduceSet(state: SetState, input: SetInput): SetStep {
  const { clock } = input;
  // Per-frame inputs with nothing to do leave the state as it is (no copy).
  if (input.type === 'tick' && !tickDue(state, clock.now, input.lobeOpen)) return { state, events: NOTHING };
  if (input.type === 'bout-began' && !state.rules.has('loneLandingStands')) return { state, events: NOTHING };
  if (input.type === 'stepping' && !(state.rules.has('walkingEndsPause') && stepsEndSomething(state))) return { state, events: NOTHING };
  if (input.type === 'larger-peak') {
    const applies =
      input.kind === 'lead-in'
        ? state.rules.has('leadInReplaced') && leadInApplies(state, input.y)
        : state.rules.has('shoulderMerged') && shoulderApplies(state, input.y);
    if (!applies) return { state, events: NOTHING };
  }
  const d = draftOf(state, clock);
  switch (input.type) {
    case 'candidate':
      if (candidateIsRep(d, input.candidate)) emit(d, input.candidate);
      break;
    case 'larger-peak':
      if (input.kind === 'lead-in' && d.rules.has('leadInReplaced')) leadInReplaced(d, input.y);
      if (input.kind === 'shoulder' && d.rules.has('shoulderMerged')) shoulderMerged(d, input.y);
      break;
    case 'tick':
      // A sequence whose next rep is overdue is over (and withdrawn if it was too short for a set).
      if (d.rules.has('setEndsWhenOverdue') && d.seq.length > 0 && d.now - d.delayS - d.pausedS - d.seq[d.seq.length - 1].rep.t > gapOf(d.seq, d.profile)) {
        endSequence(d, false);
      }
      if (d.pending.length > 0 && d.now - d.delayS > d.pendingUntil) dropPending(d);
      break;
    case 'gap':
      d.pausedS += input.gapS;
      if (input.gapS > d.profile.periodS[1]) endSequence(d, false);
      break;
    case 'stepping':
      walkingEndsPause(d);
      break;
    case 'walking-began':
      if (d.rules.has('walkingRetractsSteps')) walkingRetractsSteps(d, input.stepStartT);
      break;
    case 'bout-began':
      d.boutOpen = true;
      d.boutReps = [];
      break;
    case 'bout-ended':
      if (d.rules.has('loneLandingStands')) loneLandingStands(d, input.bout, input.stillFrom);
      break;
    case 'end':
      if (input.lobe !== null && d.rules.has('endOfSetRepOnBeat') && endOfSetRepOnBeat(d, input.lobe)) emit(d, input.lobe);
      // The trial stopped with the body still: the last bout is judged on a shorter stillness.
      if (input.finalBout !== null && d.rules.has('loneLandingStands')) loneLandingStands(d, input.finalBout.bout, input.finalBout.stillFrom);
      if (d.seq.length > 0) endSequence(d, true);
      dropPending(d);
      break;
  }
  return { state: fieldsOf(d), events: d.out };
}

/** A copy of the state for the rules of one input, with its clock and a list for its events. */
function draftOf(s: SetState, clock: SetClock): SetDraft {
  // (Field by field, not a spread: one object shape for every draft.)
  return {
    profile: s.profile,
    rules: s.rules,
    delayS: s.delayS,
    nextId: s.nextId,
    seq: s.seq,
    seqEarly: s.seqEarly,
    standing: s.standing,
    lastRepId: s.lastRepId,
    pausedS: s.pausedS,
    confirmed: s.confirmed,
    resumed: s.resumed,
    lastSet: s.lastSet,
    pending: s.pending,
    pendingUntil: s.pendingUntil,
    boutOpen: s.boutOpen,
    boutReps: s.boutReps,
    retractions: s.retractions,
    seqPeriod: s.seqPeriod,
    seqGap: s.seqGap,
    out: [],
    now: clock.now,
    firstT: clock.firstT,
    still: clock.still,
  };
}

/** The state's fields of a draft (without the input's clock and events). */
function fieldsOf(d: SetDraft): SetState {
  return {
    profile: d.profile,
    rules: d.rules,
    delayS: d.delayS,
    nextId: d.nextId,
    seq: d.seq,
    seqEarly: d.seqEarly,
    standing: d.standing,
    lastRepId: d.lastRepId,
    pausedS: d.pausedS,
    confirmed: d.confirmed,
    resumed: d.resumed,
    lastSet: d.lastSet,
    pending: d.pending,
    pendingUntil: d.pendingUntil,
    boutOpen: d.boutOpen,
    boutReps: d.boutReps,
    retractions: d.retractions,
    seqPeriod: periodOf(d.seq),
    seqGap: gapOf(d.seq, d.profile),
  };
}

/** Reps standing now, oldest first. */
export function standingReps(state: SetState): Rep[] {
  return state.standing.map((r) => r.rep);
}

/** What the candidate stage may know of the set: its last rep's time and its period. */
export function lastRepT(state: SetState): number | null {
  return state.seq.length > 0 ? state.seq[state.seq.length - 1].rep.t : null;
}

export function setPeriod(state: SetState): number | null {
  return state.seqPeriod;
}
