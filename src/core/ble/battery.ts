/** Battery Level 0x2A19: one uint8, percent 0-100. */
import { fail, ok, type ParseResult } from './result';

export function parseBatteryLevel(b: Uint8Array): ParseResult<number> {
  if (b.length === 0) return fail('empty', 'Battery level is empty');
  if (b.length > 1) return fail('trailing-bytes', `Battery level is one byte, got ${b.length}`);
  if (b[0] > 100) return fail('out-of-range', `Battery level ${b[0]} % is above 100 %`);
  return ok(b[0]);
}

export function encodeBatteryLevel(percent: number): Uint8Array {
  return Uint8Array.of(Math.max(0, Math.min(100, Math.round(percent))));
}
