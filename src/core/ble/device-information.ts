/** Device Information (0x180A) strings: UTF-8, some devices pad with NULs. */
import { fail, ok, type ParseResult } from './result';

const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/** Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF), so decoding never has to throw. */
function isUtf8(b: Uint8Array, end: number): boolean {
  let i = 0;
  while (i < end) {
    const c = b[i];
    if (c < 0x80) { i++; continue; }
    let n: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; cp = c & 0x1f; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; cp = c & 0x0f; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; cp = c & 0x07; }
    else return false;
    if (i + n >= end) return false;
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if ((cc & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

export function parseDeviceInformationString(b: Uint8Array): ParseResult<string> {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  if (!isUtf8(b, end)) return fail('malformed', `Device information string is not valid UTF-8 (${end} byte(s))`);
  return ok(utf8.decode(b.subarray(0, end)).trim());
}

export function encodeDeviceInformationString(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}
