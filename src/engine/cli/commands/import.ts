/**
 * `import FILE.acc.csv --exercise ID [--hr HR.csv] [--name NAME] [--json]`: makes a stored
 * session from a recording. Sets come from the motion segmenter, reps from the detector, raw
 * samples are stored as chunks; the HR file may be `t,bpm` or `t,rr_ms` (0 = no interval).
 * The file's t = 0 is placed at the file's modification time (the CSV has no wall clock).
 * Prints the new session's id (`{"id": N, ...}` with --json); a summary goes to stderr.
 * A recording whose samples are already stored is refused (exit 1, naming that session, and
 * `{"id": null, "duplicateOf": {...}}` with --json) unless `--again` is given: a loop over a
 * folder of files then stops at the one it already has, and `id=$(import ...)` never gets an
 * id that is not new.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createMotionSegmenter, createRepDetector } from '../../../core/reps/index';
import { UsageError, UserFacingError, exerciseOption, requireExercise, type CliCommand } from '../command';
import { AccCsvError, readAccCsv } from '../../io/acc-csv';
import { openStore } from '../../store/index';
import { HrCsvError } from '../../store/hr-csv';
import { ImportRefusedError, importRecording, type ImportDeps } from '../../store/import-recording';
import { nameProblem } from '../../../shared/data-rules';
import { asUserFacing } from './store-errors';
import { DuplicateImportError } from '../../store/duplicate-import';
import { formatDateTime } from '../../../shared/format';
import type { CommandOutput } from '../command';

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'make a session from a recording (t,ax,ay,az CSV), or bring back a SetBeat session JSON export',
  usage: 'import FILE.acc.csv --exercise ID [--hr HR.csv] [--name NAME] [--again] [--json]  |  import SESSION.json [--again] [--json]',
  positionals: { min: 1, max: 1, names: 'FILE.acc.csv or SESSION.json' },
  options: {
    exercise: exerciseOption,
    hr: { type: 'string', description: 'heart-rate CSV beside it: t,bpm or t,rr_ms (seconds from the same start)' },
    name: { type: 'string', description: 'session name (default: the file name)' },
    again: {
      type: 'boolean',
      description: 'import even if these samples are already stored; without it such a file is refused: exit 1, naming the session it is',
    },
  },
  async run(input, io) {
    const file = path.resolve(input.positionals[0]);
    const again = input.options.again === true;
    if (/\.json$/i.test(file)) return importJson(file, input.dataDir, io.note, again);
    const exercise = requireExercise(input);
    const hrPath = typeof input.options.hr === 'string' ? path.resolve(input.options.hr) : undefined;
    let startedAt: number;
    try {
      startedAt = Math.round(fs.statSync(file).mtimeMs);
    } catch (err) {
      throw new UserFacingError(`${file}: cannot read file (${err instanceof Error ? err.message : String(err)})`);
    }
    const name =
      typeof input.options.name === 'string' && input.options.name.trim()
        ? input.options.name.trim()
        : path.basename(file).replace(/\.acc\.csv$|\.csv$/i, '');
    const badName = nameProblem(name);
    if (badName) throw new UsageError(`--name: ${badName}`);
    const deps: ImportDeps = { createDetector: (id) => createRepDetector(id), createSegmenter: () => createMotionSegmenter() };
    try {
      const store = openStore(input.dataDir);
      try {
        const reader = readAccCsv(file);
        const result = await importRecording(store, { acc: reader, exerciseId: exercise, name, startedAt, hrPath, again }, deps);
        if (reader.stats.skipped) io.note(`${reader.stats.skipped} unreadable line(s) in ${file} skipped (first at line ${reader.stats.badLines[0]?.line}).`);
        if (result.skippedSamples) {
          const first = result.skippedReasons[0];
          io.note(`${result.skippedSamples} line(s) in ${file} skipped by the data rules (first at t=${first?.t}: ${first?.reason}).`);
        }
        if (result.hrSkippedLines) {
          const why = result.skippedReasons.find((r) => r.reason.startsWith('heart rate:'));
          io.note(`${result.hrSkippedLines} unreadable line(s) in ${hrPath} skipped${why ? ` (e.g. t=${why.t}: ${why.reason.slice(12)})` : ''}.`);
        }
        if (result.setsFrom === 'whole-recording') io.note('No motion segmenter available: the whole recording was imported as one set.');
        io.note(
          `Imported session ${result.id} "${name}": ${result.sets.length} set(s), ${result.reps} rep(s), ${result.samples} samples` +
            (hrPath ? `, ${result.hrSamples} HR samples, ${result.rrIntervals} RR intervals` : '') +
            '.',
        );
        return { json: { ...result, skippedLines: reader.stats.skipped + result.skippedSamples }, text: String(result.id) };
      } finally {
        store.close();
      }
    } catch (err) {
      if (err instanceof DuplicateImportError) return duplicate(file, err, io.note);
      if (err instanceof AccCsvError || err instanceof HrCsvError) throw new UserFacingError(err.message);
      if (err instanceof ImportRefusedError) throw new UserFacingError(`${file}: ${err.message}`);
      throw asUserFacing(err);
    }
  },
};

/** A SetBeat session JSON export comes back whole: sets, reps, HR, RR and raw samples. */
async function importJson(file: string, dataDir: string, note: (line: string) => void, again: boolean): Promise<CommandOutput> {
  if (!fs.existsSync(file)) throw new UserFacingError(`${file}: no such file`);
  // The session JSON reader (zod schemas) is loaded only for JSON imports.
  const { importSessionJsonFile } = await import('../../export/import-json');
  try {
    const store = openStore(dataDir);
    try {
      const result = importSessionJsonFile(store, file, { again });
      note(
        `Imported session ${result.sessionId} from ${path.basename(file)}: ${result.sets} set(s), ` +
          `${result.heartRate} HR samples, ${result.rr} RR intervals, ${result.accSamples} acceleration samples.`,
      );
      return { json: { id: result.sessionId, ...result }, text: String(result.sessionId) };
    } finally {
      store.close();
    }
  } catch (err) {
    if (err instanceof DuplicateImportError) return duplicate(file, err, note);
    if (err instanceof UserFacingError) throw err;
    throw asUserFacing(err);
  }
}

/** Already stored: nothing imported, exit 1, and the session it already is. */
function duplicate(file: string, err: DuplicateImportError, note: (line: string) => void): CommandOutput {
  const s = err.existing;
  note(
    `${file} is already imported: session ${s.id} "${s.name}" (${formatDateTime(s.startedAt)}) has the same samples. ` +
      'Nothing was imported; add --again to import it anyway.',
  );
  return {
    json: { id: null, duplicateOf: { id: s.id, name: s.name, startedAt: s.startedAt } },
    text: '',
    exitCode: 1,
  };
}
