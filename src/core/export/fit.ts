/**
 * FIT strength-training activity, encoded with Garmin's @garmin/fitsdk: file_id, device_info,
 * exercise_title (SetBeat's own exercise names), timer events, one record per second of heart
 * rate, hrv messages with the RR intervals, one `set` message per set and per rest, one lap
 * per set/rest block, then session (training / strength training) and activity.
 *
 * Messages with timestamps go out in time order (records, sets and laps merged as the heart
 * rate is walked). The SDK's Encoder keeps the file in memory until close(); a FIT file holds
 * one record per second, about 60 KB an hour plus RR, so this stays small even for long
 * sessions, and raw acceleration never enters it.
 */
import {
  Encoder,
  Profile,
  type ActivityMesg,
  type DeviceInfoMesg,
  type EventMesg,
  type ExerciseTitleMesg,
  type FileIdMesg,
  type HrvMesg,
  type LapMesg,
  type Mesg,
  type RecordMesg,
  type SessionMesg,
  type SetMesg,
} from '@garmin/fitsdk';
import { repsOf, type RrInterval } from '../../shared/domain';
import type { ExerciseId } from '../../shared/exercises';
import { FIT_EXERCISES, fitEnum } from './fit-profile';
import type { ExportSink } from './sink';
import type { SessionSource } from './source';
import { buildTimeline, heartRateStatsPerBlock, sessionEndMs } from './timeline';

const M = Profile.MesgNum;
const E = {
  fileActivity: fitEnum('file', 'activity'),
  manufacturer: fitEnum('manufacturer', 'development'),
  creator: fitEnum('deviceIndex', 'creator'),
  ble: fitEnum('sourceType', 'bluetoothLowEnergy'),
  eventTimer: fitEnum('event', 'timer'),
  eventLap: fitEnum('event', 'lap'),
  eventSession: fitEnum('event', 'session'),
  eventActivity: fitEnum('event', 'activity'),
  start: fitEnum('eventType', 'start'),
  stop: fitEnum('eventType', 'stop'),
  stopAll: fitEnum('eventType', 'stopAll'),
  setActive: fitEnum('setType', 'active'),
  setRest: fitEnum('setType', 'rest'),
  kilogram: fitEnum('fitBaseUnit', 'kilogram'),
  training: fitEnum('sport', 'training'),
  strength: fitEnum('subSport', 'strengthTraining'),
  intensityActive: fitEnum('intensity', 'active'),
  intensityRest: fitEnum('intensity', 'rest'),
  lapManual: fitEnum('lapTrigger', 'manual'),
  sessionEnd: fitEnum('sessionTrigger', 'activityEnd'),
  activityManual: fitEnum('activity', 'manual'),
};

/** Garmin devices put up to five RR intervals in one hrv message. */
const RR_PER_HRV = 5;

