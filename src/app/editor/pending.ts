// Typing reaches the document after a short pause (session.ts). What reads the whole document at once —
// Ctrl+S, Export, Share — first takes what was typed, so a save right after typing has it. No Monaco here:
// the first screen must not load the editor to save.
const flushers = new Set<() => void>();

/** An editor session registers how it commits pending text; returns the unregistering function. */
export function registerPendingEdits(flush: () => void): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Commits every editor's pending text to the document now. */
export function commitPendingEdits(): void {
  for (const flush of flushers) flush();
}
