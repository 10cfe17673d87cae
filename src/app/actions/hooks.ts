// React over the registry: register actions from a component (one call), read the list, and know whether
// an action can run now (re-evaluated whenever the document, undo history or selection change).
import { useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import { store } from '../state';
import { availability, registry, type Action, type RegisteredAction } from './registry';

/** What identifies an action as shown (its behaviour may change every render; that needs no re-registering). */
const shape = (actions: readonly Action[]) =>
  JSON.stringify(actions.map((a) => [a.id, a.title, a.label, a.group, a.keys, a.keyScope, a.keywords, a.icon?.displayName]));

/**
 * Registers actions while the component is mounted: `useRegisterActions([{ id, title, group, run }])`.
 * `run` and `enabled` always call the latest render's functions, so they may close over props and state.
 */
export function useRegisterActions(actions: readonly Action[]): void {
  const latest = useRef(actions);
  useLayoutEffect(() => {
    latest.current = actions;
  });
  const key = shape(actions);
  // Before the first paint, so the toolbar never shows without its buttons.
  useLayoutEffect(() => {
    const current = (id: string) => latest.current.find((a) => a.id === id);
    return registry.register(
      latest.current.map((a) => ({
        ...a,
        run: () => current(a.id)?.run(),
        enabled: () => current(a.id)?.enabled?.() ?? true,
      })),
    );
    // Registered again only when what is shown changes (`key`); behaviour is read through `latest`.
  }, [key]);
}

const subscribeRegistry = (l: () => void) => registry.subscribe(l);

/** One registered action as it now is (registered again with a new title or icon: the new one). */
export function useAction(id: string): RegisteredAction | undefined {
  return useSyncExternalStore(subscribeRegistry, () => registry.get(id));
}

/** Every registered action. */
export function useActionList(): readonly RegisteredAction[] {
  return useSyncExternalStore(subscribeRegistry, () => registry.list());
}

/** Anything an action's availability may depend on: the list itself, the document, selection, undo history. */
function subscribeAll(l: () => void): () => void {
  const off = [registry.subscribe(l), store.subscribe(l), store.temporal.subscribe(l)];
  return () => off.forEach((f) => f());
}

/** `true` when the action can run now, or the reason it cannot; undefined when no such action is registered. */
export function useAvailability(id: string): true | string | undefined {
  return useSyncExternalStore(subscribeAll, () => {
    const a = registry.get(id);
    return a ? availability(a) : undefined;
  });
}
