/**
 * Zone colours for the big heart-rate figure. Solid fills with the text colour picked for
 * contrast (>= 4.5:1 both themes), so the zone reads from 3 m even for colour-blind people:
 * the zone number and name are always shown too.
 */
export interface ZoneStyle {
  zone: number;
  name: string;
  background: string;
  color: string;
}

export const ZONE_STYLES: readonly ZoneStyle[] = [
  { zone: 0, name: 'Below zone 1', background: 'var(--surface-2)', color: 'var(--text)' },
  { zone: 1, name: 'Zone 1 · very light', background: '#1d4ed8', color: '#ffffff' },
  { zone: 2, name: 'Zone 2 · light', background: '#047857', color: '#ffffff' },
  { zone: 3, name: 'Zone 3 · moderate', background: '#facc15', color: '#14181d' },
  { zone: 4, name: 'Zone 4 · hard', background: '#ea580c', color: '#14181d' },
  { zone: 5, name: 'Zone 5 · maximum', background: '#b91c1c', color: '#ffffff' },
];

export function zoneStyle(zone: number | null | undefined): ZoneStyle {
  return ZONE_STYLES[zone !== null && zone !== undefined && zone >= 0 && zone <= 5 ? Math.round(zone) : 0];
}

/** "Zone 3: 133–151 bpm" ranges for the legend, from the five lower bounds. */
export function zoneRanges(bounds: readonly number[], maxHr: number): string[] {
  return bounds.map((lo, i) => `Zone ${i + 1}: ${lo}–${i < 4 ? bounds[i + 1] - 1 : maxHr} bpm`);
}
