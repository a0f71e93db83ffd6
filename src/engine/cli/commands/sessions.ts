/** `sessions [--search TEXT] [--json]`: the stored sessions with their summary figures. */
import type { SessionSummary } from '../../../shared/domain';
import type { CliCommand } from '../command';
import { openStore, readOnlyFolderNote, StoreOpenError, type Store } from '../../store/index';

/** Listing needs no writing: where the folder cannot be written, it reads instead. */
function openForReading(dataDir: string): Store {
  try {
    return openStore(dataDir);
  } catch (err) {
    if (err instanceof StoreOpenError && err.kind === 'readonly') return openStore(dataDir, { readonly: true });
    throw err;
  }
}
import { asUserFacing, requireDataFolder } from './store-errors';
import { formatDateTime, formatDuration } from '../../../shared/format';

/** Dates and durations as the app's History writes them (src/shared/format.ts), in local time. */
function row(s: SessionSummary): string {
  const when = formatDateTime(s.startedAt).padEnd(18);
  const hr = s.avgHr === null ? '-' : `${Math.round(s.avgHr)}/${s.maxHr ?? '-'}`;
  const flag = s.status === 'finished' ? '' : `  (${s.status})`;
  return `${String(s.id).padStart(5)}  ${when}  ${formatDuration(s.durationS).padStart(7)}  ${String(s.setCount).padStart(4)}  ${String(s.repCount).padStart(4)}  ${hr.padStart(7)}  ${s.name}${flag}`;
}

export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: 'list stored sessions with duration, sets, reps and heart rate',
  usage: 'sessions [--search TEXT] [--json]',
  positionals: { min: 0, max: 0, names: '' },
  options: {
    search: { type: 'string', description: 'only sessions whose name, routine or notes contain TEXT' },
  },
  async run(input, io) {
    requireDataFolder(input.dataDir);
    try {
      const store = openForReading(input.dataDir);
      const note = readOnlyFolderNote(store);
      if (note) io.note(note);
      try {
        const search = typeof input.options.search === 'string' ? input.options.search : undefined;
        const sessions = store.listSessions({ search });
        const recovered = store.recoveredAtOpen.map((s) => `Recovered session ${s.id} "${s.name}" (the app stopped while it was recording).`);
        const header = '   id  started              length  sets  reps  avg/max  name';
        const text = sessions.length ? [...recovered, header, ...sessions.map(row)].join('\n') : [...recovered, 'No sessions yet.'].join('\n');
        return { json: { sessions }, text };
      } finally {
        store.close();
      }
    } catch (err) {
      throw asUserFacing(err);
    }
  },
};
