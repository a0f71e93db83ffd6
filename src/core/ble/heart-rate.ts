/**
 * Heart Rate service (0x180D): Heart Rate Measurement 0x2A37 and Body Sensor Location 0x2A38.
 * Layout: Bluetooth SIG HRS; cross-checked with bumble's heart_rate_service.py and
 * bleakheart (see ../shared/reference/ble-protocols.md §1.2).
 */
import { ByteWriter, u16le } from './bytes';
import { fail, ok, type ParseResult } from './result';

const FLAG_HR_UINT16 = 0x01;
const FLAG_CONTACT_DETECTED = 0x02;
const FLAG_CONTACT_SUPPORTED = 0x04;
const FLAG_ENERGY = 0x08;
const FLAG_RR = 0x10;

export interface HeartRateMeasurement {
  bpm: number;
  /** Wire width of the rate field. */
  format: 'uint8' | 'uint16';
  contactSupported: boolean;
  /** Meaningful only when contactSupported (the bit is 0 on straps that cannot tell). */
  contactDetected: boolean;
  /** null: the strap does not report contact; false: it says the electrodes are off. */
  contact: boolean | null;
  /** Cumulative energy in kJ, when the strap sends it. */
  energyExpendedKj: number | null;
  /** RR intervals in 1/1024 s, as sent. */
  rr1024: number[];
  /** The same intervals in milliseconds. */
  rrMs: number[];
}

export function rr1024ToMs(raw: number): number {
  return (raw * 1000) / 1024;
}

export function msToRr1024(ms: number): number {
  return Math.round((ms * 1024) / 1000);
}

export function parseHeartRateMeasurement(b: Uint8Array): ParseResult<HeartRateMeasurement> {
  if (b.length === 0) return fail('empty', 'Heart rate measurement is empty');
  const flags = b[0];
  const wide = (flags & FLAG_HR_UINT16) !== 0;
  let o = 1;
  const rateBytes = wide ? 2 : 1;
  if (b.length < o + rateBytes) {
    return fail('truncated', `Heart rate measurement of ${b.length} byte(s) ends before its ${wide ? 'uint16' : 'uint8'} rate`);
  }
  const bpm = wide ? u16le(b, o) : b[o];
  o += rateBytes;
  let energyExpendedKj: number | null = null;
  if (flags & FLAG_ENERGY) {
    if (b.length < o + 2) return fail('truncated', 'Heart rate measurement announces energy expended but ends before it');
    energyExpendedKj = u16le(b, o);
    o += 2;
  }
  const rr1024: number[] = [];
  if (flags & FLAG_RR) {
    if ((b.length - o) % 2 !== 0) {
      return fail('truncated', `Heart rate measurement has half an RR interval (${b.length - o} RR byte(s))`);
    }
    for (; o + 1 < b.length; o += 2) rr1024.push(u16le(b, o));
  } else if (o < b.length) {
    return fail('trailing-bytes', `Heart rate measurement has ${b.length - o} unexplained trailing byte(s)`);
  }
  const contactSupported = (flags & FLAG_CONTACT_SUPPORTED) !== 0;
  const contactDetected = (flags & FLAG_CONTACT_DETECTED) !== 0;
  return ok({
    bpm,
    format: wide ? 'uint16' : 'uint8',
    contactSupported,
    contactDetected,
    contact: contactSupported ? contactDetected : null,
    energyExpendedKj,
    rr1024,
    rrMs: rr1024.map(rr1024ToMs),
  });
}

export interface HeartRateMeasurementInput {
  bpm: number;
  /** undefined/null: contact not supported; true/false: supported and (not) detected. */
  contact?: boolean | null;
  energyExpendedKj?: number | null;
  /** RR in ms (rounded to 1/1024 s) ... */
  rrMs?: readonly number[];
  /** ... or already in 1/1024 s (wins over rrMs). */
  rr1024?: readonly number[];
  /** Send the rate as uint16 even when it fits a byte. */
  uint16?: boolean;
  /** Set the RR flag even with no intervals (a strap that had no beat in the interval). */
  rrFlag?: boolean;
}

/** The inverse of parseHeartRateMeasurement, for the simulator. */
export function encodeHeartRateMeasurement(m: HeartRateMeasurementInput): Uint8Array {
  const rr = m.rr1024 ?? (m.rrMs ?? []).map(msToRr1024);
  const wide = m.uint16 === true || m.bpm > 255;
  let flags = 0;
  if (wide) flags |= FLAG_HR_UINT16;
  if (m.contact === true || m.contact === false) flags |= FLAG_CONTACT_SUPPORTED;
  if (m.contact === true) flags |= FLAG_CONTACT_DETECTED;
  if (m.energyExpendedKj != null) flags |= FLAG_ENERGY;
  if (rr.length > 0 || m.rrFlag) flags |= FLAG_RR;
  const w = new ByteWriter(2 + 2 + 2 * rr.length);
  w.u8(flags);
  if (wide) w.u16(m.bpm);
  else w.u8(m.bpm);
  if (m.energyExpendedKj != null) w.u16(Math.min(0xffff, m.energyExpendedKj));
  for (const r of rr) w.u16(Math.min(0xffff, r));
  return w.done();
}

export const BODY_SENSOR_LOCATIONS = ['other', 'chest', 'wrist', 'finger', 'hand', 'ear-lobe', 'foot'] as const;
export type BodySensorLocation = (typeof BODY_SENSOR_LOCATIONS)[number];

export function parseBodySensorLocation(b: Uint8Array): ParseResult<BodySensorLocation> {
  if (b.length === 0) return fail('empty', 'Body sensor location is empty');
  if (b.length > 1) return fail('trailing-bytes', `Body sensor location is one byte, got ${b.length}`);
  const loc = BODY_SENSOR_LOCATIONS[b[0]];
  if (loc === undefined) return fail('out-of-range', `Body sensor location ${b[0]} is reserved (0-6 are defined)`);
  return ok(loc);
}

export function encodeBodySensorLocation(loc: BodySensorLocation): Uint8Array {
  return Uint8Array.of(BODY_SENSOR_LOCATIONS.indexOf(loc));
}
