// What the helper does to the processes it starts as whole groups and as handles of its event loop,
// shared by the plugins' executor, the ip sessions and the primed tools.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** SIGKILL to a process group (a plugin's, a gate's): the process and whatever it started in its group. */
export function killGroup(pgid: number | undefined): void {
  if (pgid === undefined) return;
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // the group is already empty
  }
}

/**
 * Whether a child (its process and its pipes) keeps the helper's event loop alive: not while it waits
 * between runs (a kept session, a gate), so `lab run` and tests end; again as soon as a run uses it.
 */
export function holdEventLoop(child: ChildProcessWithoutNullStreams, hold: boolean): void {
  if (hold) child.ref();
  else child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Record<'ref' | 'unref', (() => void) | undefined>)[hold ? 'ref' : 'unref']?.();
}
