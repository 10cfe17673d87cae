// Edits of the chain as typed change objects, applied by one pure function that also guards them. Only what
// a conflist cannot say is refused (IPAM attached to a plugin that never delegates, a non-IPAM type as IPAM,
// `plugins` as a setting); mistakes a runtime would run and fail on (a chained plugin first, an IPAM plugin
// as a chain step) are made and left to the validator's findings, so learners can see them fail in the lab.
// Every canvas gesture, editor commit, fix and settings change is one of these, applied through one store
// action so undo and autosave see it.
import type { PluginCatalog } from '../catalog/catalog';
import { conflistOf, indexOfPlugin, pluginList, readChain, readChainMatched, typeOfConf, withPlugins, type Chain, type ChainPlugin } from '../model/chain';
import { applyPatch } from '../model/patch';
import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { goFold, goKeyOf } from '../model/go-keys';
import type { PatchOp } from '../validate/finding';
import { withEnvelopeKey } from './envelope';

export type Placement = { ok: true } | { ok: false; reason: string };

export type ChainChange =
  /** New plugins at a chain position (a drop, a paste): each with the id it will have. */
  | { kind: 'insert'; at: number; plugins: readonly { id: string; conf: JsonObject }[] }
  | { kind: 'move'; id: string; to: number }
  | { kind: 'remove'; ids: readonly string[] }
  | { kind: 'duplicate'; id: string; copyId: string }
  /** Attach, replace or (with undefined) detach a plugin's IPAM. */
  | { kind: 'set-ipam'; id: string; ipam: JsonObject | undefined }
  /** A plugin's whole JSON (its editor). */
  | { kind: 'replace-plugin'; id: string; conf: JsonValue }
  /** A list-level key (the network settings), or its removal. */
  | { kind: 'set-key'; key: string; value: JsonValue | undefined }
  /** A fix's JSON patch on the conflist. */
  | { kind: 'patch'; ops: readonly PatchOp[] }
  /** A whole new document: ids kept where plugins stayed (an edit of the whole text), or all fresh (import). */
  | { kind: 'replace'; doc: JsonObject; ids: 'match' | 'fresh' };

export type ChangeOutcome = { ok: true; chain: Chain } | { ok: false; reason: string };

export interface ChangeContext {
  catalog: PluginCatalog;
  newId: () => string;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Whether an IPAM plugin can be attached to the plugin at `index`. */
export function canAttachIpam(chain: Chain, catalog: PluginCatalog, index: number, ipamType: string): Placement {
  const parentType = typeOfConf(chain.plugins[index]?.conf);
  const parent = parentType ? catalog.get(parentType) : undefined;
  const ipam = catalog.get(ipamType);
  if (!ipam || (ipam.role !== 'ipam' && !ipam.ipamDefinition)) return { ok: false, reason: `${ipamType} is not an IPAM plugin.` };
  if (!parent) return parentType ? { ok: true } : { ok: false, reason: 'Attach IPAM to a plugin in the chain.' };
  if (parent.role === 'chained' || parent.ipam === 'none') return { ok: false, reason: `${parent.type} never calls an IPAM delegate: attach ${ipamType} to the plugin that creates the interface.` };
  return { ok: true };
}

/**
 * A plugin's JSON with its IPAM set: kept where it was when replaced, appended when new, removed with
 * undefined. Every spelling Go reads as "ipam" ("IPAM" too) goes: a spelling left beside the new one would
 * be decoded with it, field by field. The new IPAM is written "ipam", at the place of the one Go kept.
 */
export function withIpam(conf: JsonValue, ipam: JsonObject | undefined): JsonValue {
  if (!isJsonObject(conf)) return conf;
  const kept = goKeyOf(conf, 'ipam');
  const entries = Object.entries(conf).flatMap(([k, v]): [string, JsonValue][] => (k === kept && ipam !== undefined ? [['ipam', ipam]] : goFold(k) === 'ipam' ? [] : [[k, v]]));
  if (ipam !== undefined && kept === undefined) entries.push(['ipam', ipam]);
  return Object.fromEntries(entries) as JsonObject;
}

const ok = (chain: Chain): ChangeOutcome => ({ ok: true, chain });
const refused = (reason: string): ChangeOutcome => ({ ok: false, reason });
const missing = (id: string) => refused(`There is no plugin ${id} in this network any more.`);

export function applyChange(chain: Chain, change: ChainChange, { catalog, newId }: ChangeContext): ChangeOutcome {
  const plugins = chain.plugins;
  switch (change.kind) {
    case 'insert': {
      if (change.plugins.length === 0) return ok(chain);
      const at = clamp(change.at, 0, plugins.length);
      const next = plugins.slice();
      next.splice(at, 0, ...change.plugins.map((p) => ({ id: p.id, conf: p.conf })));
      return ok(withPlugins(chain, next));
    }
    case 'move': {
      const from = indexOfPlugin(chain, change.id);
      if (from < 0) return missing(change.id);
      if (from === change.to) return ok(chain);
      const next = plugins.slice();
      const [moved] = next.splice(from, 1);
      next.splice(clamp(change.to, 0, next.length), 0, moved!);
      return ok(withPlugins(chain, next));
    }
    case 'remove': {
      const next = plugins.filter((p) => !change.ids.includes(p.id));
      return next.length === plugins.length ? ok(chain) : ok(withPlugins(chain, next));
    }
    case 'duplicate': {
      const i = indexOfPlugin(chain, change.id);
      if (i < 0) return missing(change.id);
      const next = plugins.slice();
      // cloneJson, not a JSON round trip: that wrote a number beyond a float64 (1e400, read as Infinity) as null.
      next.splice(i + 1, 0, { id: change.copyId, conf: cloneJson(plugins[i]!.conf) });
      return ok(withPlugins(chain, next));
    }
    case 'set-ipam': {
      const i = indexOfPlugin(chain, change.id);
      if (i < 0) return missing(change.id);
      if (change.ipam) {
        const placement = canAttachIpam(chain, catalog, i, typeOfConf(change.ipam));
        if (!placement.ok) return placement;
      }
      return ok(withPlugins(chain, replaced(plugins, i, withIpam(plugins[i]!.conf, change.ipam))));
    }
    case 'replace-plugin': {
      const i = indexOfPlugin(chain, change.id);
      return i < 0 ? missing(change.id) : ok(withPlugins(chain, replaced(plugins, i, change.conf)));
    }
    case 'set-key':
      if (change.key === 'plugins') return refused('The plugins are edited one by one, not as a setting.');
      return ok({ header: withEnvelopeKey(chain.header, change.key, change.value), plugins });
    case 'patch': {
      let next: JsonValue;
      try {
        next = applyPatch(conflistOf(chain), change.ops);
      } catch (e) {
        return refused(`The fix could not be applied: ${(e as Error).message}`);
      }
      if (!isJsonObject(next)) return refused('The fix could not be applied: it did not produce an object.');
      // A fix that keeps the plugins where they are keeps their ids; one that restructures the list gets fresh ones.
      const count = pluginList(next).length;
      return ok(readChain(next, count === plugins.length ? (i) => plugins[i]!.id : newId));
    }
    case 'replace':
      return ok(change.ids === 'match' ? readChainMatched(chain, change.doc, newId) : readChain(change.doc, newId));
  }
}

const replaced = (plugins: readonly ChainPlugin[], i: number, conf: JsonValue): ChainPlugin[] => plugins.map((p, k) => (k === i ? { id: p.id, conf } : p));
