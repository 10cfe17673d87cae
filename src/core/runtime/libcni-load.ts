// Loading a config exactly as libcni does (libcni/conf.go: NetworkConfFromBytes / ConfListFromBytes,
// ConfFromBytes and ConfListFromConf), per release. What it refuses never reaches a plugin, and the user
// gets libcni's own words. The editor stays tolerant (comments, trailing commas); a run and a preview
// start from what libcni would hold.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { compareVersions } from '../model/versions';
import { hasNonFinite } from '../model/serialize';
import { goFloatOverflow, goJsonSyntaxError, utf8Bytes } from './go-json-syntax';
import { goEntries, goField, goKeyOf, goPluginType } from '../model/go-keys';

export type LibcniLoad = { ok: true; conflist: JsonObject; upConverted: boolean } | { ok: false; error: string };

/** How libcni reads the file: a list (.conflist) or a single plugin (.conf, .json) it wraps into one. */
export type LibcniFileKind = 'conflist' | 'conf';

const atLeast = (release: string, at: string) => compareVersions(release, at) >= 0;

/** The spec version a libcni release implements: the cap for `cniVersions`. */
const implementedSpec = (libcni: string) => (atLeast(libcni, '1.2.0') ? '1.1.0' : '1.0.0');

/** Go's %T of a value decoded into interface{}. */
function goType(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return '[]interface {}';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return 'float64';
  return typeof value === 'boolean' ? 'bool' : 'string';
}

/** Go's word for a JSON value in an UnmarshalTypeError. */
const jsonKind = (value: JsonValue): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value === 'number' ? `number` : typeof value === 'boolean' ? 'bool' : 'string');

/** Go's error when a version string does not parse (pkg/version ParseVersion with strconv.Atoi). */
function versionError(v: string): string | undefined {
  if (v === '') return undefined;
  const parts = v.split('.');
  if (parts.length >= 4) return `invalid version "${v}": too many parts`;
  const names = ['major', 'minor', 'micro'];
  for (const [i, part] of parts.entries()) {
    if (!/^[+-]?\d+$/.test(part)) return `failed to convert ${names[i]} version part "${part}": strconv.Atoi: parsing "${part}": invalid syntax`;
  }
  return undefined;
}

/** Versions as libcni orders them; a leading sign is allowed by Atoi and by this comparison. */
function greaterThan(a: string, b: string): boolean {
  const num = (v: string) => (v === '' ? [0, 1, 0] : [...v.split('.').map((p) => Number.parseInt(p, 10)), 0, 0].slice(0, 3));
  const [x, y] = [num(a), num(b)];
  return (x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!) > 0;
}

interface SemVer {
  core: [number, number, number];
  pre: string[];
  /** The canonical text Masterminds semver writes back. */
  text: string;
}

