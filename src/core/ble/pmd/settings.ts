/**
 * PMD settings TLVs: `<type u8> <count u8> <count x value LE>`, value width by type
 * (PmdSetting.kt). Used in GET_MEASUREMENT_SETTINGS responses (several values: what the
 * sensor offers) and in START requests (one value each: what we pick).
 */
import { ByteWriter, f32le, u16le, u32le } from '../bytes';
import { fail, ok, type ParseResult } from '../result';
import { PMD_SETTING, PMD_SETTING_WIDTH } from './constants';

/** What a sensor offers (or, in a start response, what it applied). */
export interface PmdSettings {
  sampleRate: number[];
  resolution: number[];
  range: number[];
  rangeMilliunit: number[];
  channels: number[];
  /** Multiply delta-frame values by this (sent in START responses); null when absent. */
  factor: number | null;
  /** Present on newer devices for encrypted offline recording; opaque here. */
  security: Uint8Array | null;
}

export function emptyPmdSettings(): PmdSettings {
  return { sampleRate: [], resolution: [], range: [], rangeMilliunit: [], channels: [], factor: null, security: null };
}

export function parsePmdSettings(b: Uint8Array): ParseResult<PmdSettings> {
  const s = emptyPmdSettings();
  let o = 0;
  while (o < b.length) {
    if (o + 2 > b.length) return fail('truncated', `PMD setting at byte ${o} ends before its count`);
    const type = b[o];
    const count = b[o + 1];
    o += 2;
    const width = PMD_SETTING_WIDTH[type];
    if (width === undefined) return fail('unknown-type', `PMD setting type ${type} is unknown, cannot size its values`);
    if (o + width * count > b.length) {
      return fail('truncated', `PMD setting type ${type} announces ${count} value(s) of ${width} byte(s) but the buffer ends`);
    }
    for (let i = 0; i < count; i++, o += width) {
      switch (type) {
        case PMD_SETTING.sampleRate: s.sampleRate.push(u16le(b, o)); break;
        case PMD_SETTING.resolution: s.resolution.push(u16le(b, o)); break;
        case PMD_SETTING.range: s.range.push(u16le(b, o)); break;
        case PMD_SETTING.rangeMilliunit: s.rangeMilliunit.push(u32le(b, o)); break;
        case PMD_SETTING.channels: s.channels.push(b[o]); break;
        case PMD_SETTING.factor: s.factor = f32le(b, o); break;
        case PMD_SETTING.security: s.security = b.slice(o, o + width); break;
      }
    }
  }
  return ok(s);
}

/** The settings a START request chooses, one value each. */
export interface PmdStartSettings {
  sampleRate?: number;
  resolution?: number;
  range?: number;
  rangeMilliunit?: number;
  channels?: number;
}

/**
 * Serialise START settings, in the object's own key order (Polar's apps differ: the H10 vector
 * in the reference sends range first). Only send what the sensor listed in its GET response.
 */
export function encodePmdStartSettings(s: PmdStartSettings): Uint8Array {
  const w = new ByteWriter(16);
  for (const [key, value] of Object.entries(s) as [keyof PmdStartSettings, number | undefined][]) {
    if (value === undefined) continue;
    const type = PMD_SETTING[key];
    w.u8(type).u8(1).int(value, PMD_SETTING_WIDTH[type]);
  }
  return w.done();
}

/** Serialise what a sensor offers (for the simulator's GET_MEASUREMENT_SETTINGS answer). */
export function encodePmdSettings(s: Partial<PmdSettings>): Uint8Array {
  const w = new ByteWriter(32);
  const list = (type: number, values: number[] | undefined) => {
    if (!values || values.length === 0) return;
    w.u8(type).u8(values.length);
    for (const v of values) w.int(v, PMD_SETTING_WIDTH[type]);
  };
  list(PMD_SETTING.sampleRate, s.sampleRate);
  list(PMD_SETTING.resolution, s.resolution);
  list(PMD_SETTING.range, s.range);
  list(PMD_SETTING.rangeMilliunit, s.rangeMilliunit);
  list(PMD_SETTING.channels, s.channels);
  if (s.factor != null) w.u8(PMD_SETTING.factor).u8(1).f32(s.factor);
  if (s.security) w.u8(PMD_SETTING.security).u8(1).bytes(s.security.subarray(0, 16));
  return w.done();
}
