import { describe, expect, it } from 'vitest';
import { createWorkout, type WorkoutEvent } from '../../../src/core/workout/index';

const types = (events: WorkoutEvent[]): string[] => events.map((e) => e.type);

describe('workout state machine', () => {
  it('goes idle -> set -> rest -> set -> finished with manual commands, timing each part', () => {
    const w = createWorkout({ exerciseId: 'squat', restTargetS: 60 });
    expect(w.state).toBe('idle');
    expect(types(w.push({ type: 'start-set', t: 10 }))).toEqual(['set-started']);
    expect(w.state).toBe('set');
    w.push({ type: 'rep', t: 12 });
    w.push({ type: 'rep', t: 14 });
    expect(w.view(20).set?.activeS).toBe(10);
    expect(types(w.push({ type: 'end-set', t: 40 }))).toEqual(['set-ended', 'rest-started']);
    expect(w.state).toBe('rest');
    expect(w.view(70).restRemainingS).toBe(30);
    const ev = w.push({ type: 'start-set', t: 130 });
    expect(types(ev)).toEqual(['rest-ended', 'set-started']);
    expect(w.sets[1].restBeforeS).toBe(90);
    expect(w.view(130).restRemainingS).toBeNull();
    expect(types(w.push({ type: 'end-set', t: 150 }))).toEqual(['set-ended', 'rest-started']);
    expect(types(w.push({ type: 'finish', t: 160 }))).toEqual(['rest-ended', 'finished']);
    expect(w.state).toBe('finished');
    expect(w.sets.map((s) => [s.startT, s.endT, s.activeS, s.reps])).toEqual([
      [10, 40, 30, 2],
      [130, 150, 20, 0],
    ]);
    expect(w.rests.map((r) => [r.startT, r.endT, r.activeS])).toEqual([
      [40, 130, 90],
      [150, 160, 10],
    ]);
  });

  it('rejects commands that make no sense in the current state, without changing it', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    expect(w.push({ type: 'end-set', t: 1 })).toEqual([{ type: 'rejected', t: 1, input: 'end-set', reason: 'no set is running' }]);
    expect(types(w.push({ type: 'pause', t: 1 }))).toEqual(['rejected']);
    expect(types(w.push({ type: 'resume', t: 1 }))).toEqual(['rejected']);
    expect(types(w.push({ type: 'rep', t: 1 }))).toEqual(['rejected']);
    expect(w.state).toBe('idle');
    w.push({ type: 'start-set', t: 2 });
    expect(types(w.push({ type: 'start-set', t: 3 }))).toEqual(['rejected']);
    w.push({ type: 'finish', t: 4 });
    expect(types(w.push({ type: 'start-set', t: 5 }))).toEqual(['rejected']);
    expect(w.state).toBe('finished');
  });

  it('pause during a set stops its clock; reps still count; resume returns to the set', () => {
    const w = createWorkout({ exerciseId: 'deadlift' });
    w.push({ type: 'start-set', t: 0 });
    expect(w.push({ type: 'pause', t: 10 })).toEqual([{ type: 'paused', t: 10, from: 'set' }]);
    expect(w.state).toBe('paused');
    expect(w.view(25).set?.activeS).toBe(10);
    w.push({ type: 'rep', t: 26 });
    expect(w.push({ type: 'resume', t: 30 })).toEqual([{ type: 'resumed', t: 30, to: 'set' }]);
    expect(w.view(35).set?.activeS).toBe(15);
    w.push({ type: 'end-set', t: 40 });
    expect(w.sets[0].activeS).toBe(20);
    expect(w.sets[0].reps).toBe(1);
  });

  it('pause during a rest holds the countdown', () => {
    const w = createWorkout({ exerciseId: 'squat', restTargetS: 60 });
    w.push({ type: 'start-set', t: 0 });
    w.push({ type: 'end-set', t: 10 });
    w.push({ type: 'pause', t: 30 });
    expect(w.view(100).restRemainingS).toBe(40);
    expect(w.push({ type: 'tick', t: 100 })).toEqual([]);
    w.push({ type: 'resume', t: 100 });
    expect(w.view(120).restRemainingS).toBe(20);
    expect(w.push({ type: 'tick', t: 139 })).toEqual([]);
    expect(types(w.push({ type: 'tick', t: 140 }))).toEqual(['rest-over']);
    // Once only; the rest goes on (over time) until the next set.
    expect(w.push({ type: 'tick', t: 150 })).toEqual([]);
    expect(w.view(150).restRemainingS).toBe(-10);
  });

  it('finishing mid-set closes the set at that moment', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    w.push({ type: 'start-set', t: 5 });
    w.push({ type: 'rep', t: 7 });
    const ev = w.push({ type: 'finish', t: 20 });
    expect(types(ev)).toEqual(['set-ended', 'finished']);
    expect(w.sets[0]).toMatchObject({ startT: 5, endT: 20, activeS: 15, reps: 1 });
    expect(w.rests).toEqual([]);
  });

  it('finishing while paused in a set ends the set where the pause began', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    w.push({ type: 'start-set', t: 0 });
    w.push({ type: 'pause', t: 12 });
    const ev = w.push({ type: 'finish', t: 300 });
    expect(types(ev)).toEqual(['set-ended', 'finished']);
    expect(w.sets[0]).toMatchObject({ endT: 12, activeS: 12 });
  });

  it('starts on motion and ends after stillness (dated when stillness began) when asked to', () => {
    const w = createWorkout({ exerciseId: 'squat', autoStart: true, autoEnd: true, restTargetS: 30 });
    const ev = w.push({ type: 'motion', event: { type: 'motion-start', t: 3 } });
    expect(types(ev)).toEqual(['set-started']);
    expect(w.sets[0].startedBy).toBe('motion');
    const end = w.push({ type: 'motion', event: { type: 'still', t: 25, since: 21 } });
    expect(types(end)).toEqual(['set-ended', 'rest-started']);
    expect(w.sets[0]).toMatchObject({ startT: 3, endT: 21, activeS: 18 });
    expect(w.view(25).restRemainingS).toBe(26);
    expect(types(w.push({ type: 'motion', event: { type: 'motion-start', t: 60 } }))).toEqual(['rest-ended', 'set-started']);
    expect(w.sets[1].restBeforeS).toBe(39);
  });

  it('ignores motion when automatic start and end are off', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    expect(w.push({ type: 'motion', event: { type: 'motion-start', t: 1 } })).toEqual([]);
    expect(w.state).toBe('idle');
    w.push({ type: 'start-set', t: 2 });
    expect(w.push({ type: 'motion', event: { type: 'still', t: 9, since: 5 } })).toEqual([]);
    expect(w.state).toBe('set');
  });

  it('alternates sides for one-legged exercises, and follows a side given by hand', () => {
    const w = createWorkout({ exerciseId: 'box-step-off', sided: true });
    const sides: string[] = [];
    for (let i = 0; i < 3; i++) {
      sides.push(w.view(i * 10).nextSide);
      w.push({ type: 'start-set', t: i * 10 });
      w.push({ type: 'end-set', t: i * 10 + 5 });
    }
    expect(w.sets.map((s) => s.side)).toEqual(['left', 'right', 'left']);
    expect(sides).toEqual(['left', 'right', 'left']);
    w.push({ type: 'start-set', t: 40, side: 'left' });
    w.push({ type: 'end-set', t: 45 });
    expect(w.view(46).nextSide).toBe('right');
    const both = createWorkout({ exerciseId: 'squat' });
    both.push({ type: 'start-set', t: 0 });
    expect(both.sets[0].side).toBe('both');
  });

  it('a retraction takes a rep back from the running set', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    w.push({ type: 'start-set', t: 0 });
    w.push({ type: 'rep', t: 1 });
    w.push({ type: 'rep', t: 2 });
    w.push({ type: 'retract', t: 3 });
    expect(w.view(3).set?.reps).toBe(1);
  });

  it('measures heart-rate recovery over each rest: drop and HRR at 60 s', () => {
    const w = createWorkout({ exerciseId: 'squat', restTargetS: 120 });
    w.push({ type: 'start-set', t: 0 });
    // HR climbs through the set to 150.
    for (let t = 0; t <= 30; t += 1) w.push({ type: 'hr', t, bpm: 110 + (40 * t) / 30 });
    w.push({ type: 'end-set', t: 30 });
    expect(w.rests[0].recovery?.startBpm).toBe(150);
    // It falls 0.5 bpm a second in the rest; a bad (0) reading is ignored.
    for (let t = 31; t <= 100; t += 1) w.push({ type: 'hr', t, bpm: t === 50 ? 0 : 150 - 0.5 * (t - 30) });
    w.push({ type: 'start-set', t: 100 });
    const r = w.rests[0].recovery;
    expect(r).toEqual({ startBpm: 150, endBpm: 115, dropBpm: 35, hrr60Bpm: 30 });
    // Without HR, no recovery figure is made up.
    const noHr = createWorkout({ exerciseId: 'squat' });
    noHr.push({ type: 'start-set', t: 0 });
    noHr.push({ type: 'end-set', t: 10 });
    noHr.push({ type: 'start-set', t: 100 });
    expect(noHr.rests[0].recovery).toBeNull();
  });
});

