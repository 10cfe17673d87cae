// The Go types of a CNI result's fields, as libcni's Result structs declare them: a printed result whose value
// has another JSON type ("interface": "0", "gateway": 5, "ips": {}) fails Go's decoding, so libcni fails the
// ADD after the plugin did its work. Go reports the first such value (a saved UnmarshalTypeError) only when
// no address failed to parse (undecodableResult, which comes first). The exact text of Go's message depends
// on the structs' nesting and the Go release, so it is described here, not quoted.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { goFold } from '../model/go-keys';
import { escapeSegment } from '../model/pointer';
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

/** The first value of `printed` whose JSON type its Go field cannot take, in words; undefined when every one fits. */
export function resultTypeProblem(printed: JsonObject, family: Family, newTypes: NewTypes): string | undefined {
  const walk = (value: JsonValue, type: GoType, pointer: string): string | undefined => {
    // null leaves any field as it is (an address's null is undecodableResult's).
    if (value === null) return undefined;
    const fits = type === 'string' || type === 'address' || type === 'ip' ? typeof value === 'string' : type === 'int' ? Number.isInteger(value) : 'list' in type ? Array.isArray(value) : isJsonObject(value);
    if (!fits) return `${pointer} is ${kind(value)}, where libcni's ${family === '020' ? 'types020' : family === '040' ? 'types040' : 'types100'} result has ${goName(type)}`;
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
  return walk(printed, resultType(family, newTypes), '');
}
