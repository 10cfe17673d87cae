// CNI results as Go's typed Result structs make them: what a plugin prints (types.PrintResult with its CNI
// library) and what libcni hands on and caches (it parses every printed result into the Result type of its
// version and marshals that). Unknown keys are dropped, empty lists left out, `dns` kept or dropped by library
// generation, and conversions between versions done as pkg/types/{020,040,100} do them (cni-reference §3.5).
// Library generations: CNI library < 1.2 (libcni 1.1.x; plugins up to 1.5.1, Debian's 1.1.1 among them)
// always prints `"dns":{}` and knows no interface mtu/socketPath/pciID or route mtu/advmss/priority/table/
// scope; 1.2 and newer (libcni 1.2+, plugins 1.6.0+) has them, leaves an empty `dns` out of 1.x results and
// marshals those through a Go map, so their keys come in byte order.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { parseVersion, compareVersions } from '../model/versions';
import { withoutKey } from '../model/go-keys';
import { canonicalIp, parseCidr, parseIp } from '../net/ip';
import { goField } from '../model/go-keys';
import { sortKeys } from './go-json';
import { resultDecodeProblem, type DecodeProblem } from './result-types';

/** A CNI library generation: `true` for 1.2 and newer. */
export type NewTypes = boolean;

/** Whether a libcni release marshals results with the 1.2+ types. */
export const libcniNewTypes = (libcni: string): NewTypes => parseVersion(libcni) !== undefined && compareVersions(libcni, '1.2.0') >= 0;
/** Whether a reference-plugins release links the 1.2+ CNI library (plugins 1.6.0 link cni 1.2.3). */
export const pluginsNewTypes = (release: string): NewTypes => parseVersion(release) !== undefined && compareVersions(release, '1.6.0') >= 0;

export type Family = '020' | '040' | '100';

/** Which Result type a version string decodes into; undefined for versions no library knows. */
export function resultFamily(version: string): Family | undefined {
  if (version === '0.1.0' || version === '0.2.0') return '020';
  if (version === '0.3.0' || version === '0.3.1' || version === '0.4.0') return '040';
  if (version === '1.0.0' || version === '1.1.0') return '100';
  return undefined;
}

const str = (o: JsonObject, key: string): string | undefined => {
  const v = goField(o, key);
  return typeof v === 'string' ? v : undefined;
};
const num = (o: JsonObject, key: string): number | undefined => {
  const v = goField(o, key);
  return typeof v === 'number' ? v : undefined;
};
const objects = (o: JsonObject, key: string): JsonObject[] => {
  const v = goField(o, key);
  return Array.isArray(v) ? v.filter(isJsonObject) : [];
};
const strings = (o: JsonObject, key: string): string[] => {
  const v = goField(o, key);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** A struct built field by field: `omitempty` fields only when set. */
function struct(entries: [string, JsonValue | undefined, boolean?][]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value, always] of entries) {
    if (value === undefined) continue;
    const empty = value === '' || value === 0 || (Array.isArray(value) && value.length === 0);
    if (empty && !always) continue;
    out[key] = value;
  }
  return out;
}

function dns(o: JsonObject): JsonObject {
  const d = goField(o, 'dns');
  const v = isJsonObject(d) ? d : {};
  return struct([
    ['nameservers', strings(v, 'nameservers')],
    ['domain', str(v, 'domain')],
    ['search', strings(v, 'search')],
    ['options', strings(v, 'options')],
  ]);
}

/**
 * Addresses as Go's net.IP and IPNet print them once decoded (RFC 5952 for IPv6: "3ffe:ffff:0:01ff::1/64"
 * comes out "3ffe:ffff:0:1ff::1/64"; an IPNet keeps its host bits); text Go would not have decoded, unchanged.
 */
// An IPv4-mapped address prints as IPv4 (To4), and a mapped network with its mask's last 4 bytes (a /120
// prints /24, a /33 /0): parseIp and parseCidr read them so already.
const goIp = (text: string | undefined) => (text === undefined ? undefined : canonicalIp(text));
function goCidr(text: string | undefined): string | undefined {
  const cidr = text === undefined ? undefined : parseCidr(text);
  return cidr ? `${canonicalIp(cidr.ip.text)}/${cidr.prefix}` : text;
}

function route(r: JsonObject, newTypes: NewTypes): JsonObject {
  const base: [string, JsonValue | undefined, boolean?][] = [
    ['dst', goCidr(str(r, 'dst')) ?? '', true],
    ['gw', goIp(str(r, 'gw'))],
  ];
  if (newTypes) {
    base.push(['mtu', num(r, 'mtu')], ['advmss', num(r, 'advmss')], ['priority', num(r, 'priority')]);
    // Pointers: present when given, 0 included.
    const table = num(r, 'table');
    const scope = num(r, 'scope');
    if (table !== undefined) base.push(['table', table, true]);
    if (scope !== undefined) base.push(['scope', scope, true]);
  }
  return struct(base);
}