describe('workout state machine as the live workout runs it', () => {
  it('begins ready, pauses between sets, ends a last set without a rest, and times the session', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    expect(w.push({ type: 'begin', t: 0 })).toEqual([]);
    expect(w.state).toBe('ready');
    expect(w.push({ type: 'pause', t: 5 })).toEqual([{ type: 'paused', t: 5, from: 'ready' }]);
    expect(w.view(50).elapsedS).toBe(5);
    expect(w.push({ type: 'resume', t: 15 })).toEqual([{ type: 'resumed', t: 15, to: 'ready' }]);
    expect(w.view(20).elapsedS).toBe(10);
    expect(types(w.push({ type: 'start-set', t: 20 }))).toEqual(['set-started']);
    expect(types(w.push({ type: 'end-set', t: 30, restS: null }))).toEqual(['set-ended']);
    expect(w.state).toBe('ready');
    expect(w.view(31).restRemainingS).toBeNull();
    expect(types(w.push({ type: 'finish', t: 40 }))).toEqual(['finished']);
    expect(w.view(100).elapsedS).toBe(30);
    expect(types(w.push({ type: 'begin', t: 101 }))).toEqual(['rejected']);
  });

  it('takes each rest countdown from end-set, ends it when over if asked, and on end-rest', () => {
    const w = createWorkout({ exerciseId: 'squat', endRestWhenOver: true });
    w.push({ type: 'begin', t: 0 });
    w.push({ type: 'start-set', t: 0 });
    w.push({ type: 'end-set', t: 10, restS: 45 });
    expect(w.view(20).restRemainingS).toBe(35);
    expect(w.push({ type: 'tick', t: 54 })).toEqual([]);
    expect(types(w.push({ type: 'tick', t: 55 }))).toEqual(['rest-over', 'rest-ended']);
    expect(w.state).toBe('ready');
    expect(w.rests[0]).toMatchObject({ startT: 10, endT: 55, activeS: 45, targetS: 45 });
    w.push({ type: 'start-set', t: 60 });
    w.push({ type: 'end-set', t: 70, restS: 60 });
    expect(types(w.push({ type: 'end-rest', t: 75 }))).toEqual(['rest-ended']);
    expect(w.state).toBe('ready');
    expect(types(w.push({ type: 'end-rest', t: 76 }))).toEqual(['rejected']);
  });

  it('a rest skipped while paused ends where the pause began, and the pause goes on', () => {
    const w = createWorkout({ exerciseId: 'squat' });
    w.push({ type: 'begin', t: 0 });
    w.push({ type: 'start-set', t: 0 });
    w.push({ type: 'end-set', t: 10, restS: 60 });
    w.push({ type: 'pause', t: 20 });
    expect(types(w.push({ type: 'end-rest', t: 30 }))).toEqual(['rest-ended']);
    expect(w.rests[0]).toMatchObject({ endT: 20, activeS: 10 });
    expect(w.view(30)).toMatchObject({ phase: 'paused', pausedFrom: 'ready', restRemainingS: null });
    expect(w.push({ type: 'resume', t: 40 })).toEqual([{ type: 'resumed', t: 40, to: 'ready' }]);
  });
});
