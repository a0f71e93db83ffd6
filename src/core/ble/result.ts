/**
 * Every BLE parser returns this instead of throwing: bad bytes from a radio are normal,
 * and the caller counts them (see the drivers' parse-error counters).
 */
export type ParseErrorCode =
  /** Zero bytes where at least one is needed. */
  | 'empty'
  /** The buffer ends before a field its own flags or lengths announce. */
  | 'truncated'
  /** Bytes left over that no field accounts for. */
  | 'trailing-bytes'
  /** A value outside what the format allows (reserved enum, impossible width, ...). */
  | 'out-of-range'
  /** An opcode, frame type or measurement type this parser does not know. */
  | 'unknown-type'
  /** A packet version this parser does not speak. */
  | 'unsupported-version'
  /** Structurally wrong (e.g. a count that disagrees with the length). */
  | 'malformed'
  /** Well-formed, but a copy (whole or cut short) of a notification already taken. */
  | 'duplicate';

export interface ParseError {
  code: ParseErrorCode;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: ParseError };

export function ok<T>(value: T): ParseResult<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ParseErrorCode, message: string): ParseResult<T> {
  return { ok: false, error: { code, message } };
}
