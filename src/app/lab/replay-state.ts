// The Live lab's replay of its last run, as the store holds it (a position in core's replaySteps of that run),
// and what the canvas draws for it: the same marks as the preview's teaching, on the plugins of the run
// that the network shown still has (a run is of the chain as it was when it started: lab.pluginIds).
import { useMemo } from 'react';
import { emptyRunState } from '../../core';
import { stepStates } from '../../core/runtime/order';
import { useApp } from '../state';
import { labReading, labReplaySteps, useLaterModule } from '../later';
import type { NodeMark } from '../canvas/graph';

/**
 * The run's steps, and the one replayed now (undefined when the replay is closed). The steps come from a
 * module loaded later (with the Live lab tab, or when the replay opens): none until it is there. The
 * replay (LabReplay) wants them always; the canvas only while the replay is open.
 */
export function useLabReplay(wanted?: boolean) {
  const events = useApp((s) => s.lab.events);
  const teaching = useApp((s) => s.teaching);
  const replay = useLaterModule(labReplaySteps, wanted ?? teaching?.source === 'lab');
  // Folding the events is the lab's code (labReading), loaded with the first run; without events there is nothing to fold.
  const reading = useLaterModule(labReading, events.length > 0);
  const state = useMemo(() => (reading && events.length > 0 ? reading.foldLabEvents(events) : emptyRunState()), [events, reading]);
  const steps = useMemo(() => replay?.replaySteps(state) ?? [], [state, replay]);
  const containers = state.start?.containers?.length ?? 1;
  const position = teaching?.source === 'lab' && steps.length > 0 ? Math.max(0, Math.min(teaching.position, steps.length - 1)) : undefined;
  return { state, steps, containers, position, step: position === undefined ? undefined : steps[position], replay };
}

/** The id of the run's plugin at this position of the list that ran, when the network shown still has it. */
function useRunPluginIds(): (index: number) => string | undefined {
  const ran = useApp((s) => s.lab.pluginIds);
  const plugins = useApp((s) => s.chain.plugins);
  return useMemo(() => {
    const present = new Set(plugins.map((p) => p.id));
    return (index: number) => (ran[index] !== undefined && present.has(ran[index]) ? ran[index] : undefined);
  }, [ran, plugins]);
}

/** The plugin the replayed call ran, for the canvas to ring and follow (none on the traffic step). */
export function useLabReplayFocus(): { pluginId: string; handsOn: boolean } | undefined {
  const { step } = useLabReplay();
  const idOf = useRunPluginIds();
  // One object per step: the canvas rebuilds its graph when this changes.
  return useMemo(() => {
    const id = step?.kind === 'call' ? idOf(step.index) : undefined;
    return id && step?.kind === 'call' ? { pluginId: id, handsOn: step.command === 'ADD' && step.phase === 'run' } : undefined;
  }, [step, idOf]);
}

/**
 * The replay's canvas marks, like the preview's: the plugin of the call replayed now ringed and labelled,
 * the ones its walk already ran done, the rest dimmed; on the traffic step every plugin that ran is done.
 */
export function useLabReplayMarks(): ReadonlyMap<string, NodeMark> {
  const { step, steps, position, containers, replay } = useLabReplay();
  const count = useApp((s) => s.lab.pluginIds.length);
  const idOf = useRunPluginIds();
  return useMemo(() => {
    const marks = new Map<string, NodeMark>();
    if (!step || position === undefined || !replay) return marks;
    if (step.kind === 'traffic') {
      const ran = new Set(steps.slice(0, position).flatMap((s) => (s.kind === 'call' ? [s.index] : [])));
      for (const index of ran) {
        const id = idOf(index);
        if (id) marks.set(id, { className: 'teach-done', badge: 'done' });
      }
      return marks;
    }
    stepStates(step.order, step.step - 1, count).forEach((state, index) => {
      const id = idOf(index);
      if (!id) return;
      if (state === 'current') marks.set(id, { className: 'teach-current', badge: replay.replayBadge(step, containers), current: true });
      else if (state === 'done') marks.set(id, { className: 'teach-done', badge: 'done' });
      else marks.set(id, { className: 'teach-pending' });
    });
    return marks;
  }, [step, steps, position, containers, count, idOf, replay]);
}