/** Masterminds semver v3's loose parse (libcni 1.2.0–1.2.1): "v" prefix, missing parts, pre-release, metadata. */
function semver(v: string): SemVer | undefined {
  const m = /^v?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/.exec(v);
  if (!m) return undefined;
  const core: [number, number, number] = [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
  return { core, pre: m[4] ? m[4].split('.') : [], text: `${core.join('.')}${m[4] ? `-${m[4]}` : ''}${m[5] ? `+${m[5]}` : ''}` };
}

/** Semver precedence: the core numbers, then a pre-release sorts before its release. */
function semverCompare(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) if (a.core[i] !== b.core[i]) return a.core[i]! - b.core[i]!;
  if (a.pre.length === 0 || b.pre.length === 0) return (a.pre.length === 0 ? 1 : 0) - (b.pre.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const [x, y] = [a.pre[i]!, b.pre[i]!];
    if (x === y) continue;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return a.pre.length - b.pre.length;
}

type FieldError = (path: string, value: JsonValue, type: string) => string;
type Lookup = (obj: JsonObject, key: string) => [string, JsonValue] | undefined;
type FieldCheck = (value: JsonValue, field: FieldError, get: Lookup) => string | undefined;

const stringList = (path: string, value: JsonValue, field: FieldError): string | undefined => {
  if (value === null) return undefined;
  if (!Array.isArray(value)) return field(path, value, '[]string');
  const bad = value.find((v) => v !== null && typeof v !== 'string');
  return bad === undefined ? undefined : field(path, bad, 'string');
};

const stringField =
  (path: string): FieldCheck =>
  (v, field) =>
    v === null || typeof v === 'string' ? undefined : field(path, v, 'string');

/** The fields of libcni's base plugin struct and how each fails to decode; made once, asked for every plugin. */
const PLUGIN_FIELDS: readonly [string, FieldCheck][] = [
  [
    'capabilities',
    (v, field) => {
      if (v === null) return undefined;
      if (!isJsonObject(v)) return field('capabilities', v, 'map[string]bool');
      const bad = Object.values(v).find((x) => x !== null && typeof x !== 'boolean');
      return bad === undefined ? undefined : field('capabilities', bad, 'bool');
    },
  ],
  ['cniVersion', stringField('cniVersion')],
  [
    'dns',
    (v, field, get) => {
      if (v === null) return undefined;
      if (!isJsonObject(v)) return field('dns', v, 'types.DNS');
      for (const key of ['domain', 'nameservers', 'options', 'search']) {
        const got = get(v, key);
        if (!got) continue;
        const error = key === 'domain' ? stringField('dns.domain')(got[1], field, get) : stringList(`dns.${key}`, got[1], field);
        if (error) return error;
      }
      return undefined;
    },
  ],
  [
    'ipam',
    (v, field, get) => {
      if (v === null) return undefined;
      if (!isJsonObject(v)) return field('ipam', v, 'types.IPAM');
      const t = get(v, 'type');
      return t && t[1] !== null && typeof t[1] !== 'string' ? field('ipam.type', t[1], 'string') : undefined;
    },
  ],
  ['name', stringField('name')],
  ['prevResult', (v, field) => (v === null || isJsonObject(v) ? undefined : field('prevResult', v, 'map[string]interface {}'))],
  ['type', stringField('type')],
];
/** From libcni 1.2.0. */
const PLUGIN_FIELDS_GC: readonly [string, FieldCheck][] = [...PLUGIN_FIELDS, ['cni.dev/valid-attachments', (v, field) => (v === null ? undefined : !Array.isArray(v) ? field('cni.dev/valid-attachments', v, '[]types.GCAttachment') : undefined)]];

/**
 * The base plugin struct libcni decodes each plugin into (types.NetConf / PluginConf): the first field in
 * the plugin's re-marshalled (key-sorted) JSON whose value does not decode, in Go's words.
 */
function pluginDecodeError(plugin: JsonValue, libcni: string): string | undefined {
  const struct = atLeast(libcni, '1.3.0') ? 'PluginConf' : 'NetConf';
  if (!isJsonObject(plugin)) return `json: cannot unmarshal ${jsonKind(plugin)} into Go value of type types.${struct}`;
  const field: FieldError = (path, value, type) => `json: cannot unmarshal ${jsonKind(value)} into Go struct field ${struct}.${path} of type ${type}`;
  // Go's decoder matches struct keys without regard to case, and decodes every spelling in turn: a value
  // that does not decode fails even under a spelling a later one overrides. Nested keys: the one read.
  const get: Lookup = (obj, key) => {
    const k = goKeyOf(obj, key);
    return k === undefined ? undefined : [k, obj[k]!];
  };
  // Go decodes in the order of the bytes: the re-marshalled plugin has its keys sorted.
  const present: { key: string; value: JsonValue; check: FieldCheck }[] = [];
  for (const [name, check] of atLeast(libcni, '1.2.0') ? PLUGIN_FIELDS_GC : PLUGIN_FIELDS) {
    for (const [key, value] of goEntries(plugin, name)) present.push({ key, value, check });
  }
  present.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { value, check } of present) {
    const error = check(value, field, get);
    if (error) return error;
  }
  return undefined;
}

