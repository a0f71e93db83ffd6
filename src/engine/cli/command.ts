/** The shape every CLI command shares; `main.ts` parses flags and prints the output. */
import { EXERCISE_IDS, isExerciseId, type ExerciseId } from '../../shared/exercises';

export type OptionSpec =
  | { type: 'string'; description: string; short?: string; multiple?: false }
  | { type: 'boolean'; description: string; short?: string; multiple?: false };

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandInput {
  positionals: string[];
  options: OptionValues;
  /** Already resolved from --data-dir, SETBEAT_DATA_DIR or the platform default. */
  dataDir: string;
  json: boolean;
}

export interface CliIo {
  /** Progress and notes for people; goes to stderr so --json stdout stays one document. */
  note(line: string): void;
  /** Resolves when SIGINT/SIGTERM asks a long-running command (record, web) to stop. */
  stopSignal: AbortSignal;
}

export interface CommandOutput {
  /** Printed as one JSON document with --json. */
  json: unknown;
  /** Printed for people otherwise. */
  text: string;
  /** Process exit code; 0 when omitted. */
  exitCode?: number;
}

export interface CliCommand {
  name: string;
  summary: string;
  /** e.g. "reps FILE.acc.csv --exercise ID [--json]" */
  usage: string;
  positionals: { min: number; max: number; names: string };
  options: Record<string, OptionSpec>;
  run(input: CommandInput, io: CliIo): Promise<CommandOutput>;
}

/** A command known by name and summary, its module imported only when it runs. */
export interface LazyCommand {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

export type CommandEntry = CliCommand | LazyCommand;

export async function loadCommand(entry: CommandEntry): Promise<CliCommand> {
  return 'load' in entry ? entry.load() : entry;
}

/** Wrong use of the CLI (exit code 2): unknown command, bad flag, bad value. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the person can act on (exit code 1): the message is shown as it is. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export function requireString(input: CommandInput, name: string): string {
  const value = input.options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalNumber(input: CommandInput, name: string): number | undefined {
  const value = input.options[name];
  if (value === undefined) return undefined;
  const n = typeof value === 'string' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new UsageError(`--${name} takes a number, got "${String(value)}"`);
  return n;
}

/** `--exercise ID`, as the commands that count reps take it. */
export const exerciseOption: OptionSpec = { type: 'string', description: `one of ${EXERCISE_IDS.join(', ')}` };

export function requireExercise(input: CommandInput): ExerciseId {
  const value = requireString(input, 'exercise');
  if (!isExerciseId(value)) throw new UsageError(`unknown exercise "${value}"; valid ids: ${EXERCISE_IDS.join(', ')}`);
  return value;
}
