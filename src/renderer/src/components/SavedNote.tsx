/** "Saved to … — Show in folder": what the window says after saving an export where the person picked. */
import { useState } from 'react';
import type { DesktopSave } from '../transport/desktop-save';

export interface SavedExportNote {
  message: string;
  reveal: string;
}

export function SavedNote({ saved, desktop }: { saved: SavedExportNote; desktop: DesktopSave }) {
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <p className="banner banner-info saved-note" role="status">
      <span className="saved-path">{saved.message}</span>
      {' — '}
      <button
        type="button"
        className="link-button"
        onClick={() => {
          setProblem(null);
          desktop.showInFolder(saved.reveal).then(
            (r) => setProblem(r.shown ? null : r.message),
            (err: unknown) => setProblem(err instanceof Error ? err.message : String(err)),
          );
        }}
      >
        Show in folder
      </button>
      {problem ? <span className="field-problem"> {problem}</span> : null}
    </p>
  );
}
