/** BLE byte formats: parsers (never throw) and their encoders (for the simulator). */
export * from './result';
export { hexToBytes, bytesToHex } from './bytes';
export * from './heart-rate';
export * from './battery';
export * from './device-information';
export * from './generic-imu';
export * from './pmd/constants';
export * from './pmd/settings';
export * from './pmd/control-point';
export * from './pmd/data-frame';
export * from './pmd/timestamps';
