/**
 * `doctor [--json]`: checks what Bluetooth needs on this machine (adapter, rfkill, the raw-socket
 * capability of the Node that runs Bluetooth, BlueZ conflicts, noble itself) and prints the
 * command that fixes each problem, and runs SQLite's full integrity check on the database. Exit
 * code 1 when a required check fails or the database is damaged; warnings alone exit 0.
 */
import type { CliCommand } from '../command';
import { createSystemProbes, runDoctor, type DoctorProbes } from '../../doctor/index';
import { formatDoctorReport } from '../../doctor/format';
import { logFileOf } from '../../log/logger';
import { checkDatabaseIntegrity } from '../../store/integrity';

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
      // The full check (every page), where each open runs only the quick one.
      const database = checkDatabaseIntegrity(input.dataDir);
      const dbLine = !database.exists
        ? `Database: none yet at ${database.file}`
        : database.ok
          ? `Database: ${database.file} passed SQLite's full integrity check`
          : `Database: ${database.file} is DAMAGED (${database.problems.slice(0, 3).join('; ')}).\n  Fix: make a copy of it first, then start a new database beside it from the app, or bring back a backup (\`backup\` makes one).`;
      const text = `${formatDoctorReport(report)}\n${dbLine}\nLog file (attach it when you report a problem): ${logFile}`;
      return { json: { ...report, database, logFile }, text, exitCode: report.ok && database.ok ? 0 : 1 };
    },
  };
}

export const doctorCommand = createDoctorCommand();
