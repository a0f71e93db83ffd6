/**
 * The window's exports (issue 16, item 2): saved where the person picks through a native
 * dialog, then "Show in folder". The plain flow runs here with a fake dialog and shell on a
 * real engine and SQLite file; the IPC wiring with an in-memory ipcMain. No Electron binary.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/create';
import type { Engine } from '../../src/engine/engine';
import { openStore } from '../../src/engine/store/index';
import {
  SaveExportFlow,
  planSaveDialog,
  withExtension,
  type DialogPort,
  type FolderDialogOptions,
  type SaveDialogOptions,
} from '../../src/engine/export/save-dialog';
import { registerSaveExport } from '../../src/main/save-export-ipc';
import { SAVE_EXPORT_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from '../../src/shared/bridge';
import type { IpcMainLike } from '../../src/main/ipc';

const T0 = Date.UTC(2026, 10, 3, 7, 0);

function seed(dataDir: string): void {
  const store = openStore(dataDir);
  try {
    for (const [i, name] of ['Tuesday legs', 'Thursday hills'].entries()) {
      const t0 = T0 + i * 86_400_000;
      const w = store.beginSession({ name, routineName: "Runner's strength", startedAt: t0 });
      const setId = w.startSet({ exerciseId: 'squat', side: 'both', order: 0, target: 5, startedAt: t0 + 5000 });
      for (let r = 0; r < 5; r++) w.addRep(setId, { t: 8 + r * 3, start: 7 + r * 3, end: 9 + r * 3, amplitude: 0.3, confidence: 0.9, detectedAt: 9 + r * 3, quality: { durationS: 2 } });
      for (let s = 0; s < 60; s++) w.addHr({ tMs: t0 + s * 1000, bpm: 100 + (s % 20), contact: true });
      w.endSet(setId, t0 + 25_000);
      w.finish(t0 + 60_000);
    }
  } finally {
    store.close();
  }
}

/** A dialog that answers what the test says, and remembers what it was asked. */
class FakeDialog implements DialogPort {
  saveAsked: SaveDialogOptions[] = [];
  folderAsked: FolderDialogOptions[] = [];
  answer: { canceled: boolean; path?: string } = { canceled: true };
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }> {
    this.saveAsked.push(options);
    return Promise.resolve({ canceled: this.answer.canceled, filePath: this.answer.path });
  }
  showOpenDialog(options: FolderDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.folderAsked.push(options);
    return Promise.resolve({ canceled: this.answer.canceled, filePaths: this.answer.path ? [this.answer.path] : [] });
  }
}

