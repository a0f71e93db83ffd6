/**
 * A Polar H10 as SetBeat sees it: Heart Rate (with RR, no contact bits), Battery, Device
 * Information, and the PMD service whose control point answers as the real strap does
 * (ble-protocols.md §2.4-2.6): features `0F 05 00…`, the ACC settings offer
 * {25,50,100,200 Hz; 16 bit; 2,4,8 G}, START accepted with `F0 02 02 00 00 01`, ALREADY_IN_STATE
 * when started twice or stopped while idle, INVALID_PARAMETER for a CHANNELS setting (the H10
 * lists none). Raw int16 mG frames sized to the MTU (36 samples at MTU 232), each stamped
 * with the last sample's time in ns since 2000.
 */
import {
  encodePmdFeatures,
  encodePmdResponse,
  parsePmdCommand,
} from '../../../core/ble/pmd/control-point';
import { PMD_MEASUREMENT, PMD_OP } from '../../../core/ble/pmd/constants';
import { encodePmdAccRawFrame, epochMsToPolarNs } from '../../../core/ble/pmd/data-frame';
import { encodePmdSettings } from '../../../core/ble/pmd/settings';
import { HEART_RATE, POLAR_PMD, POLAR_PSFTP_SERVICE } from '../../../shared/gatt';
import { paceAccPackets, SimHeartDevice, type PacedStream } from './device-base';
import type { AccSource, HeartSource } from './sources';

const STATUS = { success: 0, invalidOpCode: 1, invalidMeasurementType: 2, invalidParameter: 5, alreadyInState: 6, invalidSampleRate: 8, invalidRange: 9, invalidMtu: 10 } as const;

const ACC_OFFER = { sampleRate: [25, 50, 100, 200], resolution: [16], range: [2, 4, 8] };
const ECG_OFFER = { sampleRate: [130], resolution: [14] };

export class SimPolarH10 extends SimHeartDevice {
  readonly serviceUuids = [HEART_RATE.service, POLAR_PSFTP_SERVICE];
  private acc: PacedStream | null = null;
  /** The MTU the link negotiated; frames carry floor((mtu - 3 - 10) / 6) samples. */
  mtu = 232;

  constructor(
    id: string,
    name: string,
    heartSource: HeartSource,
    private readonly accSource: AccSource,
    baseRssi = -58,
  ) {
    super(id, name, baseRssi, { source: heartSource, contactSupported: false, batteryPercent: 87 });
    this.table = [
      ...this.heart.services('Polar Electro Oy', 'H10'),
      {
        uuid: POLAR_PMD.service,
        characteristics: [
          { uuid: POLAR_PMD.controlPoint, properties: ['read', 'write', 'indicate'], read: () => encodePmdFeatures(['ecg', 'acc']), write: (d) => this.command(d) },
          { uuid: POLAR_PMD.data, properties: ['notify'] },
        ],
      },
    ];
  }

  get accStreaming(): boolean {
    return this.acc !== null;
  }

  override onDisconnect(): void {
    // A real H10 keeps measuring after a link loss (the battery-drain known issue); frames
    // simply have nowhere to go. Stopping here is what matters to the simulation: no timers.
    this.stopAcc();
    super.onDisconnect();
  }

  private indicate(bytes: Uint8Array): void {
    this.ctx?.notify(POLAR_PMD.service, POLAR_PMD.controlPoint, bytes);
  }

  /** Every control-point write, in order (tests check that a stream is stopped before disconnecting). */
  readonly commandLog: Uint8Array[] = [];

  private command(data: Uint8Array): void {
    this.commandLog.push(data.slice());
    const parsed = parsePmdCommand(data);
    if (!parsed.ok) {
      this.indicate(encodePmdResponse({ op: data[0] ?? 0, measurementType: data[1] ?? 0, status: STATUS.invalidOpCode }));
      return;
    }
    const cmd = parsed.value;
    const type = cmd.measurementType ?? 0;
    const reply = (status: number, parameters?: Uint8Array): void =>
      this.indicate(encodePmdResponse({ op: cmd.op, measurementType: type, status, parameters }));
    if (type !== PMD_MEASUREMENT.acc && type !== PMD_MEASUREMENT.ecg) return reply(STATUS.invalidMeasurementType);
    switch (cmd.op) {
      case PMD_OP.getMeasurementSettings:
        return reply(STATUS.success, encodePmdSettings(type === PMD_MEASUREMENT.acc ? ACC_OFFER : ECG_OFFER));
      case PMD_OP.requestMeasurementStart: {
        if (type !== PMD_MEASUREMENT.acc) return reply(STATUS.invalidMeasurementType); // ECG is not simulated
        if (this.acc) return reply(STATUS.alreadyInState);
        if (this.mtu < 70) return reply(STATUS.invalidMtu);
        const s = cmd.settings;
        if (s.channels.length || s.rangeMilliunit.length) return reply(STATUS.invalidParameter);
        const rate = s.sampleRate[0] ?? 0;
        const range = s.range[0] ?? 8;
        if (!ACC_OFFER.sampleRate.includes(rate)) return reply(STATUS.invalidSampleRate);
        if (!ACC_OFFER.range.includes(range)) return reply(STATUS.invalidRange);
        // The H10's START answer carries one reserved byte (ble-protocols.md §2.6).
        reply(STATUS.success, Uint8Array.of(1));
        this.startAcc(rate, range);
        return;
      }
      case PMD_OP.stopMeasurement:
        if (type !== PMD_MEASUREMENT.acc || !this.acc) return reply(STATUS.alreadyInState);
        this.stopAcc();
        return reply(STATUS.success);
      default:
        return reply(STATUS.invalidOpCode);
    }
  }

  private startAcc(rateHz: number, rangeG: number): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const perFrame = Math.max(1, Math.floor((this.mtu - 3 - 10) / 6));
    const limit = rangeG * 1000;
    const clampMg = (g: number): number => Math.max(-limit, Math.min(limit, Math.round(g * 1000)));
    // Whole frames only, as the strap sends them, each stamped with its last sample's time.
    this.acc = paceAccPackets(ctx, this.accSource, rateHz, perFrame, (samplesG, firstK) => {
      const samples = samplesG.map(([x, y, z]): [number, number, number] => [clampMg(x), clampMg(y), clampMg(z)]);
      const lastK = firstK + perFrame - 1;
      const lastMs = (lastK / rateHz) * 1000;
      const ts = epochMsToPolarNs(ctx.originMs + lastMs);
      ctx.notify(POLAR_PMD.service, POLAR_PMD.data, encodePmdAccRawFrame(ts, samples, 1));
    });
  }

  private stopAcc(): void {
    this.acc?.stop();
    this.acc = null;
  }
}
