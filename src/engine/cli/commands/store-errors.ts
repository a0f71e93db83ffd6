/** The store's typed failures become messages the person can act on (exit 1). */
import fs from 'node:fs';
import { UserFacingError } from '../command';
import { StoreOpenError, StoreUsageError, StoreWriteError } from '../../store/index';

export function asUserFacing(err: unknown): unknown {
  if (err instanceof StoreOpenError || err instanceof StoreWriteError || err instanceof StoreUsageError) {
    return new UserFacingError(err.message);
  }
  return err;
}

/**
 * Commands that only read (sessions, export, backup) refuse a data folder that does not exist,
 * all with the same words, instead of making an empty database there (a mistyped --data-dir).
 */
export function requireDataFolder(dataDir: string): void {
  if (!fs.existsSync(dataDir)) {
    throw new UserFacingError(`there is no SetBeat data in ${dataDir} (nothing recorded yet, or another --data-dir)`);
  }
}
