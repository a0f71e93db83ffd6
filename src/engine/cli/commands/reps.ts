/**
 * `reps FILE.acc.csv --exercise ID [--json]`: counts reps in a recording with the live
 * detector, fed sample by sample exactly as a sensor would feed it (so `detectedAt` is the
 * stream time at which each rep would have appeared on screen).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Rep } from '../../../shared/domain';
import type { ExerciseId } from '../../../shared/exercises';
import type { RepModel } from '../../../shared/rep-model';
import type { Placement } from '../../../core/reps/index';
import { AccCsvError, readAccCsv, type AccCsvStats } from '../../io/acc-csv';
import { detectInWorker, openDetectPipe } from '../../detection/pipe';
import type { JobResult } from '../../detection/jobs';
import { UserFacingError, exerciseOption, requireString, type CliCommand } from '../command';
import { exerciseWithModel, modelOption, modelSummary, placementOf, placementOption } from '../model-option';

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

/**
 * Streams one file through a fresh detector; bad files become UserFacingError. A large file is
 * detected in a worker thread while this one parses (`worker`: detection/pipe.ts decides by
 * default); the result is the same either way.
 */
export async function countRepsInFile(
  file: string,
  exercise: ExerciseId,
  options: { model?: RepModel | null; placement?: Placement | null; worker?: boolean } = {},
): Promise<RepsFileResult> {
  const reader = readAccCsv(file);
  const worker = options.worker ?? detectInWorker(fileSize(file));
  const pipe = openDetectPipe({ kind: 'reps', count: { exercise, model: options.model ?? null, placement: options.placement ?? null } }, { worker });
  let first: number | null = null;
  let last = 0;
  let result: JobResult;
  try {
    // Packed batches, no object per sample: the samples reach the detector one by one all the same.
    for await (const b of reader.packed()) {
      first ??= b.data[0];
      last = b.data[(b.count - 1) * 4];
      await pipe.push(b.data, b.count);
    }
    result = await pipe.finish(last);
  } catch (err) {
    await pipe.close();
    if (err instanceof AccCsvError) throw new UserFacingError(err.message);
    throw err;
  }
  if (result.kind !== 'reps') throw new Error('the detection job answered for another job');
  const { reps, retractions, sampleRateHz, samples, gaps } = result.count;
  return {
    file,
    exercise,
    count: reps.length,
    reps,
    retractions,
    sampleRateHz: round(sampleRateHz, 2),
    durationS: first === null ? 0 : round(last - first, 3),
    samples,
    gaps,
    maxLatencyS: round(reps.reduce((a, r) => Math.max(a, r.detectedAt - r.t), 0), 3),
    csv: reader.stats,
  };
}

/** The file's size in bytes (0 when it cannot be read: the reader then says why). */
function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
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
  usage: 'reps FILE.acc.csv --exercise ID [--model MODEL.json] [--placement P] [--json]',
  positionals: { min: 1, max: 1, names: 'FILE.acc.csv' },
  options: {
    exercise: exerciseOption,
    model: modelOption,
    placement: placementOption,
  },
  async run(input, io) {
    const { exercise, profile, model } = await exerciseWithModel(requireString(input, 'exercise'), input.options.model);
    const file = path.resolve(input.positionals[0]);
    const placement = placementOf(input.options.placement) ?? model?.placement ?? null;
    const r = await countRepsInFile(file, profile, { model, placement });
    if (r.csv.skipped > 0) {
      const b = r.csv.badLines[0];
      io.note(`${r.csv.skipped} malformed line(s) skipped in ${file} (first: line ${b?.line}: ${b?.reason})`);
    }
    const json = {
      file: r.file,
      exercise,
      count: r.count,
      reps: r.reps.map(repJson),
      retractions: r.retractions.map((x) => ({ t: round(x.t, 3), detectedAt: round(x.detectedAt, 3), reason: x.reason })),
      sampleRateHz: r.sampleRateHz,
      durationS: r.durationS,
      samples: r.samples,
      gaps: r.gaps,
      skippedLines: r.csv.skipped,
      maxLatencyS: r.maxLatencyS,
      // Added with --model: the profile counted with and the model used (absent without one).
      ...(model ? { profile, model: modelSummary(model) } : {}),
    };
    const lines = [
      `${path.basename(file)}: ${r.count} rep${r.count === 1 ? '' : 's'} (${exercise}${exercise !== profile ? ` as ${profile}` : ''}; ${r.durationS.toFixed(1)} s at ${r.sampleRateHz.toFixed(1)} Hz)`,
      ...r.reps.map((x, i) => `  ${String(i + 1).padStart(3)}  peak ${x.t.toFixed(2)} s, reported ${x.detectedAt.toFixed(2)} s, amplitude ${x.amplitude.toFixed(3)} g`),
    ];
    if (model) lines.push(`  with the model ${path.basename(String(input.options.model))}: learned from ${model.sets} set${model.sets === 1 ? '' : 's'} at the ${model.placement}`);
    if (r.retractions.length > 0) lines.push(`  ${r.retractions.length} movement(s) withdrawn: ${[...new Set(r.retractions.map((x) => x.reason))].join('; ')}`);
    return { json, text: lines.join('\n') };
  },
};
