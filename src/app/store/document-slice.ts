// The document slice: the conflist (single source of truth) plus what the canvas needs to draw it stably:
// an id per plugin (plugins have no ids in a conflist) and each node's free vertical offset.
import type { JsonObject } from '../../core';

export interface DocumentState {
  doc: JsonObject;
  /** Stable id per plugin, parallel to doc.plugins. */
  ids: string[];
  /** Vertical offset of a plugin's node on the canvas (the chain order is horizontal). */
  offsets: Record<string, number>;
  fileName: string | undefined;
}

export const EMPTY_DOCUMENT: JsonObject = { cniVersion: '1.0.0', name: 'mynet', plugins: [] };

let counter = 0;
export function newId(): string {
  counter += 1;
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `p${counter}-${random}`;
}

export function pluginCount(doc: JsonObject): number {
  return Array.isArray(doc.plugins) ? doc.plugins.length : 0;
}

/** A document state for a whole new document (import, template, restore). */
export function documentState(doc: JsonObject, fileName?: string): DocumentState {
  return { doc, ids: Array.from({ length: pluginCount(doc) }, newId), offsets: {}, fileName };
}
