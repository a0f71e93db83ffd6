/**
 * Stores test sessions through the store's writer, as the engine would during a workout: an
 * export fixture (every field it has), or the short squat session the browser tests open.
 */
import { openStore, type Store } from '../../src/engine/store/index';
import type { Fixture } from '../core/export/fixture';

/** Records a fixture; returns the session id (throws if the writer could not finish it). */
export function recordFixture(store: Store, fx: Fixture): number {
  const d = fx.detail;
  const w = store.beginSession({ name: d.name, routineName: d.routineName, startedAt: d.startedAt }, { autoFlush: false });
  for (const dev of d.devices) w.addDevice(dev);
  for (const set of d.sets) {
    const id = w.startSet({ exerciseId: set.exerciseId, side: set.side, order: set.order, startedAt: set.startedAt, target: set.target, loadKg: set.loadKg, notes: set.notes });
    for (const rep of set.reps) w.addRep(id, rep);
    if (set.endedAt !== null) w.endSet(id, set.endedAt);
  }
  for (const s of fx.source.heartRate()) w.addHr(s);
  for (const r of fx.source.rr()) w.addRr(r);
  for (const c of fx.source.acc?.() ?? []) {
    w.addAcc(c.sensorId, Array.from({ length: c.count }, (_, i) => ({ tMs: c.tMs[i], x: c.x[i], y: c.y[i], z: c.z[i] })));
  }
  if (!w.finish(d.endedAt ?? d.startedAt)) throw new Error(`the writer could not finish session ${w.sessionId}`);
  const stored = store.getSession(w.sessionId);
  d.sets.forEach((set, i) => {
    if (set.repsCorrected !== null) store.correctSetReps(stored?.sets[i].id ?? -1, set.repsCorrected);
  });
  if (d.notes) store.setSessionNotes(w.sessionId, d.notes);
  return w.sessionId;
}

/** "Tuesday legs": one squat set of 5 reps and a minute of heart rate, 3 Nov 2026 07:00 UTC. */
export function seedTuesdayLegs(dataDir: string, setOrder = 0): void {
  const store = openStore(dataDir);
  try {
    const t0 = Date.UTC(2026, 10, 3, 7, 0);
    const w = store.beginSession({ name: 'Tuesday legs', routineName: "Runner's strength", startedAt: t0 });
    const setId = w.startSet({ exerciseId: 'squat', side: 'both', order: setOrder, target: 5, startedAt: t0 + 5000 });
    for (let i = 0; i < 5; i++) w.addRep(setId, { t: 8 + i * 3, start: 7 + i * 3, end: 9 + i * 3, amplitude: 0.3, confidence: 0.9, detectedAt: 9 + i * 3, quality: { durationS: 2 } });
    for (let i = 0; i < 60; i++) w.addHr({ tMs: t0 + i * 1000, bpm: 100 + (i % 20), contact: true });
    w.endSet(setId, t0 + 25_000);
    w.finish(t0 + 60_000);
  } finally {
    store.close();
  }
}
