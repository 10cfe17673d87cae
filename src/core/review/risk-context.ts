// What every risk rule works from: the diff, both lists, and the matched plugin pairs read as Go reads them.
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { jsonText } from '../model/serialize';
import type { ConflistDiff, PluginDiff } from './diff';
import type { RuntimeProfile } from '../profiles/profile';

export type RiskSeverity = 'high' | 'medium' | 'low';

/** Stable identifiers of the rules, for filtering and tests. */
export type RiskRule =
  | 'list-refused'
  | 'cni-version-lowered'
  | 'cni-version-unsupported'
  | 'cni-version-debian'
  | 'addresses-changed'
  | 'ipam-changed'
  | 'ip-masq'
  | 'portmap-snat'
  | 'capability-dropped'
  | 'capability-added'
  | 'hairpin-off'
  | 'mtu-changed'
  | 'chain-order'
  | 'plugin-removed'
  | 'plugin-added'
  | 'bridge-renamed'
  | 'network-renamed';

export interface RiskNote {
  severity: RiskSeverity;
  message: string;
  /** Where in the new list (the old list for something that is gone). */
  pointer?: string;
  rule: RiskRule;
}

const SEVERITY_ORDER: Record<RiskSeverity, number> = { high: 0, medium: 1, low: 2 };

export function compareRiskNotes(a: RiskNote, b: RiskNote): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
}

/** A matched plugin pair with keys as Go reads them. */
export interface Pair {
  diff: PluginDiff;
  before: JsonObject;
  after: JsonObject;
  beforeIndex: number;
  afterIndex: number;
  label: string;
  pointer: string;
}

export interface Ctx {
  diff: ConflistDiff;
  before: JsonObject;
  after: JsonObject;
  catalog: Catalog;
  pairs: Pair[];
  /** The old network name: leases and cached results of running pods live under it. */
  networkName: string;
  /** The runtime the nodes run: which versions its plugins accept. */
  profile: RuntimeProfile;
  /** What libcni makes of each side's file, when it is known (its bytes: a BOM, a trailing comma); else of the objects. */
  loads?: ListLoads;
}

/** Whether libcni loads each side, and why not. */
export interface ListLoads {
  before: { ok: true } | { ok: false; error: string };
  after: { ok: true } | { ok: false; error: string };
}

export const label = (type: string, index: number) => `${type || '(no type)'} (${index + 1})`;
export const show = (v: JsonValue | undefined) => (v === undefined ? '(not set)' : typeof v === 'string' ? v : jsonText(v));
export const obj = (v: JsonValue | undefined): JsonObject => (isJsonObject(v) ? v : {});
