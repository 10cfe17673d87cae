// Test support for the store: browser storage in memory, a store driven by gestures, documents to open.
import { conflistOf, pluginIds, type Catalog, type JsonObject } from '../../core';
import type { KeyValueStorage } from './persistence';
import { createAppStore } from './store';

export class MemoryStorage implements KeyValueStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

/** A store on `storage`, with the handles a test drives it by: its actions, the chain's types, undo and redo. */
export function storeDriver(catalog: Catalog, storage = new MemoryStorage()) {
  const store = createAppStore({ catalog, storage });
  const a = () => store.getState().actions;
  const types = () => (conflistOf(store.getState().chain).plugins as JsonObject[]).map((p) => p.type);
  const idOf = (type: string) => pluginIds(store.getState().chain)[types().indexOf(type)]!;
  return { store, a, types, idOf, storage, undo: () => store.temporal.getState().undo(), redo: () => store.temporal.getState().redo() };
}

/** Stands in for a defect in the app's views: the app passes its validator as `check`; this one fails on one plugin type. */
export const failsOn = (type: string) => (doc: JsonObject) => {
  if ((doc.plugins as JsonObject[] | undefined)?.some((p) => p.type === type)) throw new Error(`cannot handle ${type}`);
};
export const bridgeDoc = (name = 'net'): JsonObject => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge', bridge: 'cni0' }] });
