/**
 * The set stage's rules, each on hand-written candidate sequences: small literal inputs in,
 * the expected rep and retract events out. No signal processing here: the reducer sees only
 * candidates and timing inputs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getProfile, listProfiles, type ExerciseProfile } from '../../../src/core/reps/profiles';
import type { Candidate } from '../../../src/core/reps/stages/candidates';
import { initialSetState, reduceSet, standingReps, type SetInput, type SetState } from '../../../src/core/reps/stages/set-reducer';
import { rulesFor, type SetRuleName } from '../../../src/core/reps/stages/set-rules';
import type { StillView } from '../../../src/core/reps/stages/signal';
import type { RepEvent } from '../../../src/core/reps/types';
import type { ExerciseId } from '../../../src/shared/exercises';

const DELAY_S = 0.2;
const NOT_STILL: StillView = { from: null, past: [] };

/** A candidate movement at `t` of size `size` (lobe and peak alike unless overridden). */
function cand(t: number, size: number, over: Partial<Candidate> = {}): Candidate {
  return {
    t,
    start: t - 0.5,
    end: t + 0.4,
    peak: size,
    size,
    impact: null,
    dip: 0,
    faint: false,
    stepVeto: false,
    detectedAt: t + 0.4,
    fromRest: false,
    skew: 0,
    quality: { durationS: 0.9, tempo: { downS: 0.5, upS: 0.4 } },
    ...over,
  };
}

type Step =
  | { rep: Candidate }
  | { tick: number }
  | { gap: number; at: number }
  | { stepping: number }
  | { walking: number; stepStartT: number }
  | { larger: 'lead-in' | 'shoulder'; y: number; at: number }
  | { boutBegan: number }
  | { boutEnded: number; start: number; impacts: { t: number; g: number }[] }
  | { end: number; lobe?: Candidate; still?: StillView };

interface Run {
  events: RepEvent[];
  state: SetState;
}

/** Feeds the steps to the reducer (freezing every state it is given: a rule that changed one would throw). */
function run(
  exercise: ExerciseId,
  steps: Step[],
  opts: { rules?: SetRuleName[]; still?: StillView; retractLoneReps?: boolean; profile?: Partial<ExerciseProfile> } = {},
): Run {
  let state = initialSetState({ ...getProfile(exercise), ...opts.profile }, DELAY_S, { rules: opts.rules, retractLoneReps: opts.retractLoneReps });
  const events: RepEvent[] = [];
  const clock = (now: number, still = opts.still ?? NOT_STILL): SetInput['clock'] => ({ now, firstT: -10, still });
  for (const step of steps) {
    let input: SetInput;
    if ('rep' in step) input = { type: 'candidate', candidate: step.rep, clock: clock(step.rep.detectedAt) };
    else if ('tick' in step) input = { type: 'tick', lobeOpen: false, clock: clock(step.tick) };
    else if ('gap' in step) input = { type: 'gap', gapS: step.gap, clock: clock(step.at) };
    else if ('stepping' in step) input = { type: 'stepping', clock: clock(step.stepping) };
    else if ('walking' in step) input = { type: 'walking-began', stepStartT: step.stepStartT, clock: clock(step.walking) };
    else if ('larger' in step) input = { type: 'larger-peak', kind: step.larger, y: step.y, clock: clock(step.at) };
    else if ('boutBegan' in step) input = { type: 'bout-began', clock: clock(step.boutBegan) };
    else if ('boutEnded' in step) {
      const impacts = step.impacts.map((i) => ({ ...i, first: i.t }));
      input = { type: 'bout-ended', bout: { start: step.start, impacts }, stillFrom: step.boutEnded, clock: clock(step.boutEnded) };
    } else input = { type: 'end', lobe: step.lobe ?? null, finalBout: null, clock: clock(step.end, step.still) };
    const frozen = deepFreeze(state);
    const next = reduceSet(frozen, input);
    state = next.state;
    events.push(...next.events);
  }
  return { events, state };
}

function deepFreeze<T>(x: T): T {
  if (x !== null && typeof x === 'object' && !Object.isFrozen(x) && !(x instanceof Set)) {
    Object.freeze(x);
    for (const v of Object.values(x as Record<string, unknown>)) deepFreeze(v);
  }
  return x;
}

