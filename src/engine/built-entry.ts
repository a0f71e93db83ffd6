/**
 * Running from sources (web mode, tests), a worker or child process can start from the build's
 * bundle instead of compiling TypeScript through tsx (a second or more each time), but only
 * while that bundle is newer than every source: a change not yet built must not run stale code.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The project folder of a source file at `dir` (src/engine/...), found by its src/ folder. */
export function projectRootOf(dir: string): string | null {
  const parts = path.resolve(dir).split(path.sep);
  const i = parts.lastIndexOf('src');
  return i > 0 ? parts.slice(0, i).join(path.sep) || path.sep : null;
}

/** `root/built` when it exists and was written after every file under `root/src` last changed. */
export function freshBuild(root: string, built: string): string | null {
  const file = path.join(root, built);
  let builtAt: number;
  try {
    builtAt = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const stack = [path.join(root, 'src')];
  while (stack.length > 0) {
    const d = stack.pop() as string;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return null;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if ((fs.statSync(p, { throwIfNoEntry: false })?.mtimeMs ?? Infinity) > builtAt) return null;
    }
  }
  return file;
}
