/** The store's typed failures become messages the person can act on (exit 1). */
import { UserFacingError } from '../command';
import { StoreOpenError, StoreUsageError, StoreWriteError } from '../../store/index';

export function asUserFacing(err: unknown): unknown {
  if (err instanceof StoreOpenError || err instanceof StoreWriteError || err instanceof StoreUsageError) {
    return new UserFacingError(err.message);
  }
  return err;
}