const reps = (r: Run): number[] => r.events.filter((e) => e.type === 'rep').map((e) => (e.type === 'rep' ? e.rep.t : NaN));
const retracts = (r: Run): [number, string][] => r.events.flatMap((e) => (e.type === 'retract' ? [[e.t, e.reason] as [number, string]] : []));
const standing = (r: Run): number[] => standingReps(r.state).map((x) => x.t);

/** Three squats alike at a steady 2 s: a confirmed set. */
const SET = [{ rep: cand(0, 0.5) }, { rep: cand(2, 0.5) }, { rep: cand(4, 0.5) }];

describe('set rules: which govern an exercise', () => {
  it('lists the rules from the profile flags', () => {
    expect(rulesFor(getProfile('box-step-off'))).toEqual(expect.arrayContaining(['landingHasFall', 'loneLandingStands', 'stepUpWithdrawn']));
    expect(rulesFor(getProfile('box-step-off'))).not.toContain('pairIsSet');
    expect(rulesFor(getProfile('squat'))).toContain('pairIsSet');
    expect(rulesFor(getProfile('squat'))).not.toContain('shoulderMerged');
    expect(rulesFor(getProfile('lunge-matrix'))).toContain('shoulderMerged');
    // Steps are the movement of a band walk: no walking veto.
    expect(rulesFor(getProfile('band-walk'))).not.toContain('walkingRetractsSteps');
    expect(rulesFor(getProfile('bench'))).toContain('walkingRetractsSteps');
    expect(rulesFor(getProfile('squat'), { retractLoneReps: false })).not.toContain('retractLoneMovement');
    // Only where a placement gives the profile a faint floor (pick-ups at the wrist).
    expect(rulesFor(getProfile('deadlift'))).not.toContain('faintSetShowsRhythm');
    expect(rulesFor({ ...getProfile('deadlift'), faintFloorG: 0.05 })).toContain('faintSetShowsRhythm');
  });

  it('the table in docs/reps.md says which rules govern each exercise', () => {
    const doc = readFileSync(new URL('../../../docs/reps.md', import.meta.url), 'utf8');
    const common = doc.slice(doc.indexOf('Every exercise has'), doc.indexOf('| exercise | further set rules |'));
    const named = (text: string): string[] => [...text.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    for (const p of listProfiles()) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${p.id}\` |`));
      expect(row, `docs/reps.md has a row for ${p.id}`).toBeDefined();
      const listed = [...named(common.split('; besides')[0]), ...named((row ?? '').split('|')[2])];
      expect(listed.sort()).toEqual([...rulesFor(p)].sort());
    }
  });
});

