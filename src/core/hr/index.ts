/** Heart-rate figures: zones, RMSSD with artefact rejection, recovery after a set. */
export { zoneLowerBounds, zoneOf } from './zones';
export type { ZoneProfile, ZonesMethod } from './zones';
export { RmssdWindow } from './rmssd';
export type { RmssdOptions } from './rmssd';
export { HrRecovery, RECOVERY_WINDOW_MS } from './recovery';
export type { RecoveryView } from './recovery';
