/**
 * Heart-rate zones: five bands at 50-60-70-80-90-100 % of max HR ("max"), or of the heart-rate
 * reserve above resting HR ("reserve", Karvonen). Same bands as the store's summaries, so the
 * live screen and History agree on what "zone 3" means.
 */

export type ZonesMethod = 'max' | 'reserve';

export interface ZoneProfile {
  maxHr: number;
  restingHr: number;
  zonesMethod: ZonesMethod;
}

const ZONE_FRACTIONS = [0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** Lower bounds (bpm, rounded) of zones 1..5. */
export function zoneLowerBounds(p: ZoneProfile): [number, number, number, number, number] {
  const at = (f: number): number =>
    Math.round(p.zonesMethod === 'reserve' ? p.restingHr + f * (p.maxHr - p.restingHr) : f * p.maxHr);
  return [at(ZONE_FRACTIONS[0]), at(ZONE_FRACTIONS[1]), at(ZONE_FRACTIONS[2]), at(ZONE_FRACTIONS[3]), at(ZONE_FRACTIONS[4])];
}

/** Zone 1..5, or 0 below zone 1 (or no reading). */
export function zoneOf(bpm: number | null, p: ZoneProfile): 0 | 1 | 2 | 3 | 4 | 5 {
  if (bpm === null || !(bpm > 0)) return 0;
  const b = zoneLowerBounds(p);
  for (let z = 4; z >= 0; z--) if (bpm >= b[z]) return (z + 1) as 1 | 2 | 3 | 4 | 5;
  return 0;
}
