/**
 * The window's save dialog and "Show in folder" over IPC: each message is checked for its
 * sender and its shape before the plain flow (src/engine/export/save-dialog.ts) sees it.
 * No electron import here, so tests drive it with an in-memory ipcMain.
 */
import type { IpcMainInvokeEvent } from 'electron';
import { describeIssues } from '../shared/contract';
import {
  SAVE_EXPORT_CHANNEL,
  SHOW_IN_FOLDER_CHANNEL,
  saveExportRequestSchema,
  showInFolderRequestSchema,
  type SaveExportResult,
  type ShowInFolderResult,
} from '../shared/save-export';
import type { SaveExportFlow } from '../engine/export/save-dialog';
import type { IpcMainLike } from './ipc';

const REFUSED = 'Refused: not sent by the SetBeat window.';

export function registerSaveExport(
  ipcMain: IpcMainLike,
  flow: Pick<SaveExportFlow, 'save' | 'showInFolder'>,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  ipcMain.handle(SAVE_EXPORT_CHANNEL, async (event, request): Promise<SaveExportResult> => {
    if (!isTrustedSender(event)) return { status: 'failed', message: REFUSED };
    const parsed = saveExportRequestSchema.safeParse(request);
    if (!parsed.success) return { status: 'failed', message: `Refused the export: ${describeIssues(parsed.error)}` };
    return flow.save(parsed.data);
  });
  ipcMain.handle(SHOW_IN_FOLDER_CHANNEL, (event, request): ShowInFolderResult => {
    if (!isTrustedSender(event)) return { shown: false, message: REFUSED };
    const parsed = showInFolderRequestSchema.safeParse(request);
    if (!parsed.success) return { shown: false, message: `Refused: ${describeIssues(parsed.error)}` };
    return flow.showInFolder(parsed.data.path);
  });
  return () => {
    ipcMain.removeHandler(SAVE_EXPORT_CHANNEL);
    ipcMain.removeHandler(SHOW_IN_FOLDER_CHANNEL);
  };
}
