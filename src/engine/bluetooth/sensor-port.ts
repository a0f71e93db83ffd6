/**
 * What the Bluetooth service needs from a sensor driver, kept to one small seam so the
 * child process does not depend on the drivers' insides: start a driver of a kind over a
 * link, hear its samples, stop it (a Polar stream must be stopped before disconnecting).
 */
import type { SensorKind } from '../../shared/domain';
import type { GattLink } from '../../core/sensors/link';
import type { SensorClockAnchor } from '../../core/sensors/sensor-clock';

export interface SampleSink {
  hr(tMs: number, bpm: number, contact: boolean | null): void;
  rr(tMs: number, rrMs: number): void;
  /** Acceleration in g at host time tMs. */
  acc(tMs: number, x: number, y: number, z: number): void;
  /** The acceleration stream's sensor clock after the samples so far (to continue it on reconnect). */
  accClock(anchor: SensorClockAnchor): void;
  battery(percent: number): void;
  /** A notification the driver could not parse (it was counted, not thrown). */
  parseError(message: string): void;
  /** Device information the driver read (manufacturer, model, firmware). */
  info(info: { manufacturer?: string; model?: string; firmware?: string }): void;
}

export interface RunningSensor {
  readonly kind: SensorKind;
  /** Stops streams (PMD stop command) and unsubscribes; does not disconnect. */
  stop(): Promise<void>;
}

export interface StartSensorOptions {
  /** The sensor clock as the previous connection left it. */
  accClock?: SensorClockAnchor;
}

export type StartSensor = (kind: SensorKind, link: GattLink, sink: SampleSink, options?: StartSensorOptions) => Promise<RunningSensor>;

/** Guesses a kind from what a scan shows (name, advertised services); refined after connecting. */
export type RecogniseSensor = (name: string, services: readonly string[]) => SensorKind | null;
