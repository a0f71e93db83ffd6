/**
 * GATT UUIDs SetBeat talks to. Spelled as noble spells them (see src/core/sensors/link.ts):
 * lower-case, 16-bit ids in short form ("180d"), 128-bit ids without dashes.
 */

/** Bluetooth SIG Heart Rate service (0x180D). */
export const HEART_RATE = {
  service: '180d',
  measurement: '2a37',
  bodySensorLocation: '2a38',
  controlPoint: '2a39',
} as const;

/** Bluetooth SIG Battery service (0x180F). */
export const BATTERY = {
  service: '180f',
  level: '2a19',
} as const;

/** Bluetooth SIG Device Information service (0x180A); every string is UTF-8. */
export const DEVICE_INFORMATION = {
  service: '180a',
  manufacturerName: '2a29',
  modelNumber: '2a24',
  serialNumber: '2a25',
  hardwareRevision: '2a27',
  firmwareRevision: '2a26',
  softwareRevision: '2a28',
  systemId: '2a23',
  pnpId: '2a50',
} as const;

/** The Device Information string characteristics, keyed by the field they fill. */
export const DEVICE_INFORMATION_STRINGS = {
  manufacturer: DEVICE_INFORMATION.manufacturerName,
  model: DEVICE_INFORMATION.modelNumber,
  serial: DEVICE_INFORMATION.serialNumber,
  hardware: DEVICE_INFORMATION.hardwareRevision,
  firmware: DEVICE_INFORMATION.firmwareRevision,
  software: DEVICE_INFORMATION.softwareRevision,
} as const;
export type DeviceInformationField = keyof typeof DEVICE_INFORMATION_STRINGS;

/** Client Characteristic Configuration descriptor. */
export const CCCD = '2902';

/**
 * Polar Measurement Data (H10, Verity Sense, OH1): control point (read, write, indicate)
 * and data (notify). Polar SDK BlePMDClient.kt.
 */
export const POLAR_PMD = {
  service: 'fb005c8002e7f3871cad8acd2d8df0c8',
  controlPoint: 'fb005c8102e7f3871cad8acd2d8df0c8',
  data: 'fb005c8202e7f3871cad8acd2d8df0c8',
} as const;

/**
 * Polar's own file-transfer service (PSFTP, 0xFEEE). H10s advertise it; SetBeat does not use
 * it, but it helps recognise a Polar device whose name was changed or is missing.
 */
export const POLAR_PSFTP_SERVICE = 'feee';

/**
 * SetBeat's generic IMU profile (docs/generic-imu-profile.md): one service, one notify
 * characteristic carrying packets of int16 x/y/z samples. Fixed random 128-bit UUIDs sharing
 * a base, 2693e52d-01xx-43d1-8b63-ed7a886a1eb5.
 */
export const SETBEAT_IMU = {
  service: '2693e52d010043d18b63ed7a886a1eb5',
  samples: '2693e52d010143d18b63ed7a886a1eb5',
} as const;

const SIG_BASE_SUFFIX = '00001000800000805f9b34fb';

/**
 * Bring any UUID spelling to noble's: "0000180D-0000-1000-8000-00805F9B34FB" -> "180d",
 * "FB005C80-02E7-..." -> "fb005c8002e7...". Short ids lose leading zeros as noble does.
 */
export function normaliseUuid(uuid: string): string {
  const u = uuid.toLowerCase().replace(/-/g, '');
  if (u.length === 32 && u.startsWith('0000') && u.endsWith(SIG_BASE_SUFFIX)) {
    return u.slice(4, 8).replace(/^0+(?=.)/, '');
  }
  if (u.length <= 4) return u.replace(/^0+(?=.)/, '');
  return u;
}
