// libcni's loading, per release, in its own words: Go's JSON syntax errors byte for byte (messages from
// encoding/json's scanner), then the list rules of libcni/conf.go at v1.1.2, v1.2.x and v1.3.0.
import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, utf8Bytes } from './go-json-syntax';
import { libcniFailure, libcniLoadConf, libcniLoadFile, libcniLoadList, libcniLoadText } from './libcni-load';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The real-world fixtures, read directly (this test needs nothing of core but the loader).
const REAL_FIXTURES = resolve(__dirname, '../../fixtures/real');

const fixtures = readdirSync(REAL_FIXTURES).map((name) => ({ name, text: readFileSync(join(REAL_FIXTURES, name), 'utf8') }));

const syntax = (text: string) => goJsonSyntaxError(utf8Bytes(text));

describe("Go's JSON syntax errors", () => {
  it.each([
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{\n  // a comment\n  "a": 1\n}', "invalid character '/' looking for beginning of object key string"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['\uFEFF{}', "invalid character 'ï' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a":1} x', "invalid character 'x' after top-level value"],
    ['{"a":1}{}', "invalid character '{' after top-level value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":"x\ty"}', "invalid character '\\t' in string literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
    ['{"a":-}', "invalid character '}' in numeric literal"],
    ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
    ['{"a":1.', "invalid character ' ' after decimal point in numeric literal"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":NaN}', "invalid character 'N' looking for beginning of value"],
    ['{"a":\u0001}', "invalid character '\\x01' looking for beginning of value"],
  ])('%j', (text, message) => {
    expect(syntax(text)).toBe(message);
  });

  it('accepts what JSON accepts, and agrees with JSON.parse on every real fixture and its truncations', () => {
    for (const text of ['{}', ' [ ] ', '{"a":[1,2,{"b":null}],"c":true,"d":-0.5e+3,"e":"\\u00e9\\n"}', '"x"', '1', '0', '-0', 'null']) expect(syntax(text)).toBeUndefined();
    let compared = 0;
    for (const fixture of fixtures) {
      for (const cut of [fixture.text.length, Math.floor(fixture.text.length / 2), fixture.text.length - 2, 1]) {
        const text = fixture.text.slice(0, cut);
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(syntax(text) === undefined, `${fixture.name} cut at ${cut}`).toBe(valid);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe('libcni loading by release', () => {
  const list = (extra: object) => ({ cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'bridge' }], ...extra });

  it('refuses what the editor tolerates, in libcni words', () => {
    expect(libcniLoadText('{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"},]}', 'conflist', '1.3.0')).toEqual({ ok: false, error: "error parsing configuration list: invalid character ']' looking for beginning of value" });
    expect(libcniLoadText('{"type": "bridge", /* x */}', 'conf', '1.3.0')).toEqual({ ok: false, error: "error parsing configuration: invalid character '/' looking for beginning of object key string" });
  });

  it('refuses a number Go cannot hold in a float64, the first as written, wherever it is', () => {
    const text = (x: string) => `{"cniVersion": "1.0.0", "name": "n", "s": "1e999 in a \\"string\\"", "plugins": [{"type": "bridge", "x": ${x}, "y": -1e500}]}`;
    expect(libcniLoadText(text('1E400'), 'conflist', '1.1.2')).toEqual({ ok: false, error: 'error parsing configuration list: json: cannot unmarshal number 1E400 into Go value of type float64' });
    expect(libcniLoadText(text('1.5e308'), 'conflist', '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: json: cannot unmarshal number -1e500 into Go value of type float64' });
    expect(libcniLoadText('{"cniVersion": "1.0.0", "name": "n", "type": "bridge", "mtu": 2e308}', 'conf', '1.3.0')).toEqual({ ok: false, error: 'json: cannot unmarshal number 2e308 into Go value of type float64' });
    // Underflow is no error for Go: 0.
    expect(libcniLoadText('{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "x": 1e-400, "y": 1.7976931348623158e308}]}', 'conflist', '1.3.0').ok).toBe(true);
  });

  it('decodes every spelling of a plugin key, as Go does, in sorted order (cnitool 1.1.2 and 1.3.0)', () => {
    const list = (plugin: Record<string, unknown>) => ({ cniVersion: '1.0.0', name: 'n', plugins: [plugin] }) as never;
    // "type" wins, but "Type" is decoded first and does not decode.
    expect(libcniLoadList(list({ type: 'loopback', Type: 5 }), '1.3.0')).toEqual({ ok: false, error: 'failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal number into Go struct field PluginConf.type of type string' });
    expect(libcniLoadList(list({ Type: 'loopback' }), '1.1.2').ok).toBe(true);
  });
  it('checks the list keys as each release does', () => {
    expect(libcniLoadList({ cniVersion: '1.0.0', plugins: [] }, '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: no name' });
    expect(libcniLoadList({ name: 7, plugins: [] }, '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid name type float64' });
    expect(libcniLoadList(list({ cniVersion: 0.4 }), '1.1.2')).toEqual({ ok: false, error: 'error parsing configuration list: invalid cniVersion type float64' });
    expect(libcniLoadList(list({ plugins: [] }), '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: no plugins in list' });
    expect(libcniLoadList(list({ plugins: { type: 'bridge' } }), '1.3.0')).toEqual({ ok: false, error: "error parsing configuration list: invalid 'plugins' type map[string]interface {}" });
    // A plugin object in a .conflist, without a list: refused before 1.3, a list of no plugins from 1.3.
    const single = { cniVersion: '1.0.0', name: 'net', type: 'bridge' };
    expect(libcniLoadList(single, '1.2.3')).toEqual({ ok: false, error: "error parsing configuration list: no 'plugins' key" });
    expect(libcniLoadList(single, '1.3.0')).toMatchObject({ ok: true });
    expect(libcniLoadList({ ...single, loadOnlyInlinedPlugins: true }, '1.3.0')).toEqual({ ok: false, error: "error parsing configuration list: `loadOnlyInlinedPlugins` is true, and no 'plugins' key" });
  });

  it('reads the flags as each release does: JSON booleans only before 1.2, "true"/"false" strings from 1.2', () => {
    expect(libcniLoadList(list({ disableCheck: 'true' }), '1.1.2')).toEqual({ ok: false, error: 'error parsing configuration list: invalid disableCheck type string' });
    expect(libcniLoadList(list({ disableCheck: 'TRUE' }), '1.2.0')).toMatchObject({ ok: true });
    expect(libcniLoadList(list({ disableCheck: 'TRUE' }), '1.2.1')).toMatchObject({ ok: true });
    expect(libcniLoadList(list({ disableCheck: 'yes' }), '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid value "yes" for disableCheck' });
    expect(libcniLoadList(list({ disableGC: 1 }), '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid type float64 for disableGC' });
    // disableGC is not read before 1.2.1, loadOnlyInlinedPlugins not before 1.3.0: anything goes there.
    expect(libcniLoadList(list({ disableGC: 1, loadOnlyInlinedPlugins: 'maybe' }), '1.2.0')).toMatchObject({ ok: true });
  });

  it('negotiates cniVersions from 1.2 (the highest it implements), and ignores them before', () => {
    const versions = list({ cniVersion: '0.4.0', cniVersions: ['1.0.0', '1.1.0', '2.0.0'] });
    expect(libcniLoadList(versions, '1.3.0')).toMatchObject({ ok: true, conflist: { cniVersion: '1.1.0' } });
    expect(libcniLoadList(versions, '1.1.2')).toMatchObject({ ok: true, conflist: { cniVersion: '0.4.0' } });
    expect(libcniLoadList(list({ cniVersions: ['1.0.0-rc1'] }), '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid cniVersions entry 1.0.0-rc1 at index 0: failed to convert micro version part "0-rc1": strconv.Atoi: parsing "0-rc1": invalid syntax' });
    expect(libcniLoadList(list({ cniVersions: '1.0.0' }), '1.3.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid type for cniVersions: []interface {}' });
    expect(libcniLoadList(list({ cniVersions: '1.0.0' }), '1.1.2')).toMatchObject({ ok: true });
  });

  it('negotiates as 1.2.0 and 1.2.1 did, with Masterminds semver: looser parsing, the winner written back canonically', () => {
    expect(libcniLoadList(list({ cniVersion: '', cniVersions: ['v1.0', '0.4.0'] }), '1.2.1')).toMatchObject({ ok: true, conflist: { cniVersion: '1.0.0' } });
    expect(libcniLoadList(list({ cniVersion: '', cniVersions: ['v1.0', '0.4.0'] }), '1.2.2')).toEqual({ ok: false, error: 'error parsing configuration list: invalid cniVersions entry v1.0 at index 0: failed to convert major version part "v1": strconv.Atoi: parsing "v1": invalid syntax' });
    expect(libcniLoadList(list({ cniVersions: ['1.0.0.1'] }), '1.2.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid cniVersions entry <nil> at index 0: Invalid Semantic Version' });
    expect(libcniLoadList(list({ cniVersion: '', cniVersions: ['1.1.0-rc1', '1.0.0'] }), '1.2.0')).toMatchObject({ ok: true, conflist: { cniVersion: '1.1.0-rc1' } });
  });

  it('reads disableCheck as 1.2.0 did: strings accepted, its own words when refused', () => {
    expect(libcniLoadList(list({ disableCheck: 'Yes' }), '1.2.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid disableCheck value "Yes"' });
    expect(libcniLoadList(list({ disableCheck: 1 }), '1.2.0')).toEqual({ ok: false, error: 'error parsing configuration list: invalid disableCheck type float64' });
    expect(libcniLoadList(list({ disableCheck: 'Yes' }), '1.2.1')).toEqual({ ok: false, error: 'error parsing configuration list: invalid value "yes" for disableCheck' });
  });

  it("decodes each plugin into libcni's base struct: type required, typed fields in Go's words", () => {
    expect(libcniLoadList(list({ plugins: [{ type: 'bridge' }, { type: '' }] }), '1.3.0')).toEqual({ ok: false, error: "failed to parse plugin config 1: error parsing configuration: missing 'type'" });
    expect(libcniLoadList(list({ plugins: [{ bridge: 'x' }] }), '1.3.0')).toEqual({ ok: false, error: "failed to parse plugin config 0: error parsing configuration: missing 'type'" });
    expect(libcniLoadList(list({ plugins: [{ type: 'portmap', capabilities: { portMappings: 'yes' } }] }), '1.3.0')).toEqual({ ok: false, error: 'failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal string into Go struct field PluginConf.capabilities of type bool' });
    expect(libcniLoadList(list({ plugins: [{ type: 'bridge', ipam: 'host-local' }] }), '1.1.2')).toEqual({ ok: false, error: 'failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal string into Go struct field NetConf.ipam of type types.IPAM' });
    expect(libcniLoadList(list({ plugins: [{ type: 'bridge', ipam: { type: 5 } }] }), '1.3.0')).toEqual({ ok: false, error: 'failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal number into Go struct field PluginConf.ipam.type of type string' });
    expect(libcniLoadList(list({ plugins: [{ type: 'bridge', dns: { nameservers: '8.8.8.8' } }] }), '1.3.0')).toEqual({ ok: false, error: 'failed to parse plugin config 0: error parsing configuration: json: cannot unmarshal string into Go struct field PluginConf.dns.nameservers of type []string' });
    // Go matches struct keys case-insensitively: "Type" is the type.
    expect(libcniLoadList(list({ plugins: [{ Type: 'bridge' }] }), '1.3.0')).toMatchObject({ ok: true });
    // null leaves the default.
    expect(libcniLoadList(list({ plugins: [{ type: 'bridge', ipam: null, capabilities: null }] }), '1.3.0')).toMatchObject({ ok: true });
  });

  it('wraps a single-plugin file into a list as ConfListFromConf does', () => {
    expect(libcniLoadConf({ cniVersion: '0.4.0', name: 'n', type: 'bridge', bridge: 'cni0' }, '1.3.0')).toEqual({ ok: true, upConverted: true, conflist: { cniVersion: '0.4.0', name: 'n', plugins: [{ cniVersion: '0.4.0', name: 'n', type: 'bridge', bridge: 'cni0' }] } });
    expect(libcniLoadConf({ name: 'n' }, '1.3.0')).toEqual({ ok: false, error: "error parsing configuration: missing 'type'" });
  });

  it('wraps plugin failures in ADD and DEL as libcni reports them, CHECK unwrapped', () => {
    expect(libcniFailure({ type: 'portmap', name: 'net' }, 'ADD', 'failed to open iptables')).toBe('plugin type="portmap" name="net" failed (add): failed to open iptables');
    expect(libcniFailure({ type: 'bridge' }, 'DEL', 'x')).toBe('plugin type="bridge" failed (delete): x');
    expect(libcniFailure({ type: 'bridge' }, 'CHECK', 'x')).toBe('x');
    expect(libcniFailure({ type: 'bridge' }, 'STATUS', 'x')).toBe('x');
    expect(libcniFailure({ type: 'bridge', name: 'n' }, 'GC', 'x')).toBe('failed to GC plugin bridge: x');
  });

  it('loads every real-world fixture the way the validator reads it: no false refusal of a valid list', () => {
    let loaded = 0;
    for (const fixture of fixtures.filter((f) => /\.(conflist|conf)$/.test(f.name))) {
      const r = libcniLoadText(fixture.text, fixture.name.endsWith('.conf') ? 'conf' : 'conflist', '1.3.0');
      expect(r, fixture.name).toMatchObject({ ok: true });
      loaded++;
    }
    expect(loaded).toBeGreaterThan(30);
  });
});

describe('a list file with plugins in the folder named after its network (libcni 1.3)', () => {
  const list = '{"cniVersion":"1.0.0","name":"net","plugins":[{"type":"bridge"}]}';
  const siblings = [
    { name: '20-tuning.conf', text: '{"type":"tuning"}' },
    { name: '10-portmap.conf', text: '{"type":"portmap","capabilities":{"portMappings":true}}' },
    { name: 'notes.json', text: 'not read' },
  ];

  it('appends them, sorted by name, from 1.3 only', () => {
    const r = libcniLoadFile(list, 'conflist', '1.3.0', siblings);
    expect(r).toMatchObject({ ok: true, appended: ['10-portmap.conf', '20-tuning.conf'] });
    expect(r.ok && (r.conflist.plugins as { type: string }[]).map((p) => p.type)).toEqual(['bridge', 'portmap', 'tuning']);
    expect(libcniLoadFile(list, 'conflist', '1.2.3', siblings)).toMatchObject({ ok: true, conflist: { plugins: [{ type: 'bridge' }] } });
  });

  it('not with loadOnlyInlinedPlugins; a list of none is refused; a broken plugin file stops the load', () => {
    expect(libcniLoadFile(list.replace('"plugins"', '"loadOnlyInlinedPlugins":"true","plugins"'), 'conflist', '1.3.0', siblings)).toMatchObject({ ok: true, conflist: { plugins: [{ type: 'bridge' }] } });
    expect(libcniLoadFile('{"cniVersion":"1.0.0","name":"net"}', 'conflist', '1.3.0', [])).toEqual({ ok: false, error: 'no plugin configs found' });
    expect(libcniLoadFile('{"cniVersion":"1.0.0","name":"net"}', 'conflist', '1.3.0', siblings)).toMatchObject({ ok: true, conflist: { plugins: [{ type: 'portmap' }, { type: 'tuning' }] } });
    expect(libcniLoadFile(list, 'conflist', '1.3.0', [{ name: 'x.conf', text: '{"type":"a",}' }])).toEqual({ ok: false, error: "error parsing configuration: invalid character '}' looking for beginning of object key string" });
  });
});
