/**
 * `reps-eval DIR` on a folder without labels.csv: every recording in it is movement that is
 * not a set (walking, jogging, stairs), so every rep counted is a false rep. Each recording is
 * cut into one-minute windows, as if a set had been started at each, and counted with every
 * strength profile.
 *
 * `band-walk` is left out (its reps are sideways steps, so steps are what it counts) and so is
 * `generic` (no movement of its own).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EXERCISE_IDS, type ExerciseId } from '../../../shared/exercises';
import { createStreamingRepDetector, type RepDetector } from '../../../core/reps/index';
import type { ScoredRecording } from '../../../core/reps/evaluate';
import { AccCsvError, readAccCsv } from '../../io/acc-csv';
import { UserFacingError } from '../command';

export const REST_WINDOW_S = 60;
export const REST_PROFILES: readonly ExerciseId[] = EXERCISE_IDS.filter((id) => id !== 'band-walk' && id !== 'generic');

export interface RestWindowCounts {
  recording: string;
  exercise: ExerciseId;
  /** False reps per one-minute window, in order. */
  windows: number[];
}

/** The `*.acc.csv` recordings of a folder, by name. */
export function restRecordings(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw new UserFacingError(`${dir}: cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
  const files = names.filter((n) => n.endsWith('.acc.csv')).sort();
  if (files.length === 0) throw new UserFacingError(`${dir}: no labels.csv and no *.acc.csv recordings to score as rest`);
  return files.map((n) => path.join(dir, n));
}

/** Streams one recording once, a fresh detector per profile for each window. */
export async function countRestWindows(file: string, profiles: readonly ExerciseId[] = REST_PROFILES): Promise<RestWindowCounts[]> {
  const out = profiles.map((exercise) => ({ recording: path.basename(file).replace(/\.acc\.csv$/, ''), exercise, windows: [] as number[] }));
  let detectors: RepDetector[] = [];
  let windowEnd: number | null = null;
  const close = (): void => {
    detectors.forEach((d, i) => {
      d.flush();
      out[i].windows.push(d.count);
    });
    detectors = [];
  };
  try {
    for await (const batch of readAccCsv(file).batches()) {
      for (const s of batch) {
        if (windowEnd !== null && s.t >= windowEnd) close();
        if (detectors.length === 0) {
          detectors = profiles.map((id) => createStreamingRepDetector(id));
          windowEnd = s.t + REST_WINDOW_S;
        }
        for (const d of detectors) d.push(s);
      }
    }
  } catch (err) {
    if (err instanceof AccCsvError) throw new UserFacingError(err.message);
    throw err;
  }
  if (detectors.length > 0) close();
  return out;
}

/** One scored rest recording per recording and profile (its count: all its windows' false reps). */
export function restScored(counts: readonly RestWindowCounts[]): ScoredRecording[] {
  return counts.map((c) => ({
    recording: c.recording,
    exercise: c.exercise,
    labelExercise: 'rest',
    participant: '',
    rest: true,
    truth: 0,
    count: c.windows.reduce((a, b) => a + b, 0),
    maxLatencyS: 0,
  }));
}
