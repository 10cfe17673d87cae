// A lab run belongs to the version of the network it ran on: once the document's content fingerprint
// is another (an edit, an import, a template), the run's node colours and its results are marked stale.
import { memo, useMemo } from 'react';
import { Panel } from '@xyflow/react';
import type { LabState } from '../canvas/graph';
import { labReading, useLaterModule } from '../later';
import { useApp, useConflist } from '../state';

const NO_STATES = { states: new Map<string, LabState>(), byContainer: new Map<string, ContainerStatus[]>() };

/**
 * Whether the last lab run ran on another version of the network than the one shown. The fingerprint is
 * the lab's code (labReading), loaded with the run: until it is there, no run is called stale.
 */
export function useLabStale(): boolean {
  const doc = useConflist();
  const ranOn = useApp((s) => s.lab.fingerprint);
  const reading = useLaterModule(labReading, ranOn !== undefined);
  return useMemo(() => ranOn !== undefined && reading !== undefined && ranOn !== reading.conflistFingerprint(doc), [doc, ranOn, reading]);
}

/**
 * Each plugin's state in the last run, by plugin id (events name plugins by chain position, mapped to the
 * ids the chain had when the run was asked for), and whether the run is stale. Plugins of another
 * network have other ids, so they never take an old run's colours.
 */
export function useLabNodeStates(): { states: Map<string, LabState>; byContainer: Map<string, ContainerStatus[]>; stale: boolean } {
  const lab = useApp((s) => s.lab);
  const ids = useApp((s) => s.chain.plugins);
  const stale = useLabStale();
  // No run yet (the first screen): nothing to read, and the code that reads one is not loaded for it.
  const reading = useLaterModule(labReading, lab.events.length > 0);
  const { states, byContainer } = useMemo(() => {
    if (!reading || lab.events.length === 0) return NO_STATES;
    const { foldLabEvents, allResultMismatches } = reading;
    const present = new Set(ids.map((p) => p.id));
    const idOf = (index: number) => (lab.pluginIds[index] && present.has(lab.pluginIds[index]!) ? lab.pluginIds[index]! : undefined);
    const state = foldLabEvents(lab.events);
    // A plugin whose result the namespace contradicts (in a container) is not shown as fine there.
    const contradicted = new Set(allResultMismatches(state).flatMap(({ container, mismatches }) => mismatches.map((m) => `${container}:${m.pluginIndex}`)));
    const inContainer = (container: number, index: number, status: LabState): LabState => (status === 'ok' && contradicted.has(`${container}:${index}`) ? 'contradicted' : status);
    const states = new Map([...state.status].flatMap(([index, status]) => (idOf(index) ? [[idOf(index)!, inContainer(0, index, status)] as const] : [])));
    // With several containers: each one's status of the plugin, and the node takes the worst of them.
    const byContainer = new Map<string, ContainerStatus[]>();
    for (const [container, statuses] of [...(state.statusByContainer ?? [])].sort(([a], [b]) => a - b)) {
      for (const [index, status] of statuses) {
        const id = idOf(index);
        if (id) byContainer.set(id, [...(byContainer.get(id) ?? []), { container: `c${container + 1}`, status: inContainer(container, index, status) }]);
      }
    }
    for (const [id, all] of byContainer) states.set(id, worst(all.map((c) => c.status)));
    return { states, byContainer };
  }, [lab, ids, reading]);
  return { states, byContainer, stale };
}

/** A plugin's status in one container of the run ("c2", failed). */
export interface ContainerStatus {
  container: string;
  status: LabState;
}

const worst = (all: readonly LabState[]): LabState => (all.includes('failed') ? 'failed' : all.includes('running') ? 'running' : all.includes('contradicted') ? 'contradicted' : 'ok');

/** On the canvas: the colours are muted (lab.css) and this says why. */
export const LabStaleNote = memo(function LabStaleNote({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    <Panel position="bottom-center" className="lab-stale-note" data-testid="lab-stale-note">
      Lab colours are from a run on an earlier version of this network: run again in the Live lab tab.
    </Panel>
  );
});
