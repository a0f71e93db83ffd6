/**
 * Builds the simulated sensors from a spec list ("Demo sensors" when nothing is given):
 * recordings where files are named; otherwise one simulated athlete wears them all (the H10
 * on the chest, the IMU at the ankle) and follows the workout (sim/athlete.ts).
 */
import type { Clock } from '../clock';
import type { SimDeviceSpec } from '../ipc';
import { SimBinding } from './binding';
import type { SimDevice } from './device';
import { SimGenericImu } from './generic-imu';
import { SimHrStrap } from './hr-strap';
import { SimPolarH10 } from './polar-h10';
import { SimAthlete } from './athlete';
import { loadAccCsv, loadRrCsv, SyntheticHeart, SyntheticMotion, type AccSource, type HeartSource } from './sources';

/** Fixed ids (noble style: MAC without colons) so a remembered demo sensor stays the same one. */
export const DEMO_IDS = { h10: 'a0de5e000010', strap: 'a0de5e000020', imu: 'a0de5e000030' } as const;

export const DEFAULT_DEMO_DEVICES: SimDeviceSpec[] = [
  { kind: 'polar-pmd', id: DEMO_IDS.h10, name: 'Polar H10 DEM0A10C' },
  { kind: 'hr-strap', id: DEMO_IDS.strap, name: 'Demo HR strap' },
  { kind: 'generic-imu', id: DEMO_IDS.imu, name: 'Demo ankle IMU' },
];

export interface SimulationOptions {
  clock: Clock;
  originMs: number;
  devices?: SimDeviceSpec[];
  connectDelayMs?: number;
  advertiseEveryMs?: number;
  /** Which person wears the demo sensors; by default one drawn from the origin time. */
  athleteSeed?: number;
}

export function buildSimDevices(specs: SimDeviceSpec[], athlete: SimAthlete = new SimAthlete(1)): SimDevice[] {
  return specs.map((spec, i) => {
    const loop = spec.signal === 'loop';
    const heart: HeartSource = spec.rrFile ? loadRrCsv(spec.rrFile) : loop ? new SyntheticHeart() : athlete.heart;
    const acc: AccSource = spec.accFile ? loadAccCsv(spec.accFile) : loop ? new SyntheticMotion() : athlete.accSource(spec.kind === 'generic-imu' ? 'shank' : 'chest');
    const id = spec.id ?? `a0de5e0001${i.toString(16).padStart(2, '0')}`;
    switch (spec.kind) {
      case 'polar-pmd':
        return new SimPolarH10(id, spec.name ?? 'Polar H10 SIM', heart, acc);
      case 'hr-strap':
        return new SimHrStrap(id, spec.name ?? 'HR strap SIM', heart);
      case 'generic-imu':
        return new SimGenericImu(id, spec.name ?? 'SetBeat IMU SIM', acc);
    }
  });
}

export function createSimulation(opts: SimulationOptions): SimBinding {
  const athlete = new SimAthlete(opts.athleteSeed ?? Math.floor(opts.originMs / 1000) % 100_000);
  return new SimBinding({
    clock: opts.clock,
    originMs: opts.originMs,
    athlete,
    devices: buildSimDevices(opts.devices ?? DEFAULT_DEMO_DEVICES, athlete),
    connectDelayMs: opts.connectDelayMs,
    advertiseEveryMs: opts.advertiseEveryMs,
  });
}
