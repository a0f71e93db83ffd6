/**
 * `scan [--demo] [--seconds N] [--json]`: lists the Bluetooth sensors in range (heart-rate
 * straps, Polar PMD sensors, generic IMUs). Without a usable adapter it says why and how to
 * fix it, and exits 1.
 */
import { optionalNumber, UsageError, UserFacingError, type CliCommand } from '../command';
import { DeviceManager } from '../../bluetooth/device-manager';
import { settledStatus, sleepUnlessAborted } from '../../bluetooth/settled';

export interface ScannedDevice {
  id: string;
  name: string;
  rssi: number;
  kind: string | null;
}

export const scanCommand: CliCommand = {
  name: 'scan',
  summary: 'list Bluetooth heart-rate straps and accelerometers in range (--demo: simulated ones)',
  usage: 'scan [--demo] [--seconds N] [--json]',
  positionals: { min: 0, max: 0, names: '' },
  options: {
    demo: { type: 'boolean', description: 'use the simulated Demo sensors instead of the radio' },
    seconds: { type: 'string', description: 'how long to listen (default 5)' },
  },
  async run(input, io) {
    const seconds = optionalNumber(input, 'seconds') ?? 5;
    if (!(seconds > 0 && seconds <= 600)) throw new UsageError('--seconds must be between 0 and 600');
    const demo = input.options.demo === true;
    const manager = new DeviceManager({ backend: demo ? 'simulator' : 'noble' });
    const found = new Map<string, ScannedDevice>();
    manager.on('device-found', (d) => found.set(d.id, { id: d.id, name: d.name, rssi: d.rssi, kind: d.kind }));
    try {
      manager.start();
      const adapter = await settledStatus(manager);
      if (!adapter.usable) {
        const text = `Bluetooth is unavailable: ${adapter.message}\nFix: ${adapter.fix}${demo ? '' : '\n(Or try the simulated sensors: scan --demo)'}`;
        if (input.json) return { json: { adapter, devices: [] }, text, exitCode: 1 };
        throw new UserFacingError(text);
      }
      io.note(`Scanning for ${seconds} s${demo ? ' (Demo sensors)' : ''}...`);
      await manager.startScan();
      await sleepUnlessAborted(seconds * 1000, io.stopSignal);
      const devices = [...found.values()].sort((a, b) => b.rssi - a.rssi);
      const rows = devices.map((d) => `  ${d.id}  ${String(d.rssi).padStart(4)} dBm  ${(d.kind ?? 'unknown').padEnd(11)}  ${d.name || '(no name)'}`);
      const text = devices.length
        ? [`${devices.length} sensor(s) found:`, ...rows, '', 'Record one with: npm run -s cli -- record --device ID --out FILE.csv' + (demo ? ' --demo' : '')].join('\n')
        : 'No sensors found. Wake the sensor (wet a strap\'s electrodes and put it on) and scan again.';
      return { json: { adapter, devices }, text };
    } finally {
      await manager.close();
    }
  },
};
