/** Time formatting shared by the exporters; all output is UTC so files compare across machines. */

export function isoUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** ISO without milliseconds, for formats that only keep seconds (TCX). */
export function isoUtcSeconds(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** "1:05:09" or "5:09". */
export function clockDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(sec).padStart(2, '0')}`;
}

/** End of a set: its own end, else the next set's start, else the session end. */
export function setEndMs(endedAt: number | null, fallback: number): number {
  return endedAt ?? fallback;
}
