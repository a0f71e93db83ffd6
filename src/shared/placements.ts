/**
 * Where a sensor is worn. Kept apart from the routine schemas so that what needs only the
 * names (the command line's --placement, the detector's priors) loads no validation library.
 */
export const PLACEMENTS = ['chest', 'ankle', 'shank', 'wrist', 'upper-arm', 'hip'] as const;
export type PlacementId = (typeof PLACEMENTS)[number];
export const PLACEMENT_WORDS: Record<PlacementId, string> = {
  chest: 'Chest strap',
  ankle: 'Ankle band',
  shank: 'Shin (shank) band',
  wrist: 'Wristband',
  'upper-arm': 'Upper-arm band',
  hip: 'Hip clip',
};
