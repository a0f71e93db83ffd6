import type { LazyCommand } from '../command';

/**
 * Every CLI command, in the order `--help` lists them. Each command lives in its own file
 * beside this one and is imported only when it runs, so `--help` and a light command never pay
 * for SQLite, noble or zod. The summary is repeated here for `--help` (a test checks it matches).
 */
export const COMMANDS: LazyCommand[] = [
  { name: 'import', summary: 'make a session from a recording (t,ax,ay,az CSV), or bring back a SetBeat session JSON export', load: async () => (await import('./import')).importCommand },
  { name: 'sessions', summary: 'list stored sessions with duration, sets, reps and heart rate', load: async () => (await import('./sessions')).sessionsCommand },
  { name: 'export', summary: 'export a session (or all) as CSV, JSON, TCX, FIT, an HTML report or a PDF', load: async () => (await import('./export')).exportCommand },
  { name: 'backup', summary: 'write a consistent copy of the database to FILE (works while a session records)', load: async () => (await import('./backup')).backupCommand },
  { name: 'reps', summary: 'count reps in a recording (t,ax,ay,az CSV) with the live detector', load: async () => (await import('./reps')).repsCommand },
  { name: 'reps-eval', summary: 'score the rep detector on a folder of labelled recordings (DIR/labels.csv)', load: async () => (await import('./reps-eval')).repsEvalCommand },
  { name: 'scan', summary: 'list Bluetooth heart-rate straps and accelerometers in range (--demo: simulated ones)', load: async () => (await import('./scan')).scanCommand },
  { name: 'record', summary: "record a sensor's stream to CSV (t,ax,ay,az for accelerometers; t,bpm,rr_ms for straps)", load: async () => (await import('./record')).recordCommand },
  { name: 'doctor', summary: 'check Bluetooth access on this machine and print the command that fixes each problem', load: async () => (await import('./doctor')).doctorCommand },
];
