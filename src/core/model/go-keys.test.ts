// Go's JSON decoding reads a struct field from every key equal to its tag without regard to case; libcni
// re-marshals each plugin from a map, so of several spellings the one sorting last is what the plugin gets.
import { describe, expect, it } from 'vitest';
import { goAtPointer, goEntries, goField, goFold, goIpamType, goKeyOf, goKeysOf, goPluginType, renameKey } from './go-keys';

describe('goKeyOf', () => {
  it('reads the documented spelling, or the spelling that sorts last', () => {
    expect(goKeyOf({ type: 'bridge' }, 'type')).toBe('type');
    expect(goKeyOf({ Type: 'bridge' }, 'type')).toBe('Type');
    // cnitool 1.1.2 and 1.3.0 run "Type"'s plugin here, whichever comes first in the file.
    expect(goKeyOf({ TYPE: 'a', Type: 'b' }, 'type')).toBe('Type');
    expect(goKeyOf({ Type: 'b', TYPE: 'a' }, 'type')).toBe('Type');
    // The all-lower-case spelling sorts after any other.
    expect(goKeyOf({ type: 'a', Type: 'b', TYPE: 'c' }, 'type')).toBe('type');
    // A camelCase tag: an all-lower-case variant sorts after it, and wins.
    expect(goKeyOf({ isGateway: true, isgateway: false }, 'isGateway')).toBe('isgateway');
    expect(goKeyOf({ bridge: 'x' }, 'type')).toBeUndefined();
  });

  it('skips a null when another spelling has a value: decoding null leaves the field as it is', () => {
    // cnitool 1.1.2 and 1.3.0 run loopback for {"Type": "loopback", "type": null}; bridge takes "MTU": 1400 beside "mtu": null.
    expect(goKeyOf({ Type: 'loopback', type: null }, 'type')).toBe('Type');
    expect(goPluginType({ type: null, Type: 'loopback' })).toBe('loopback');
    expect(goField({ MTU: 1400, mtu: null }, 'mtu')).toBe(1400);
    expect(goKeyOf({ type: null }, 'type')).toBe('type');
    expect(goKeyOf({ TYPE: null, Type: null }, 'type')).toBe('Type');
    expect(goKeyOf({ Name: 'a', name: null }, 'name', true)).toBe('Name');
  });

  it('for every field at once (goKeysOf), as goKeyOf says for each', () => {
    const obj = { TYPE: 'a', Type: 'b', mtu: null, MTU: 1400, isGateway: true, isgateway: false, Bridge: null };
    const kept = goKeysOf(obj);
    for (const field of ['type', 'mtu', 'isGateway', 'bridge']) expect(kept.get(field.toLowerCase()), field).toBe(goKeyOf(obj, field));
    expect([...kept.values()]).toEqual(['Type', 'MTU', 'isgateway', 'Bridge']);
  });

  it('folds as Go does: the Kelvin sign is a "k" and the long s an "s" (real macvlan reads "maſter" as its master)', () => {
    expect(goFold('maſter')).toBe(goFold('Master'));
    expect(goFold('\u212aernelpath')).toBe('kernelpath');
    expect(goField({ type: 'macvlan', 'maſter': 'eth0' }, 'master')).toBe('eth0');
    // Other letters do not fold onto ASCII (the dotless i is not an "i" to Go).
    expect(goFold('\u0131pam')).not.toBe('ipam');
    expect(goField({ '\u0131pam': {} }, 'ipam')).toBeUndefined();
  });

  it('as written: the last spelling in the object, as libcni decodes a file\'s own bytes', () => {
    expect(goKeyOf({ name: 'a', Name: 'b' }, 'name', true)).toBe('Name');
    expect(goKeyOf({ Name: 'b', name: 'a' }, 'name', true)).toBe('name');
    expect(goField({ CNIVersion: '1.0.0' }, 'cniVersion', true)).toBe('1.0.0');
  });
});

describe('plugin and IPAM types', () => {
  it('are read as the plugin reads them', () => {
    expect(goPluginType({ Type: 'loopback' })).toBe('loopback');
    expect(goPluginType({ type: 5 })).toBe('');
    expect(goPluginType('bridge')).toBe('');
    expect(goIpamType({ type: 'bridge', IPAM: { Type: 'host-local' } })).toBe('host-local');
    expect(goIpamType({ type: 'bridge' })).toBeUndefined();
  });

  it('lists every spelling, for checks that must hold whichever one wins', () => {
    expect(goEntries({ type: 'a', TYPE: 'b', types: 'c' }, 'type')).toEqual([
      ['type', 'a'],
      ['TYPE', 'b'],
    ]);
    expect(goEntries('x', 'type')).toEqual([]);
  });
});

describe('renameKey', () => {
  it('renames in place in the key order, and keeps a "__proto__" key an own key', () => {
    const from = JSON.parse('{"a": 1, "Type": "x", "__proto__": 2}') as Record<string, unknown>;
    const out = renameKey(from as never, 'Type', 'type');
    expect(Object.keys(out)).toEqual(['a', 'type', '__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(from).toHaveProperty('Type');
  });
});

describe('goAtPointer', () => {
  it('reads each key of a documented pointer as the plugin does', () => {
    expect(goAtPointer({ isGateway: false, isgateway: true }, '/isGateway')).toBe(true);
    expect(goAtPointer({ IPAM: { Subnet: '10.1.0.0/24' } }, '/ipam/subnet')).toBe('10.1.0.0/24');
    expect(goAtPointer({ ipam: { ranges: [[{ subnet: 'a' }]] } }, '/ipam/ranges/0/0/subnet')).toBe('a');
    expect(goAtPointer({ mtu: 5 }, '/mtu/x')).toBeUndefined();
  });
});
