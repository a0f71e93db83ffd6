/**
 * The same recording imported twice would make two sessions that count every rep twice in
 * History: an import whose samples hash like a stored session's is refused, naming that
 * session, unless the person asks for it again.
 */
import type { SessionSummary } from '../../shared/domain';
import type { Store } from './store';

export class DuplicateImportError extends Error {
  override name = 'DuplicateImportError';
  constructor(readonly existing: SessionSummary) {
    super(`this recording is already imported as session ${existing.id} "${existing.name}"; nothing was imported`);
  }
}

/** Throws DuplicateImportError when a stored session has this content, unless `again`. */
export function refuseDuplicateImport(store: Store, contentHash: string, again: boolean | undefined): void {
  if (again) return;
  const existing = store.findImportByContentHash(contentHash);
  if (existing) throw new DuplicateImportError(existing);
}
