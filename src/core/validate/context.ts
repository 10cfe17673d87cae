// What semantic rules see: the list, each plugin with its catalog entry and key-case-normalized config.
import type { Catalog, CatalogEntry } from '../catalog/catalog';
import type { DuplicateKey } from '../model/json-source';
import type { JsonObject } from '../model/types';
import type { Finding } from './finding';

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
}

export interface RuleContext {
  conflist: JsonObject;
  plugins: PluginView[];
  /** The version libcni runs the plugins with (after cniVersions negotiation). */
  version: string;
  catalog: Catalog;
  duplicateKeys: DuplicateKey[];
  upConverted: boolean;
}

export type Rule = (ctx: RuleContext) => Finding[];
