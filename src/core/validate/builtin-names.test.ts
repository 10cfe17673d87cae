// Keys and names in a config are user text: names of Object.prototype's members ("toString",
// "constructor", "__proto__", …) must be plain names everywhere, never the built-in they shadow.
import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { loadSchemas } from '../../node/schemas';
import { bridge, list, portmap } from '../testing';
import type { JsonObject, JsonValue } from '../model/types';
import { applyPatch } from '../model/patch';
import { getAtPointer } from '../model/pointer';
import { DEFAULT_INPUTS, type RuntimeInputs } from '../runtime/inputs';
import { plan } from '../runtime/plan';
import { sortKeys } from '../runtime/go-json';
import { semanticDiff } from '../review/diff';
import { riskNotes } from '../review/risk';
import { explainConflist } from '../review/explain';
import { reviewReport } from '../review/report';
import { canAttachIpam } from '../edit/chain';
import { readChain } from '../model/chain';
import type { Finding } from './finding';

const validator = createValidator(loadSchemas());

export const BUILTIN_NAMES = [
  'toString',
  'constructor',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupGetter__',
];

/** Parses JSON text the way a file arrives (JSON.parse keeps "__proto__" as an own key). */
const fromText = (text: string) => JSON.parse(text) as JsonObject;

function expectWellFormed(findings: Finding[]): void {
  for (const f of findings) {
    expect(typeof f.code, JSON.stringify(f)).toBe('string');
    expect(f.code).toMatch(/^CNI\d{3}$/);
    expect(['error', 'warning', 'info']).toContain(f.severity);
    expect(typeof f.message).toBe('string');
    expect(f.message.length).toBeGreaterThan(0);
    expect(typeof f.pointer).toBe('string');
  }
}

function validateBoth(doc: JsonObject): Finding[] {
  const text = JSON.stringify(doc);
  const fromString = validator.validate(text);
  expectWellFormed(fromString);
  for (const f of fromString) {
    expect(f.line).toBeGreaterThan(0);
    expect(f.column).toBeGreaterThan(0);
  }
  const fromValue = validator.validate(fromText(text));
  expectWellFormed(fromValue);
  return fromString;
}

