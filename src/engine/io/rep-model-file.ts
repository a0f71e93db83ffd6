/**
 * A rep model as a JSON file for the CLI (`learn`, `reps --model`). Reading never guesses:
 * a file that is not JSON or not a SetBeat rep model is an error naming the file and what is
 * wrong, so `learn` refuses to write over it. Writing goes through a temporary file and a
 * rename, so a crash never leaves half a model behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { REP_MODEL_FORMAT, repModelSchema, type RepModel } from '../../shared/rep-model';

export class RepModelFileError extends Error {
  override name = 'RepModelFileError';
}

/** The model in `file`, or null when there is no such file. */
export function readRepModelFile(file: string): RepModel | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RepModelFileError(`${file}: cannot read (${err instanceof Error ? err.message : String(err)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RepModelFileError(`${file} is not a SetBeat rep model (not JSON); it was left as it is. Pass another --model file.`);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== REP_MODEL_FORMAT) {
    throw new RepModelFileError(`${file} is not a SetBeat rep model (format is ${JSON.stringify(format ?? null)}, expected "${REP_MODEL_FORMAT}"); it was left as it is.`);
  }
  const parsed = repModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RepModelFileError(`${file}: the rep model's ${issue?.path.join('.') || 'shape'} is not valid (${issue?.message ?? 'invalid'}); it was left as it is.`);
  }
  return parsed.data;
}

export function writeRepModelFile(file: string, model: RepModel): void {
  const checked = repModelSchema.parse(model);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.partial-${process.pid}`);
  try {
    fs.writeFileSync(tmp, JSON.stringify(checked, null, 2) + '\n');
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new RepModelFileError(`${file}: cannot write the model (${err instanceof Error ? err.message : String(err)})`);
  }
}
