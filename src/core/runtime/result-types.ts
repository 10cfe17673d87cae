// The Go types of a CNI result's fields, as libcni's Result structs declare them, and what fails Go's decoding
// of a printed result into them: an address Go does not parse ("127.000.000.001/8": no leading zeros), a value
// of another JSON type ("interface": "0", "gateway": 5, "ips": {}). libcni then fails the ADD after the plugin
// did its work.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { goFold } from '../model/go-keys';
import { escapeSegment } from '../model/pointer';
import { parseCidr, parseIp } from '../net/ip';
import type { Family, NewTypes } from './go-result';

type GoType = 'string' | 'int' | 'address' | 'ip' | { list: GoType } | { struct: Record<string, GoType>; name: string };

const strings: GoType = { list: 'string' };
const dns: GoType = { name: 'types.DNS', struct: { nameservers: strings, domain: 'string', search: strings, options: strings } };
const route = (newTypes: NewTypes): GoType => ({ name: 'types.Route', struct: { dst: 'address', gw: 'ip', ...(newTypes ? { mtu: 'int', advmss: 'int', priority: 'int', table: 'int', scope: 'int' } : {}) } });

/** Each Result type's fields (the 1.2+ library adds interface and route fields; the older one ignores them). */
function resultType(family: Family, newTypes: NewTypes): GoType {
  const routes: GoType = { list: route(newTypes) };
  if (family === '020') {
    const config: GoType = { name: 'types020.IPConfig', struct: { ip: 'address', gateway: 'ip', routes } };
    return { name: 'types020.Result', struct: { ip4: config, ip6: config, dns } };
  }
  const iface: GoType = { name: 'Interface', struct: { name: 'string', mac: 'string', sandbox: 'string', ...(family === '100' && newTypes ? { mtu: 'int', socketpath: 'string', pciid: 'string' } : {}) } };
  const ip: GoType = { name: 'IPConfig', struct: { interface: 'int', address: 'address', gateway: 'ip', ...(family === '040' ? { version: 'string' } : {}) } };
  // No cniVersion: libcni puts the config's in place of one that is not a string before decoding.
  return { name: 'Result', struct: { interfaces: { list: iface }, ips: { list: ip }, routes, dns } };
}

const kind = (v: JsonValue): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : typeof v === 'boolean' ? 'a boolean' : typeof v === 'number' ? `the number ${v}` : 'a string');
const goName = (t: GoType): string => (t === 'address' ? 'an address (types.IPNet, a string)' : t === 'ip' ? 'an address (net.IP, a string)' : t === 'int' ? 'an integer' : t === 'string' ? 'a string' : 'list' in t ? 'a list' : `an object (${t.name})`);

/** Why Go's decoding of a printed result fails: in Go's own words (`goWords`) or described. */
export interface DecodeProblem {
  msg: string;
  goWords: boolean;
}

/**
 * libcni's failure to decode `printed` into its Result type, or undefined. An address Go does not parse
 * (types.IPNet's UnmarshalJSON, net.IP's UnmarshalText) is returned at once, in Go's words: the first in
 * the printed order. A value of another JSON type is only saved by Go's decoder and reported when no address
 * failed; its text depends on the structs' nesting and the Go release, so it is described, not quoted.
 */
export function resultDecodeProblem(printed: JsonObject, family: Family, newTypes: NewTypes): DecodeProblem | undefined {
  let saved: DecodeProblem | undefined;
  const walk = (value: JsonValue, type: GoType, pointer: string): DecodeProblem | undefined => {
    // An IPNet decodes a JSON string, null as ""; anything else fails json.Unmarshal into its string.
    if (type === 'address') {
      if (value !== null && typeof value !== 'string') return { msg: `an address is a ${jsonKind(value)}, where Go's types.IPNet decodes a string`, goWords: false };
      return parseCidr(value ?? '') ? undefined : { msg: `invalid CIDR address: ${value ?? ''}`, goWords: true };
    }
    if (type === 'ip' && typeof value === 'string') return value !== '' && !parseIp(value) ? { msg: `invalid IP address: ${value}`, goWords: true } : undefined;
    // null leaves any other field as it is.
    if (value === null) return undefined;
    const fits = type === 'string' || type === 'ip' ? typeof value === 'string' : type === 'int' ? Number.isInteger(value) : 'list' in type ? Array.isArray(value) : isJsonObject(value);
    if (!fits) {
      saved ??= { msg: `${pointer} is ${kind(value)}, where libcni's ${family === '020' ? 'types020' : family === '040' ? 'types040' : 'types100'} result has ${goName(type)}`, goWords: false };
      return undefined;
    }
    if (typeof type === 'string') return undefined;
    if ('list' in type) {
      const items = value as JsonValue[];
      for (let i = 0; i < items.length; i++) {
        const problem = walk(items[i]!, type.list, `${pointer}/${i}`);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const [key, v] of Object.entries(value as JsonObject)) {
      const name = goFold(key);
      // Own fields only: "__proto__" or "constructor" is a key like any other, which Go ignores.
      const field = Object.hasOwn(type.struct, name) ? type.struct[name] : undefined;
      const problem = field && walk(v, field, `${pointer}/${escapeSegment(key)}`);
      if (problem) return problem;
    }
    return undefined;
  };
  return walk(printed, resultType(family, newTypes), '') ?? saved;
}

const jsonKind = (v: JsonValue): string => (Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);