function iface(i: JsonObject, family: Family, newTypes: NewTypes): JsonObject {
  const extra = family === '100' && newTypes;
  return struct([
    ['name', str(i, 'name') ?? '', true],
    ['mac', str(i, 'mac')],
    ...(extra ? ([['mtu', num(i, 'mtu')]] as [string, JsonValue | undefined][]) : []),
    ['sandbox', str(i, 'sandbox')],
    ...(extra
      ? ([
          ['socketPath', str(i, 'socketPath')],
          ['pciID', str(i, 'pciID')],
        ] as [string, JsonValue | undefined][])
      : []),
  ]);
}

/** `*int` interface index: kept when given, 0 included. */
function ipEntry(ip: JsonObject, family: '040' | '100'): JsonObject {
  const out: JsonObject = {};
  if (family === '040') out.version = str(ip, 'version') ?? '';
  const index = num(ip, 'interface');
  if (index !== undefined) out.interface = index;
  out.address = goCidr(str(ip, 'address')) ?? '';
  const gw = goIp(str(ip, 'gateway'));
  if (gw) out.gateway = gw;
  return out;
}

function ipConfig020(c: JsonObject, newTypes: NewTypes): JsonObject {
  return struct([
    ['ip', goCidr(str(c, 'ip')) ?? '', true],
    ['gateway', goIp(str(c, 'gateway'))],
    ['routes', objects(c, 'routes').map((r) => route(r, newTypes))],
  ]);
}

/**
 * A result as the Go Result type of `version` marshals it after decoding `value`: what a plugin prints for a
 * result it holds in that type, and what libcni hands on. Versions no library knows are returned as given.
 */
export function typedResult(value: JsonObject, version: string, newTypes: NewTypes): JsonObject {
  const family = resultFamily(version);
  if (!family) return value;
  const cniVersion = str(value, 'cniVersion');
  const head: JsonObject = cniVersion ? { cniVersion } : {};
  const d = dns(value);
  if (family === '020') {
    const ip4 = goField(value, 'ip4');
    const ip6 = goField(value, 'ip6');
    return { ...head, ...(isJsonObject(ip4) ? { ip4: ipConfig020(ip4, newTypes) } : {}), ...(isJsonObject(ip6) ? { ip6: ipConfig020(ip6, newTypes) } : {}), dns: d };
  }
  const out: JsonObject = {
    ...head,
    ...struct([
      ['interfaces', objects(value, 'interfaces').map((i) => iface(i, family, newTypes))],
      ['ips', objects(value, 'ips').map((ip) => ipEntry(ip, family))],
      ['routes', objects(value, 'routes').map((r) => route(r, newTypes))],
    ]),
  };
  // 1.x results of the 1.2+ library leave an empty dns out; every other type always prints it.
  if (!(family === '100' && newTypes && Object.keys(d).length === 0)) out.dns = d;
  // The 1.2+ library marshals a 1.x result through a Go map (to drop that dns): every key in byte order.
  return family === '100' && newTypes ? (sortKeys(out) as JsonObject) : out;
}

/** "4" or "6", as Go's To4() decides (an IPv4-mapped IPv6 address counts as IPv4). */
function ipVersion(address: string): '4' | '6' {
  const ip = parseCidr(address)?.ip ?? parseIp(address);
  if (!ip) return address.includes(':') ? '6' : '4';
  return ip.family === 4 ? '4' : '6';
}

/** types040's result, from a 020 one (convertFrom02x). */
function from020(value: JsonObject, toVersion: string): JsonObject {
  const ips: JsonObject[] = [];
  const routes: JsonObject[] = [];
  for (const [key, version] of [
    ['ip4', '4'],
    ['ip6', '6'],
  ] as const) {
    const c = goField(value, key);
    if (!isJsonObject(c)) continue;
    ips.push({ version, address: str(c, 'ip') ?? '', ...(str(c, 'gateway') ? { gateway: str(c, 'gateway')! } : {}) });
    routes.push(...objects(c, 'routes'));
  }
  return { cniVersion: toVersion, interfaces: [], ips, routes, dns: dns(value) };
}

/** types020's result, from a 040 one (convertTo02x): the first address of each family, routes by family. */
function to020(value: JsonObject, toVersion: string): JsonObject {
  const out: JsonObject = { cniVersion: toVersion };
  for (const ip of objects(value, 'ips')) {
    const key = str(ip, 'version') === '4' ? 'ip4' : str(ip, 'version') === '6' ? 'ip6' : undefined;
    if (key && !out[key]) out[key] = { ip: str(ip, 'address') ?? '', ...(str(ip, 'gateway') ? { gateway: str(ip, 'gateway')! } : {}) };
  }
  for (const r of objects(value, 'routes')) {
    const key = ipVersion(str(r, 'dst') ?? '') === '4' ? 'ip4' : 'ip6';
    const c = out[key];
    if (isJsonObject(c)) c.routes = [...(Array.isArray(c.routes) ? c.routes : []), { dst: str(r, 'dst') ?? '', ...(str(r, 'gw') ? { gw: str(r, 'gw')! } : {}) }];
  }
  out.dns = dns(value);
  return out;
}