/** ConfFromBytes for one plugin object: decodes, and needs a type. */
function pluginError(plugin: JsonValue, libcni: string): string | undefined {
  const decode = pluginDecodeError(plugin, libcni);
  if (decode) return `error parsing configuration: ${decode}`;
  if (goPluginType(plugin) === '') return "error parsing configuration: missing 'type'";
  return undefined;
}

/** libcni's list parsing (NetworkConfFromBytes, ConfListFromBytes before 1.3) of a decoded value. */
export function libcniLoadList(value: JsonValue, libcni: string): LibcniLoad {
  const refuse = (error: string): LibcniLoad => ({ ok: false, error });
  if (!isJsonObject(value)) return refuse(`error parsing configuration list: json: cannot unmarshal ${jsonKind(value)} into Go value of type map[string]interface {}`);
  // A value read from text with a number beyond a float64 (its literal is gone; 1e400 stands for it).
  if (hasNonFinite(value)) return refuse('error parsing configuration list: json: cannot unmarshal number 1e400 into Go value of type float64');
  if (!Object.hasOwn(value, 'name')) return refuse('error parsing configuration list: no name');
  if (typeof value.name !== 'string') return refuse(`error parsing configuration list: invalid name type ${goType(value.name!)}`);
  let cniVersion = '';
  if (Object.hasOwn(value, 'cniVersion')) {
    if (typeof value.cniVersion !== 'string') return refuse(`error parsing configuration list: invalid cniVersion type ${goType(value.cniVersion!)}`);
    cniVersion = value.cniVersion;
  }
  const negotiates = atLeast(libcni, '1.2.0');
  if (negotiates && Object.hasOwn(value, 'cniVersions')) {
    const raw = value.cniVersions!;
    // libcni prints the type of its (nil) target slice here, not of the value it got.
    if (!Array.isArray(raw)) return refuse('error parsing configuration list: invalid type for cniVersions: []interface {}');
    const current = implementedSpec(libcni);
    if (!atLeast(libcni, '1.2.2')) {
      // 1.2.0 and 1.2.1 parse with Masterminds semver, which also takes "v1.0.0", "1.0" and pre-releases
      // and writes the winner back canonically ("1.0" becomes "1.0.0").
      const pool: SemVer[] = [];
      const top = semver(current)!;
      for (const [i, entry] of raw.entries()) {
        if (typeof entry !== 'string') return refuse(`error parsing configuration list: invalid type for cniVersions index ${i}: ${goType(entry)}`);
        const v = semver(entry);
        // libcni prints its shadowed (nil) version here, not the entry.
        if (!v) return refuse(`error parsing configuration list: invalid cniVersions entry <nil> at index ${i}: Invalid Semantic Version`);
        if (semverCompare(v, top) <= 0) pool.push(v);
      }
      if (cniVersion !== '') {
        const v = semver(cniVersion);
        if (!v) return refuse(`error parsing configuration list: invalid cniVersion ${cniVersion}: Invalid Semantic Version`);
        if (semverCompare(v, top) <= 0) pool.push(v);
      }
      pool.sort(semverCompare);
      if (pool.length > 0) cniVersion = pool[pool.length - 1]!.text;
    } else {
      const pool: string[] = [];
      for (const [i, entry] of raw.entries()) {
        if (typeof entry !== 'string') return refuse(`error parsing configuration list: invalid type for cniVersions index ${i}: ${goType(entry)}`);
        const bad = versionError(entry);
        if (bad) return refuse(`error parsing configuration list: invalid cniVersions entry ${entry} at index ${i}: ${bad}`);
        if (!greaterThan(entry, current)) pool.push(entry);
      }
      if (cniVersion !== '') {
        const bad = versionError(cniVersion);
        if (bad) return refuse(`error parsing configuration list: invalid cniVersion ${cniVersion}: ${bad}`);
        if (!greaterThan(cniVersion, current)) pool.push(cniVersion);
      }
      pool.sort((a, b) => (a === b ? 0 : greaterThan(a, b) ? 1 : -1));
      if (pool.length > 0) cniVersion = pool[pool.length - 1]!;
    }
  }
  // Flags: JSON booleans; from 1.2.0 also the strings "true"/"false" in any case.
  const flags = ['disableCheck', ...(atLeast(libcni, '1.2.1') ? ['disableGC'] : []), ...(atLeast(libcni, '1.3.0') ? ['loadOnlyInlinedPlugins'] : [])];
  const flagValues = new Map<string, boolean>();
  for (const key of flags) {
    if (!Object.hasOwn(value, key)) continue;
    const raw = value[key]!;
    if (typeof raw === 'boolean') flagValues.set(key, raw);
    else if (!negotiates) return refuse(`error parsing configuration list: invalid ${key} type ${goType(raw)}`);
    else if (!atLeast(libcni, '1.2.1')) {
      // 1.2.0 reads only disableCheck, with words of its own.
      if (typeof raw !== 'string') return refuse(`error parsing configuration list: invalid ${key} type ${goType(raw)}`);
      if (raw.toLowerCase() !== 'true' && raw.toLowerCase() !== 'false') return refuse(`error parsing configuration list: invalid ${key} value ${JSON.stringify(raw)}`);
      flagValues.set(key, raw.toLowerCase() === 'true');
    }
    else if (typeof raw !== 'string') return refuse(`error parsing configuration list: invalid type ${goType(raw)} for ${key}`);
    else if (raw.toLowerCase() === 'true' || raw.toLowerCase() === 'false') flagValues.set(key, raw.toLowerCase() === 'true');
    else return refuse(`error parsing configuration list: invalid value "${raw.toLowerCase()}" for ${key}`);
  }
  if (!Object.hasOwn(value, 'plugins')) {
    if (!atLeast(libcni, '1.3.0')) return refuse("error parsing configuration list: no 'plugins' key");
    if (flagValues.get('loadOnlyInlinedPlugins')) return refuse("error parsing configuration list: `loadOnlyInlinedPlugins` is true, and no 'plugins' key");
    // From 1.3 a list may take its plugins from the sibling folder; on its own it has none.
    return { ok: true, conflist: { ...value, cniVersion }, upConverted: false };
  }
  const plugins = value.plugins!;
  if (!Array.isArray(plugins)) return refuse(`error parsing configuration list: invalid 'plugins' type ${goType(plugins)}`);
  if (plugins.length === 0) return refuse('error parsing configuration list: no plugins in list');
  for (const [i, plugin] of plugins.entries()) {
    const error = pluginError(plugin, libcni);
    if (error) return refuse(`failed to parse plugin config ${i}: ${error}`);
  }
  return { ok: true, conflist: { ...value, cniVersion }, upConverted: false };
}

