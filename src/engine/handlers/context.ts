/**
 * What the command handlers need from the Engine, as one small interface the Engine passes in
 * (so handler groups never reach into the Engine's insides and tests can build it by hand).
 * The SQLite store (src/engine/store Store) and the DeviceManager (src/engine/bluetooth)
 * satisfy the ports below as they are.
 */
import type { Settings } from '../../shared/contract';
import type { DeviceInfo, HeartRateSample, RrInterval, SensorKind, SessionDetail, SessionSummary } from '../../shared/domain';
import type { EventHub } from '../events';
import type { AccChunkRead, Routine, RoutineInput } from '../store/types';
import type { WorkoutStorePort } from '../workout/ports';
import type { ExportStore } from '../export/store-port';
import type { PrintToPdf } from '../export/pdf';
import type { LearningStore } from '../learning/from-set';
import type { CustomExercise } from '../../shared/custom-exercises';
import type { RepModel } from '../../shared/rep-model';
import type { Logger } from '../log/logger';
import type { WorkoutService } from '../workout/service';
import type { DeviceListWatch } from './devices';

/** The store, as far as the workout, sessions and routines handlers use it. */
export interface HandlerStore extends WorkoutStorePort, ExportStore, LearningStore {
  readonly path: string;
  listSessions(opts?: { search?: string; limit?: number; offset?: number }): SessionSummary[];
  getSession(id: number): SessionDetail | null;
  hrSeries(sessionId: number, maxPoints: number): { tMs: number[]; bpm: number[] };
  renameSession(id: number, name: string): boolean;
  setSessionNotes(id: number, notes: string): boolean;
  deleteSession(id: number): boolean;
  undoLastDelete(): number | null;
  listRoutines(): Routine[];
  getRoutine(id: number): Routine | null;
  createRoutine(input: RoutineInput): Routine;
  updateRoutine(id: number, patch: Partial<RoutineInput>): Routine | null;
  deleteRoutine(id: number): boolean;
  getSetting(key: string): unknown;
  setSetting(key: string, value: unknown): void;
  iterateAcc(sessionId: number, sensorId?: string, fromMs?: number, toMs?: number): IterableIterator<AccChunkRead>;
  listRepModels(): { models: RepModel[]; skipped: number };
  createCustomExercise(input: CustomExercise): CustomExercise;
  getCustomExercise(key: string): CustomExercise | null;
  deleteRepModel(exercise: string, placement: string): boolean;
}

export interface DeviceListing {
  id: string;
  name: string;
  kind: SensorKind | null;
  rssi: number | null;
  state: 'seen' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
  remembered: boolean;
  battery: number | null;
  contact: boolean | null;
  manufacturer?: string;
  model?: string;
  firmware?: string;
  lastError?: string;
}

export interface AdapterListing {
  state: string;
  usable: boolean;
  backend: 'noble' | 'simulator';
  message: string;
  fix: string;
}

/** The Bluetooth side (DeviceManager), as the devices handlers and the live workout use it. */
export interface DevicePort {
  status(): AdapterListing;
  list(): DeviceListing[];
  startScan(): Promise<void>;
  stopScan(): Promise<void>;
  connect(id: string): Promise<DeviceListing>;
  disconnect(id: string): Promise<void>;
  forget(id: string): Promise<void>;
  on(event: 'hr', listener: (e: { id: string; samples: HeartRateSample[] }) => void): unknown;
  on(event: 'rr', listener: (e: { id: string; samples: RrInterval[] }) => void): unknown;
  on(event: 'acc', listener: (e: { id: string; samples: { tMs: number; x: number; y: number; z: number }[] }) => void): unknown;
  on(event: 'connected', listener: (e: DeviceInfo & { reconnected: boolean }) => void): unknown;
  on(event: 'disconnected', listener: (e: { id: string; reason: string; atMs: number; willReconnect: boolean }) => void): unknown;
  on(event: 'reconnecting', listener: (e: { id: string; attempt: number; delayMs: number }) => void): unknown;
  on(event: 'battery', listener: (e: { id: string; percent: number }) => void): unknown;
  on(event: 'contact', listener: (e: { id: string; contact: boolean | null; atMs: number }) => void): unknown;
  on(event: 'gap', listener: (e: { id: string; startMs: number; endMs: number }) => void): unknown;
  on(event: 'device-found', listener: (e: { id: string; name: string; rssi: number; kind: SensorKind | null }) => void): unknown;
  on(event: 'status', listener: (s: AdapterListing) => void): unknown;
}

export interface HandlerContext {
  readonly dataDir: string;
  /** The engine's one live workout (the Engine owns and closes it). */
  readonly workout: WorkoutService;
  /** The Devices screen's list and scan state (the Engine owns and closes it). */
  readonly deviceList: DeviceListWatch;
  readonly events: EventHub;
  /** The engine's log (never for samples). */
  readonly log: Logger;
  settings(): Settings;
  /** null while the database is not open (the reason is in app.info). */
  store(): HandlerStore | null;
  /** null until Bluetooth (or the demo sensors) is set up. */
  devices(): DevicePort | null;
  /** Engine clock, epoch ms: the simulator's clock in demo mode, the wall clock otherwise. */
  now(): number;
  /** Switches to the simulated demo sensors (where the engine can). */
  useDemoSensors?(): Promise<void>;
  /** HTML -> PDF; the Electron app passes webContents.printToPDF, elsewhere headless Chromium is used. */
  printToPdf?: PrintToPdf;
  /** The export worker's entry file (the Electron build's out/main/export-worker.mjs); default: beside the export code. */
  exportWorker?: string;
}
