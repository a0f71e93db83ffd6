import type { CliCommand } from '../command';
import { exportCommand } from './export';

/**
 * Every CLI command, in the order `--help` lists them. Each command lives in its own file
 * beside this one; add it here.
 */
export const COMMANDS: CliCommand[] = [exportCommand];
