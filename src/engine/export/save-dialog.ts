/**
 * The desktop window's export: saved where the person picks, with a native dialog, then shown
 * in its folder on request. Everything here is plain Node, so it is tested with a fake dialog
 * and shell; src/main/save-export-ipc.ts only hands it Electron's `dialog` and `shell`.
 *
 * One file (JSON, TCX, FIT, HTML, PDF): a save dialog with that format's filter and a default
 * name like the CLI's. CSV (four files) and every session (one or four per session): a folder
 * picker. The folder picked last is where the next dialog opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { SaveExportRequest, SaveExportResult, ShowInFolderResult } from '../../shared/save-export';
import { sessionFileBase } from './safe-path';
import type { ExportFormat } from './exporter';

/** The options of Electron's dialog.showSaveDialog that SetBeat uses. */
export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  filters: { name: string; extensions: string[] }[];
  properties: ('createDirectory' | 'showOverwriteConfirmation')[];
}

/** The options of Electron's dialog.showOpenDialog that SetBeat uses (a folder picker). */
export interface FolderDialogOptions {
  title: string;
  defaultPath: string;
  buttonLabel: string;
  /** Shown by macOS in the dialog: what will be written there. */
  message: string;
  properties: ('openDirectory' | 'createDirectory' | 'promptToCreate')[];
}

