// The order a runtime walks a chain in, and where each plugin stands at a step of that walk: apart from
// walk.ts so a view that marks the steps (the canvas) does not bring the walk and the planner with it.
import type { Operation } from './plan';

/**
 * Chain indexes in the order the operation runs them: ADD, CHECK, GC and STATUS forward, DEL in reverse.
 * (GC's first phase DELs stale attachments in reverse before its GC calls: see walkChain.)
 */
export function chainOrder(count: number, operation: Operation): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return operation === 'DEL' ? order.reverse() : order;
}

/** Where a plugin stands while an operation is walked one invocation at a time (teaching). */
export type StepState = 'done' | 'current' | 'pending';

/**
 * Each plugin's state, by chain index, when the walk of `order` (the invocations' plugin indexes, in the
 * order the runtime runs them) shows invocation `step`: done when it ran before, pending when it has not run
 * yet (or never runs in this walk). GC can run a plugin twice: it is done once it ran, current while it runs.
 */
export function stepStates(order: readonly number[], step: number, count: number): StepState[] {
  const states: StepState[] = Array.from({ length: count }, () => 'pending');
  order.slice(0, Math.max(0, step)).forEach((i) => {
    if (i >= 0 && i < count) states[i] = 'done';
  });
  const current = order[step];
  if (current !== undefined && current >= 0 && current < count) states[current] = 'current';
  return states;
}

