/**
 * Imports a SetBeat session file (docs/session-json.md) into the store through the same
 * writer a live recording uses, so summaries (set HR, zones, counts) are computed the same
 * way. The file is validated whole before anything is written; a write that fails part-way
 * removes the half-imported session, so the store never holds a partial copy.
 */
import fs from 'node:fs';
import { parseSessionJsonText, SESSION_JSON_LIMITS, type ImportedSession } from '../../shared/session-json';
import type { Store } from '../store/index';
import { UserFacingError } from '../cli/command';

export class SessionImportError extends UserFacingError {
  override name = 'SessionImportError';
}

export interface ImportResult {
  sessionId: number;
  sets: number;
  heartRate: number;
  rr: number;
  accSamples: number;
}

/** Samples queued between two flushes: bounds the writer's memory on long sessions. */
const FLUSH_EVERY = 50_000;

export function readSessionJsonFile(file: string): ImportedSession {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw new SessionImportError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (size > SESSION_JSON_LIMITS.maxBytes) {
    throw new SessionImportError(`${file} is ${Math.round(size / 1024 / 1024)} MB; session files are limited to ${SESSION_JSON_LIMITS.maxBytes / 1024 / 1024} MB`);
  }
  const parsed = parseSessionJsonText(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new SessionImportError(`${file}: ${parsed.reason}`);
  return parsed.value;
}

export function importSession(store: Store, data: ImportedSession): ImportResult {
  const d = data.detail;
  const writer = store.beginSession({ name: d.name, routineName: d.routineName, startedAt: d.startedAt }, { autoFlush: false });
  const id = writer.sessionId;
  let queued = 0;
  const tick = (n = 1): void => {
    queued += n;
    if (queued >= FLUSH_EVERY) {
      if (!writer.flush()) throw writer.lastError ?? new Error('the store refused a write');
      queued = 0;
    }
  };
  try {
    for (const device of d.devices) writer.addDevice(device);
    const corrections: { setId: number; reps: number }[] = [];
    const notes: { setId: number; notes: string }[] = [];
    for (const set of [...d.sets].sort((a, b) => a.startedAt - b.startedAt || a.order - b.order)) {
      const setId = writer.startSet({
        exerciseId: set.exerciseId,
        side: set.side,
        order: set.order,
        startedAt: set.startedAt,
        target: set.target,
        loadKg: set.loadKg,
        notes: set.notes,
      });
      for (const rep of set.reps) writer.addRep(setId, rep);
      if (set.endedAt !== null) writer.endSet(setId, set.endedAt);
      if (set.repsCorrected !== null) corrections.push({ setId, reps: set.repsCorrected });
      if (set.notes) notes.push({ setId, notes: set.notes });
      tick(set.reps.length + 1);
    }
    for (const s of data.heartRate) {
      writer.addHr(s);
      tick();
    }
    for (const r of data.rr) {
      writer.addRr(r);
      tick();
    }
    let accSamples = 0;
    for (const chunk of data.acc) {
      writer.addAcc(chunk.sensorId, chunk.samples);
      accSamples += chunk.samples.length;
      tick(chunk.samples.length);
    }
    const lastSet = Math.max(d.startedAt, ...d.sets.map((s) => s.endedAt ?? s.startedAt));
    if (!writer.finish(d.endedAt ?? Math.max(lastSet, d.startedAt + d.durationS * 1000))) {
      throw writer.lastError ?? new Error('the store refused the final write');
    }
    for (const c of corrections) store.correctSetReps(c.setId, c.reps);
    for (const n of notes) store.setSetNotes(n.setId, n.notes);
    if (d.notes) store.setSessionNotes(id, d.notes);
    return { sessionId: id, sets: d.sets.length, heartRate: data.heartRate.length, rr: data.rr.length, accSamples };
  } catch (err) {
    if (writer.state === 'recording' || writer.state === 'finishing') writer.detach();
    try {
      store.deleteSession(id);
      store.purgeDeleted(true);
    } catch {
      // The session stays marked as recording; recovery at the next open deals with it.
    }
    throw new SessionImportError(`import failed, nothing was kept: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export function importSessionJsonFile(store: Store, file: string): ImportResult {
  return importSession(store, readSessionJsonFile(file));
}
