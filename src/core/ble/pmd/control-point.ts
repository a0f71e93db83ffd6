/**
 * PMD control point (FB005C81): commands we write, the indications the sensor answers with,
 * and the feature block a plain Read returns. Both directions are here because the simulator
 * plays the sensor's side with the same code.
 */
import { ByteWriter } from '../bytes';
import { fail, ok, type ParseResult } from '../result';
import {
  PMD_FEATURE_READ_CODE,
  PMD_OP,
  PMD_RESPONSE_CODE,
  pmdOpName,
  pmdStatusMessage,
  pmdStatusName,
  type PmdMeasurementName,
  type PmdOpName,
} from './constants';
import { emptyPmdSettings, encodePmdStartSettings, parsePmdSettings, type PmdSettings, type PmdStartSettings } from './settings';

export type PmdRecording = 'online' | 'offline';

/** Measurement type byte as sent in commands: bit 7 is online (0) / offline (1). */
function typeByte(type: number, recording: PmdRecording): number {
  return ((recording === 'offline' ? 1 : 0) << 7) | (type & 0x7f);
}

// ---- host -> sensor -------------------------------------------------------------

export function encodePmdGetSettings(type: number, recording: PmdRecording = 'online'): Uint8Array {
  return Uint8Array.of(PMD_OP.getMeasurementSettings, typeByte(type, recording));
}

export function encodePmdStart(type: number, settings: PmdStartSettings, recording: PmdRecording = 'online'): Uint8Array {
  return new ByteWriter(20).u8(PMD_OP.requestMeasurementStart).u8(typeByte(type, recording)).bytes(encodePmdStartSettings(settings)).done();
}

export function encodePmdStop(type: number, recording: PmdRecording = 'online'): Uint8Array {
  return Uint8Array.of(PMD_OP.stopMeasurement, typeByte(type, recording));
}

export interface PmdCommand {
  op: number;
  opName: PmdOpName | null;
  /** Measurement type (bit 7 stripped); null for ops without one (e.g. GET_MEASUREMENT_STATUS). */
  measurementType: number | null;
  recording: PmdRecording;
  /** Settings sent with START; empty otherwise. */
  settings: PmdSettings;
}

/** Decode a command written to the control point (the simulator's side). */
export function parsePmdCommand(b: Uint8Array): ParseResult<PmdCommand> {
  if (b.length === 0) return fail('empty', 'PMD command is empty');
  const op = b[0];
  const opName = pmdOpName(op);
  if (opName === null) return fail('unknown-type', `PMD command op code 0x${op.toString(16).padStart(2, '0')} is unknown`);
  const needsType = op !== PMD_OP.getMeasurementStatus && op !== PMD_OP.getSdkModeStatus;
  if (!needsType) {
    if (b.length > 1) return fail('trailing-bytes', `PMD command ${opName} takes no parameters, got ${b.length - 1} byte(s)`);
    return ok({ op, opName, measurementType: null, recording: 'online', settings: emptyPmdSettings() });
  }
  if (b.length < 2) return fail('truncated', `PMD command ${opName} ends before its measurement type`);
  const measurementType = b[1] & 0x7f;
  const recording: PmdRecording = b[1] & 0x80 ? 'offline' : 'online';
  let settings = emptyPmdSettings();
  if (op === PMD_OP.requestMeasurementStart) {
    const parsed = parsePmdSettings(b.subarray(2));
    if (!parsed.ok) return fail(parsed.error.code, `PMD start command: ${parsed.error.message}`);
    settings = parsed.value;
  } else if (b.length > 2 && (op === PMD_OP.getMeasurementSettings || op === PMD_OP.stopMeasurement)) {
    return fail('trailing-bytes', `PMD command ${opName} takes one byte of measurement type, got ${b.length - 1}`);
  }
  return ok({ op, opName, measurementType, recording, settings });
}

// ---- sensor -> host: responses (indications) -------------------------------------

export interface PmdResponse {
  kind: 'response';
  /** The command's op code, echoed. */
  op: number;
  opName: PmdOpName | null;
  measurementType: number;
  status: number;
  statusName: string;
  /** A sentence for the person (every status code has one). */
  message: string;
  success: boolean;
  /** More indications follow; concatenate their `parameters`. */
  more: boolean;
  /** Bytes after the header (settings TLVs on success). */
  parameters: Uint8Array;
}

/** The sensor stopped measurements on its own ("Stop command from device"). */
export interface PmdStoppedByDevice {
  kind: 'stopped-by-device';
  measurementTypes: number[];
}

export type PmdControlPointIndication = PmdResponse | PmdStoppedByDevice;

