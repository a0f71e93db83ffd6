/**
 * The messages between the engine (parent) and the Bluetooth child process. Both sides
 * validate what they receive with these schemas: a confused or half-crashed child must not
 * be able to put malformed data into the engine.
 */
import { z } from 'zod';
import { athleteCueSchema } from './sim/athlete';

export const sensorKindSchema = z.enum(['hr-strap', 'polar-pmd', 'generic-imu']);

export const adapterStatusSchema = z.object({
  state: z.enum(['starting', 'ready', 'no-adapter', 'unauthorized', 'unsupported', 'powered-off', 'not-installed', 'crashed', 'demo']),
  usable: z.boolean(),
  backend: z.enum(['noble', 'simulator']),
  message: z.string(),
  fix: z.string(),
  detail: z.string().optional(),
});

export const simFaultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('link-loss'), deviceId: z.string(), downMs: z.number().nonnegative() }),
  z.object({ kind: z.literal('garbage'), deviceId: z.string(), count: z.number().int().positive(), extraPerNotification: z.number().int().min(0).max(100).optional() }),
  z.object({ kind: z.literal('silence'), deviceId: z.string(), ms: z.number().nonnegative() }),
  z.object({ kind: z.literal('slow'), deviceId: z.string(), delayMs: z.number().nonnegative(), ms: z.number().nonnegative() }),
  /** Electrodes off the skin for ms (straps that report contact). */
  z.object({ kind: z.literal('contact-loss'), deviceId: z.string(), ms: z.number().nonnegative() }),
]);

/**
 * Where a sensor's own clock stood against the host's (core SensorClockAnchor). The engine keeps
 * the last one per sensor and hands it back on the next connect, so a reconnect or a restarted
 * Bluetooth process continues the stream's times instead of guessing them from a first frame.
 */
export const sensorClockSchema = z.object({
  offsetMs: z.number().finite(),
  sensorMs: z.number().finite(),
  hostMs: z.number().finite(),
  // The generic IMU's clock is its packet counter; zod drops keys it does not list, so it is listed.
  packet: z.object({ sequence: z.number().int().min(0).max(0xffff), count: z.number().int().min(1).max(255) }).optional(),
});

export const simDeviceSpecSchema = z.object({
  kind: sensorKindSchema,
  id: z.string().regex(/^[0-9a-f]{12}$/).optional(),
  name: z.string().optional(),
  /** `t,ax,ay,az` (s, g) to replay; synthesised movement without it. */
  accFile: z.string().optional(),
  /** `t,rr_ms` beat intervals to replay; synthesised heart rate without it. */
  rrFile: z.string().optional(),
  /**
   * Without files: 'athlete' (default), the simulated person who follows the workout; 'loop',
   * a fixed 90 s cycle that depends on the time alone (transport tests compare against it).
   */
  signal: z.enum(['athlete', 'loop']).optional(),
});
export type SimDeviceSpec = z.infer<typeof simDeviceSpecSchema>;

export const childConfigSchema = z.object({
  backend: z.enum(['noble', 'simulator']),
  sim: z
    .object({
      /** Replay speed (1 = real time). */
      speed: z.number().positive().default(1),
      /** Epoch ms of replay time 0; kept across restarts so a restarted child resumes the replay. */
      originMs: z.number(),
      /** The Demo sensors when absent. */
      devices: z.array(simDeviceSpecSchema).optional(),
      /** Which simulated person wears the demo sensors (each seed moves and beats its own way). */
      athleteSeed: z.number().int().optional(),
    })
    .optional(),
  /** How often sample batches are sent, ms. */
  batchMs: z.number().positive().default(100),
  opTimeoutMs: z.number().positive().default(5000),
  /** The child leaves when the parent (which pings every second) has been silent this long. */
  parentSilenceMs: z.number().positive().default(15_000),
});
export type ChildConfig = z.infer<typeof childConfigSchema>;
export type ChildConfigInput = z.input<typeof childConfigSchema>;

