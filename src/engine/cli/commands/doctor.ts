/**
 * `doctor [--json]`: checks what Bluetooth needs on this machine (adapter, rfkill, the raw-socket
 * capability of the Node that runs Bluetooth, BlueZ conflicts, noble itself) and prints the
 * command that fixes each problem. Exit code 1 when a required check fails; warnings alone exit 0.
 */
import type { CliCommand } from '../command';
import { createSystemProbes, runDoctor, type DoctorProbes } from '../../doctor/index';
import { formatDoctorReport } from '../../doctor/format';

export function createDoctorCommand(makeProbes: () => DoctorProbes = () => createSystemProbes()): CliCommand {
  return {
    name: 'doctor',
    summary: 'check Bluetooth access on this machine and print the command that fixes each problem',
    usage: 'doctor [--json]',
    positionals: { min: 0, max: 0, names: '' },
    options: {},
    async run(_input, io) {
      io.note('Checking Bluetooth (loading noble takes a few seconds)...');
      const report = await runDoctor(makeProbes());
      return { json: report, text: formatDoctorReport(report), exitCode: report.ok ? 0 : 1 };
    },
  };
}

export const doctorCommand = createDoctorCommand();
