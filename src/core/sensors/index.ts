/** Sensor drivers over a GattLink: recognise a peripheral, create its driver, listen to samples. */
import type { SensorKind } from '../../shared/domain';
import { GenericImuDriver } from './generic-imu';
import { HeartRateStrapDriver } from './hr-strap';
import type { GattLink } from './link';
import { PolarPmdDriver } from './polar-pmd';
import type { DriverOptions, SensorDriver } from './types';

export function createDriver(kind: SensorKind, link: GattLink, options: DriverOptions = {}): SensorDriver {
  switch (kind) {
    case 'hr-strap':
      return new HeartRateStrapDriver(link, options);
    case 'polar-pmd':
      return new PolarPmdDriver(link, options);
    case 'generic-imu':
      return new GenericImuDriver(link, options);
  }
}

export { recogniseSensor } from './recognise';
export { HeartRateStrapDriver } from './hr-strap';
export { PolarPmdDriver, PmdCommandError } from './polar-pmd';
export { GenericImuDriver } from './generic-imu';
export { SensorHostClock, isSensorClockAnchor } from './sensor-clock';
export type { GattLink } from './link';
export type * from './types';