describe('saving an export where the person picks', () => {
  let dataDir: string;
  let home: string;
  let engine: Engine;
  let dialog: FakeDialog;
  let shown: string[];
  let flow: SaveExportFlow;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-save-data-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'setbeat-save-home-'));
    seed(dataDir);
    engine = createEngine({ dataDir, transport: 'electron' });
    dialog = new FakeDialog();
    shown = [];
    flow = new SaveExportFlow({
      dialog,
      shell: { showItemInFolder: (p) => shown.push(p) },
      target: engine.exportTarget,
      startFolder: path.join(home, 'Documents'),
      now: () => Date.UTC(2026, 11, 3, 15, 5),
    });
  });
  afterAll(async () => {
    await engine?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('plans a save dialog per file format, a folder picker for CSV and for every session', () => {
    const s = { id: 12, startedAt: T0 };
    const fit = planSaveDialog({ session: 12, format: 'fit' }, s, '/home/ana/Documents');
    expect(fit).toEqual({
      kind: 'file',
      extension: 'fit',
      options: expect.objectContaining({
        defaultPath: path.join('/home/ana/Documents', 'setbeat-2026-11-03-0700-s12.fit'),
        filters: [{ name: 'FIT activity', extensions: ['fit'] }],
        properties: expect.arrayContaining(['showOverwriteConfirmation']),
      }),
    });
    for (const f of ['json', 'tcx', 'html', 'pdf'] as const) {
      const plan = planSaveDialog({ session: 12, format: f }, s, '/x');
      expect(plan.kind).toBe('file');
      if (plan.kind === 'file') expect(plan.options.filters[0].extensions).toEqual([f]);
    }
    expect(planSaveDialog({ session: 12, format: 'csv' }, s, '/x')).toMatchObject({ kind: 'folder', options: { properties: expect.arrayContaining(['openDirectory']) } });
    expect(planSaveDialog({ session: 'all', format: 'json' }, null, '/x')).toMatchObject({ kind: 'folder', options: { defaultPath: '/x' } });
    expect(withExtension('/a/legs', 'fit')).toBe('/a/legs.fit');
    expect(withExtension('/a/legs.FIT', 'fit')).toBe('/a/legs.FIT');
    expect(withExtension('/a/legs.json', 'fit')).toBe('/a/legs.json.fit');
  });

  it('a closed dialog writes nothing and says nothing', async () => {
    dialog.answer = { canceled: true };
    expect(await flow.save({ session: 1, format: 'json' })).toEqual({ status: 'canceled' });
    expect(dialog.saveAsked.at(-1)?.defaultPath).toBe(path.join(home, 'Documents', 'setbeat-2026-11-03-0700-s1.json'));
    expect(fs.existsSync(path.join(home, 'Documents'))).toBe(false);
  });

  it('saves one file where picked (adding the extension), says where, and shows it in its folder', async () => {
    const picked = path.join(home, 'Desktop', 'legs');
    dialog.answer = { canceled: false, path: picked };
    const r = await flow.save({ session: 1, format: 'fit' });
    expect(r).toEqual({ status: 'saved', message: `Saved to ${picked}.fit`, reveal: `${picked}.fit` });
    // A real FIT file: the header says ".FIT".
    expect(fs.readFileSync(`${picked}.fit`).subarray(8, 12).toString('latin1')).toBe('.FIT');
    expect(flow.showInFolder(`${picked}.fit`)).toEqual({ shown: true, message: null });
    expect(shown).toEqual([`${picked}.fit`]);
    // The next dialog opens where the last file went.
    dialog.answer = { canceled: true };
    await flow.save({ session: 2, format: 'tcx' });
    expect(dialog.saveAsked.at(-1)?.defaultPath).toBe(path.join(home, 'Desktop', 'setbeat-2026-11-04-0700-s2.tcx'));
  });

  it('CSV goes into a picked folder as four files; every session into a new folder inside the picked one', async () => {
    const folder = path.join(home, 'exports');
    dialog.answer = { canceled: false, path: folder };
    const csv = await flow.save({ session: 2, format: 'csv' });
    expect(csv.status).toBe('saved');
    expect(fs.readdirSync(folder).sort()).toEqual(['sets.csv', 'samples.csv', 'strong.csv', 'rr.txt'].map((s) => `setbeat-2026-11-04-0700-s2.${s}`).sort());
    expect(csv).toMatchObject({ message: `Saved 4 files in ${folder}` });

    const all = await flow.save({ session: 'all', format: 'json' });
    const into = path.join(folder, 'setbeat-all-json-2026-12-03-15-05');
    expect(all).toEqual({ status: 'saved', message: `Saved 2 sessions in ${into}.`, reveal: into });
    expect(fs.readdirSync(into).sort()).toEqual(['setbeat-2026-11-03-0700-s1.json', 'setbeat-2026-11-04-0700-s2.json']);
    expect(flow.showInFolder(into)).toEqual({ shown: true, message: null });
    expect(dialog.folderAsked.at(-1)?.title).toBe('Export every session as JSON');
  });

  it('shows only what it saved, and says so when the file has gone; a missing session is named', async () => {
    expect(flow.showInFolder('/etc/passwd')).toEqual({ shown: false, message: 'SetBeat shows only what it saved in this window.' });
    const gone = path.join(home, 'gone.json');
    dialog.answer = { canceled: false, path: gone };
    expect((await flow.save({ session: 1, format: 'json' })).status).toBe('saved');
    fs.rmSync(gone);
    expect(flow.showInFolder(gone)).toEqual({ shown: false, message: `${gone} is no longer there: it was moved or deleted.` });
    expect(shown).not.toContain(gone);
    expect(shown).not.toContain('/etc/passwd');
    expect(await flow.save({ session: 99, format: 'json' })).toEqual({ status: 'failed', message: 'There is no session 99 (it may have been deleted).' });
  });

  it('a write that fails says why and is not offered in its folder', async () => {
    const blocker = path.join(home, 'a-file');
    fs.writeFileSync(blocker, 'x');
    dialog.answer = { canceled: false, path: path.join(blocker, 'inside', 'x.json') };
    const r = await flow.save({ session: 1, format: 'json' });
    expect(r.status).toBe('failed');
    if (r.status === 'failed') expect(r.message).toMatch(/^The JSON export failed: /);
  });

  it('over IPC: only the SetBeat window is heard, and malformed requests are refused', async () => {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>();
    const ipc: IpcMainLike = {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    };
    const ours = { sender: 'window' } as unknown as IpcMainInvokeEvent;
    const stranger = { sender: 'other' } as unknown as IpcMainInvokeEvent;
    const off = registerSaveExport(ipc, flow, (e) => e === ours);
    const save = handlers.get(SAVE_EXPORT_CHANNEL);
    const show = handlers.get(SHOW_IN_FOLDER_CHANNEL);
    expect(save && show).toBeTruthy();
    if (!save || !show) return;
    dialog.answer = { canceled: false, path: path.join(home, 'ipc', 'one.html') };
    expect(await save(stranger, { session: 1, format: 'html' })).toEqual({ status: 'failed', message: 'Refused: not sent by the SetBeat window.' });
    expect(await save(ours, { session: 1, format: 'exe' })).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Refused the export: /) });
    expect(await save(ours, { session: 1, format: 'html', out: '/etc' })).toMatchObject({ status: 'failed' });
    const ok = await save(ours, { session: 1, format: 'html' });
    expect(ok).toEqual({ status: 'saved', message: `Saved to ${path.join(home, 'ipc', 'one.html')}`, reveal: path.join(home, 'ipc', 'one.html') });
    expect(await show(stranger, { path: path.join(home, 'ipc', 'one.html') })).toEqual({ shown: false, message: 'Refused: not sent by the SetBeat window.' });
    expect(await show(ours, { path: path.join(home, 'ipc', 'one.html') })).toEqual({ shown: true, message: null });
    off();
    expect(handlers.size).toBe(0);
  });
});
