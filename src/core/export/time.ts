/** Time formatting shared by the exporters; all output is UTC so files compare across machines. */

export function isoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** ISO without milliseconds, for formats that only keep seconds (TCX). */
export function isoUtcSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** End of a set: its own end, else the next set's start, else the session end. */
export function setEndMs(endedAt: number | null, fallback: number): number {
  return endedAt ?? fallback;
}
