/**
 * What a sensor driver gives the engine: typed, timestamped streams over a small listener API.
 * Times are host epoch milliseconds (the clock `GattLink` stamps notifications with).
 */
import type { HeartRateSample, RrInterval, SensorKind } from '../../shared/domain';
import type { ParseErrorCode } from '../ble/result';
import type { BodySensorLocation } from '../ble/heart-rate';
import type { SensorClockAnchor } from './sensor-clock';

export type { HeartRateSample, RrInterval, SensorKind, SensorClockAnchor };

/** One acceleration sample: host epoch ms and g. */
export interface TimedAcc {
  tMs: number;
  x: number;
  y: number;
  z: number;
}

export interface AccBatch {
  deviceId: string;
  /** When the notification carrying these samples arrived. */
  receivedAtMs: number;
  /** Nominal sample rate of the stream, Hz. */
  sampleRateHz: number;
  samples: TimedAcc[];
  /**
   * Sensor clock against host clock after these samples (streams timed by the sensor's own
   * clock). Hand it to the next driver of the same sensor (`DriverOptions.accClock`).
   */
  clock?: SensorClockAnchor;
}

/** Packets the sensor sent that never arrived (generic IMU sequence gaps). */
export interface SampleLoss {
  atMs: number;
  packets: number;
  /** Estimate: packets x samples per packet. */
  samples: number;
}

export type ParseErrorSource = 'heart-rate' | 'battery' | 'body-sensor-location' | 'device-information' | 'pmd-control-point' | 'pmd-data' | 'imu';

export interface SensorParseError {
  source: ParseErrorSource;
  code: ParseErrorCode;
  message: string;
  atMs: number;
  /** Total parse errors of this driver so far, this one included. */
  total: number;
}

export type DriverState = 'idle' | 'starting' | 'streaming' | 'stopping' | 'stopped' | 'failed';

export interface DriverStatus {
  state: DriverState;
  /** What the person should read: "Accelerometer 200 Hz, ±8 g", "Sensor is on its charger...". */
  message: string;
  /** Streams running now. */
  streams: ('hr' | 'acc')[];
  /** Set when a part of the sensor failed while the rest runs (e.g. PMD refused, HR fine). */
  warning?: string;
}

export interface SensorEvents {
  hr: HeartRateSample;
  rr: RrInterval;
  acc: AccBatch;
  /** Percent 0-100. */
  battery: number;
  /** Skin contact changed: true, false (electrodes off: HR not to be trusted) or null (not reported). */
  contact: boolean | null;
  'parse-error': SensorParseError;
  loss: SampleLoss;
  status: DriverStatus;
}

export interface SensorInfo {
  manufacturer?: string;
  model?: string;
  serial?: string;
  hardware?: string;
  firmware?: string;
  software?: string;
  bodySensorLocation?: BodySensorLocation;
  battery?: number;
}

export interface DriverCounters {
  notifications: number;
  parseErrors: number;
  parseErrorsByCode: Partial<Record<ParseErrorCode, number>>;
  hrSamples: number;
  rrIntervals: number;
  accSamples: number;
  lostPackets: number;
  /** Frames/packets whose clock had to be re-anchored. */
  resyncs: number;
  /** Exceptions thrown by event listeners (caught). */
  listenerErrors: number;
}

export interface SensorDriver {
  readonly kind: SensorKind;
  readonly id: string;
  readonly name: string;
  /** Filled by start(). */
  readonly info: SensorInfo;
  readonly status: DriverStatus;
  readonly counters: Readonly<DriverCounters>;
  /** Discover, read battery/DIS/location, subscribe and start the streams. */
  start(): Promise<void>;
  /** Stop streams on the sensor (PMD stop command) and unsubscribe; the link stays up. */
  stop(): Promise<void>;
  /** stop(), then drop the link. */
  disconnect(): Promise<void>;
  on<K extends keyof SensorEvents>(event: K, listener: (value: SensorEvents[K]) => void): () => void;
}

export interface DriverOptions {
  /** Longest wait for a PMD control-point answer. */
  controlPointTimeoutMs?: number;
  /** Polar ACC preference; the closest the sensor offers is used. */
  accSampleRateHz?: number;
  accRangeG?: number;
  /** Where this sensor's clock stood in the previous connection: the stream's times continue from it. */
  accClock?: SensorClockAnchor;
}
