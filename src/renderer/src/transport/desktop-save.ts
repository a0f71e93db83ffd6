/**
 * The window's save dialog, through the Electron bridge: the page asks, the main process
 * shows the dialog and writes. Replies are validated like every other (the bridge passes raw
 * values). Web mode has no such bridge and downloads instead (download.ts).
 */
import type { SetBeatBridge } from '../../../shared/bridge';
import {
  saveExportResultSchema,
  showInFolderResultSchema,
  type SaveExportRequest,
  type SaveExportResult,
  type ShowInFolderResult,
} from '../../../shared/save-export';

export interface DesktopSave {
  save(request: SaveExportRequest): Promise<SaveExportResult>;
  showInFolder(path: string): Promise<ShowInFolderResult>;
}

export function desktopSave(bridge: SetBeatBridge): DesktopSave | null {
  if (typeof bridge.saveExport !== 'function' || typeof bridge.showInFolder !== 'function') return null;
  return {
    async save(request) {
      const parsed = saveExportResultSchema.safeParse(await bridge.saveExport(request));
      return parsed.success ? parsed.data : { status: 'failed', message: 'The window sent a malformed reply to the export.' };
    },
    async showInFolder(path) {
      const parsed = showInFolderResultSchema.safeParse(await bridge.showInFolder({ path }));
      return parsed.success ? parsed.data : { shown: false, message: 'The window sent a malformed reply.' };
    },
  };
}
