import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolveDataDir } from '../paths';
import { UsageError, UserFacingError, loadCommand, type CliCommand, type CliIo, type CommandEntry, type CommandOutput } from './command';
import { COMMANDS } from './commands/index';

const COMMON_OPTIONS = {
  'data-dir': { type: 'string', description: 'folder for the database (default: SETBEAT_DATA_DIR or the app-data folder)' },
  json: { type: 'boolean', description: 'print one JSON document' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
} as const;

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

function usageOf(commands: CommandEntry[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = [
    'SetBeat command line',
    '',
    'Usage: npm run -s cli -- <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --data-dir DIR and --json. Run a command with --help for its options.',
  ];
  return lines.join('\n');
}

function commandHelp(cmd: CliCommand): string {
  const opts = { ...cmd.options, ...COMMON_OPTIONS };
  const rows = Object.entries(opts).map(([name, spec]) => {
    const flag = spec.type === 'string' ? `--${name} VALUE` : `--${name}`;
    return `  ${flag.padEnd(24)}  ${spec.description}`;
  });
  return [`Usage: npm run -s cli -- ${cmd.usage}`, '', cmd.summary, '', 'Options:', ...rows].join('\n');
}

/** Runs one CLI invocation; never exits the process itself, so tests can call it directly. */
export async function runCli(
  argv: string[],
  commands: CommandEntry[] = COMMANDS,
  io: Partial<CliIo> = {},
): Promise<CliResult> {
  const stderr: string[] = [];
  const fullIo: CliIo = {
    note: io.note ?? ((line) => stderr.push(line)),
    stopSignal: io.stopSignal ?? new AbortController().signal,
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    return { exitCode: name ? 0 : 2, stdout: usageOf(commands) + '\n', stderr: '' };
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    return {
      exitCode: 2,
      stdout: '',
      stderr: `setbeat: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}\n`,
    };
  }
  const cmd = await loadCommand(entry);
  try {
    const config: ParseArgsConfig = {
      args: rest,
      options: { ...cmd.options, ...COMMON_OPTIONS },
      allowPositionals: true,
      strict: true,
    };
    let parsed;
    try {
      parsed = parseArgs(config);
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message.replace(/\. To specify.*$/s, '') : String(err));
    }
    const options = parsed.values as Record<string, string | boolean | undefined>;
    if (options.help) return { exitCode: 0, stdout: commandHelp(cmd) + '\n', stderr: '' };
    const { min, max, names } = cmd.positionals;
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(
        min === max && min === 0 ? `${name} takes no arguments` : `${name} expects ${names}`,
      );
    }
    const out: CommandOutput = await cmd.run(
      {
        positionals: parsed.positionals,
        options,
        dataDir: resolveDataDir(typeof options['data-dir'] === 'string' ? options['data-dir'] : undefined),
        json: options.json === true,
      },
      fullIo,
    );
    const stdout = options.json === true ? JSON.stringify(out.json, null, 2) + '\n' : out.text ? out.text + '\n' : '';
    return { exitCode: out.exitCode ?? 0, stdout, stderr: stderr.join('\n') + (stderr.length ? '\n' : '') };
  } catch (err) {
    if (err instanceof UsageError) {
      return {
        exitCode: 2,
        stdout: '',
        stderr: `setbeat ${name}: ${err.message}\nUsage: npm run -s cli -- ${cmd.usage}\n`,
      };
    }
    const message = err instanceof Error ? err.message : String(err);
    const detail = err instanceof UserFacingError ? '' : err instanceof Error && process.env.SETBEAT_DEBUG ? `\n${err.stack}` : '';
    return { exitCode: 1, stdout: '', stderr: `setbeat ${name}: ${message}${detail}\n` };
  }
}

/**
 * A reader that went away (`setbeat sessions | head -1`) ends the command quietly with exit 0,
 * as Unix tools do; any other stdout failure still surfaces.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') exit(0);
    else throw err;
  });
}

/** The process entry: runs the command named by argv and sets the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<void> {
  quietOnClosedPipe(process.stdout);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const result = await runCli(argv, COMMANDS, {
    note: (line) => process.stderr.write(line + '\n'),
    stopSignal: controller.signal,
  });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
}

const isEntry = process.argv[1] && /cli[\\/]main\.[cm]?[jt]s$/.test(process.argv[1]);
if (isEntry) void main();
