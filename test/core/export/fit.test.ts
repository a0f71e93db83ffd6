import { Decoder, Profile, Stream, type Mesg } from '@garmin/fitsdk';
import { describe, expect, it } from 'vitest';
import { repsOf } from '../../../src/shared/domain';
import { EXERCISE_IDS } from '../../../src/shared/exercises';
import { encodeFit } from '../../../src/core/export/fit';
import { FIT_EXERCISES } from '../../../src/core/export/fit-profile';
import { buildTimeline } from '../../../src/core/export/timeline';
import { makeFixture } from './fixture';

function decode(bytes: Uint8Array) {
  const stream = Stream.fromByteArray(Array.from(bytes));
  const decoder = new Decoder(stream);
  expect(decoder.isFIT()).toBe(true);
  expect(decoder.checkIntegrity()).toBe(true);
  const { messages, errors } = decoder.read();
  expect(errors).toEqual([]);
  return messages;
}

describe('FIT exercise mapping', () => {
  it('resolves every SetBeat exercise by name in the SDK profile', () => {
    for (const id of EXERCISE_IDS) {
      const fx = FIT_EXERCISES[id];
      expect(Profile.types.exerciseCategory[fx.category]).toBe(fx.categoryName);
      if (fx.subtype !== null) expect(Profile.types[`${fx.categoryName}ExerciseName`][fx.subtype]).toBe(fx.subtypeName);
    }
    expect(FIT_EXERCISES['calf-raise'].categoryName).toBe('calfRaise');
    expect(FIT_EXERCISES['lunge-matrix'].subtypeName).toBe('lungeMatrix');
    expect(FIT_EXERCISES['band-walk'].subtypeName).toBe('lateralBandWalks');
  });
});

describe('FIT strength activity', () => {
  const fx = makeFixture({ rounds: 2, oddNames: true });
  const bytes = encodeFit(fx.source);
  const m = decode(bytes);
  const blocks = buildTimeline(fx.detail);

  it('file id, creator and sensor device info', () => {
    expect(m.fileIdMesgs?.[0].type).toBe('activity');
    expect(m.fileIdMesgs?.[0].manufacturer).toBe('development');
    expect(m.deviceInfoMesgs?.map((d) => d.productName)).toEqual(['SetBeat', 'Polar Electro Oy H10']);
  });

  it('one set message per set and per rest, with reps, duration, start and category', () => {
    const sets = m.setMesgs ?? [];
    expect(sets).toHaveLength(blocks.length);
    const active = sets.filter((s) => s.setType === 'active');
    expect(active).toHaveLength(fx.detail.sets.length);
    expect(sets.filter((s) => s.setType === 'rest')).toHaveLength(blocks.length - fx.detail.sets.length);
    active.forEach((s, i) => {
      const set = fx.detail.sets[i];
      const want = FIT_EXERCISES[set.exerciseId];
      expect(s.repetitions).toBe(repsOf(set));
      expect(s.category).toEqual([want.categoryName]);
      expect(s.categorySubtype).toEqual([want.subtype]);
      expect((s.startTime as Date).getTime()).toBe(set.startedAt);
      expect(s.duration).toBeCloseTo(((set.endedAt ?? 0) - set.startedAt) / 1000, 3);
      if (set.loadKg !== null) expect(s.weight).toBeCloseTo(set.loadKg, 1);
    });
  });

  it("keeps SetBeat's own exercise names in exercise_title messages", () => {
    const titles = m.exerciseTitleMesgs ?? [];
    expect(titles.map((t) => t.wktStepName)).toEqual([...new Set(fx.detail.sets.map((s) => s.exerciseName))]);
    expect(titles[0].exerciseCategory).toBe('calfRaise');
  });

  it('one record per second of heart rate, values intact', () => {
    const records = m.recordMesgs ?? [];
    expect(records).toHaveLength(fx.hrCount);
    const hr = [...fx.source.heartRate()];
    records.forEach((r, i) => {
      expect(r.heartRate).toBe(hr[i].bpm);
      expect((r.timestamp as Date).getTime()).toBe(hr[i].tMs);
    });
  });

  it('hrv messages hold every RR interval in seconds', () => {
    const times = (m.hrvMesgs ?? []).flatMap((h) => h.time ?? []);
    const rr = [...fx.source.rr()];
    expect(times).toHaveLength(rr.length);
    times.forEach((t, i) => expect(t).toBeCloseTo(rr[i].rrMs / 1000, 3));
  });

  it('laps, a training/strength session and an activity', () => {
    expect(m.lapMesgs).toHaveLength(blocks.length);
    const session = m.sessionMesgs?.[0];
    expect(session?.sport).toBe('training');
    expect(session?.subSport).toBe('strengthTraining');
    expect(session?.numLaps).toBe(blocks.length);
    expect(session?.totalElapsedTime).toBeCloseTo(fx.detail.durationS, 3);
    expect(session?.maxHeartRate).toBe(fx.detail.maxHr);
    expect(m.activityMesgs?.[0].numSessions).toBe(1);
  });

  it('timestamps never go backwards', () => {
    const stamps: number[] = [];
    const decoder = new Decoder(Stream.fromByteArray(Array.from(bytes)));
    decoder.read({
      mesgListener: (_num: number, mesg: Mesg) => {
        const ts = (mesg as { timestamp?: unknown }).timestamp;
        if (ts instanceof Date) stamps.push(ts.getTime());
      },
    });
    expect(stamps.length).toBeGreaterThan(fx.hrCount);
    expect(stamps.every((t, i) => i === 0 || t >= stamps[i - 1])).toBe(true);
  });
});

describe('FIT edge cases', () => {
  it('a session with no sets and no heart rate still decodes cleanly', () => {
    const fx = makeFixture();
    const m = decode(encodeFit({ detail: { ...fx.detail, sets: [], devices: [] }, heartRate: () => [], rr: () => [] }));
    expect(m.setMesgs?.map((s) => s.setType)).toEqual(['rest']);
    expect(m.recordMesgs ?? []).toEqual([]);
    expect(m.sessionMesgs?.[0].subSport).toBe('strengthTraining');
  });
});
