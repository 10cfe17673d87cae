// The document slice: the typed chain (the single source of truth: the list's keys and its plugins, each
// with a stable id) plus what the canvas needs to draw it stably: each node's free vertical offset.
import { readChain, type Chain, type JsonObject, type NadMeta } from '../../core';

export interface DocumentState {
  chain: Chain;
  /** Vertical offset of a plugin's node on the canvas, by plugin id (the chain order is horizontal). */
  offsets: Record<string, number>;
  fileName: string | undefined;
  /** The NAD the network was imported from (its name, namespace, resourceName): a NAD export keeps them. */
  nad?: NadMeta | undefined;
}

export const EMPTY_DOCUMENT: JsonObject = { cniVersion: '1.0.0', name: 'mynet', plugins: [] };

let counter = 0;
export function newId(): string {
  counter += 1;
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `p${counter}-${random}`;
}

/** A document state for a whole new document (import, template, restore). */
export function documentState(doc: JsonObject, fileName?: string, nad?: NadMeta): DocumentState {
  return { chain: readChain(doc, newId), offsets: {}, fileName, nad };
}

/** Just the document slice of a larger state (what is saved and undone). */
// `nad` always as a key (undefined too): undo and a follow set the slice over the store, and a missing key would keep the old one.
export const sliceOf = (s: DocumentState): DocumentState => ({ chain: s.chain, offsets: s.offsets, fileName: s.fileName, nad: s.nad });
