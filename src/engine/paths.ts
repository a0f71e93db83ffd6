import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'SetBeat';
export const DB_FILE_NAME = 'setbeat.db';

/**
 * Where SetBeat keeps its data: an explicit flag wins, then SETBEAT_DATA_DIR, then the
 * platform's per-user app-data folder (the same folder Electron's `userData` points at).
 */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env.SETBEAT_DATA_DIR) return path.resolve(env.SETBEAT_DATA_DIR);
  return defaultDataDir(process.platform, env);
}

export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_DIR_NAME);
}
