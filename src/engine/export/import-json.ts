/**
 * Imports a SetBeat session file (docs/session-json.md) into the store through the same
 * writer a live recording uses, so summaries (set HR, zones, counts) are computed the same
 * way. The file is read as a stream twice: once to validate all of it (nothing is written if
 * any of it is bad), once to write. The session is marked as an import until the last write:
 * one that fails part-way is removed at once, one cut short by a killed process at the next
 * open, so the store never shows a partial copy.
 */
import fs from 'node:fs';
import { parseSessionJsonText, SESSION_JSON_LIMITS, type ImportedSession } from '../../shared/session-json';
import type { SessionDetail } from '../../shared/domain';
import { SessionJsonStreamReader, type SessionStreamHandlers, type SessionStreamHead } from '../../core/export/session-json-stream';
import type { Store } from '../store/index';
import { UserFacingError } from '../cli/command';
import { SampleHasher } from '../store/content-hash';
import { DuplicateImportError, refuseDuplicateImport } from '../store/duplicate-import';

export { DuplicateImportError };

export class SessionImportError extends UserFacingError {
  override name = 'SessionImportError';
}

export interface ImportResult {
  sessionId: number;
  /** Hash of the file's samples, stored with the session (a second import of it is refused). */
  contentHash: string;
  sets: number;
  heartRate: number;
  rr: number;
  accSamples: number;
}

/** Samples queued between two flushes: bounds the writer's memory on long sessions. */
const FLUSH_EVERY = 50_000;

/** Reads a whole file into memory: fine for small files; importSessionJsonFile streams. */
export function readSessionJsonFile(file: string): ImportedSession {
  checkedSize(file);
  const parsed = parseSessionJsonText(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new SessionImportError(`${file}: ${parsed.reason}`);
  return parsed.value;
}

/** Feeds a file to a reader 1 MB at a time; stops early when the reader has seen enough. */
function streamFile(file: string, write: (text: string) => boolean): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1024 * 1024);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      if (!write(decoder.decode(buf.subarray(0, n), { stream: true }))) return;
    }
    write(decoder.decode());
  } finally {
    fs.closeSync(fd);
  }
}

function checkedSize(file: string): number {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch (err) {
    throw new SessionImportError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (size > SESSION_JSON_LIMITS.maxBytes) {
    throw new SessionImportError(`${file} is ${Math.round(size / 1024 / 1024)} MB; session files are limited to ${SESSION_JSON_LIMITS.maxBytes / 1024 / 1024} MB`);
  }
  return size;
}

/** Pass 1: validates the whole file, streaming, keeping only the session head (samples go to `handlers`). */
export function validateSessionJsonFile(file: string, handlers: SessionStreamHandlers = {}): SessionStreamHead {
  checkedSize(file);
  const reader = new SessionJsonStreamReader(handlers);
  try {
    streamFile(file, (text) => reader.write(text));
  } catch (err) {
    throw new SessionImportError(`${file}: not UTF-8 text (${err instanceof Error ? err.message : String(err)})`);
  }
  const result = reader.end();
  if (!result.ok) throw new SessionImportError(`${file}: ${result.reason}`);
  return result.value;
}

/**
 * Writes a session into the store: the head's sets and reps first, then the samples that
 * `feed` pushes (from memory or, for files, from a second streaming pass).
 */
function writeSession(store: Store, d: SessionDetail, contentHash: string, feed: (sink: SessionStreamHandlers) => void): ImportResult {
  const writer = store.beginSession({ name: d.name, routineName: d.routineName, startedAt: d.startedAt, importing: true }, { autoFlush: false });
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
      tick(set.reps.length + 1);
    }
    const counts = { heartRate: 0, rr: 0, accSamples: 0 };
    feed({
      heartRate: (s) => {
        writer.addHr(s);
        counts.heartRate++;
        tick();
      },
      rr: (r) => {
        writer.addRr(r);
        counts.rr++;
        tick();
      },
      acc: (c) => {
        writer.addAcc(c.sensorId, c.samples);
        counts.accSamples += c.samples.length;
        tick(c.samples.length);
      },
    });
    const lastSet = Math.max(d.startedAt, ...d.sets.map((s) => s.endedAt ?? s.startedAt));
    if (!writer.finish(d.endedAt ?? Math.max(lastSet, d.startedAt + d.durationS * 1000))) {
      throw writer.lastError ?? new Error('the store refused the final write');
    }
    for (const c of corrections) store.correctSetReps(c.setId, c.reps);
    if (d.notes) store.setSessionNotes(id, d.notes);
    store.completeImport(id, contentHash);
    return { sessionId: id, contentHash, sets: d.sets.length, ...counts };
  } catch (err) {
    if (writer.state === 'recording' || writer.state === 'finishing') writer.detach();
    // Should this fail too (a full disk), the session stays marked as an unfinished import:
    // hidden from lists, and removed at the next open.
    store.removeUnfinishedImport(id);
    throw new SessionImportError(`import failed, nothing was kept: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Feeds each sample to the hasher, in file order per stream. */
function hashing(hasher: SampleHasher): SessionStreamHandlers {
  return {
    heartRate: (s) => hasher.hr(s.tMs, s.bpm, null),
    rr: (r) => hasher.rr(r.tMs, r.rrMs),
    acc: (c) => {
      for (const p of c.samples) hasher.acc(p.tMs, p.x, p.y, p.z);
    },
  };
}

export interface SessionImportOptions {
  /** Import even when a stored session has the same samples (else DuplicateImportError). */
  again?: boolean;
}

/** Imports a session already in memory (parsed with parseSessionJsonText). */
export function importSession(store: Store, data: ImportedSession, options: SessionImportOptions = {}): ImportResult {
  const hasher = new SampleHasher('session-json');
  const h = hashing(hasher);
  for (const s of data.heartRate) h.heartRate?.(s);
  for (const r of data.rr) h.rr?.(r);
  for (const c of data.acc) h.acc?.(c);
  const contentHash = hasher.digest();
  refuseDuplicateImport(store, contentHash, options.again);
  return writeSession(store, data.detail, contentHash, (sink) => {
    for (const s of data.heartRate) sink.heartRate?.(s);
    for (const r of data.rr) sink.rr?.(r);
    for (const c of data.acc) sink.acc?.(c);
  });
}

/**
 * Imports a session file of any length: pass 1 validates it all (nothing written if it is
 * bad), pass 2 streams the samples into the writer. Memory stays flat.
 */
export function importSessionJsonFile(store: Store, file: string, options: SessionImportOptions = {}): ImportResult {
  // Pass 1 also hashes the samples, so a file imported before is refused before any write.
  const hasher = new SampleHasher('session-json');
  const head = validateSessionJsonFile(file, hashing(hasher));
  const contentHash = hasher.digest();
  refuseDuplicateImport(store, contentHash, options.again);
  return writeSession(store, head.detail, contentHash, (sink) => {
    const reader = new SessionJsonStreamReader(sink);
    streamFile(file, (text) => reader.write(text));
    const again = reader.end();
    // The file changed between the passes.
    if (!again.ok) throw new Error(again.reason);
  });
}
