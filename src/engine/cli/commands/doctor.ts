/**
 * `doctor [--json]`: checks what Bluetooth needs on this machine (adapter, rfkill, the raw-socket
 * capability of the Node that runs Bluetooth, BlueZ conflicts, noble itself) and prints the
 * command that fixes each problem. Exit code 1 when a required check fails; warnings alone exit 0.
 */
import type { CliCommand } from '../command';
import { createSystemProbes, runDoctor, type DoctorProbes } from '../../doctor/index';
import { formatDoctorReport } from '../../doctor/format';
import { logFileOf } from '../../log/logger';

export function createDoctorCommand(makeProbes: () => DoctorProbes = () => createSystemProbes()): CliCommand {
  return {
    name: 'doctor',
    summary: 'check Bluetooth access on this machine and print the command that fixes each problem',
    usage: 'doctor [--json]',
    positionals: { min: 0, max: 0, names: '' },
    options: {},
    async run(input, io) {
      io.note('Checking Bluetooth (loading noble takes a few seconds)...');
      const report = await runDoctor(makeProbes());
      // The log is what to send with a problem report: name it where the person looks first.
      const logFile = logFileOf(input.dataDir);
      const text = `${formatDoctorReport(report)}\nLog file (attach it when you report a problem): ${logFile}`;
      return { json: { ...report, logFile }, text, exitCode: report.ok ? 0 : 1 };
    },
  };
}

export const doctorCommand = createDoctorCommand();
