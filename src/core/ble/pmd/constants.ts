/**
 * Polar Measurement Data numbers, from the Polar BLE SDK (PmdMeasurementType.kt,
 * PmdControlPointCommand.kt, PmdControlPointResponse.kt, PmdSetting.kt).
 */

export const PMD_MEASUREMENT = {
  ecg: 0,
  ppg: 1,
  acc: 2,
  ppi: 3,
  gyro: 5,
  magnetometer: 6,
  skinTemperature: 7,
  sdkMode: 9,
  location: 10,
  pressure: 11,
  temperature: 12,
  offlineRecording: 13,
  offlineHr: 14,
} as const;
export type PmdMeasurementName = keyof typeof PMD_MEASUREMENT;

export function pmdMeasurementName(type: number): PmdMeasurementName | null {
  for (const [name, value] of Object.entries(PMD_MEASUREMENT)) if (value === type) return name as PmdMeasurementName;
  return null;
}

export const PMD_OP = {
  getMeasurementSettings: 0x01,
  requestMeasurementStart: 0x02,
  stopMeasurement: 0x03,
  getSdkModeMeasurementSettings: 0x04,
  getMeasurementStatus: 0x05,
  getSdkModeStatus: 0x06,
  getOfflineRecordingTriggerStatus: 0x07,
  setOfflineRecordingTriggerMode: 0x08,
  setOfflineRecordingTriggerSettings: 0x09,
} as const;
export type PmdOpName = keyof typeof PMD_OP;

export function pmdOpName(op: number): PmdOpName | null {
  for (const [name, value] of Object.entries(PMD_OP)) if (value === op) return name as PmdOpName;
  return null;
}

/** First byte of a control-point indication that answers a command. */
export const PMD_RESPONSE_CODE = 0xf0;
/** First byte of a feature read (a plain Read of the control point). */
export const PMD_FEATURE_READ_CODE = 0x0f;

/** Control-point status codes (byte 3 of a response) with what they mean to a person. */
export const PMD_STATUS: readonly { name: string; message: string }[] = [
  { name: 'SUCCESS', message: 'The sensor accepted the command' },
  { name: 'ERROR_INVALID_OP_CODE', message: 'The sensor does not know this command' },
  { name: 'ERROR_INVALID_MEASUREMENT_TYPE', message: 'The sensor does not offer this measurement type' },
  { name: 'ERROR_NOT_SUPPORTED', message: 'The sensor does not support this request' },
  { name: 'ERROR_INVALID_LENGTH', message: 'The command had the wrong length' },
  { name: 'ERROR_INVALID_PARAMETER', message: 'The sensor rejected a setting (only send settings it listed for this measurement)' },
  { name: 'ERROR_ALREADY_IN_STATE', message: 'Nothing to do: the measurement is already in the requested state' },
  { name: 'ERROR_INVALID_RESOLUTION', message: 'The sensor does not support this resolution' },
  { name: 'ERROR_INVALID_SAMPLE_RATE', message: 'The sensor does not support this sample rate' },
  { name: 'ERROR_INVALID_RANGE', message: 'The sensor does not support this range' },
  { name: 'ERROR_INVALID_MTU', message: 'The Bluetooth packet size (ATT MTU) is too small for this stream; the H10 needs at least 232 bytes' },
  { name: 'ERROR_INVALID_NUMBER_OF_CHANNELS', message: 'The sensor does not support this number of channels' },
  { name: 'ERROR_INVALID_STATE', message: 'The sensor cannot do this in its current state' },
  { name: 'ERROR_DEVICE_IN_CHARGER', message: 'The sensor is on its charger and will not stream until taken off' },
  { name: 'ERROR_DISK_FULL', message: "The sensor's memory is full" },
  { name: 'ERROR_INVALID_SOURCE_MEASUREMENT_TYPE', message: 'Invalid source measurement type for a derived measurement' },
  { name: 'ERROR_INVALID_SOURCE_MEASUREMENT_RATE', message: 'Invalid source measurement rate for a derived measurement' },
  { name: 'ERROR_INVALID_DERIVED_MEASUREMENT_SETTINGS_GROUP', message: 'Invalid settings group for a derived measurement' },
  { name: 'ERROR_INVALID_DERIVED_MEASUREMENT_METHOD', message: 'Invalid method for a derived measurement' },
];

export function pmdStatusName(status: number): string {
  return PMD_STATUS[status]?.name ?? `UNKNOWN_ERROR_${status}`;
}

/** A readable sentence for any status byte, including ones newer firmware may add. */
export function pmdStatusMessage(status: number): string {
  const known = PMD_STATUS[status];
  return known ? known.message : `The sensor answered with an unknown status code ${status}`;
}

/** Setting TLV types and the byte width of one value of each. */
export const PMD_SETTING = {
  sampleRate: 0,
  resolution: 1,
  range: 2,
  rangeMilliunit: 3,
  channels: 4,
  factor: 5,
  security: 6,
} as const;
export type PmdSettingName = keyof typeof PMD_SETTING;

export const PMD_SETTING_WIDTH: readonly number[] = [2, 2, 2, 4, 1, 4, 16];

/** Nanoseconds from the Unix epoch to Polar's 2000-01-01T00:00:00Z epoch. */
export const POLAR_EPOCH_OFFSET_NS = 946_684_800_000_000_000n;
export const POLAR_EPOCH_OFFSET_MS = 946_684_800_000;
