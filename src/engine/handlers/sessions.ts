import fs from 'node:fs';
import path from 'node:path';
import type { LearnedFromSet, SESSIONS_COMMANDS, SessionDetailView } from '../../shared/commands/sessions';
import type { SessionDetail } from '../../shared/domain';
import { exportAll, exportSession, type ExportFormat } from '../export/exporter';
import { ExportWorkerError, runExportJob } from '../export/export-off-thread';
import { sourceFromStore } from '../export/store-port';
import { CommandError, type GroupHandlers } from '../router';
import type { HandlerContext, HandlerStore } from './context';
import { learnFromStoredSet, unlearnStoredSet } from '../learning/from-set';
import { placementDefaults } from './routines';

function toView(d: SessionDetail): SessionDetailView {
  return {
    id: d.id,
    name: d.name,
    routineName: d.routineName,
    startedAt: d.startedAt,
    endedAt: d.endedAt,
    status: d.status,
    durationS: d.durationS,
    setCount: d.setCount,
    repCount: d.repCount,
    avgHr: d.avgHr,
    maxHr: d.maxHr,
    zoneSeconds: d.zoneSeconds,
    notes: d.notes,
    sets: d.sets.map((s) => ({
      id: s.id,
      order: s.order,
      exerciseId: s.exerciseId,
      exerciseName: s.exerciseName,
      side: s.side,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      repsDetected: s.repsDetected,
      repsCorrected: s.repsCorrected,
      target: s.target,
      avgHr: s.avgHr,
      maxHr: s.maxHr,
      restBeforeS: s.restBeforeS,
      reps: s.reps.slice(0, 2000).map((r) => ({
        t: r.t,
        durationS: r.quality.durationS,
        downS: r.quality.tempo?.downS ?? null,
        upS: r.quality.tempo?.upS ?? null,
        impactG: r.quality.impactG ?? null,
        swayG: r.quality.swayG ?? null,
      })),
    })),
    devices: d.devices.map((x) => ({ id: x.id, name: x.name, kind: x.kind })),
  };
}

function requireStore(ctx: HandlerContext): HandlerStore {
  const s = ctx.store();
  if (!s) throw new CommandError('The database is not open: see Settings > Data for why.');
  return s;
}

/**
 * Exports run on a worker with its own read connection, so live recording never waits for
 * them (the Electron app names the worker's entry its build emits, ctx.exportWorker); a PDF
 * is rendered there and printed here by ctx.printToPdf when the app has one. Only a store
 * with no file on disk to open (an in-memory one in tests) exports on this thread. A worker
 * that cannot start is an error said to the person and logged, never a silent export here.
 */
function offThread(store: HandlerStore): boolean {
  return fs.existsSync(store.path);
}

/** What the person reads when an export fails, logged with `fields`. */
function exportFailure(ctx: HandlerContext, format: ExportFormat, err: unknown, fields: Record<string, unknown>): CommandError {
  const why = err instanceof Error ? err.message : String(err);
  const name = format.toUpperCase();
  if (err instanceof ExportWorkerError && err.notStarted) {
    ctx.log.error({ ...fields, event: 'export-worker-failed', format }, why);
    return new CommandError(`The ${name} export failed: ${why}. Nothing was exported; a recording in progress goes on.`);
  }
  ctx.log.error({ ...fields, format }, why);
  return new CommandError(`The ${name} export failed: ${why}`);
}

function detail(store: HandlerStore, id: number): SessionDetailView {
  const d = store.getSession(id);
  if (!d) throw new CommandError(`There is no session ${id} (it may have been deleted).`);
  return toView(d);
}

/**
 * A corrected count teaches the model for that exercise at the accelerometer's placement. A
 * set that cannot teach (no stored acceleration) keeps its correction and says nothing.
 */
function learnFromCorrection(ctx: HandlerContext, s: HandlerStore, sessionId: number, setId: number, reps: number): LearnedFromSet | null {
  const placement = placementDefaults(s).accelerometer;
  try {
    const r = learnFromStoredSet(s, sessionId, setId, reps, { placement, now: new Date(ctx.now()).toISOString() });
    if (!r.ok) return null;
    return { exercise: r.model.exercise, name: r.model.name, placement: r.model.placement, sets: r.model.sets };
  } catch (err) {
    ctx.events.emit('notice', { level: 'warning', message: `The correction is saved, but SetBeat could not learn from it: ${err instanceof Error ? err.message : String(err)}` });
    return null;
  }
}

