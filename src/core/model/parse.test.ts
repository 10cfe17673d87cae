import { describe, expect, it } from 'vitest';
import { parseConfig, upConvert } from './document';
import { parseSource } from './source';
import { serializeConflist } from './serialize';
import { applyPatch } from './patch';
import { effectiveListVersion } from './versions';
import { LineIndex } from './text';

describe('parseConfig', () => {
  it('parses strict JSON with no findings and keeps key order', () => {
    const text = '{"name": "n", "cniVersion": "1.0.0", "plugins": [{"type": "bridge", "z": 1, "a": 2}]}';
    const c = parseConfig(text, { kind: 'conflist' });
    expect(c.findings).toEqual([]);
    expect(Object.keys(c.conflist!)).toEqual(['name', 'cniVersion', 'plugins']);
    expect(Object.keys((c.conflist!.plugins as object[])[0]!)).toEqual(['type', 'z', 'a']);
  });

  it('reports comments and trailing commas as errors but still yields the document, with fixes', () => {
    const text = '{\n  // note\n  "name": "n", /* x */\n  "plugins": [{"type": "bridge",},],\n}';
    const c = parseConfig(text, { kind: 'conflist' });
    expect(c.conflist?.name).toBe('n');
    const codes = c.findings.map((f) => f.code);
    expect(codes.filter((x) => x === 'CNI002')).toHaveLength(2);
    expect(codes.filter((x) => x === 'CNI003')).toHaveLength(3);
    // Applying every text edit (from the end) gives strict JSON.
    const edits = c.findings.flatMap((f) => f.fix?.edits ?? []).sort((a, b) => b.offset - a.offset);
    let fixed = text;
    for (const e of edits) fixed = fixed.slice(0, e.offset) + e.content + fixed.slice(e.offset + e.length);
    expect(() => JSON.parse(fixed)).not.toThrow();
    expect(JSON.parse(fixed)).toEqual({ name: 'n', plugins: [{ type: 'bridge' }] });
  });

  it('gives a positioned, plain-words error for broken JSON and no document', () => {
    const text = '{"name": "n"\n "plugins": []}';
    const c = parseConfig(text);
    expect(c.conflist).toBeUndefined();
    const f = c.findings.find((x) => x.code === 'CNI001')!;
    expect(f.message).toContain("missing ','");
    expect(new LineIndex(text).position(f.range!.start)).toEqual({ line: 2, column: 2 });
  });

  it('reports an empty document and a non-object top level', () => {
    expect(parseConfig('  \n').findings.map((f) => f.code)).toEqual(['CNI008']);
    expect(parseConfig('[1]').findings.map((f) => f.code)).toEqual(['CNI004']);
  });

  it('keeps "__proto__" as a plain key instead of touching the prototype', () => {
    const c = parseConfig('{"name": "n", "plugins": [{"type": "bridge", "__proto__": {"polluted": true}}]}');
    const plugin = (c.conflist!.plugins as Record<string, unknown>[])[0]!;
    expect(Object.keys(plugin)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((plugin as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('finds duplicate keys with the range of the overridden one; the last value wins like Go', () => {
    const text = '{"name": "a", "name": "b", "plugins": []}';
    const c = parseConfig(text);
    expect(c.conflist!.name).toBe('b');
    expect(c.duplicateKeys).toEqual([{ objectPointer: '', key: 'name', range: { start: 1, end: 7 } }]);
  });

  it('locates pointers to keys and values, including numeric-looking object keys', () => {
    const text = '{"plugins": [{"type": "tuning", "sysctl": {"1": "x"}}]}';
    const c = parseConfig(text);
    const r = c.locate('/plugins/0/sysctl/1')!;
    expect(text.slice(r.start, r.end)).toBe('"x"');
    const k = c.locate('/plugins/0/type', 'key')!;
    expect(text.slice(k.start, k.end)).toBe('"type"');
  });
});

describe('single-plugin .conf (libcni ConfListFromConf)', () => {
  const conf = '{"cniVersion": "0.4.0", "name": "n", "type": "bridge", "bridge": "br0"}';

  it('wraps the whole object as the only plugin, lifting name and cniVersion', () => {
    const c = parseConfig(conf, { kind: 'conf' });
    expect(c.upConverted).toBe(true);
    expect(c.conflist).toEqual({ cniVersion: '0.4.0', name: 'n', plugins: [{ cniVersion: '0.4.0', name: 'n', type: 'bridge', bridge: 'br0' }] });
    expect(c.findings.map((f) => f.code)).toEqual(['CNI009']);
  });

  it('leaves cniVersion out when the .conf has none (libcni then uses an empty version)', () => {
    expect(upConvert({ type: 'loopback' })).toEqual({ plugins: [{ type: 'loopback' }] });
  });

  it('maps pointers of the list back to the single-plugin source', () => {
    const c = parseConfig(conf, { kind: 'conf' });
    const r = c.locate('/plugins/0/bridge')!;
    expect(conf.slice(r.start, r.end)).toBe('"br0"');
    const n = c.locate('/name')!;
    expect(conf.slice(n.start, n.end)).toBe('"n"');
  });

  it('reports a single plugin in a .conflist file, with a fix that wraps it', () => {
    const c = parseConfig(conf, { kind: 'conflist' });
    const f = c.findings.find((x) => x.code === 'CNI006')!;
    expect(f.severity).toBe('error');
    expect(applyPatch(JSON.parse(conf), f.fix!.patch!)).toEqual(c.conflist);
  });

  it('reports a list in a .conf file', () => {
    const c = parseConfig('{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}]}', { kind: 'conf' });
    expect(c.upConverted).toBe(false);
    expect(c.findings.map((f) => f.code)).toEqual(['CNI007']);
  });

  it('decides by content when the file name says nothing (paste)', () => {
    expect(parseSource(conf).configs[0]!.upConverted).toBe(true);
    expect(parseSource('{"name": "n", "plugins": []}').configs[0]!.upConverted).toBe(false);
  });
});

describe('serialize', () => {
  it('round-trips: parse → serialize keeps order, 2-space indent, trailing newline', () => {
    const doc = { name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/16' }]] } }] };
    const text = serializeConflist(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "name": "n",');
    const again = parseConfig(text, { kind: 'conflist' });
    expect(again.findings).toEqual([]);
    expect(serializeConflist(again.conflist!)).toBe(text);
  });
});

describe('applyPatch', () => {
  const doc = { name: 'n', plugins: [{ type: 'bridge', hairpinmode: true, mtu: 1 }] };
  it('renames a key in place', () => {
    const out = applyPatch(doc, [{ op: 'rename', path: '/plugins/0/hairpinmode', key: 'hairpinMode' }]) as typeof doc;
    expect(Object.keys(out.plugins[0]!)).toEqual(['type', 'hairpinMode', 'mtu']);
    expect(doc.plugins[0]).toHaveProperty('hairpinmode'); // immutable
  });
  it('replaces in place, adds at the end, removes, inserts into arrays', () => {
    let out = applyPatch(doc, [{ op: 'replace', path: '/plugins/0/type', value: 'ptp' }]) as typeof doc;
    expect(Object.keys(out.plugins[0]!)).toEqual(['type', 'hairpinmode', 'mtu']);
    out = applyPatch(out, [{ op: 'add', path: '/cniVersion', value: '1.0.0' }, { op: 'remove', path: '/plugins/0/mtu' }, { op: 'add', path: '/plugins/0', value: { type: 'loopback' } }]) as typeof doc;
    expect(out).toEqual({ name: 'n', cniVersion: '1.0.0', plugins: [{ type: 'loopback' }, { type: 'ptp', hairpinmode: true }] });
  });
  it('refuses paths that do not exist', () => {
    expect(() => applyPatch(doc, [{ op: 'replace', path: '/plugins/5/type', value: 'x' }])).toThrow(/not found/);
  });
});

describe('effectiveListVersion (libcni v1.2+ cniVersions negotiation)', () => {
  it('picks the highest supported version, adding cniVersion to the pool', () => {
    expect(effectiveListVersion('0.4.0', ['1.0.0', '1.1.0'])).toBe('1.1.0');
    expect(effectiveListVersion('1.0.0', ['0.3.1'])).toBe('1.0.0');
  });
  it('drops versions newer than libcni implements, keeping cniVersion when nothing remains', () => {
    expect(effectiveListVersion('1.0.0', ['2.0.0'])).toBe('1.0.0');
    expect(effectiveListVersion('9.0.0', ['2.0.0'])).toBe('9.0.0');
    expect(effectiveListVersion(undefined, undefined)).toBe('');
  });
});
