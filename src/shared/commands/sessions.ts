/**
 * Commands for History: a session's detail and heart-rate series, rename, notes, rep
 * corrections, delete with undo, export. Handlers: src/engine/handlers/sessions.ts.
 */
import { z } from 'zod';
import { EXERCISE_IDS } from '../exercises';
import { defineCommands, defineEvents } from './define';
import { DATA_LIMITS, nameProblem } from '../data-rules';

/** The rule every stored name follows (src/shared/data-rules.ts). */
function refineName(value: string, ctx: z.RefinementCtx): void {
  const problem = nameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

const text = (max: number) => z.string().max(max);
const id = z.number().int().positive();
const num = z.number().nullable();

export const repViewSchema = z.object({
  t: z.number(),
  durationS: z.number(),
  downS: num,
  upS: num,
  impactG: num,
  swayG: num,
});

export const setViewSchema = z.object({
  id,
  order: z.number().int(),
  exerciseId: z.enum(EXERCISE_IDS),
  exerciseName: text(200),
  side: z.enum(['left', 'right', 'both']),
  startedAt: z.number(),
  endedAt: num,
  repsDetected: z.number().int(),
  repsCorrected: z.number().int().nullable(),
  target: z.number().int().nullable(),
  avgHr: num,
  maxHr: num,
  restBeforeS: num,
  reps: z.array(repViewSchema).max(2000),
});
export type SetView = z.infer<typeof setViewSchema>;

export const sessionDetailSchema = z.object({
  id,
  name: text(500),
  routineName: text(500).nullable(),
  startedAt: z.number(),
  endedAt: num,
  status: z.enum(['recording', 'finished', 'recovered']),
  durationS: z.number(),
  setCount: z.number().int(),
  repCount: z.number().int(),
  avgHr: num,
  maxHr: num,
  zoneSeconds: z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]),
  notes: text(20_000),
  sets: z.array(setViewSchema).max(1000),
  devices: z.array(z.object({ id: text(100), name: text(200), kind: text(40) })).max(50),
});
export type SessionDetailView = z.infer<typeof sessionDetailSchema>;

export const learnedFromSetSchema = z.object({
  exercise: text(60),
  name: text(200),
  placement: text(40),
  /** How many sets the model has learned from now. */
  sets: z.number().int().nonnegative(),
});
export type LearnedFromSet = z.infer<typeof learnedFromSetSchema>;

export const EXPORT_FORMAT_IDS = ['csv', 'json', 'tcx', 'fit', 'html', 'pdf'] as const;

export const SESSIONS_COMMANDS = defineCommands({
  'sessions.get': { params: z.object({ id }).strict(), result: sessionDetailSchema },
  'sessions.hr': {
    params: z.object({ id, maxPoints: z.number().int().min(10).max(20_000).optional() }).strict(),
    result: z.object({ tMs: z.array(z.number()).max(20_000), bpm: z.array(z.number()).max(20_000) }),
  },
  'sessions.rename': {
    params: z.object({ id, name: z.string().trim().min(1).max(DATA_LIMITS.maxNameLength).superRefine(refineName) }).strict(),
    result: sessionDetailSchema,
  },
  'sessions.setNotes': { params: z.object({ id, notes: text(20_000) }).strict(), result: sessionDetailSchema },
  /** reps null: back to what the detector counted. */
  'sessions.correctReps': {
    params: z.object({ sessionId: id, setId: id, reps: z.number().int().min(0).max(10_000).nullable() }).strict(),
    /** `learned`: what SetBeat learned from the corrected set (null when it could not learn). */
    result: sessionDetailSchema.extend({ learned: learnedFromSetSchema.nullable() }),
  },
  'sessions.delete': { params: z.object({ id }).strict(), result: z.object({ deleted: z.boolean(), undoable: z.boolean() }) },
  'sessions.undoDelete': { params: z.object({}).strict(), result: z.object({ restoredId: id.nullable() }) },
  /** Writes into the data folder's exports/ subfolder; says where. */
  'sessions.export': {
    params: z.object({ id, format: z.enum(EXPORT_FORMAT_IDS) }).strict(),
    result: z.object({ folder: text(4096), files: z.array(z.object({ path: text(4096), bytes: z.number() })).max(20) }),
  },
  /** Every session, one file (or CSV folder) each, into a new folder under exports/. */
  'sessions.exportAll': {
    params: z.object({ format: z.enum(EXPORT_FORMAT_IDS) }).strict(),
    result: z.object({
      folder: text(4096),
      exported: z.number().int(),
      failed: z.array(z.object({ sessionId: id, reason: text(2000) })).max(100_000),
    }),
  },
});

export const SESSIONS_EVENTS = defineEvents({
  /** Bulk export progress, one event per session written. */
  'export.progress': z.object({ done: z.number().int(), total: z.number().int(), format: z.enum(EXPORT_FORMAT_IDS) }),
});
