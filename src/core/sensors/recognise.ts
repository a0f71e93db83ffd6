/** Which driver fits an advertising peripheral, from its name and advertised services. */
import type { SensorKind } from '../../shared/domain';
import { HEART_RATE, normaliseUuid, POLAR_PMD, SETBEAT_IMU } from '../../shared/gatt';

// Polar models with PMD accelerometer streaming; H7/H9 are heart rate only.
const POLAR_PMD_NAME = /^polar (h10|sense|oh1|verity)/i;
const IMU_NAME = /^setbeat imu/i;

export function recogniseSensor(name: string | null | undefined, advertisedServiceUuids: readonly string[]): SensorKind | null {
  const services = new Set(advertisedServiceUuids.map(normaliseUuid));
  const n = (name ?? '').trim();
  if (services.has(POLAR_PMD.service) || POLAR_PMD_NAME.test(n)) return 'polar-pmd';
  if (services.has(SETBEAT_IMU.service) || IMU_NAME.test(n)) return 'generic-imu';
  if (services.has(HEART_RATE.service)) return 'hr-strap';
  return null;
}
