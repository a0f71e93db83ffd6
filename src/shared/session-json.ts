/**
 * The SetBeat session JSON file ("format": "setbeat-session", "schemaVersion": 1), as a zod
 * schema so whoever imports a file validates it the same way. Documented in docs/session-json.md.
 *
 * Samples are tuples, not objects, so a two-hour session stays a few megabytes:
 * heart rate `[tMs, bpm, contact]`, RR `[tMs, rrMs]`, acceleration chunks of `[t, x, y, z]`.
 */
import { z } from 'zod';
import { EXERCISE_IDS } from './exercises';
import { DATA_LIMITS, pathLikeReason } from './data-rules';
import type {
  DeviceInfo,
  HeartRateSample,
  Rep,
  RrInterval,
  SessionDetail,
  SetDetail,
} from './domain';

export const SESSION_JSON_FORMAT = 'setbeat-session';
export const SESSION_JSON_VERSION = 1;

/** Limits that refuse absurd files before they reach the store (a day of data fits well within). */
export const SESSION_JSON_LIMITS = {
  maxBytes: 512 * 1024 * 1024,
  maxSets: 2_000,
  maxRepsPerSet: 5_000,
  maxDevices: 16,
  maxHeartRate: 2_000_000,
  maxRr: 2_000_000,
  maxAccChunks: 500_000,
  maxAccSamplesPerChunk: 10_000,
  maxNameLength: DATA_LIMITS.maxNameLength,
  maxNotesLength: DATA_LIMITS.maxNotesLength,
} as const;

const L = SESSION_JSON_LIMITS;

export { pathLikeReason };

/** Names follow src/shared/data-rules.ts, as a rename or a CSV import's --name do. */
const name = z
  .string()
  .max(L.maxNameLength)
  .superRefine((value, ctx) => {
    const reason = pathLikeReason(value);
    if (reason) ctx.addIssue({ code: 'custom', message: `name ${reason}` });
  });
const notes = z.string().max(L.maxNotesLength);
const finite = z.number();
// Not integers: devices timestamp samples to fractions of a millisecond, and the store keeps them.
const epochMs = z.number().min(0).max(DATA_LIMITS.maxEpochMs);
const nullableInt = z.number().int().nullable();

const repQuality = z.strictObject({
  durationS: finite,
  tempo: z.strictObject({ downS: finite, upS: finite }).optional(),
  impactG: finite.optional(),
  swayG: finite.optional(),
});

const rep = z.strictObject({
  t: finite,
  start: finite,
  end: finite,
  amplitude: finite,
  confidence: finite,
  detectedAt: finite,
  quality: repQuality,
});

const set = z.strictObject({
  id: z.number().int(),
  sessionId: z.number().int(),
  order: z.number().int().min(0),
  exerciseId: z.enum(EXERCISE_IDS),
  exerciseName: name,
  side: z.enum(['left', 'right', 'both']),
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
  repsDetected: z.number().int().min(0),
  repsCorrected: z.number().int().min(0).nullable(),
  target: nullableInt,
  loadKg: finite.nullable(),
  notes,
  avgHr: finite.nullable(),
  maxHr: finite.nullable(),
  restBeforeS: finite.nullable(),
  reps: z.array(rep).max(L.maxRepsPerSet),
});

const device = z.strictObject({
  id: z.string().max(L.maxNameLength),
  name,
  kind: z.enum(['hr-strap', 'polar-pmd', 'generic-imu']),
  manufacturer: name.optional(),
  model: name.optional(),
  firmware: name.optional(),
});

const session = z.strictObject({
  id: z.number().int(),
  name,
  routineName: name.nullable(),
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
  status: z.enum(['recording', 'finished', 'recovered']),
  durationS: finite.min(0),
  setCount: z.number().int().min(0),
  repCount: z.number().int().min(0),
  avgHr: finite.nullable(),
  maxHr: finite.nullable(),
  zoneSeconds: z.tuple([finite, finite, finite, finite, finite]),
  notes,
  devices: z.array(device).max(L.maxDevices),
  sets: z.array(set).max(L.maxSets),
});