/** Handlers for the History commands of src/shared/commands/sessions.ts. */
export function sessionsHandlers(ctx: HandlerContext): GroupHandlers<typeof SESSIONS_COMMANDS> {
  const changed = (reason: string): void => ctx.events.emit('sessions.changed', { reason });
  // One bulk export at a time per engine (the handlers are made once per engine).
  let bulkRunning = false;
  return {
    'sessions.get': ({ id }) => detail(requireStore(ctx), id),
    'sessions.hr': ({ id, maxPoints }) => {
      const s = requireStore(ctx);
      if (!s.getSessionSummary?.(id) && !s.getSession(id)) throw new CommandError(`There is no session ${id}.`);
      return s.hrSeries(id, maxPoints ?? 2000);
    },
    'sessions.rename': ({ id, name }) => {
      const s = requireStore(ctx);
      if (!s.renameSession(id, name)) throw new CommandError(`There is no session ${id}.`);
      changed('renamed');
      return detail(s, id);
    },
    'sessions.setNotes': ({ id, notes }) => {
      const s = requireStore(ctx);
      if (!s.setSessionNotes(id, notes)) throw new CommandError(`There is no session ${id}.`);
      changed('notes');
      return detail(s, id);
    },
    'sessions.correctReps': ({ sessionId, setId, reps }) => {
      const s = requireStore(ctx);
      const d = s.getSession(sessionId);
      if (!d || !d.sets.some((x) => x.id === setId)) throw new CommandError(`Session ${sessionId} has no set ${setId}.`);
      s.correctSetReps(setId, reps);
      changed('reps corrected');
      if (reps === null) unlearnStoredSet(s, sessionId, setId, placementDefaults(s).accelerometer);
      return { ...detail(s, sessionId), learned: reps === null ? null : learnFromCorrection(ctx, s, sessionId, setId, reps) };
    },
    'sessions.delete': ({ id }) => {
      const s = requireStore(ctx);
      const deleted = s.deleteSession(id);
      if (deleted) changed('deleted');
      return { deleted, undoable: deleted };
    },
    'sessions.undoDelete': () => {
      const restoredId = requireStore(ctx).undoLastDelete();
      if (restoredId !== null) changed('restored');
      return { restoredId };
    },
    'sessions.exportAll': async ({ format }) => {
      const s = requireStore(ctx);
      if (bulkRunning) throw new CommandError('An export of all sessions is already running.');
      bulkRunning = true;
      const stamp = new Date(ctx.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
      const folder = path.join(ctx.dataDir, 'exports', `all-${format}-${stamp}`);
      const progress = (done: number, total: number): void => ctx.events.emit('export.progress', { done, total, format });
      try {
        const result = offThread(s)
          ? await runExportJob(s.path, { kind: 'all', format, folder }, { entry: ctx.exportWorker, onProgress: progress, printToPdf: ctx.printToPdf })
          : await exportAll(s, format, folder, { printToPdf: ctx.printToPdf, onProgress: (p) => progress(p.done, p.total) });
        ctx.log.info({ event: 'export-all', format, folder: result.folder, exported: result.sessions.length, failed: result.failed.length }, 'exported all sessions');
        return { folder: result.folder, exported: result.sessions.length, failed: result.failed };
      } catch (err) {
        throw exportFailure(ctx, format, err, { event: 'export-all-failed', folder });
      } finally {
        bulkRunning = false;
      }
    },
    'sessions.export': async ({ id, format }) => {
      const s = requireStore(ctx);
      const folder = path.join(ctx.dataDir, 'exports');
      if (offThread(s)) {
        try {
          const result = await runExportJob(s.path, { kind: 'one', sessionId: id, format, out: folder + path.sep }, { entry: ctx.exportWorker, printToPdf: ctx.printToPdf });
          ctx.log.info({ event: 'export', session: id, format, files: result.files.map((f) => f.path) }, `exported session ${id}`);
          return { folder, files: result.files };
        } catch (err) {
          if (err instanceof ExportWorkerError && err.missing) throw new CommandError(`There is no session ${id}.`);
          throw exportFailure(ctx, format, err, { event: 'export-failed', session: id });
        }
      }
      const source = sourceFromStore(s, id);
      if (!source) throw new CommandError(`There is no session ${id}.`);
      try {
        const result = await exportSession(source, format, folder + path.sep, { printToPdf: ctx.printToPdf });
        ctx.log.info({ event: 'export', session: id, format, files: result.files.map((f) => f.path) }, `exported session ${id}`);
        return { folder, files: result.files };
      } catch (err) {
        throw exportFailure(ctx, format, err, { event: 'export-failed', session: id });
      }
    },
  };
}