/** The version a result declares; what Go's decoder reads as `cniVersion`. */
export const declaredVersion = (value: JsonObject): string => str(value, 'cniVersion') ?? '';

/**
 * Result.GetAsVersion: `value` (a result of the version it declares) converted to `toVersion`, as the typed
 * result marshals it. The same version string is no conversion at all (types.PrintResult of loopback's
 * result labelled with the config's version relies on that).
 */
export function convertTypedResult(value: JsonObject, toVersion: string, newTypes: NewTypes): JsonObject {
  const fromVersion = declaredVersion(value);
  const from = resultFamily(fromVersion);
  const to = resultFamily(toVersion);
  if (fromVersion === toVersion || !from || !to) return typedResult(value, fromVersion || toVersion, newTypes);
  // Everything goes through 0.4.0's shape, as the library's converters do.
  let v040: JsonObject;
  if (from === '020') v040 = from020(value, '0.4.0');
  else if (from === '100') v040 = { ...value, ips: objects(value, 'ips').map((ip) => ({ ...ip, version: ipVersion(str(ip, 'address') ?? '') })) };
  else v040 = value;
  if (to === '020') return typedResult(to020(typedResult(v040, '0.4.0', newTypes), toVersion), toVersion, newTypes);
  if (to === '040') return typedResult({ ...v040, cniVersion: toVersion }, toVersion, newTypes);
  return typedResult({ ...v040, cniVersion: toVersion, ips: objects(v040, 'ips').map((ip) => withoutKey(ip, 'version')) }, toVersion, newTypes);
}

/**
 * What libcni makes of a plugin's printed ADD result (invoke.ExecPluginWithResult): an empty `cniVersion`
 * becomes the config's, then the bytes are decoded into that version's Result type. That typed result is
 * what the next plugin gets as prevResult and what the cache holds.
 */
export function libcniReadsResult(printed: JsonObject, configVersion: string, newTypes: NewTypes): JsonObject {
  const version = printedVersion(printed) || configVersion;
  return typedResult({ ...printed, cniVersion: version }, version, newTypes);
}

/**
 * libcni's failure to read a printed result, or undefined when it reads it: it decodes the result by its own
 * `cniVersion` (the config's when it has none) and knows only the versions its library implements, so
 * libcni 1.1.x fails on a 1.1.0 result after the plugin did its work, whatever the plugin accepts.
 */
export function unreadableResult(printed: JsonObject, configVersion: string, newTypes: NewTypes): string | undefined {
  const version = printedVersion(printed) || configVersion;
  const family = resultFamily(version);
  if (family === undefined || (version === '1.1.0' && !newTypes)) return `unsupported CNI result version ${JSON.stringify(version)}`;
  if (!printedVersion(printed)) return undefined;
  // The bytes as printed are then decoded into that version's Result, whose CNIVersion every spelling of the
  // key sets in turn (the last written wins), and NewResult checks it.
  const decoded = goField(printed, 'cniVersion', true);
  const supported = RESULT_VERSIONS[family](newTypes);
  return typeof decoded === 'string' && !supported.includes(decoded) ? `result type supports [${supported.join(' ')}] but unmarshalled CNIVersion is ${JSON.stringify(decoded)}` : undefined;
}

/** Each Result type's supportedVersions (types020 takes "" as 0.1.0; types100 knows 1.1.0 from library 1.2). */
const RESULT_VERSIONS: Record<Family, (newTypes: NewTypes) => string[]> = {
  '020': () => ['', '0.1.0', '0.2.0'],
  '040': () => ['0.3.0', '0.3.1', '0.4.0'],
  '100': (newTypes) => (newTypes ? ['1.0.0', '1.1.0'] : ['1.0.0']),
};

/**
 * The version libcni reads off a printed result before decoding it (invoke's fixupResultVersion): the exact
 * key `cniVersion` as a non-empty string, else none (the config's is put in).
 */
const printedVersion = (printed: JsonObject): string => (typeof printed.cniVersion === 'string' ? printed.cniVersion : '');

/**
 * libcni's failure to decode a printed result it knows the version of (result-types.ts), or undefined: an
 * address Go does not read, or a value of a type its Go field cannot take, fails the ADD after the plugin ran.
 */
export function undecodableResult(printed: JsonObject, configVersion: string, newTypes: NewTypes): DecodeProblem | undefined {
  const family = resultFamily(printedVersion(printed) || configVersion);
  return family ? resultDecodeProblem(printed, family, newTypes) : undefined;
}

/** The cached result as CHECK and DEL get it: converted to the list's version (getCachedResult). */
export function cachedResultFor(cached: JsonObject, listVersion: string, newTypes: NewTypes): JsonObject {
  if (!resultFamily(declaredVersion(cached)) || !resultFamily(listVersion)) return cached;
  return convertTypedResult(cached, listVersion, newTypes);
}
