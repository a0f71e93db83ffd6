/**
 * Output paths for exports. File names are made from the session's id and start time only,
 * never from names a person typed, and every path is checked to stay inside the folder the
 * person picked; an existing symlink is never written through.
 */
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError } from '../cli/command';

export class ExportPathError extends UserFacingError {
  override name = 'ExportPathError';
}

/** "setbeat-2026-11-20-1730-s7": sorts by date, unique per session, safe on every OS. */
export function sessionFileBase(session: { id: number; startedAt: number }): string {
  const iso = new Date(session.startedAt).toISOString();
  return `setbeat-${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}-s${Math.trunc(session.id)}`;
}

/** Joins folder and a file name and proves the result stays directly inside the folder. */
export function insideFolder(folder: string, fileName: string): string {
  if (fileName === '' || fileName !== path.basename(fileName) || fileName === '.' || fileName === '..' || /[\\/\0]/.test(fileName)) {
    throw new ExportPathError(`refusing file name "${fileName}": it is not a plain file name`);
  }
  const root = path.resolve(folder);
  const target = path.resolve(root, fileName);
  const rel = path.relative(root, target);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
    throw new ExportPathError(`refusing to write "${target}": it is outside ${root}`);
  }
  const st = fs.lstatSync(target, { throwIfNoEntry: false });
  if (st?.isSymbolicLink()) throw new ExportPathError(`refusing to write through the symbolic link ${target}`);
  if (st?.isDirectory()) throw new ExportPathError(`${target} is a folder`);
  return target;
}

/** Makes the output folder (and parents); a file in the way is a clear error. */
export function ensureFolder(folder: string): string {
  const root = path.resolve(folder);
  try {
    fs.mkdirSync(root, { recursive: true });
  } catch (err) {
    throw new ExportPathError(`cannot create the folder ${root}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!fs.statSync(root).isDirectory()) throw new ExportPathError(`${root} is not a folder`);
  return root;
}
