// The typed chain: a conflist read once into its list-level keys and its plugins, each plugin carrying a
// stable id (a conflist has none; the canvas, the editor and undo need one). Every consumer that holds a
// document for editing holds a Chain; the conflist JSON is derived from it, never kept beside it.
import { isJsonObject, type JsonObject, type JsonValue } from './types';
import { goKeyOf, goPluginType } from './go-keys';

export interface ChainPlugin {
  readonly id: string;
  /** The plugin's JSON as written (an object in any list a runtime accepts; kept whatever it is). */
  readonly conf: JsonValue;
}

export interface Chain {
  /**
   * The list's own keys in their order. Where the file has a list of plugins, `plugins` holds an empty
   * placeholder that keeps its place; where it has something else there, that value is kept as is.
   */
  readonly header: JsonObject;
  readonly plugins: readonly ChainPlugin[];
}

/**
 * The one place that asks whether a document's `plugins` is a list: every consumer goes through it.
 * Returns the entries, or [] when there is no list (which the validator reports).
 */
export function pluginList(doc: JsonObject): JsonValue[] {
  return hasPluginList(doc) ? (doc.plugins as JsonValue[]) : [];
}

/** Whether the document has a list of plugins at all (a key that holds something else is kept as is). */
export function hasPluginList(doc: JsonObject): boolean {
  return Array.isArray(doc.plugins);
}

/** Reads a conflist into a chain; `idAt` names each plugin (fresh ids, or ids kept from before). */
export function readChain(doc: JsonObject, idAt: (index: number) => string): Chain {
  if (!hasPluginList(doc)) return { header: doc, plugins: [] };
  return { header: { ...doc, plugins: [] }, plugins: pluginList(doc).map((conf, i) => ({ id: idAt(i), conf })) };
}

const conflists = new WeakMap<Chain, JsonObject>();

/** The conflist a chain stands for, with its keys in their order (the same object for the same chain). */
export function conflistOf(chain: Chain): JsonObject {
  const known = conflists.get(chain);
  if (known) return known;
  const { header } = chain;
  let doc: JsonObject;
  if (chain.plugins.length === 0 && Object.hasOwn(header, 'plugins') && !hasPluginList(header)) doc = header;
  else if (chain.plugins.length === 0 && !Object.hasOwn(header, 'plugins')) doc = header;
  else {
    const confs = chain.plugins.map((p) => p.conf);
    doc = Object.hasOwn(header, 'plugins') ? Object.fromEntries(Object.entries(header).map(([k, v]) => [k, k === 'plugins' ? confs : v])) : { ...header, plugins: confs };
  }
  conflists.set(chain, doc);
  return doc;
}

/** A chain with a new list of plugins; a `plugins` key that held something else is replaced once there are plugins. */
export function withPlugins(chain: Chain, plugins: readonly ChainPlugin[]): Chain {
  if (hasPluginList(chain.header) || plugins.length === 0) return { header: chain.header, plugins };
  return { header: { ...chain.header, plugins: [] }, plugins };
}

const idLists = new WeakMap<Chain, readonly string[]>();

/** The plugins' ids in chain order (the same array for the same chain). */
export function pluginIds(chain: Chain): readonly string[] {
  let ids = idLists.get(chain);
  if (!ids) idLists.set(chain, (ids = chain.plugins.map((p) => p.id)));
  return ids;
}

/** The chain index of a plugin id, or -1. */
export const indexOfPlugin = (chain: Chain, id: string): number => chain.plugins.findIndex((p) => p.id === id);

/** A part of the chain a person points at: a plugin, or the IPAM delegate in it. */
export interface PartRef {
  pluginId: string;
  part: 'plugin' | 'ipam';
}

/**
 * The plugin part a JSON pointer into the conflist is about (/plugins/N/…, /plugins/N/ipam/…), if any. The
 * IPAM is under whichever spelling the plugin reads ("IPAM" too, see go-keys.ts).
 */
export function partAtPointer(chain: Chain, pointer: string): PartRef | undefined {
  const m = /^\/plugins\/(\d+)(?:\/([^/]*))?/.exec(pointer);
  const plugin = m ? chain.plugins[Number(m[1])] : undefined;
  if (!plugin) return undefined;
  const key = m![2]?.replaceAll('~1', '/').replaceAll('~0', '~');
  return { pluginId: plugin.id, part: key !== undefined && key === ipamKeyOf(plugin.conf) ? 'ipam' : 'plugin' };
}

/** The key a plugin's IPAM config is read from ("ipam", or "IPAM" and the like), when it is an object. */
export function ipamKeyOf(conf: JsonValue | undefined): string | undefined {
  if (!isJsonObject(conf)) return undefined;
  const key = goKeyOf(conf, 'ipam');
  return key !== undefined && isJsonObject(conf[key]) ? key : undefined;
}

/** A plugin's IPAM config as the plugin reads it ("IPAM" included), when it is an object. */
export const ipamOfConf = (conf: JsonValue | undefined): JsonObject | undefined => {
  const key = ipamKeyOf(conf);
  return key === undefined ? undefined : ((conf as JsonObject)[key] as JsonObject);
};

/** A plugin's `type` as libcni reads it ("Type" included: see go-keys.ts), or '' when it has none. */
export const typeOfConf = (conf: JsonValue | undefined): string => goPluginType(conf);

/**
 * A new version of the document (a whole-document edit in the text editor) as a chain, its plugins matched
 * to `chain`'s: a plugin whose JSON did not change keeps its id, at the same place first, else wherever it
 * moved; a plugin edited in place keeps the id of the plugin that stood there; anything else is new. An
 * unchanged plugin also keeps its object, so what was derived from it (its checks, its canvas node) is
 * reused instead of made again for every plugin on each commit of the list's text.
 */
export function readChainMatched(chain: Chain, doc: JsonObject, newId: () => string): Chain {
  if (!hasPluginList(doc)) return readChain(doc, newId);
  const before = chain.plugins.map((p) => ({ id: p.id, conf: p.conf, text: JSON.stringify(p.conf) }));
  const confs = pluginList(doc);
  const after = confs.map((p) => JSON.stringify(p));
  const matched: ({ id: string; same: JsonValue | undefined } | undefined)[] = after.map(() => undefined);
  const used = new Set<string>();
  const take = (i: number, b: (typeof before)[number]) => {
    matched[i] = { id: b.id, same: b.text === after[i] ? b.conf : undefined };
    used.add(b.id);
  };
  after.forEach((text, i) => {
    if (before[i]?.text === text) take(i, before[i]!);
  });
  after.forEach((text, i) => {
    if (matched[i] !== undefined) return;
    const moved = before.find((b) => b.text === text && !used.has(b.id));
    if (moved) take(i, moved);
  });
  after.forEach((_, i) => {
    if (matched[i] === undefined && before[i] && !used.has(before[i]!.id)) take(i, before[i]!);
  });
  return { header: { ...doc, plugins: [] }, plugins: confs.map((conf, i) => ({ id: matched[i]?.id ?? newId(), conf: matched[i]?.same ?? conf })) };
}
