// Teaching mode's walk, shared by the preview (which steps through it) and the canvas (which marks where
// the walk stands): ADD first to last, DEL last to first, then GC's stale DELs and GC calls. The Live lab's
// replay of a run is teaching too: its marks come from the run (lab/replay-state.ts), drawn the same way.
import { useDeferredValue, useMemo } from 'react';
import type { Operation } from '../../core';
import { chainOrder, stepStates } from '../../core/runtime/order';
import { useApp, useConflist, useIds, useProfile, useValidatorReady } from '../state';
import { validatorNow } from '../validator';
import { runtimePlanner, useLaterModule } from '../later';
import type { NodeMark, TeachingFocus } from '../canvas/graph';
import { useLabReplayFocus, useLabReplayMarks } from '../lab/replay-state';

export type TaughtOperation = 'ADD' | 'DEL' | 'GC';
export const TAUGHT: readonly TaughtOperation[] = ['ADD', 'DEL', 'GC'];

/**
 * The plugin index of each invocation, in the order the runtime runs them, per operation taught. GC's order
 * is planned only when `gc` is asked for (the preview, and the canvas while GC is taught): its planner is a
 * module loaded later (with the preview, or when asked), and the plan needs the validator; until both are
 * there, it is empty.
 */
export function useTeachingOrders(gc = true): Record<TaughtOperation, number[]> {
  // A whole plan per edit while GC is taught: drawn after the edit, as the preview's own plan is.
  const doc = useDeferredValue(useConflist());
  const runtime = useApp((s) => s.runtime);
  const profile = useProfile();
  const count = useIds().length;
  const ready = useValidatorReady();
  const planner = useLaterModule(runtimePlanner, gc);
  const gcOrder = useMemo(() => {
    const validator = gc && ready ? validatorNow() : undefined;
    return validator && planner ? planner.plan(doc, runtime, 'GC', { validator, profile }).invocations.map((i) => i.index) : [];
  }, [doc, runtime, profile, ready, gc, planner]);
  return useMemo(() => ({ ADD: chainOrder(count, 'ADD'), DEL: chainOrder(count, 'DEL'), GC: gcOrder }), [count, gcOrder]);
}

const isTaught = (op: Operation): op is TaughtOperation => (TAUGHT as readonly string[]).includes(op);

/**
 * The canvas marks of a step-through: the plugin running now (ringed, with "now running: step 2 of 4 · ADD"),
 * the ones this operation already ran (done) and those it has not reached (dimmed). Empty when not teaching.
 */
export function useTeachingMarks(): ReadonlyMap<string, NodeMark> {
  const preview = usePreviewMarks();
  const lab = useLabReplayMarks();
  return lab.size > 0 ? lab : preview;
}

/** The plugin the step is about (ringed and followed by the canvas), from the preview or the lab's replay. */
export function useTeachingFocus(): TeachingFocus | undefined {
  const teaching = usePreviewTeaching();
  const ids = useIds();
  const lab = useLabReplayFocus();
  return useMemo(() => {
    if (lab) return lab;
    const id = teaching ? ids[teaching.index ?? chainOrder(ids.length, teaching.operation)[teaching.step] ?? -1] : undefined;
    return teaching && id ? { pluginId: id, handsOn: teaching.operation === 'ADD' } : undefined;
  }, [teaching, ids, lab]);
}

/** The preview's step-through, when it is the one teaching (not the lab's replay). */
export const usePreviewTeaching = () => useApp((s) => (s.teaching?.source === 'lab' ? null : s.teaching));

function usePreviewMarks(): ReadonlyMap<string, NodeMark> {
  const teaching = usePreviewTeaching();
  const ids = useIds();
  const orders = useTeachingOrders(teaching?.operation === 'GC');
  return useMemo(() => {
    const marks = new Map<string, NodeMark>();
    if (!teaching || !isTaught(teaching.operation)) return marks;
    const order = orders[teaching.operation];
    const states = stepStates(order, teaching.step, ids.length);
    states.forEach((state, i) => {
      const id = ids[i];
      if (!id) return;
      if (state === 'current') marks.set(id, { className: 'teach-current', badge: `now running: step ${teaching.step + 1} of ${order.length} · ${teaching.operation}`, current: true });
      else if (state === 'done') marks.set(id, { className: 'teach-done', badge: 'done' });
      else marks.set(id, { className: 'teach-pending' });
    });
    return marks;
  }, [teaching, ids, orders]);
}