describe('set rules, each on hand-written candidates', () => {
  // Pick-ups with a faint floor (0.05 g under the 0.08 g floor), as at the wrist.
  const FAINT = { profile: { faintFloorG: 0.05 } };
  const faint = (t: number, size = 0.06): Candidate => cand(t, size, { faint: true });

  it('faintSetShowsRhythm: four faint movements alike on a steady beat are a set', () => {
    const r = run('deadlift', [...[0, 1.1, 2.2, 3.3, 4.4].map((t) => ({ rep: faint(t) })), { tick: 20 }, { end: 21 }], FAINT);
    expect(retracts(r)).toEqual([]);
    expect(standing(r)).toEqual([0, 1.1, 2.2, 3.3, 4.4]);
  });

  it('faintSetShowsRhythm: three faint movements, steady as they are, are not enough', () => {
    // Three reps alike at a steady pace confirm a set of movements over the floor...
    const full = run('deadlift', [...[0, 1.4, 2.8].map((t) => ({ rep: cand(t, 0.1) })), { tick: 20 }, { end: 21 }]);
    expect(standing(full)).toEqual([0, 1.4, 2.8]);
    // ...while faint ones go when no fourth follows.
    const r = run('deadlift', [...[0, 1.4, 2.8].map((t) => ({ rep: faint(t) })), { tick: 20 }, { end: 21 }], FAINT);
    expect(standing(r)).toEqual([]);
    expect(retracts(r).map(([t]) => t).sort()).toEqual([0, 1.4, 2.8]);
  });

  it('faintSetShowsRhythm: a standing wrist’s wobble (faint, off beat) is not a set', () => {
    // A rest standing at the wrist: 0.06-0.12 g every 2-4 s (barbell-wrist, A-rest-standing).
    const wobble = [faint(0.3, 0.07), cand(3.5, 0.09), faint(7.7, 0.07), cand(9.8, 0.1), faint(12.5, 0.06)];
    const r = run('deadlift', [...wobble.map((c) => ({ rep: c })), { tick: 30 }, { end: 31 }], FAINT);
    expect(standing(r)).toEqual([]);
    // Without the faint rule the same movements would stand as a set of three gaps 2.5x apart.
    const loose = run('deadlift', [...wobble.map((c) => ({ rep: { ...c, faint: false } })), { tick: 30 }, { end: 31 }], FAINT);
    expect(standing(loose).length).toBeGreaterThan(0);
  });

  it('faintSetShowsRhythm: a faint rep in a confirmed set counts like any rep of its size', () => {
    const r = run('deadlift', [...[0, 1.4, 2.8].map((t) => ({ rep: cand(t, 0.1) })), { rep: faint(4.2, 0.07) }, { tick: 20 }, { end: 21 }], FAINT);
    expect(standing(r)).toEqual([0, 1.4, 2.8, 4.2]);
  });

  it('confirmRegularSeries: three alike at a steady pace stand when the set ends', () => {
    const r = run('squat', [...SET, { tick: 20 }, { end: 21 }]);
    expect(reps(r)).toEqual([0, 2, 4]);
    expect(retracts(r)).toEqual([]);
    expect(standing(r)).toEqual([0, 2, 4]);
  });

  it('confirmRegularSeries: the oldest that starts a series off beat is withdrawn', () => {
    // Gaps 5 s then 1.5 s: 3.3x, more than a set's steady pace allows.
    const r = run('squat', [{ rep: cand(0, 0.5) }, { rep: cand(5, 0.5) }, { rep: cand(6.5, 0.5) }, { rep: cand(8, 0.5) }]);
    expect(retracts(r)).toEqual([[0, 'not part of a regular series of reps']]);
    expect(standing(r)).toEqual([5, 6.5, 8]);
  });

  it('confirmRegularSeries: one far smaller than the others of three goes, wherever it sits', () => {
    const r = run('squat', [{ rep: cand(0, 0.6) }, { rep: cand(2, 0.2) }, { rep: cand(4, 0.6) }]);
    expect(retracts(r)).toEqual([[2, 'much smaller than the other reps of this set']]);
  });

  it('largerLeadInWithdrawn: a far larger first movement goes, not the alike reps after it', () => {
    const r = run('squat', [{ rep: cand(0, 1.6) }, { rep: cand(2, 0.5) }, { rep: cand(4, 0.55) }, { rep: cand(6, 0.5) }]);
    expect(retracts(r)).toEqual([[0, 'a far larger movement than the reps after it']]);
    expect(standing(r)).toEqual([2, 4, 6]);
    // Without the rule the reps after it went one by one, as far smaller than the swing.
    const without = rulesFor(getProfile('squat')).filter((x) => x !== 'largerLeadInWithdrawn');
    const old = run('squat', [{ rep: cand(0, 1.6) }, { rep: cand(2, 0.5) }, { rep: cand(4, 0.55) }, { rep: cand(6, 0.5) }], { rules: without });
    expect(retracts(old).map(([t]) => t)).toContain(2);
    // Two after it that disagree as well: the smallest goes, as before.
    expect(retracts(run('squat', [{ rep: cand(0, 1.6) }, { rep: cand(2, 0.2) }, { rep: cand(4, 0.6) }]))).toEqual([[2, 'much smaller than the other reps of this set']]);
  });

  it('leavingRestWithdrawn: the first movement, from rest and on the short lobes’ side, goes once the set confirms', () => {
    // The hand starting down to the floor (no swing before it), then pick-ups every 1.9 s; the
    // signal's tall lobes lie on the other side (skew -1): the rep turns there.
    const pickUps = (skew: number, fromRest = true): Step[] => [
      { rep: cand(0, 0.25, { fromRest }) },
      ...[1.2, 3.1, 5.0, 6.9].map((t) => ({ rep: cand(t, 0.3, { skew }) })),
      { tick: 20 },
      { end: 21 },
    ];
    const r = run('deadlift', pickUps(-1));
    expect(retracts(r)).toEqual([[0, 'the movement leaving its rest, before the first rep']]);
    expect(standing(r)).toEqual([1.2, 3.1, 5.0, 6.9]);
    // The tall lobes on the rep's side (or hardly leaning): the first movement was a rep.
    expect(standing(run('deadlift', pickUps(1)))).toEqual([0, 1.2, 3.1, 5.0, 6.9]);
    expect(standing(run('deadlift', pickUps(-0.3)))).toEqual([0, 1.2, 3.1, 5.0, 6.9]);
    // A swing came before it: it turned round, as a rep does.
    expect(standing(run('deadlift', pickUps(-1, false)))).toEqual([0, 1.2, 3.1, 5.0, 6.9]);
    // Without the rule it stands.
    const without = rulesFor(getProfile('deadlift')).filter((x) => x !== 'leavingRestWithdrawn');
    expect(standing(run('deadlift', pickUps(-1), { rules: without }))).toEqual([0, 1.2, 3.1, 5.0, 6.9]);
    // Only a new set's first: the reps of a set carried on after a breath are not judged so.
    const breath = run('deadlift', [...pickUps(1).slice(0, 5), ...[10, 11.9, 13.8].map((t) => ({ rep: cand(t, 0.3, { fromRest: true, skew: -1 }) })), { tick: 40 }, { end: 41 }]);
    expect(standing(breath)).toEqual([0, 1.2, 3.1, 5.0, 6.9, 10, 11.9, 13.8]);
  });

  it('bigEnoughForSet: a movement under a fraction of the set’s reps is not a rep', () => {
    const r = run('squat', [...SET, { rep: cand(6, 0.1) }, { rep: cand(6.5, 0.4) }]);
    expect(reps(r)).toEqual([0, 2, 4, 6.5]);
  });

  it('stepsAreNotReps: a lobe under the walking veto is not a rep (unless the rule is off)', () => {
    expect(reps(run('squat', [{ rep: cand(0, 0.5, { stepVeto: true }) }]))).toEqual([]);
    const without = rulesFor(getProfile('squat')).filter((x) => x !== 'stepsAreNotReps');
    expect(reps(run('squat', [{ rep: cand(0, 0.5, { stepVeto: true }) }], { rules: without }))).toEqual([0]);
  });

  it('landingHasFall: a landing needs the fall before it', () => {
    // box-step-off: the dip must reach 0.12 of the peak.
    expect(reps(run('box-step-off', [{ rep: cand(0, 0.5, { dip: 0.01 }) }]))).toEqual([]);
    expect(reps(run('box-step-off', [{ rep: cand(0, 0.5, { dip: 0.1 }) }]))).toEqual([0]);
    expect(reps(run('squat', [{ rep: cand(0, 0.5, { dip: 0 }) }]))).toEqual([0]);
  });

  it('leadInReplaced: a clearly larger movement right after the first rep replaces it', () => {
    const r = run('squat', [{ rep: cand(0, 0.3) }, { larger: 'lead-in', y: 0.5, at: 0.7 }]);
    expect(retracts(r)).toEqual([[0, 'a larger movement right after it is the rep']]);
    expect(standing(r)).toEqual([]);
    // Not clearly larger (under 1.3x): it stays.
    expect(retracts(run('squat', [{ rep: cand(0, 0.3) }, { larger: 'lead-in', y: 0.35, at: 0.7 }]))).toEqual([]);
    // A confirmed set has no lead-in.
    expect(retracts(run('squat', [...SET, { larger: 'lead-in', y: 2, at: 4.7 }]))).toEqual([]);
  });

  it('shoulderMerged: only where the profile merges peaks (lunges)', () => {
    const merged = run('lunge-matrix', [{ rep: cand(0, 0.2) }, { larger: 'shoulder', y: 0.3, at: 0.8 }]);
    expect(retracts(merged)).toEqual([[0, 'merged into a larger peak of the same movement']]);
    expect(retracts(run('squat', [{ rep: cand(0, 0.2) }, { larger: 'shoulder', y: 0.3, at: 0.8 }]))).toEqual([]);
  });

  it('smallerEarlyRepWithdrawn: a first movement far smaller than the set’s reps is withdrawn once they show', () => {
    const r = run('squat', [{ rep: cand(0, 0.15) }, { rep: cand(2, 0.5) }, { rep: cand(4, 0.5) }]);
    expect(reps(r)).toEqual([0, 2, 4]);
    expect(retracts(r)).toEqual([[0, 'much smaller than the other reps of this set']]);
  });

  it('setEndsWhenOverdue + retractLoneMovement: a lone movement is retracted when no second follows', () => {
    const r = run('squat', [{ rep: cand(0, 0.5) }, { tick: 5 }, { tick: 8 }]);
    expect(retracts(r)).toEqual([[0, 'lone movement: no second rep followed']]);
    expect(r.events.find((e) => e.type === 'retract')?.detectedAt).toBe(8);
    // Not yet overdue at 5 s (the slowest squat period is 7 s); never with the rule off.
    expect(retracts(run('squat', [{ rep: cand(0, 0.5) }, { tick: 5 }]))).toEqual([]);
    expect(retracts(run('squat', [{ rep: cand(0, 0.5) }, { tick: 8 }], { retractLoneReps: false }))).toEqual([]);
  });

  it('pendingSetResumes: two reps, a pause, then one alike in time: the set went on', () => {
    const pause = [{ rep: cand(0, 0.5) }, { rep: cand(2, 0.5) }, { tick: 7.5 }];
    const resumed = run('squat', [...pause, { rep: cand(7, 0.5) }, { tick: 30 }]);
    expect(retracts(resumed)).toEqual([]);
    expect(standing(resumed)).toEqual([0, 2, 7]);
    // No rep alike by the pending reps' deadline (2 + 6 s): both withdrawn.
    const dropped = run('squat', [...pause, { tick: 8.5 }]);
    expect(retracts(dropped)).toEqual([
      [0, 'only 2 movements: too few for a set'],
      [2, 'only 2 movements: too few for a set'],
    ]);
  });

  it('resumeAfterPause: a rep of the paused set’s size soon after carries it on', () => {
    const paused = [...SET, { tick: 9.3 }];
    const on = run('squat', [...paused, { rep: cand(9.5, 0.5) }, { tick: 30 }]);
    expect(retracts(on)).toEqual([]);
    // Twice the size (over 1.6x): a new movement, and lone.
    const other = run('squat', [...paused, { rep: cand(9.5, 1) }, { tick: 30 }]);
    expect(retracts(other)).toEqual([[9.5, 'lone movement: no second rep followed']]);
  });

  it('walkingEndsPause: steps while a set is paused end what waited for it', () => {
    const r = run('squat', [{ rep: cand(0, 0.5) }, { rep: cand(2, 0.5) }, { tick: 7.5 }, { stepping: 7.6 }]);
    expect(retracts(r).map(([t]) => t)).toEqual([0, 2]);
    // ...and the paused set is forgotten: a rep like it after the walk is lone.
    const after = run('squat', [...SET, { tick: 9.3 }, { stepping: 9.4 }, { rep: cand(9.5, 0.5) }, { tick: 30 }]);
    expect(retracts(after)).toEqual([[9.5, 'lone movement: no second rep followed']]);
  });

  it('walkingRetractsSteps: once walking is known, what was counted since the steps began goes', () => {
    const r = run('squat', [{ rep: cand(0, 0.5) }, { rep: cand(5, 0.5) }, { rep: cand(6, 0.5) }, { walking: 7.5, stepStartT: 6 }]);
    // From the steps' start less three seconds and the filter delay: 2.8 s on.
    expect(retracts(r).filter(([, why]) => why === 'walking, not reps')).toEqual([
      [5, 'walking, not reps'],
      [6, 'walking, not reps'],
    ]);
  });

  it('endOfSetRepOnBeat: a rep under way at the end counts on the set’s beat, not off it', () => {
    expect(reps(run('squat', [...SET, { end: 6.1, lobe: cand(6, 0.4) }]))).toEqual([0, 2, 4, 6]);
    expect(reps(run('squat', [...SET, { end: 5.1, lobe: cand(5, 0.4) }]))).toEqual([0, 2, 4]);
    expect(reps(run('squat', [...SET, { end: 6.1, lobe: cand(6, 0.2) }]))).toEqual([0, 2, 4]);
  });

  it('loneLandingStands: one clear landing between still stretches stands on its own', () => {
    const landing = cand(2, 1, { dip: 0.5, impact: 1 });
    const alone = run('box-step-off', [
      { boutBegan: 1 },
      { rep: landing },
      { boutEnded: 3.5, start: 1, impacts: [{ t: 2, g: 1 }] },
      { tick: 40 },
      { end: 41 },
    ]);
    expect(retracts(alone)).toEqual([]);
    expect(standing(alone)).toEqual([2]);
    // The same landing with no stillness after it: a lone movement.
    const notAlone = run('box-step-off', [{ boutBegan: 1 }, { rep: landing }, { tick: 40 }]);
    expect(retracts(notAlone)).toEqual([[2, 'lone movement: no second rep followed']]);
    // A bout of three clear impacts is a train (a walk), not a trial.
    const train = [{ t: 1.5, g: 1 }, { t: 2, g: 1 }, { t: 2.5, g: 1 }];
    const walk = run('box-step-off', [{ boutBegan: 1 }, { rep: landing }, { boutEnded: 3.5, start: 1, impacts: train }, { tick: 40 }]);
    expect(retracts(walk).length).toBe(1);
  });

  it('stepUpWithdrawn: a lone landing far smaller than the landing right after it was the step up', () => {
    const r = run('box-step-off', [
      { boutBegan: 1 },
      { rep: cand(2, 1, { dip: 0.5, impact: 1 }) },
      { boutEnded: 3.5, start: 1, impacts: [{ t: 2, g: 1 }] },
      { boutBegan: 5 },
      { rep: cand(6, 3, { dip: 1.5, impact: 3 }) },
    ]);
    expect(retracts(r)).toEqual([[2, 'much smaller than the landing after it']]);
  });

  it('pairIsSet: two alike with stillness before and after are a set of two', () => {
    const pair = [{ rep: cand(1, 0.5) }, { rep: cand(3, 0.5) }];
    // Still until 0.5 s (before the first), still again from 3.5 s (after the second).
    const around: StillView = { from: 3.5, past: [[-3, 0.5]] };
    const kept = run('squat', [...pair, { end: 4, still: around }], { still: { from: null, past: [[-3, 0.5]] } });
    expect(retracts(kept)).toEqual([]);
    expect(standing(kept)).toEqual([1, 3]);
    // Generic movements take three for a set.
    const generic = run('generic', [...pair, { end: 4, still: around }], { still: { from: null, past: [[-3, 0.5]] } });
    expect(retracts(generic).length).toBe(2);
    // Not still after them: not a pair.
    const moving = run('squat', [...pair, { end: 4 }], { still: { from: null, past: [[-3, 0.5]] } });
    expect(retracts(moving).length).toBe(2);
  });

  it('a gap longer than the slowest period ends the set; a shorter one is bridged', () => {
    const long = run('squat', [{ rep: cand(0, 0.5) }, { gap: 8, at: 8.5 }]);
    expect(retracts(long)).toEqual([[0, 'lone movement: no second rep followed']]);
    // A 3 s gap after two reps is paused time: the third rep at 7 s is on pace.
    const short = run('squat', [{ rep: cand(0, 0.5) }, { rep: cand(2, 0.5) }, { gap: 3, at: 5.2 }, { tick: 6 }, { rep: cand(7, 0.5) }, { end: 8 }]);
    expect(retracts(short)).toEqual([]);
  });
});