export function encodeFit(source: SessionSource): Uint8Array {
  const { detail } = source;
  const blocks = buildTimeline(detail);
  const stats = heartRateStatsPerBlock(blocks, source.heartRate());
  const startMs = detail.startedAt;
  const endMs = Math.max(sessionEndMs(detail), blocks[blocks.length - 1].endMs);
  const enc = new Encoder();
  const date = (ms: number): Date => new Date(ms);
  // Typed per message, so a misspelt field fails to compile.
  const put = <T extends Mesg>(num: number, mesg: T): void => {
    enc.onMesg(num, mesg);
  };

  put<FileIdMesg>(M.FILE_ID, {
    type: E.fileActivity,
    manufacturer: E.manufacturer,
    product: 0,
    serialNumber: (detail.id >>> 0) || 1,
    timeCreated: date(startMs),
    productName: 'SetBeat',
  });
  put<DeviceInfoMesg>(M.DEVICE_INFO, {
    timestamp: date(startMs),
    deviceIndex: E.creator,
    manufacturer: E.manufacturer,
    product: 0,
    productName: 'SetBeat',
  });
  detail.devices.forEach((d, i) => {
    put<DeviceInfoMesg>(M.DEVICE_INFO, {
      timestamp: date(startMs),
      deviceIndex: i + 1,
      sourceType: E.ble,
      productName: [d.manufacturer, d.model ?? d.name].filter(Boolean).join(' ').slice(0, 60),
      descriptor: d.kind,
    });
  });

  // One exercise_title per exercise used: the FIT code plus SetBeat's own name.
  // Keyed by id and name: two sets of one exercise may carry different names.
  const titleKey = (set: { exerciseId: ExerciseId; exerciseName: string }): string => `${set.exerciseId}\u0000${set.exerciseName}`;
  const titleIndex = new Map<string, number>();
  for (const set of detail.sets) {
    if (titleIndex.has(titleKey(set))) continue;
    const fx = FIT_EXERCISES[set.exerciseId];
    const index = titleIndex.size;
    titleIndex.set(titleKey(set), index);
    put<ExerciseTitleMesg>(M.EXERCISE_TITLE, {
      messageIndex: index,
      exerciseCategory: fx.category,
      ...(fx.subtype !== null ? { exerciseName: fx.subtype } : {}),
      wktStepName: set.exerciseName.slice(0, 60),
    });
  }

  put<EventMesg>(M.EVENT, { timestamp: date(startMs), event: E.eventTimer, eventType: E.start });

  // Set and lap messages are due at their block's end; they are written as the heart rate
  // passes that instant so every timestamp is in order.
  let nextBlock = 0;
  const writeBlocksUntil = (ms: number): void => {
    while (nextBlock < blocks.length && blocks[nextBlock].endMs <= ms) {
      const b = blocks[nextBlock];
      const st = stats[nextBlock];
      const durationS = (b.endMs - b.startMs) / 1000;
      if (b.kind === 'active' && b.set) {
        const fx = FIT_EXERCISES[b.set.exerciseId];
        put<SetMesg>(M.SET, {
          timestamp: date(b.endMs),
          startTime: date(b.startMs),
          duration: durationS,
          repetitions: repsOf(b.set),
          setType: E.setActive,
          category: [fx.category],
          ...(fx.subtype !== null ? { categorySubtype: [fx.subtype] } : {}),
          ...(b.set.loadKg !== null ? { weight: b.set.loadKg, weightDisplayUnit: E.kilogram } : {}),
          messageIndex: nextBlock,
          wktStepIndex: titleIndex.get(titleKey(b.set)) ?? 0,
        });
      } else {
        put<SetMesg>(M.SET, {
          timestamp: date(b.endMs),
          startTime: date(b.startMs),
          duration: durationS,
          setType: E.setRest,
          messageIndex: nextBlock,
        });
      }
      put<LapMesg>(M.LAP, {
        messageIndex: nextBlock,
        timestamp: date(b.endMs),
        startTime: date(b.startMs),
        totalElapsedTime: durationS,
        totalTimerTime: durationS,
        event: E.eventLap,
        eventType: E.stop,
        lapTrigger: E.lapManual,
        intensity: b.kind === 'active' ? E.intensityActive : E.intensityRest,
        sport: E.training,
        subSport: E.strength,
        ...(st.count > 0 ? { avgHeartRate: Math.round(st.sum / st.count), maxHeartRate: Math.round(st.max) } : {}),
        ...(b.kind === 'active' && b.set ? { repetitionNum: repsOf(b.set) } : {}),
      });
      nextBlock++;
    }
  };

  // RR intervals ride along in time order, five per hrv message.
  const rrIt = source.rr()[Symbol.iterator]();
  let rr: IteratorResult<RrInterval> = rrIt.next();
  let rrBatch: number[] = [];
  const writeRrUntil = (ms: number): void => {
    while (!rr.done && rr.value.tMs <= ms) {
      if (rr.value.rrMs > 0 && rr.value.rrMs < 65_535) rrBatch.push(rr.value.rrMs / 1000);
      if (rrBatch.length === RR_PER_HRV) {
        put<HrvMesg>(M.HRV, { time: rrBatch });
        rrBatch = [];
      }
      rr = rrIt.next();
    }
  };

  // One record per whole second: the last reading in that second wins.
  let pendingSecond = -1;
  let pendingBpm = 0;
  let sum = 0;
  let count = 0;
  let max = 0;
  const writeRecord = (): void => {
    if (pendingSecond < 0) return;
    const ms = pendingSecond * 1000;
    writeBlocksUntil(ms);
    writeRrUntil(ms);
    put<RecordMesg>(M.RECORD, { timestamp: date(ms), heartRate: pendingBpm });
  };
  for (const s of source.heartRate()) {
    if (!(s.bpm > 0) || s.tMs < startMs || s.tMs > endMs) continue;
    const second = Math.floor(s.tMs / 1000);
    if (second !== pendingSecond) writeRecord();
    pendingSecond = second;
    pendingBpm = Math.min(254, Math.round(s.bpm));
    sum += s.bpm;
    count++;
    if (s.bpm > max) max = s.bpm;
  }
  writeRecord();
  writeBlocksUntil(Number.POSITIVE_INFINITY);
  writeRrUntil(Number.POSITIVE_INFINITY);
  if (rrBatch.length) put<HrvMesg>(M.HRV, { time: rrBatch });

  const totalS = (endMs - startMs) / 1000;
  put<EventMesg>(M.EVENT, { timestamp: date(endMs), event: E.eventTimer, eventType: E.stopAll });
  put<SessionMesg>(M.SESSION, {
    messageIndex: 0,
    timestamp: date(endMs),
    startTime: date(startMs),
    totalElapsedTime: totalS,
    totalTimerTime: totalS,
    event: E.eventSession,
    eventType: E.stop,
    trigger: E.sessionEnd,
    sport: E.training,
    subSport: E.strength,
    firstLapIndex: 0,
    numLaps: blocks.length,
    totalReps: detail.sets.reduce((n, set) => n + repsOf(set), 0),
    ...(count > 0 ? { avgHeartRate: Math.round(sum / count), maxHeartRate: Math.round(max) } : {}),
  });
  put<ActivityMesg>(M.ACTIVITY, {
    timestamp: date(endMs),
    totalTimerTime: totalS,
    numSessions: 1,
    type: E.activityManual,
    event: E.eventActivity,
    eventType: E.stop,
  });
  return enc.close();
}

export function writeFit(source: SessionSource, sink: ExportSink): void {
  sink(encodeFit(source));
}