export interface DialogPort {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: FolderDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface ShellPort {
  showItemInFolder(fullPath: string): void;
}

export interface SavedExport {
  files: { path: string; bytes: number }[];
  /** Every session: how many were written, and those that failed (the rest still are). */
  exported?: number;
  failed?: { sessionId: number; reason: string }[];
}

/** What the flow needs from the engine: a session's identity, and the export itself. */
export interface ExportTarget {
  session(id: number): { id: number; startedAt: number } | null;
  /** `out`: a file path, or a folder when it ends in a separator (see exporter.ts). */
  exportTo(what: number | 'all', format: ExportFormat, out: string): Promise<SavedExport>;
}

export type DialogPlan =
  | { kind: 'file'; extension: string; options: SaveDialogOptions }
  | { kind: 'folder'; options: FolderDialogOptions };

const ONE_FILE: Record<Exclude<ExportFormat, 'csv'>, { name: string; extension: string }> = {
  json: { name: 'SetBeat session (JSON)', extension: 'json' },
  tcx: { name: 'TCX activity', extension: 'tcx' },
  fit: { name: 'FIT activity', extension: 'fit' },
  html: { name: 'Session report (HTML)', extension: 'html' },
  pdf: { name: 'Session report (PDF)', extension: 'pdf' },
};

/** Which dialog to show for a request, opening in `folder`. */
export function planSaveDialog(request: SaveExportRequest, session: { id: number; startedAt: number } | null, folder: string): DialogPlan {
  const { format } = request;
  const upper = format.toUpperCase();
  if (request.session === 'all') {
    return {
      kind: 'folder',
      options: {
        title: `Export every session as ${upper}`,
        defaultPath: folder,
        buttonLabel: 'Export here',
        message: `A new folder is made in the folder you choose, with ${format === 'csv' ? 'four files' : 'one file'} per session.`,
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      },
    };
  }
  if (format === 'csv') {
    return {
      kind: 'folder',
      options: {
        title: 'Export the session as CSV',
        defaultPath: folder,
        buttonLabel: 'Save here',
        message: 'Four files are saved in the folder you choose: sets, samples, a Strong-style file and the RR intervals.',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      },
    };
  }
  const kind = ONE_FILE[format];
  const base = session ? sessionFileBase(session) : 'setbeat-session';
  return {
    kind: 'file',
    extension: kind.extension,
    options: {
      title: `Save the session as ${upper}`,
      defaultPath: path.join(folder, `${base}.${kind.extension}`),
      buttonLabel: 'Save',
      filters: [{ name: kind.name, extensions: [kind.extension] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    },
  };
}

/**
 * The format's extension on a name typed without it (Linux dialogs add none, and Garmin
 * Connect, for one, refuses a FIT file not called .fit).
 */
export function withExtension(filePath: string, extension: string): string {
  return path.extname(filePath).toLowerCase() === `.${extension}` ? filePath : `${filePath}.${extension}`;
}

export interface SaveExportFlowOptions {
  dialog: DialogPort;
  shell: ShellPort;
  target: ExportTarget;
  /** Where the first dialog opens (the person's Documents folder). */
  startFolder: string;
  now: () => number;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class SaveExportFlow {
  private folder: string;
  /** What "Show in folder" may show: only what this window saved, never a path the page names. */
  private readonly revealable = new Set<string>();

  constructor(private readonly o: SaveExportFlowOptions) {
    this.folder = o.startFolder;
  }

  async save(request: SaveExportRequest): Promise<SaveExportResult> {
    const { format } = request;
    const session = request.session === 'all' ? null : this.o.target.session(request.session);
    if (request.session !== 'all' && !session) {
      return { status: 'failed', message: `There is no session ${request.session} (it may have been deleted).` };
    }
    const plan = planSaveDialog(request, session, this.folder);
    let out: string;
    if (plan.kind === 'file') {
      const picked = await this.o.dialog.showSaveDialog(plan.options);
      if (picked.canceled || !picked.filePath) return { status: 'canceled' };
      out = withExtension(path.resolve(picked.filePath), plan.extension);
      this.folder = path.dirname(out);
    } else {
      const picked = await this.o.dialog.showOpenDialog(plan.options);
      const chosen = picked.filePaths[0];
      if (picked.canceled || !chosen) return { status: 'canceled' };
      this.folder = path.resolve(chosen);
      // Every session goes into a folder of its own, not loose among the person's files.
      const stamp = new Date(this.o.now()).toISOString().slice(0, 16).replace(/[:T]/g, '-');
      out = (request.session === 'all' ? path.join(this.folder, `setbeat-all-${format}-${stamp}`) : this.folder) + path.sep;
    }
    let saved: SavedExport;
    try {
      saved = await this.o.target.exportTo(request.session, format, out);
    } catch (err) {
      return { status: 'failed', message: `The ${format.toUpperCase()} export failed: ${message(err)}` };
    }
    return this.outcome(request, out, saved);
  }

  showInFolder(fullPath: string): ShowInFolderResult {
    if (!this.revealable.has(fullPath)) return { shown: false, message: 'SetBeat shows only what it saved in this window.' };
    if (!fs.existsSync(fullPath)) return { shown: false, message: `${fullPath} is no longer there: it was moved or deleted.` };
    this.o.shell.showItemInFolder(fullPath);
    return { shown: true, message: null };
  }

  private outcome(request: SaveExportRequest, out: string, saved: SavedExport): SaveExportResult {
    const first = saved.files[0]?.path;
    let text: string;
    let reveal: string;
    if (request.session === 'all') {
      reveal = out.replace(/[\\/]+$/, '');
      const n = saved.exported ?? 0;
      const failed = saved.failed ?? [];
      const failedText = failed.length ? ` ${failed.length} could not be exported (first: session ${failed[0].sessionId}: ${failed[0].reason}).` : '';
      text = `Saved ${n} session${n === 1 ? '' : 's'} in ${reveal}.${failedText}`;
    } else if (!first) {
      return { status: 'failed', message: `The ${request.format.toUpperCase()} export wrote no file.` };
    } else if (saved.files.length === 1) {
      reveal = first;
      text = `Saved to ${first}`;
    } else {
      // Selecting the first file shows the folder with the others beside it.
      reveal = first;
      text = `Saved ${saved.files.length} files in ${path.dirname(first)}`;
    }
    this.revealable.add(reveal);
    return { status: 'saved', message: text, reveal };
  }
}
