// What the first screen does not show (the bottom panel's preview, lab and review tabs, the dialogs, a rule's
// explanation), each a chunk of its own loaded on first use. Once the first screen is up, the chunks are
// fetched while the browser is idle, so opening one later shows no loading state. (The validator has its
// own loader, validator.ts, started right after the first paint.)
import { createElement, lazy, useEffect, useReducer, useSyncExternalStore, type ComponentType } from 'react';
import { whenIdle } from './idle';
import { importWithRetries } from './retry';
import { ChunkFailed } from './components/ChunkFailed';
import { preloadEditorFiles } from './editor/preload';
import { loadValidator } from './validator';

/**
 * A component from a module loaded later; after the module has loaded, React gets it without suspending.
 * `what` names it for a person ("the live lab"). A load is tried again while it fails (retry.ts); if it
 * still fails, the component shows so in its place with a way to try again (a rejected lazy() would stay
 * rejected, and the error would take the workbench down with it).
 */
export function later<M, K extends keyof M>(load: () => Promise<M>, name: K, what: string) {
  type P = M[K] extends ComponentType<infer Q> ? Q : never;
  let loaded: M | undefined;
  let failure: Error | undefined;
  const fetch = () =>
    importWithRetries(load).then(
      (m) => ((loaded = m), (failure = undefined), m),
      // importWithRetries rejects with an Error.
      (e: Error) => Promise.reject((failure = e)),
    );
  function Shown(props: P) {
    const [, loadedNow] = useReducer((n: number) => n + 1, 0);
    if (loaded) return createElement(loaded[name] as ComponentType<object>, props as object);
    const onClose = (props as { onClose?: unknown }).onClose;
    return createElement(ChunkFailed, { what, error: failure, onClose: typeof onClose === 'function' ? (onClose as () => void) : undefined, onRetry: () => fetch().then(loadedNow, loadedNow) });
  }
  type Loaded = { default: ComponentType<P> };
  // A thenable that calls back at once when the module is there: React.lazy then renders it in the same
  // pass instead of showing the fallback for a frame. A failed load resolves too, to the message.
  const Component = lazy<ComponentType<P>>(() =>
    (loaded ? { then: (ok: (m: Loaded) => void) => ok({ default: Shown }) } : fetch().then(() => ({ default: Shown }), () => ({ default: Shown }))) as Promise<Loaded>,
  );
  return { Component, prefetch: fetch };
}

const preview = later(() => import('./preview/PreviewPanel'), 'PreviewPanel', 'the runtime preview');
const lab = later(() => import('./lab/LabPanel'), 'LabPanel', 'the live lab');
const review = later(() => import('./review/ReviewPanel'), 'ReviewPanel', 'the review');
const templates = later(() => import('./components/TemplateGallery'), 'TemplateGallery', 'the template gallery');
const importDialog = later(() => import('./components/ImportDialog'), 'ImportDialog', 'the import dialog');
const importChoice = later(() => import('./components/ImportDialog'), 'ImportChoice', 'the import dialog');
const exportDialog = later(() => import('./components/ExportDialog'), 'ExportDialog', 'the export dialog');
const confDir = later(() => import('./components/ConfDirDialog'), 'ConfDirDialog', 'the conf directory view');
const commands = later(() => import('./actions/CommandPalette'), 'CommandPalette', 'the command palette');
const shortcuts = later(() => import('./actions/ShortcutSheet'), 'ShortcutSheet', 'the shortcut sheet');
const history = later(() => import('./history/VersionHistory'), 'VersionHistory', 'the version history');
const conflict = later(() => import('./components/ConflictDialog'), 'ConflictDialog', "the choice between this tab's version and another's");
const ruleExplanation = later(() => import('./components/RuleExplanation'), 'RuleExplanation', "the rule's explanation");

export const PreviewPanel = preview.Component;
export const LabPanel = lab.Component;
export const ReviewPanel = review.Component;
export const TemplateGallery = templates.Component;
export const ImportDialog = importDialog.Component;
export const ImportChoice = importChoice.Component;
export const ExportDialog = exportDialog.Component;
export const ConfDirDialog = confDir.Component;
export const CommandPalette = commands.Component;
export const ShortcutSheet = shortcuts.Component;
export const VersionHistory = history.Component;
export const RuleExplanation = ruleExplanation.Component;
/** Rendered only while there is a conflict: its module loads then (or earlier, when idle). */
export const ConflictDialog = conflict.Component;
/** A plugin's stdin in a read-only editor: the preview's and the lab replay's. */
export const StdinView = later(() => import('./preview/StdinView'), 'default', 'the stdin view').Component;

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
      (loading ??= importWithRetries(load).then(
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

/** Reading a lab run (its events folded, its results checked, the network's fingerprint): lab/stale.tsx. */
export const labReading = laterModule(() => import('./lab/reading'));

/** A lab run's replay steps, for the canvas's marks while the replay is open (lab/replay-state.ts). */
export const labReplaySteps = laterModule(() => import('../core/lab/replay'));

/**
 * Most likely first: the editor (a plugin clicked; its files are preloaded, not run: running Monaco takes the
 * main thread ~0.2 s), once the validator is in (the Problems panel waits for it), the bottom panel's tabs
 * (each with what its canvas marks need), then the dialogs.
 */
const PREFETCH = [
  () => loadValidator().then(() => preloadEditorFiles(), () => preloadEditorFiles()),
  preview.prefetch,
  runtimePlanner.load,
  review.prefetch,
  lab.prefetch,
  labReading.load,
  labReplaySteps.load,
  ...[commands, templates, importDialog, exportDialog, history, shortcuts, confDir, ruleExplanation, conflict].map((p) => p.prefetch),
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
