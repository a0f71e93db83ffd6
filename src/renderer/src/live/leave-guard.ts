/**
 * Unsaved edits ask before they are dropped: a screen with changes registers what to ask, and
 * whatever would take the person away (another screen, another routine, closing the tab) asks.
 */
let question: string | null = null;

/** The question to ask before leaving, or null when there is nothing to lose. */
export function setLeaveQuestion(q: string | null): void {
  question = q;
}

/** True when it is fine to leave (nothing unsaved, or the person said so). */
export function confirmLeave(): boolean {
  if (question === null) return true;
  const ok = window.confirm(question);
  if (ok) question = null;
  return ok;
}

export function hasUnsaved(): boolean {
  return question !== null;
}
