/** What `doctor` reports and what it needs from the machine (injectable, so tests use a fake tree). */
import type { BluetoothRuntime } from '../bluetooth/runtime';

export interface DoctorCheck {
  /** Stable id for scripts: adapter, rfkill, bluetooth-node, capability, ... */
  id: string;
  ok: boolean;
  /** What was found, in one sentence. */
  message: string;
  /** The exact command (or step) that fixes it; empty when ok. */
  fix: string;
  /** 'required': Bluetooth cannot work until fixed. 'advisory': it may work, but this is a known cause of trouble. */
  severity: 'required' | 'advisory';
  /** Raw evidence (getcap output, noble's state) for bug reports. */
  detail?: string;
}

export interface DoctorReport {
  ok: boolean;
  platform: NodeJS.Platform;
  checks: DoctorCheck[];
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What noble said when loaded in the Bluetooth runtime. */
export type NobleProbe =
  | { loaded: true; state: string }
  | { loaded: false; code?: string; message: string };

export interface DoctorProbes {
  platform: NodeJS.Platform;
  /** undefined on Windows. */
  uid: number | undefined;
  userName: string | undefined;
  /** Supplementary group ids of this process (what the current login session has). */
  groups: number[] | undefined;
  /** Entries of a directory; null when it does not exist or cannot be read. */
  readDir(path: string): string[] | null;
  /** A small text file; null when missing or unreadable. */
  readFile(path: string): string | null;
  /** Symlinks resolved; the path itself when that fails. */
  realpath(path: string): string;
  /** True when the file exists and may be executed. */
  isExecutable(path: string): boolean;
  /** Runs a program; null when it is not installed. Never throws. */
  run(command: string, args: string[], timeoutMs: number): Promise<CommandResult | null>;
  /** The executable that would run the Bluetooth child process for the desktop app. */
  bluetoothRuntime: BluetoothRuntime;
  /** `node` on PATH (what the desktop app uses for Bluetooth on Linux for a normal user). */
  systemNode: string | null;
  /** The Node running this command (web mode and the CLI run Bluetooth in it). */
  thisNode: string;
  /** The Electron binary of this checkout, when one is installed (so a stray capability on it is found). */
  electronBinary: string | null;
  /** Loads noble in the Bluetooth runtime and reports its adapter state. */
  probeNoble(runtime: BluetoothRuntime): Promise<NobleProbe>;
}
