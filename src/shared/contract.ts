/**
 * The one contract between the UI and the engine: commands (request -> response) and events
 * (engine -> UI). Both transports (Electron IPC, WebSocket) carry exactly these messages, and
 * every side validates what it receives with the schemas below.
 */
import { z } from 'zod';
import { EXERCISE_IDS } from './exercises';
import { WORKOUT_COMMANDS, WORKOUT_EVENTS } from './commands/workout';
import { DEVICES_COMMANDS, DEVICES_EVENTS } from './commands/devices';
import { SESSIONS_COMMANDS, SESSIONS_EVENTS } from './commands/sessions';
import { ROUTINES_COMMANDS } from './commands/routines';

export const PROTOCOL_VERSION = 1;

/** Largest message either side accepts; anything bigger is refused unread. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

const text = (max: number) => z.string().max(max);
const id = z.number().int().positive();

// ---- values that cross the boundary -------------------------------------------------------

export const bluetoothStatusSchema = z.object({
  state: z.enum(['unknown', 'ready', 'unavailable', 'unauthorized', 'unsupported', 'powered-off', 'starting']),
  /** One plain sentence: what is wrong. */
  message: text(500),
  /** One line that fixes it, where there is one. */
  fix: text(500).nullable(),
  demoAvailable: z.boolean(),
});
export type BluetoothStatus = z.infer<typeof bluetoothStatusSchema>;

export const appInfoSchema = z.object({
  name: z.literal('SetBeat'),
  version: text(40),
  protocol: z.number().int(),
  platform: text(40),
  dataDir: text(4096),
  databasePath: text(4096),
  databaseState: z.enum(['open', 'unavailable']),
  /** Why the database is not open (corrupt file, newer version...), in words. */
  databaseProblem: text(2000).nullable(),
  /** What kind of problem, so the UI can offer the right way out. */
  databaseProblemKind: z.enum(['corrupt', 'newer-version', 'locked', 'readonly', 'io', 'install']).nullable(),
  /** Sessions a crash interrupted, closed and kept at this start. */
  recoveredSessions: z.array(z.object({ id, name: text(500) })).max(1000),
  transport: z.enum(['electron', 'web']),
  bluetooth: bluetoothStatusSchema,
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const zoneSecondsSchema = z.tuple([z.number(), z.number(), z.number(), z.number(), z.number()]);

export const sessionSummarySchema = z.object({
  id,
  name: text(500),
  routineName: text(500).nullable(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  status: z.enum(['recording', 'finished', 'recovered']),
  durationS: z.number(),
  setCount: z.number().int(),
  repCount: z.number().int(),
  avgHr: z.number().nullable(),
  maxHr: z.number().nullable(),
  zoneSeconds: zoneSecondsSchema,
});

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  theme: themeSchema,
  maxHr: z.number().int().min(100).max(240),
  restingHr: z.number().int().min(30).max(120),
  zonesMethod: z.enum(['max', 'reserve']),
  units: z.enum(['metric', 'imperial']),
  sounds: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  theme: 'system',
  maxHr: 190,
  restingHr: 60,
  zonesMethod: 'max',
  units: 'metric',
  sounds: true,
};

// ---- commands ------------------------------------------------------------------------------

/**
 * Every command: its parameter schema and its result schema. Adding a command here makes
 * both transports carry it and the type checker demand a handler for it in the engine.
 */
export const COMMANDS = {
  'app.info': { params: z.object({}).strict(), result: appInfoSchema },
  /** Leaves the unreadable database file as it is and starts a new one beside it. */
  'database.startFresh': { params: z.object({}).strict(), result: appInfoSchema },
  'app.ping': {
    params: z.object({ echo: text(200) }).strict(),
    result: z.object({ echo: text(200), engineTime: z.number() }),
  },
  /** Opens the folder of the engine's log file (Electron), or says where it is (web mode). */
  'app.openLogFolder': {
    params: z.object({}).strict(),
    result: z.object({ folder: text(4096), file: text(4096), opened: z.boolean() }),
  },
  'settings.get': { params: z.object({}).strict(), result: settingsSchema },
  'settings.update': { params: settingsSchema.partial().strict(), result: settingsSchema },
  'sessions.list': {
    params: z
      .object({ search: text(200).optional(), limit: z.number().int().min(1).max(1000).optional() })
      .strict(),
    result: z.object({ sessions: z.array(sessionSummarySchema) }),
  },
  'exercises.list': {
    params: z.object({}).strict(),
    result: z.object({ exercises: z.array(z.object({ id: z.enum(EXERCISE_IDS), name: text(200) })) }),
  },
  ...WORKOUT_COMMANDS,
  ...DEVICES_COMMANDS,
  ...SESSIONS_COMMANDS,
  ...ROUTINES_COMMANDS,
} as const;

export type CommandName = keyof typeof COMMANDS;
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];
export type CommandParams<K extends CommandName> = z.input<(typeof COMMANDS)[K]['params']>;
export type CommandResult<K extends CommandName> = z.infer<(typeof COMMANDS)[K]['result']>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

// ---- events --------------------------------------------------------------------------------

export const EVENTS = {
  /** Something the person should know now (a sensor dropped, the disk is full...). */
  notice: z.object({
    level: z.enum(['info', 'warning', 'error']),
    message: text(1000),
  }),
  'bluetooth.status': bluetoothStatusSchema,
  'settings.changed': settingsSchema,
  'sessions.changed': z.object({ reason: text(100) }),
  ...WORKOUT_EVENTS,
  ...DEVICES_EVENTS,
  ...SESSIONS_EVENTS,
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<K extends EventName> = z.infer<(typeof EVENTS)[K]>;

// ---- envelopes -----------------------------------------------------------------------------

export const errorCodeSchema = z.enum(['bad-request', 'unknown-command', 'invalid-params', 'failed', 'too-large', 'unauthorized']);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const requestEnvelopeSchema = z
  .object({
    kind: z.literal('request'),
    id: z.number().int().nonnegative(),
    command: text(100),
    params: z.unknown(),
  })
  .strict();
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;

export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int(),
    ok: z.literal(false),
    error: z.object({ code: errorCodeSchema, message: text(4000) }),
  }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

export const eventEnvelopeSchema = z.object({ kind: z.literal('event'), event: text(100), payload: z.unknown() });
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

export type AnyEvent = { [K in EventName]: { event: K; payload: EventPayload<K> } }[EventName];

/** Validates an incoming event (UI side); null when it is not one we know or it is malformed. */
export function parseEvent(raw: unknown): AnyEvent | null {
  const env = eventEnvelopeSchema.safeParse(raw);
  if (!env.success) return null;
  const name = env.data.event;
  if (!Object.prototype.hasOwnProperty.call(EVENTS, name)) return null;
  const payload = EVENTS[name as EventName].safeParse(env.data.payload);
  return payload.success ? ({ event: name, payload: payload.data } as AnyEvent) : null;
}

/** Readable one-line summary of a zod error, for error replies. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'value'}: ${i.message}`)
    .join('; ');
}
