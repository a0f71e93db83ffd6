/** The doctor report for people: one line per check, the fix under each problem. */
import type { DoctorReport } from './types';

export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.id.length), 8);
  const lines = [`SetBeat doctor: Bluetooth on ${report.platform}`];
  for (const c of report.checks) {
    const tag = c.ok ? 'ok  ' : c.severity === 'required' ? 'FAIL' : 'warn';
    lines.push(`  ${tag}  ${c.id.padEnd(width)}  ${c.message}`);
    if (!c.ok && c.fix) lines.push(`        ${' '.repeat(width)}  fix: ${c.fix}`);
  }
  const failed = report.checks.filter((c) => !c.ok && c.severity === 'required').length;
  const warned = report.checks.filter((c) => !c.ok && c.severity === 'advisory').length;
  lines.push(
    failed
      ? `${failed} problem(s) to fix before Bluetooth sensors can work${warned ? `, ${warned} warning(s)` : ''}. Demo sensors work regardless.`
      : warned
        ? `Bluetooth should work; ${warned} warning(s) above explain(s) dropped or slow connections.`
        : 'Everything SetBeat needs for Bluetooth is in place.',
  );
  return lines.join('\n');
}
