// Edits of the chain as small pure functions over the document: every canvas gesture is one of these,
// applied through one store action so undo and autosave see it.
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';

export type Placement = { ok: true } | { ok: false; reason: string };

function pluginsOf(doc: JsonObject): JsonValue[] {
  return Array.isArray(doc.plugins) ? doc.plugins : [];
}

function withPlugins(doc: JsonObject, plugins: JsonValue[]): JsonObject {
  return { ...doc, plugins };
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

export function insertPlugin(doc: JsonObject, plugin: JsonObject, at?: number): JsonObject {
  const plugins = pluginsOf(doc).slice();
  plugins.splice(clamp(at ?? plugins.length, 0, plugins.length), 0, plugin);
  return withPlugins(doc, plugins);
}

export function removePlugin(doc: JsonObject, index: number): JsonObject {
  return withPlugins(
    doc,
    pluginsOf(doc).filter((_, i) => i !== index),
  );
}

/** Moves the plugin at `from` so that it ends up at index `to`. */
export function movePlugin(doc: JsonObject, from: number, to: number): JsonObject {
  const plugins = pluginsOf(doc).slice();
  if (from < 0 || from >= plugins.length) return doc;
  const [moved] = plugins.splice(from, 1);
  plugins.splice(clamp(to, 0, plugins.length), 0, moved!);
  return withPlugins(doc, plugins);
}

export function duplicatePlugin(doc: JsonObject, index: number): JsonObject {
  const plugin = pluginsOf(doc)[index];
  if (plugin === undefined) return doc;
  // A deep copy through JSON (the core has no structuredClone: it runs on ES libs only).
  return insertPlugin(doc, JSON.parse(JSON.stringify(plugin)) as JsonObject, index + 1);
}

export function replacePlugin(doc: JsonObject, index: number, plugin: JsonObject): JsonObject {
  const plugins = pluginsOf(doc).slice();
  if (index < 0 || index >= plugins.length) return doc;
  plugins[index] = plugin;
  return withPlugins(doc, plugins);
}

/** Attaches (or with undefined, detaches) an IPAM config to the plugin at `index`. */
export function setIpam(doc: JsonObject, index: number, ipam: JsonObject | undefined): JsonObject {
  const plugin = pluginsOf(doc)[index];
  if (!isJsonObject(plugin)) return doc;
  const { ipam: _old, ...rest } = plugin;
  // Keep "ipam" where it was when replacing; append it when new.
  const next: JsonObject = ipam === undefined ? rest : Object.hasOwn(plugin, 'ipam') ? Object.fromEntries(Object.entries(plugin).map(([k, v]) => [k, k === 'ipam' ? ipam : v])) : { ...plugin, ipam };
  return replacePlugin(doc, index, next);
}

const typeAt = (plugins: JsonValue[], i: number): string | undefined => {
  const p = plugins[i];
  return isJsonObject(p) && typeof p.type === 'string' ? p.type : undefined;
};

/**
 * Whether a chain order is one a runtime can run at all: gestures that would put a chained plugin first or an
 * IPAM plugin into the chain are refused with the reason. Softer problems stay findings, not refusals.
 */
export function checkChainOrder(plugins: JsonValue[], catalog: Catalog): Placement {
  for (let i = 0; i < plugins.length; i++) {
    const type = typeAt(plugins, i);
    const entry = type ? catalog.get(type) : undefined;
    if (!entry) continue;
    if (entry.role === 'ipam') return { ok: false, reason: `${entry.type} is an IPAM plugin: attach it to an interface plugin instead of putting it in the chain.` };
    if (i === 0 && entry.requiresPrevResult) return { ok: false, reason: `${entry.type} needs a previous result: it cannot be first.` };
  }
  return { ok: true };
}

/** Whether inserting a plugin of `type` at `at` keeps the chain runnable. */
export function canInsert(doc: JsonObject, catalog: Catalog, type: string, at: number): Placement {
  const plugins = pluginsOf(doc).slice();
  plugins.splice(clamp(at, 0, plugins.length), 0, { type });
  return checkChainOrder(plugins, catalog);
}

export function canMove(doc: JsonObject, catalog: Catalog, from: number, to: number): Placement {
  const moved = pluginsOf(movePlugin(doc, from, to));
  const result = checkChainOrder(moved, catalog);
  if (!result.ok && to === 0) return result;
  if (!result.ok) {
    const first = typeAt(moved, 0);
    return { ok: false, reason: `Moving it would leave ${first ?? 'a chained plugin'} first, and ${first ?? 'it'} needs a previous result.` };
  }
  return result;
}

/** Whether an IPAM plugin can be attached to the plugin at `index`. */
export function canAttachIpam(doc: JsonObject, catalog: Catalog, index: number, ipamType: string): Placement {
  const parentType = typeAt(pluginsOf(doc), index);
  const parent = parentType ? catalog.get(parentType) : undefined;
  const ipam = catalog.get(ipamType);
  if (!ipam || (ipam.role !== 'ipam' && !ipam.schema['x-cni']?.ipamDefinition)) return { ok: false, reason: `${ipamType} is not an IPAM plugin.` };
  if (!parent) return parentType ? { ok: true } : { ok: false, reason: 'Attach IPAM to a plugin in the chain.' };
  if (parent.role === 'chained' || parent.ipam === 'none') return { ok: false, reason: `${parent.type} never calls an IPAM delegate: attach ${ipamType} to the plugin that creates the interface.` };
  return { ok: true };
}