export const CHILD_CONFIG_ENV = 'SETBEAT_BT_CONFIG';

// ---- parent -> child ----

export const requestBodySchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('status') }),
  z.object({ op: z.literal('scan'), on: z.boolean(), services: z.array(z.string()).optional() }),
  z.object({ op: z.literal('connect'), deviceId: z.string(), timeoutMs: z.number().positive(), accClock: sensorClockSchema.optional() }),
  z.object({ op: z.literal('disconnect'), deviceId: z.string() }),
  z.object({ op: z.literal('fault'), fault: simFaultSchema }),
  /** Simulator only: the workout moved on; the demo athlete follows (ignored for recordings). */
  z.object({ op: z.literal('athlete'), cue: athleteCueSchema }),
  /** Simulator only: make the child hang (busy loop) or crash, to test the supervisor. */
  z.object({ op: z.literal('debug'), action: z.enum(['hang', 'crash']) }),
]);
export type RequestBody = z.infer<typeof requestBodySchema>;

export const parentMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ping'), seq: z.number().int() }),
  z.object({ t: z.literal('req'), id: z.number().int(), body: requestBodySchema }),
  z.object({ t: z.literal('shutdown') }),
]);
export type ParentMessage = z.infer<typeof parentMessageSchema>;

// ---- child -> parent ----

export const foundDeviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  rssi: z.number(),
  kind: sensorKindSchema.nullable(),
  serviceUuids: z.array(z.string()),
});
export type FoundDevice = z.infer<typeof foundDeviceSchema>;

export const connectedInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: sensorKindSchema,
  manufacturer: z.string().optional(),
  model: z.string().optional(),
  firmware: z.string().optional(),
});
export type ConnectedInfo = z.infer<typeof connectedInfoSchema>;

/**
 * Samples of one device since the last batch. Flat arrays keep a 200 Hz stream cheap to
 * serialise: hr = [tMs, bpm, contact(1/0/-1 unknown)]*, rr = [tMs, rrMs]*, acc = [tMs, x, y, z]* (g).
 */
export const batchSchema = z.object({
  t: z.literal('batch'),
  deviceId: z.string(),
  /** Per connection, from 0; a hole means a lost batch. */
  seq: z.number().int(),
  hr: z.array(z.number()),
  rr: z.array(z.number()),
  acc: z.array(z.number()),
  /** The acceleration stream's clock after these samples (sensors that time their own samples). */
  accClock: sensorClockSchema.optional(),
});
export type Batch = z.infer<typeof batchSchema>;

export const responseSchema = z.discriminatedUnion('ok', [
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(true), result: z.unknown().optional() }),
  z.object({ t: z.literal('res'), id: z.number().int(), ok: z.literal(false), error: z.string(), code: z.string().optional() }),
]);

export const childMessageSchema = z.union([
  z.object({ t: z.literal('pong'), seq: z.number().int() }),
  z.object({ t: z.literal('ready'), pid: z.number().int() }),
  responseSchema,
  z.object({ t: z.literal('status'), status: adapterStatusSchema }),
  z.object({ t: z.literal('found'), device: foundDeviceSchema }),
  z.object({ t: z.literal('connected'), info: connectedInfoSchema }),
  z.object({ t: z.literal('disconnected'), deviceId: z.string(), reason: z.string(), atMs: z.number() }),
  batchSchema,
  z.object({ t: z.literal('battery'), deviceId: z.string(), percent: z.number() }),
  z.object({ t: z.literal('rssi'), deviceId: z.string(), rssi: z.number() }),
  z.object({ t: z.literal('contact'), deviceId: z.string(), contact: z.boolean().nullable(), atMs: z.number() }),
  z.object({ t: z.literal('parse-error'), deviceId: z.string(), count: z.number().int(), message: z.string() }),
  z.object({ t: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
]);
export type ChildMessage = z.infer<typeof childMessageSchema>;
