import type { CliCommand } from '../command';
import { exportCommand } from './export';
import { importCommand } from './import';
import { sessionsCommand } from './sessions';
import { backupCommand } from './backup';
import { repsCommand } from './reps';
import { repsEvalCommand } from './reps-eval';
import { learnCommand } from './learn';
import { scanCommand } from './scan';
import { recordCommand } from './record';
import { doctorCommand } from './doctor';

/**
 * Every CLI command, in the order `--help` lists them. Each command lives in its own file
 * beside this one; add it here.
 */
export const COMMANDS: CliCommand[] = [importCommand, sessionsCommand, exportCommand, backupCommand, repsCommand, repsEvalCommand, learnCommand, scanCommand, recordCommand, doctorCommand];
