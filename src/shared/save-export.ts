/**
 * The window's own export path (Electron only): the renderer asks the main process to save an
 * export where the person picks, through a native dialog, and later to show it in its folder.
 * Web mode downloads instead (src/renderer/src/transport/download.ts) and has neither.
 * Both sides validate these messages: the preload passes them through untyped.
 */
import { z } from 'zod';
import { EXPORT_FORMAT_IDS } from './commands/sessions';

export { SAVE_EXPORT_CHANNEL, SHOW_IN_FOLDER_CHANNEL } from './bridge';

const text = (max: number) => z.string().max(max);

export const saveExportRequestSchema = z
  .object({
    /** A session id, or every session. */
    session: z.union([z.number().int().positive(), z.literal('all')]),
    format: z.enum(EXPORT_FORMAT_IDS),
  })
  .strict();
export type SaveExportRequest = z.infer<typeof saveExportRequestSchema>;

export const saveExportResultSchema = z.discriminatedUnion('status', [
  /** The person closed the dialog: nothing was written, and nothing needs saying. */
  z.object({ status: z.literal('canceled') }),
  z.object({
    status: z.literal('saved'),
    /** What to tell the person: "Saved to /home/ana/setbeat-….fit". */
    message: text(8192),
    /** The file or folder "Show in folder" selects. */
    reveal: text(4096),
  }),
  z.object({ status: z.literal('failed'), message: text(8192) }),
]);
export type SaveExportResult = z.infer<typeof saveExportResultSchema>;

export const showInFolderRequestSchema = z.object({ path: text(4096) }).strict();
export const showInFolderResultSchema = z.object({ shown: z.boolean(), message: text(8192).nullable() });
export type ShowInFolderResult = z.infer<typeof showInFolderResultSchema>;
