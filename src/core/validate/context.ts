// What semantic rules see: the list, each plugin with its catalog entry and key-case-normalized config.
import type { Catalog, CatalogEntry } from '../catalog/catalog';
import type { DuplicateKey } from '../model/json-source';
import { isJsonObject, type JsonObject } from '../model/types';
import type { Finding } from './finding';
import type { RuntimeProfile } from '../profiles/profile';
import type { KeyFacts } from './release-keys';

export interface PluginView {
  index: number;
  /** /plugins/<index> */
  pointer: string;
  /** The plugin object with keys spelt as the schema spells them (Go reads them so). */
  conf: JsonObject;
  type: string | undefined;
  entry: CatalogEntry | undefined;
  ipam: JsonObject | undefined;
  ipamType: string | undefined;
  ipamEntry: CatalogEntry | undefined;
  /** The plugins release of this plugin under the profile; undefined for third-party and unknown types. */
  release: string | undefined;
  /** The same for its IPAM delegate. */
  ipamRelease: string | undefined;
  /** Keys present in the plugin (and its IPAM) whose schema carries release facts. */
  facts: KeyFacts[];
}

export interface RuleContext {
  conflist: JsonObject;
  plugins: PluginView[];
  /** The version libcni runs the plugins with (after cniVersions negotiation). */
  version: string;
  catalog: Catalog;
  duplicateKeys: DuplicateKey[];
  upConverted: boolean;
  /** Every number of the text is one a float64 holds, as its scan saw: CNI013 need not walk the list. */
  finiteNumbers?: boolean;
  /** The runtime the findings are for. */
  profile: RuntimeProfile;
}

export type Rule = (ctx: RuleContext) => Finding[];

/** The plugin as written in the list (every spelling, nulls kept): what Go's decoding sees, for rules that need more than `conf`. */
export function rawPlugin(conflist: JsonObject, p: PluginView): JsonObject | undefined {
  const raw = Array.isArray(conflist.plugins) ? conflist.plugins[p.index] : undefined;
  return isJsonObject(raw) ? raw : undefined;
}