/** One element of each sample array, for readers that stream them (core/export/session-json-stream). */
export const heartRateTupleSchema = z.tuple([epochMs, z.number().int().min(0).max(DATA_LIMITS.maxBpm), z.boolean().nullable()]);
export const rrTupleSchema = z.tuple([epochMs, finite.min(0).max(DATA_LIMITS.maxRrMs)]);
export const accChunkSchema = z.strictObject({
  sensorId: z.string().max(L.maxNameLength),
  samples: z.array(z.tuple([finite, finite, finite, finite])).max(L.maxAccSamplesPerChunk),
});

export const sessionJsonSchema = z.strictObject({
  format: z.literal(SESSION_JSON_FORMAT),
  schemaVersion: z.literal(SESSION_JSON_VERSION),
  exportedAt: z.string().max(40),
  generator: z.string().max(L.maxNameLength),
  session,
  /** `[tMs, bpm, contact]` */
  heartRate: z.array(heartRateTupleSchema).max(L.maxHeartRate),
  /** `[tMs, rrMs]` */
  rr: z.array(rrTupleSchema).max(L.maxRr),
  /** Chunks of `[tMs, x, y, z]` per sensor: epoch ms, g. */
  acc: z.array(accChunkSchema).max(L.maxAccChunks),
});

export type SessionJson = z.infer<typeof sessionJsonSchema>;

export interface ImportedAccChunk {
  sensorId: string;
  samples: { tMs: number; x: number; y: number; z: number }[];
}

/** What a valid file holds, as domain values. */
export interface ImportedSession {
  detail: SessionDetail;
  heartRate: HeartRateSample[];
  rr: RrInterval[];
  acc: ImportedAccChunk[];
  exportedAt: string;
  generator: string;
}

export type SessionJsonResult = { ok: true; value: ImportedSession } | { ok: false; reason: string };

export function describeIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): string {
  const shown = error.issues.slice(0, 5).map((issue) => {
    const path = [...prefix, ...issue.path];
    const where = path.length ? path.map(String).join('.') : '(top level)';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : '';
  return shown.join('; ') + more;
}

/** Validates a parsed JSON value; never throws. */
export function parseSessionJsonValue(value: unknown): SessionJsonResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'not a SetBeat session file: the top level is not an object' };
  }
  const head = value as Record<string, unknown>;
  if (head.format !== SESSION_JSON_FORMAT) {
    return { ok: false, reason: `not a SetBeat session file: "format" is ${JSON.stringify(head.format) ?? 'missing'}, expected "${SESSION_JSON_FORMAT}"` };
  }
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > SESSION_JSON_VERSION) {
    return { ok: false, reason: `made by a newer SetBeat (schemaVersion ${head.schemaVersion}; this one reads ${SESSION_JSON_VERSION}): update SetBeat to import it` };
  }
  const parsed = sessionJsonSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: `invalid session file: ${describeIssues(parsed.error)}` };
  return { ok: true, value: fromSessionJson(parsed.data) };
}

/** Parses and validates file text; never throws. */
export function parseSessionJsonText(text: string): SessionJsonResult {
  if (text.length > L.maxBytes) return { ok: false, reason: `file is larger than ${L.maxBytes / 1024 / 1024} MB` };
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  return parseSessionJsonValue(value);
}

function fromSessionJson(doc: SessionJson): ImportedSession {
  const s = doc.session;
  const sets: SetDetail[] = s.sets.map((x) => ({
    ...x,
    reps: x.reps.map((r): Rep => ({ ...r, quality: { ...r.quality } })),
  }));
  const devices: DeviceInfo[] = s.devices.map((d) => ({ ...d }));
  const detail: SessionDetail = {
    ...s,
    zoneSeconds: [...s.zoneSeconds],
    devices,
    sets,
  };
  return {
    detail,
    heartRate: doc.heartRate.map(([tMs, bpm, contact]) => ({ tMs, bpm, contact })),
    rr: doc.rr.map(([tMs, rrMs]) => ({ tMs, rrMs })),
    acc: doc.acc.map((chunk) => ({
      sensorId: chunk.sensorId,
      samples: chunk.samples.map(([tMs, x, y, zz]) => ({ tMs, x, y, z: zz })),
    })),
    exportedAt: doc.exportedAt,
    generator: doc.generator,
  };
}