export function parsePmdControlPointIndication(b: Uint8Array): ParseResult<PmdControlPointIndication> {
  if (b.length === 0) return fail('empty', 'PMD control-point indication is empty');
  if (b[0] === PMD_OP.getMeasurementSettings) {
    // Polar SDK processPmdCpCommand: 0x01 from the sensor = ONLINE_MEASUREMENT_STOPPED + type list.
    return ok({ kind: 'stopped-by-device', measurementTypes: Array.from(b.subarray(1), (t) => t & 0x3f) });
  }
  if (b[0] !== PMD_RESPONSE_CODE) {
    return fail('unknown-type', `PMD control-point indication starts with 0x${b[0].toString(16).padStart(2, '0')}, expected 0xf0`);
  }
  if (b.length < 4) return fail('truncated', `PMD response of ${b.length} byte(s) ends before its status`);
  const op = b[1];
  const status = b[3];
  const success = status === 0;
  // As the SDK does: `more` and parameters only exist on success.
  const more = success && b.length > 4 && b[4] !== 0;
  const parameters = success && b.length > 5 ? b.slice(5) : new Uint8Array(0);
  return ok({
    kind: 'response',
    op,
    opName: pmdOpName(op),
    measurementType: b[2] & 0x7f,
    status,
    statusName: pmdStatusName(status),
    message: pmdStatusMessage(status),
    success,
    more,
    parameters,
  });
}

/**
 * Settings carried by a successful GET_MEASUREMENT_SETTINGS or START response. The H10 answers
 * START with a single reserved byte (`F0 02 02 00 00 01`), which the SDK reads as no settings.
 */
export function pmdResponseSettings(r: PmdResponse): ParseResult<PmdSettings> {
  if (r.op === PMD_OP.requestMeasurementStart && r.parameters.length < 2) return ok(emptyPmdSettings());
  return parsePmdSettings(r.parameters);
}

export interface PmdResponseInput {
  op: number;
  measurementType: number;
  status?: number;
  more?: boolean;
  parameters?: Uint8Array;
}

export function encodePmdResponse(r: PmdResponseInput): Uint8Array {
  const status = r.status ?? 0;
  const w = new ByteWriter(8 + (r.parameters?.length ?? 0)).u8(PMD_RESPONSE_CODE).u8(r.op).u8(r.measurementType).u8(status);
  if (status === 0) {
    w.u8(r.more ? 1 : 0);
    if (r.parameters) w.bytes(r.parameters);
  } else {
    // Real sensors include the (zero) `more` byte on errors too: `F0 03 02 06 00`.
    w.u8(0);
  }
  return w.done();
}

export function encodePmdStoppedByDevice(types: readonly number[]): Uint8Array {
  return Uint8Array.of(PMD_OP.getMeasurementSettings, ...types);
}

// ---- feature read (plain Read of the control point) ------------------------------

const FEATURE_BITS: readonly [PmdMeasurementName, number, number][] = [
  ['ecg', 1, 0], ['ppg', 1, 1], ['acc', 1, 2], ['ppi', 1, 3], ['gyro', 1, 5], ['magnetometer', 1, 6], ['skinTemperature', 1, 7],
  ['sdkMode', 2, 1], ['location', 2, 2], ['pressure', 2, 3], ['temperature', 2, 4], ['offlineRecording', 2, 5], ['offlineHr', 2, 6],
];

export interface PmdFeatures {
  /** Measurements the sensor can stream, by name. */
  measurements: PmdMeasurementName[];
  has(type: PmdMeasurementName): boolean;
}

export function parsePmdFeatures(b: Uint8Array): ParseResult<PmdFeatures> {
  if (b.length === 0) return fail('empty', 'PMD feature read is empty');
  if (b[0] !== PMD_FEATURE_READ_CODE) {
    return fail('unknown-type', `PMD feature read starts with 0x${b[0].toString(16).padStart(2, '0')}, expected 0x0f`);
  }
  if (b.length < 2) return fail('truncated', 'PMD feature read ends before its feature byte');
  const measurements = FEATURE_BITS.filter(([, byte, bit]) => byte < b.length && (b[byte] >> bit) & 1).map(([name]) => name);
  return ok({ measurements, has: (t) => measurements.includes(t) });
}

/** H10: `0F 05 00 ...` (ECG + ACC), 17 bytes as on the device. */
export function encodePmdFeatures(measurements: readonly PmdMeasurementName[], length = 17): Uint8Array {
  const out = new Uint8Array(Math.max(3, length));
  out[0] = PMD_FEATURE_READ_CODE;
  for (const [name, byte, bit] of FEATURE_BITS) if (measurements.includes(name)) out[byte] |= 1 << bit;
  return out;
}