/** libcni's single-plugin parsing and its wrap into a list (ConfFromBytes + ConfListFromConf). */
export function libcniLoadConf(value: JsonValue, libcni: string): LibcniLoad {
  const error = pluginError(value, libcni);
  if (error) return { ok: false, error };
  const conf = value as JsonObject;
  // Network.Name and CNIVersion, decoded from the file's bytes ("Name" as well).
  const [cniVersion, name] = [goField(conf, 'cniVersion', true), goField(conf, 'name', true)];
  const list: JsonObject = { cniVersion: typeof cniVersion === 'string' ? cniVersion : '', name: typeof name === 'string' ? name : '', plugins: [conf] };
  const loaded = libcniLoadList(list, libcni);
  return loaded.ok ? { ...loaded, upConverted: true } : loaded;
}

/** A file's bytes as libcni loads them: Go's JSON first (its syntax errors verbatim), then the list rules. */
export function libcniLoadText(text: string, kind: LibcniFileKind, libcni: string): LibcniLoad {
  const syntax = goJsonSyntaxError(utf8Bytes(text));
  if (syntax) return { ok: false, error: kind === 'conflist' ? `error parsing configuration list: ${syntax}` : `error parsing configuration: ${syntax}` };
  // A list is decoded whole into map[string]interface{}; a single config into libcni's NetConf (which skips
  // unknown keys), then again whole as ConfListFromConf wraps it, with the error unwrapped.
  const overflow = goFloatOverflow(text);
  if (overflow !== undefined) {
    const go = `json: cannot unmarshal number ${overflow} into Go value of type float64`;
    return { ok: false, error: kind === 'conflist' ? `error parsing configuration list: ${go}` : go };
  }
  const value = JSON.parse(text) as JsonValue;
  return kind === 'conflist' ? libcniLoadList(value, libcni) : libcniLoadConf(value, libcni);
}

