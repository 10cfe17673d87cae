// Work that can wait for the browser to be idle: drawn content below the fold, chunks fetched ahead.

/** Runs `run` when the browser is next idle (at the latest after `timeout` ms); returns the cancel. */
export function whenIdle(run: () => void, timeout = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 50);
  return () => clearTimeout(id);
}
