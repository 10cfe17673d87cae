// What the first screen does not show (the bottom panel's preview, lab and review tabs, the dialogs, a rule's
// explanation), each a chunk of its own loaded on first use. Once the first screen is up, the chunks are
// fetched while the browser is idle, so opening one later shows no loading state. (The validator has its
// own loader, validator.ts, started right after the first paint.)
import { lazy, useEffect, useSyncExternalStore, type ComponentType } from 'react';
import { whenIdle } from './idle';

type Loaded<P> = { default: ComponentType<P> };

/** A component from a module loaded later; after the module has loaded, React gets it without suspending. */
function later<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  let loaded: M | undefined;
  const fetch = () => load().then((m) => (loaded = m));
  type P = M[K] extends ComponentType<infer Q> ? Q : never;
  // A thenable that calls back at once when the module is there: React.lazy then renders it in the same
  // pass instead of showing the fallback for a frame.
  const Component = lazy<ComponentType<P>>(() =>
    (loaded ? { then: (ok: (m: Loaded<P>) => void) => ok({ default: loaded![name] as ComponentType<P> }) } : fetch().then((m) => ({ default: m[name] as ComponentType<P> }))) as Promise<Loaded<P>>,
  );
  return { Component, prefetch: fetch };
}

const preview = later(() => import('./preview/PreviewPanel'), 'PreviewPanel');
const lab = later(() => import('./lab/LabPanel'), 'LabPanel');
const review = later(() => import('./review/ReviewPanel'), 'ReviewPanel');
const templates = later(() => import('./components/TemplateGallery'), 'TemplateGallery');
const importDialog = later(() => import('./components/ImportDialog'), 'ImportDialog');
const exportDialog = later(() => import('./components/ExportDialog'), 'ExportDialog');
const confDir = later(() => import('./components/ConfDirDialog'), 'ConfDirDialog');
const commands = later(() => import('./actions/CommandPalette'), 'CommandPalette');
const shortcuts = later(() => import('./actions/ShortcutSheet'), 'ShortcutSheet');
const history = later(() => import('./history/VersionHistory'), 'VersionHistory');
const ruleExplanation = later(() => import('./components/RuleExplanation'), 'RuleExplanation');

export const PreviewPanel = preview.Component;
export const LabPanel = lab.Component;
export const ReviewPanel = review.Component;
export const TemplateGallery = templates.Component;
export const ImportDialog = importDialog.Component;
export const ExportDialog = exportDialog.Component;
export const ConfDirDialog = confDir.Component;
export const CommandPalette = commands.Component;
export const ShortcutSheet = shortcuts.Component;
export const VersionHistory = history.Component;
export const RuleExplanation = ruleExplanation.Component;

/** A module loaded later, for code that is not a component; `now()` is it once loaded (so a click can use it in the same task). */
export interface LaterModule<M> {
  now(): M | undefined;
  load(): Promise<M>;
  /** Called once the module has loaded; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

function laterModule<M>(load: () => Promise<M>): LaterModule<M> {
  let loaded: M | undefined;
  let loading: Promise<M> | undefined;
  const listeners = new Set<() => void>();
  return {
    now: () => loaded,
    load: () =>
      (loading ??= load().then(
        (m) => {
          loaded = m;
          for (const listener of listeners) listener();
          return m;
        },
        (e: unknown) => ((loading = undefined), Promise.reject(e)),
      )),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * A later module in a render: undefined until it has loaded (the component renders again then). Loaded
 * when `wanted`; a failed load leaves it undefined (the idle prefetch or the next want tries again).
 */
export function useLaterModule<M>(module: LaterModule<M>, wanted: boolean): M | undefined {
  const now = useSyncExternalStore(module.subscribe, module.now);
  useEffect(() => {
    if (wanted && !now) module.load().catch(() => undefined);
  }, [module, wanted, now]);
  return now;
}

/** Share links' encoding and decoding (fflate). */
export const shareCodec = laterModule(() => import('../core/formats/share'));

/** The runtime's planner: the order of GC's calls, for teaching it (preview/teaching.ts). */
export const runtimePlanner = laterModule(() => import('../core/runtime/plan'));

/** A lab run's replay steps, for the canvas's marks while the replay is open (lab/replay-state.ts). */
export const labReplaySteps = laterModule(() => import('../core/lab/replay'));

/** Most likely first: the bottom panel's tabs (each with what its canvas marks need), then the dialogs. */
const PREFETCH = [
  preview.prefetch,
  runtimePlanner.load,
  review.prefetch,
  lab.prefetch,
  labReplaySteps.load,
  ...[commands, templates, importDialog, exportDialog, history, shortcuts, confDir, ruleExplanation].map((p) => p.prefetch),
  shareCodec.load,
];

/** Fetches every part, one per idle period, so the first screen's work is never delayed by it. */
export function prefetchWhenIdle(): void {
  const queue = [...PREFETCH];
  const idle = (run: () => void) => void whenIdle(run, 3000);
  const next = () => {
    const load = queue.shift();
    // A chunk that fails here is fetched again on first use, where its error is shown.
    if (load) void load().then(() => idle(next), () => idle(next));
  };
  idle(next);
}
