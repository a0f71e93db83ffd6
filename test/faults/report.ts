/**
 * The fault-injection report: every fault test adds one row (what was done, what was expected,
 * what happened, samples sent / received / stored). Rows live one file each under
 * test-results/fault-report.rows/ (test files run in parallel workers, so no shared file is
 * appended to); after each row the JSON and the readable Markdown report are rebuilt from all
 * rows, written through a temporary file and a rename so a reader never sees half of one.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SampleCounts {
  /** Samples the simulator put on the air while the link was up (from its replay grid). */
  sent: number | null;
  /** Samples the engine received from the Bluetooth process while recording. */
  received: number;
  /** Samples read back from the SQLite file afterwards. */
  stored: number;
}

export interface FaultRow {
  /** Stable id: a later run of the same test replaces its row. */
  id: string;
  fault: string;
  expected: string;
  happened: string;
  /** Per stream, e.g. { 'H10 acc': {...}, 'strap hr': {...} }. */
  samples: Record<string, SampleCounts>;
  /** Figures worth keeping (detection and recovery times, gaps, counters). */
  figures?: Record<string, number | string | boolean | null>;
  passed: boolean;
}

export const REPORT_DIR = path.resolve('test-results');
const ROWS_DIR = path.join(REPORT_DIR, 'fault-report.rows');

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function readRows(): FaultRow[] {
  let names: string[];
  try {
    names = fs.readdirSync(ROWS_DIR).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const rows: FaultRow[] = [];
  for (const n of names.sort()) {
    try {
      rows.push(JSON.parse(fs.readFileSync(path.join(ROWS_DIR, n), 'utf8')) as FaultRow);
    } catch {
      // A row another worker is writing right now shows up in the next rebuild.
    }
  }
  return rows;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(rows: FaultRow[]): string {
  const out = [
    '# SetBeat fault-injection report',
    '',
    `Generated ${new Date().toISOString()} by \`npx vitest run test/faults\`. Samples: sent = on the air while the link was up (simulator replay grid), received = reached the engine while recording, stored = read back from the SQLite file.`,
    '',
    '| fault | expected | what happened | samples sent / received / stored | result |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const samples = Object.entries(r.samples)
      .map(([k, c]) => `${k}: ${c.sent ?? '–'} / ${c.received} / ${c.stored}`)
      .join('<br>');
    out.push(`| ${cell(r.fault)} | ${cell(r.expected)} | ${cell(r.happened)} | ${samples || '–'} | ${r.passed ? 'pass' : 'FAIL'} |`);
  }
  out.push('', '## Figures', '');
  for (const r of rows) {
    if (!r.figures || Object.keys(r.figures).length === 0) continue;
    out.push(`- **${r.fault}**: ${Object.entries(r.figures).map(([k, v]) => `${k} = ${String(v)}`).join('; ')}`);
  }
  return out.join('\n') + '\n';
}

/** Adds (or replaces) a row and rebuilds test-results/fault-report.json and .md. */
export function recordFault(row: FaultRow): void {
  fs.mkdirSync(ROWS_DIR, { recursive: true });
  writeAtomically(path.join(ROWS_DIR, `${row.id.replace(/[^a-z0-9-]/gi, '_')}.json`), JSON.stringify(row, null, 2) + '\n');
  const rows = readRows();
  writeAtomically(path.join(REPORT_DIR, 'fault-report.json'), JSON.stringify({ generatedAt: new Date().toISOString(), rows }, null, 2) + '\n');
  writeAtomically(path.join(REPORT_DIR, 'fault-report.md'), renderMarkdown(rows));
}
