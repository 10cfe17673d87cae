// The conflist and result shapes of the CNI spec (0.3.0 … 1.1.0), as a runtime reads them.
// Plugin objects stay open records: runtimes must preserve keys they do not know.

export const SPEC_VERSIONS = ['0.1.0', '0.2.0', '0.3.0', '0.3.1', '0.4.0', '1.0.0', '1.1.0'] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface IpamConfig extends JsonObject {
  type: string;
}

export interface PluginConf extends JsonObject {
  type: string;
}

export interface Conflist {
  cniVersion?: string;
  cniVersions?: string[];
  name?: string;
  disableCheck?: boolean | string;
  disableGC?: boolean | string;
  loadOnlyInlinedPlugins?: boolean | string;
  plugins: PluginConf[];
  [key: string]: JsonValue | undefined;
}

export interface ResultInterface {
  name: string;
  mac?: string;
  sandbox?: string;
  mtu?: number;
  socketPath?: string;
  pciID?: string;
}

export interface ResultIp {
  version?: '4' | '6';
  address: string;
  gateway?: string;
  interface?: number;
}

export interface ResultRoute {
  dst: string;
  gw?: string;
  mtu?: number;
  advmss?: number;
  priority?: number;
  table?: number;
  scope?: number;
}

export interface ResultDns {
  nameservers?: string[];
  domain?: string;
  search?: string[];
  options?: string[];
}

/** A 0.3.0+ result (the shape prevResult takes in a chain). */
export interface CniResult {
  cniVersion: string;
  interfaces?: ResultInterface[];
  ips?: ResultIp[];
  routes?: ResultRoute[];
  dns?: ResultDns;
}

/** A plugin's error output (printed on stdout with a non-zero exit). */
export interface CniError {
  cniVersion?: string;
  code: number;
  msg: string;
  details?: string;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Keys in a config are user text: "constructor", "toString" or "__proto__" must read and write own
// properties only, never Object.prototype's members (a plain `obj[key]` or `key in obj` finds those).

/** The value of `key` when it is an own property of `obj`, else undefined. */
export function ownValue<T>(obj: { readonly [key: string]: T } | undefined, key: string): T | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets `key` as an own, enumerable data property (an assignment to "__proto__" would change the prototype). */
export function setOwn<T>(obj: { [key: string]: T }, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy of a JSON value that keeps what a JSON round trip loses: -0 (Go writes it as -0) and "__proto__" keys as own. */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) setOwn(out, k, cloneJson(v));
  return out as T;
}