/**
 * libcni's wrapping of a plugin's failure: ADD and DEL name the plugin (`plugin type="portmap" failed
 * (add): …`), GC names its type (`failed to GC plugin bridge: …`), CHECK and STATUS return it unwrapped.
 */
export function libcniFailure(plugin: JsonValue, command: 'ADD' | 'DEL' | 'CHECK' | 'GC' | 'STATUS', message: string): string {
  const conf = isJsonObject(plugin) ? plugin : {};
  const type = goPluginType(conf);
  if (command === 'GC') return `failed to GC plugin ${type}: ${message}`;
  if (command !== 'ADD' && command !== 'DEL') return message;
  const name = typeof conf.name === 'string' && conf.name !== '' ? ` name=${JSON.stringify(conf.name)}` : '';
  return `plugin type=${JSON.stringify(type)}${name} failed (${command === 'ADD' ? 'add' : 'delete'}): ${message}`;
}

/** A plugin file in the folder named after the network, next to the list (libcni 1.3+). */
export interface SiblingPlugin {
  name: string;
  text: string;
}

/**
 * A list file as libcni's NetworkConfFromFile loads it: the list's bytes, then — from 1.3, unless
 * `loadOnlyInlinedPlugins` — each `*.conf` in `<dir>/<network name>/` (sorted by name) appended as a
 * plugin; a list that ends up with no plugins is refused. `.conf`/`.json` files are single plugins.
 */
export function libcniLoadFile(text: string, kind: LibcniFileKind, libcni: string, siblings: readonly SiblingPlugin[] = []): LibcniLoad & { appended?: string[] } {
  const loaded = libcniLoadText(text, kind, libcni);
  if (!loaded.ok || kind === 'conf' || !atLeast(libcni, '1.3.0')) return loaded;
  const inlined = Array.isArray(loaded.conflist.plugins) ? loaded.conflist.plugins : [];
  const onlyInlined = loaded.conflist.loadOnlyInlinedPlugins === true || (typeof loaded.conflist.loadOnlyInlinedPlugins === 'string' && loaded.conflist.loadOnlyInlinedPlugins.toLowerCase() === 'true');
  const appended: JsonValue[] = [];
  const names: string[] = [];
  if (!onlyInlined) {
    for (const file of [...siblings].filter((f) => f.name.endsWith('.conf')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const syntax = goJsonSyntaxError(utf8Bytes(file.text));
      if (syntax) return { ok: false, error: `error parsing configuration: ${syntax}` };
      const plugin = JSON.parse(file.text) as JsonValue;
      const error = pluginError(plugin, libcni);
      if (error) return { ok: false, error };
      appended.push(plugin);
      names.push(file.name);
    }
  }
  if (inlined.length + appended.length === 0) return { ok: false, error: 'no plugin configs found' };
  if (appended.length === 0) return loaded;
  return { ok: true, upConverted: false, conflist: { ...loaded.conflist, plugins: [...inlined, ...appended] }, appended: names };
}
