/** `backup FILE`: a consistent copy of the database (SQLite online backup), safe while recording. */
import fs from 'node:fs';
import path from 'node:path';
import { UserFacingError, type CliCommand } from '../command';
import { openStore } from '../../store/index';
import { asUserFacing, requireDataFolder } from './store-errors';

export const backupCommand: CliCommand = {
  name: 'backup',
  summary: 'write a consistent copy of the database to FILE (works while a session records)',
  usage: 'backup FILE [--json]',
  positionals: { min: 1, max: 1, names: 'FILE' },
  options: {},
  async run(input) {
    const target = path.resolve(input.positionals[0]);
    requireDataFolder(input.dataDir);
    try {
      // Read-only: the backup never changes the database, even its recovery state.
      const store = openStore(input.dataDir, { readonly: true });
      try {
        await store.backup(target);
        const bytes = fs.statSync(target).size;
        return {
          json: { file: target, source: store.path, bytes },
          text: `Backed up ${store.path} to ${target} (${(bytes / 1024).toFixed(1)} KB).`,
        };
      } finally {
        store.close();
      }
    } catch (err) {
      // A failed copy says why and that the database is unchanged: shown as it is.
      throw err instanceof Error && err.message.startsWith('Backup to ') ? new UserFacingError(err.message) : asUserFacing(err);
    }
  },
};