describe.each(BUILTIN_NAMES)('the built-in name %s', (name) => {
  const q = JSON.stringify(name);

  it('as a plugin type is an unknown plugin, not a crash', () => {
    const findings = validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":${q}}]}`));
    const f = findings.find((x) => x.pointer === '/plugins/0/type');
    expect(f?.code).toBe('CNI201');
    expect(f?.message).toContain(name);
  });

  it('as the type of a second plugin and of a chained plugin', () => {
    validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","bridge":"cni0","ipam":{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}]]}},{"type":${q}},{"type":"portmap","capabilities":{"portMappings":true}}]}`));
  });

  it('as ipam.type is an unknown IPAM plugin', () => {
    const findings = validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","ipam":{"type":${q}}}]}`));
    expect(findings.find((x) => x.pointer === '/plugins/0/ipam/type')?.code).toBe('CNI404');
  });

  it('as a key of a plugin, of its ipam, of the list and of nested objects', () => {
    const findings = validateBoth(
      fromText(
        `{"cniVersion":"1.0.0","name":"p",${q}:1,"plugins":[{"type":"bridge",${q}:{"a":1},"ipam":{"type":"host-local",${q}:[1],"ranges":[[{"subnet":"10.1.0.0/24",${q}:true}]]},"args":{${q}:{}},"sysctl":{${q}:"1"}},{"type":"tuning","sysctl":{${q}:"1"}}]}`,
      ),
    );
    // bridge does not read the key: an unknown-key warning on that key, whatever its name.
    expect(findings.some((f) => f.code === 'CNI203' && f.pointer === `/plugins/0/${name}`)).toBe(true);
    expect(findings.some((f) => f.code === 'CNI610' && f.pointer === `/plugins/1/sysctl/${name}`)).toBe(true);
  });

  it('as a key of a plugin of every known type', () => {
    for (const entry of validator.catalog.entries) {
      validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":${JSON.stringify(entry.type)},${q}:1,"ipam":{"type":"static",${q}:1}}]}`));
    }
  });

  it('as a capability name is not a well-known capability', () => {
    const findings = validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[${JSON.stringify(bridge())},{"type":"portmap","capabilities":{${q}:true,"portMappings":true}}]}`));
    expect(findings.find((f) => f.pointer === `/plugins/1/capabilities/${name}`)?.code).toBe('CNI501');
  });

  it('as a runtimeConfig key', () => {
    const findings = validateBoth(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[${JSON.stringify(bridge())},{"type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{${q}:1}}]}`));
    expect(findings.some((f) => f.code === 'CNI504')).toBe(true);
  });

  it('as a NAD metadata key and a NAD config type', () => {
    const yaml = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\n  ${name}: x\nspec:\n  config: '{"cniVersion": "1.0.0", "type": ${q}, ${q}: 1}'\n`;
    const findings = validator.validate(yaml, { fileName: 'n.yaml' });
    expectWellFormed(findings);
    expect(findings.some((f) => f.code === 'CNI201')).toBe(true);
  });

  it('in the runtime plan: capabilities, capability arguments and CNI_ARGS keys', () => {
    const doc = fromText(
      `{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","bridge":"cni0","ipam":{"type":"host-local","ranges":[[{"subnet":"10.1.0.0/24"}]]},"capabilities":{${q}:true}},{"type":${q},"capabilities":{${q}:true,"portMappings":true},${q}:{"x":1}},{"type":"portmap","capabilities":{"portMappings":true}}]}`,
    );
    const inputs: RuntimeInputs = { ...DEFAULT_INPUTS, cniArgs: [[name, 'x'], ['K8S_POD_NAME', 'web']], capabilityArgs: fromText(`{${q}:[1],"portMappings":[]}`) };
    for (const op of ['ADD', 'CHECK', 'DEL'] as const) {
      const p = plan(doc, inputs, op, { validator });
      expect(p.invocations.length).toBe(3);
      for (const inv of p.invocations) {
        // What the plugin receives is what the file says, the odd key included, and nothing from a prototype.
        const runtimeConfig = JSON.parse(inv.stdinText).runtimeConfig as JsonObject;
        expect(Object.hasOwn(runtimeConfig, name)).toBe(inv.index < 2);
        if (inv.index < 2) expect(runtimeConfig[name]).toEqual([1]);
        expect(Object.getPrototypeOf(inv.stdin)).toBe(Object.prototype);
        expect(inv.stdinText).not.toContain('function');
      }
      expect(JSON.parse(p.invocations.find((i) => i.index === 1)!.stdinText)[name]).toEqual({ x: 1 });
    }
    // A capability supplied that no plugin declares is reported by its name.
    const unsupplied = plan(list([bridge()]), { ...DEFAULT_INPUTS, capabilityArgs: fromText(`{${q}:1}`) }, 'ADD', { validator });
    expect(unsupplied.notes.some((n) => n.message.includes(`"${name}" is supplied but no plugin declares`))).toBe(true);
    // A capability declared but not supplied is reported too (a prototype member is not a supplied value).
    const declared = plan(fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","capabilities":{${q}:true}}]}`), DEFAULT_INPUTS, 'ADD', { validator });
    expect(declared.notes.some((n) => n.message.includes(`"${name}" capability, but the runtime supplies none`))).toBe(true);
    // CNI_ARGS keys that a strict plugin does not know are reported by their name.
    const strict = validator.catalog.entries.find((e) => e.cniArgs !== undefined && e.role !== 'ipam');
    if (strict) {
      const p = plan(list([{ type: strict.type }]), { ...DEFAULT_INPUTS, cniArgs: [[name, 'x']] }, 'ADD', { validator });
      expect(p.notes.some((n) => n.field === 'cniArgs' && n.message.includes(`${name}=x`))).toBe(true);
    }
  });

  it('in the review: diff, risk notes, explanation and report', () => {
    const before = fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","capabilities":{${q}:true}},{"type":${q},${q}:1},{"type":"portmap","capabilities":{"portMappings":true}}]}`);
    const after = fromText(`{"cniVersion":"1.0.0","name":"p","plugins":[{"type":"bridge","capabilities":{"portMappings":true},${q}:2},{"type":"tuning","capabilities":{${q}:true}}]}`);
    for (const [a, b] of [
      [before, after],
      [after, before],
    ] as const) {
      const diff = semanticDiff(a, b, validator.catalog);
      const risks = riskNotes(diff, a, b, validator.catalog);
      for (const r of risks) {
        expect(typeof r.message).toBe('string');
        expect(['high', 'medium', 'low']).toContain(r.severity);
      }
      expect(explainConflist(b, validator.catalog).join('\n')).not.toContain('function');
      const report = reviewReport({ after: b, before: a, catalog: validator.catalog, findings: validator.validate(b), diff, risks, explanation: explainConflist(b, validator.catalog) });
      expect(report).not.toContain('[native code]');
    }
    const diff = semanticDiff(before, after, validator.catalog);
    expect(diff.plugins.find((p) => p.type === name)?.status).toBe('removed');
    const risks = riskNotes(diff, before, after, validator.catalog);
    expect(risks.some((r) => r.rule === 'plugin-removed' && r.message.includes(name))).toBe(true);
    expect(risks.some((r) => r.rule === 'capability-dropped' && r.message.includes(name))).toBe(true);
  });

  it('in edits: patches and pointers address own keys only', () => {
    const doc = list([bridge()]);
    expect(getAtPointer(doc, `/${name}`)).toBeUndefined();
    expect(getAtPointer(doc, `/plugins/0/${name}`)).toBeUndefined();
    const added = applyPatch(doc, [{ op: 'add', path: `/plugins/0/${name}`, value: 7 }]) as JsonObject;
    expect(Object.hasOwn((added.plugins as JsonObject[])[0]!, name)).toBe(true);
    expect(getAtPointer(added, `/plugins/0/${name}`)).toBe(7);
    expect(JSON.parse(JSON.stringify(added)).plugins[0][name]).toBe(7);
    expect(() => applyPatch(doc, [{ op: 'rename', path: `/plugins/0/${name}`, key: 'x' }])).toThrow(/no key/);
    expect(() => applyPatch(doc, [{ op: 'replace', path: `/${name}/x`, value: 1 }])).toThrow(/path not found/);
    const renamed = applyPatch(added, [{ op: 'rename', path: `/plugins/0/${name}`, key: 'mtu' }]) as JsonObject;
    expect((renamed.plugins as JsonObject[])[0]).toMatchObject({ mtu: 7 });
    // A built-in name is no catalog entry: not an IPAM plugin in the chain, not a chained plugin first.
    expect(validator.validate(list([{ type: name }, portmap()])).map((f) => f.code).filter((c) => c === 'CNI300' || c === 'CNI303')).toEqual([]);
    expect(canAttachIpam(readChain(list([bridge()]), () => 'b'), validator.catalog, 0, name).ok).toBe(false);
  });

  it('as a key in sorted stdin keeps its place and its value', () => {
    const sorted = sortKeys(fromText(`{"b":1,${q}:{"z":1,"a":2}}`)) as Record<string, JsonValue>;
    expect(Object.getPrototypeOf(sorted)).toBe(Object.prototype);
    expect(Object.keys(sorted)).toContain(name);
    expect(JSON.stringify(sorted)).toContain(`${q}:{"a":2,"z":1}`);
  });
});
