import path from 'node:path';
import type { SESSIONS_COMMANDS, SessionDetailView } from '../../shared/commands/sessions';
import type { SessionDetail } from '../../shared/domain';
import { exportAll, exportSession } from '../export/exporter';
import { sourceFromStore } from '../export/store-port';
import { CommandError, type GroupHandlers } from '../router';
import type { HandlerContext, HandlerStore } from './context';

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

function detail(store: HandlerStore, id: number): SessionDetailView {
  const d = store.getSession(id);
  if (!d) throw new CommandError(`There is no session ${id} (it may have been deleted).`);
  return toView(d);
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
      return detail(s, sessionId);
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
      try {
        const result = await exportAll(s, format, folder, {
          printToPdf: ctx.printToPdf,
          onProgress: (p) => ctx.events.emit('export.progress', { done: p.done, total: p.total, format }),
        });
        ctx.log.info({ event: 'export-all', format, folder: result.folder, exported: result.sessions.length, failed: result.failed.length }, 'exported all sessions');
        return { folder: result.folder, exported: result.sessions.length, failed: result.failed };
      } catch (err) {
        ctx.log.error({ event: 'export-all-failed', format, folder }, err instanceof Error ? err.message : String(err));
        throw new CommandError(`The ${format.toUpperCase()} export failed: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        bulkRunning = false;
      }
    },
    'sessions.export': async ({ id, format }) => {
      const s = requireStore(ctx);
      const source = sourceFromStore(s, id);
      if (!source) throw new CommandError(`There is no session ${id}.`);
      const folder = path.join(ctx.dataDir, 'exports');
      try {
        const result = await exportSession(source, format, folder + path.sep, { printToPdf: ctx.printToPdf });
        ctx.log.info({ event: 'export', session: id, format, files: result.files.map((f) => f.path) }, `exported session ${id}`);
        return { folder, files: result.files };
      } catch (err) {
        ctx.log.error({ event: 'export-failed', session: id, format }, err instanceof Error ? err.message : String(err));
        throw new CommandError(`The ${format.toUpperCase()} export failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
