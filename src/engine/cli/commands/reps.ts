/**
 * `reps FILE.acc.csv --exercise ID [--json]`: counts reps in a recording with the live
 * detector, fed sample by sample exactly as a sensor would feed it (so `detectedAt` is the
 * stream time at which each rep would have appeared on screen).
 */
import path from 'node:path';
import type { Rep } from '../../../shared/domain';
import type { ExerciseId } from '../../../shared/exercises';
import { createStreamingRepDetector } from '../../../core/reps/index';
import { AccCsvError, readAccCsv, type AccCsvStats } from '../../io/acc-csv';
import { UserFacingError, exerciseOption, requireExercise, type CliCommand } from '../command';

export interface RepsFileResult {
  file: string;
  exercise: ExerciseId;
  count: number;
  reps: Rep[];
  retractions: { t: number; detectedAt: number; reason: string }[];
  sampleRateHz: number;
  durationS: number;
  samples: number;
  gaps: number;
  /** Largest detectedAt - t over the standing reps, seconds. */
  maxLatencyS: number;
  csv: AccCsvStats;
}

/** Streams one file through a fresh detector; bad files become UserFacingError. */
export async function countRepsInFile(file: string, exercise: ExerciseId): Promise<RepsFileResult> {
  const detector = createStreamingRepDetector(exercise);
  const reader = readAccCsv(file);
  const retractions: RepsFileResult['retractions'] = [];
  let first: number | null = null;
  let last = 0;
  try {
    // A batch per read, not an await per sample: the samples reach the detector one by one all the same.
    for await (const batch of reader.batches()) {
      for (const s of batch) {
        first ??= s.t;
        last = s.t;
        for (const e of detector.push(s)) if (e.type === 'retract') retractions.push({ t: e.t, detectedAt: e.detectedAt, reason: e.reason });
      }
    }
  } catch (err) {
    if (err instanceof AccCsvError) throw new UserFacingError(err.message);
    throw err;
  }
  for (const e of detector.flush()) if (e.type === 'retract') retractions.push({ t: e.t, detectedAt: e.detectedAt, reason: e.reason });
  const reps = detector.reps();
  return {
    file,
    exercise,
    count: reps.length,
    reps,
    retractions,
    sampleRateHz: round(detector.stats.sampleRateHz, 2),
    durationS: first === null ? 0 : round(last - first, 3),
    samples: detector.stats.samples,
    gaps: detector.stats.gaps,
    maxLatencyS: round(reps.reduce((a, r) => Math.max(a, r.detectedAt - r.t), 0), 3),
    csv: reader.stats,
  };
}

function round(x: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(x * k) / k;
}

function repJson(r: Rep): Record<string, unknown> {
  return {
    t: round(r.t, 3),
    detectedAt: round(r.detectedAt, 3),
    start: round(r.start, 3),
    end: round(r.end, 3),
    amplitude: round(r.amplitude, 4),
    confidence: round(r.confidence, 3),
    quality: Object.fromEntries(
      Object.entries(r.quality).map(([k, v]) => [k, typeof v === 'number' ? round(v, 3) : { downS: round(v.downS, 3), upS: round(v.upS, 3) }]),
    ),
  };
}

export const repsCommand: CliCommand = {
  name: 'reps',
  summary: 'count reps in a recording (t,ax,ay,az CSV) with the live detector',
  usage: 'reps FILE.acc.csv --exercise ID [--json]',
  positionals: { min: 1, max: 1, names: 'FILE.acc.csv' },
  options: {
    exercise: exerciseOption,
  },
  async run(input, io) {
    const exercise = requireExercise(input);
    const file = path.resolve(input.positionals[0]);
    const r = await countRepsInFile(file, exercise);
    if (r.csv.skipped > 0) {
      const b = r.csv.badLines[0];
      io.note(`${r.csv.skipped} malformed line(s) skipped in ${file} (first: line ${b?.line}: ${b?.reason})`);
    }
    const json = {
      file: r.file,
      exercise: r.exercise,
      count: r.count,
      reps: r.reps.map(repJson),
      retractions: r.retractions.map((x) => ({ t: round(x.t, 3), detectedAt: round(x.detectedAt, 3), reason: x.reason })),
      sampleRateHz: r.sampleRateHz,
      durationS: r.durationS,
      samples: r.samples,
      gaps: r.gaps,
      skippedLines: r.csv.skipped,
      maxLatencyS: r.maxLatencyS,
    };
    const lines = [
      `${path.basename(file)}: ${r.count} rep${r.count === 1 ? '' : 's'} (${exercise}; ${r.durationS.toFixed(1)} s at ${r.sampleRateHz.toFixed(1)} Hz)`,
      ...r.reps.map((x, i) => `  ${String(i + 1).padStart(3)}  peak ${x.t.toFixed(2)} s, reported ${x.detectedAt.toFixed(2)} s, amplitude ${x.amplitude.toFixed(3)} g`),
    ];
    if (r.retractions.length > 0) lines.push(`  ${r.retractions.length} movement(s) withdrawn: ${[...new Set(r.retractions.map((x) => x.reason))].join('; ')}`);
    return { json, text: lines.join('\n') };
  },
};
