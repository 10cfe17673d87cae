import { describe, expect, it } from 'vitest';
import { focusInjection, injectedKeyPaths, injectedKeys } from './injected';
import { DEFAULT_INPUTS, parseCapabilityArgs, type RuntimeInputs } from './inputs';
import { plan } from './plan';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { bridge, list, portmap } from '../testing';
import type { JsonObject } from '../model/types';

const validator = createValidator(loadSchemas());
const CAPS = { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] };
const inputs: RuntimeInputs = { ...DEFAULT_INPUTS, capabilityArgs: CAPS };

describe('injected keys (what the runtime put into stdin)', () => {
  it("are the keys of stdin the plugin's own object lacks or holds with another value, in stdin's order", () => {
    const own = { type: 'portmap', capabilities: { portMappings: true }, snat: true };
    const stdin = { capabilities: { portMappings: true }, cniVersion: '1.0.0', name: 'net', prevResult: { cniVersion: '1.0.0' }, runtimeConfig: { portMappings: [] }, snat: true, type: 'portmap' };
    expect(injectedKeyPaths(own, stdin)).toEqual([
      { pointer: '/cniVersion', kind: 'added' },
      { pointer: '/name', kind: 'added' },
      { pointer: '/prevResult', kind: 'added' },
      { pointer: '/runtimeConfig', kind: 'added' },
    ]);
  });

  it('are only what differs: a name written as the list has it is not injected, another one is replaced', () => {
    const stdin = { cniVersion: '1.0.0', name: 'net', type: 'bridge' };
    expect(injectedKeyPaths({ type: 'bridge', name: 'net', cniVersion: '1.0.0' }, stdin)).toEqual([]);
    expect(injectedKeyPaths({ type: 'bridge', name: 'other', cniVersion: '1.0.0' }, stdin)).toEqual([{ pointer: '/name', kind: 'replaced' }]);
    // Not an object in the list (a broken plugin entry): everything is the runtime's.
    expect(injectedKeyPaths(7, { name: 'n' })).toEqual([{ pointer: '/name', kind: 'added' }]);
  });

  it("go into an object both sides hold: a runtimeConfig written in the file and replaced names the capability keys; a/b keys are escaped", () => {
    const own = { type: 'tuning', capabilities: { mac: true }, runtimeConfig: { mac: 'c2:00:00:00:00:09', 'a/b': 1 } };
    const stdin = { capabilities: { mac: true }, runtimeConfig: { mac: 'c2:00:00:00:00:01' }, type: 'tuning' };
    expect(injectedKeyPaths(own, stdin)).toEqual([{ pointer: '/runtimeConfig/mac', kind: 'replaced' }]);
    // Keys only dropped: the object itself was replaced.
    expect(injectedKeyPaths({ runtimeConfig: { a: 1, b: 2 } }, { runtimeConfig: { a: 1 } })).toEqual([{ pointer: '/runtimeConfig', kind: 'replaced' }]);
    expect(injectedKeyPaths({}, { 'cni.dev/valid-attachments': [] })).toEqual([{ pointer: '/cni.dev~1valid-attachments', kind: 'added' }]);
  });

  it("carry the planner's words for where each value comes from, on a real plan's stdin", () => {
    const doc = list([bridge(), portmap(), { type: 'tuning' }]);
    const p = plan(doc, inputs, 'ADD', { validator });
    const [b, pm, t] = p.invocations;
    const plugins = doc.plugins as JsonObject[];
    expect(injectedKeys(plugins[0], b!.stdin, b!.injected).map((k) => `${k.pointer} ← ${k.source}`)).toEqual(['/cniVersion ← list version', '/name ← list name']);
    expect(injectedKeys(plugins[1], pm!.stdin, pm!.injected).map((k) => `${k.pointer} ← ${k.source}`)).toEqual([
      '/cniVersion ← list version',
      '/name ← list name',
      '/prevResult ← previous plugin',
      '/runtimeConfig ← capability portMappings',
    ]);
    expect(injectedKeys(plugins[2], t!.stdin, t!.injected).map((k) => k.pointer)).toEqual(['/cniVersion', '/name', '/prevResult']);
    // DEL hands the cached result to every plugin.
    const del = plan(doc, inputs, 'DEL', { validator }).invocations;
    expect(injectedKeys(plugins[2], del[0]!.stdin, del[0]!.injected).find((k) => k.pointer === '/prevResult')?.source).toBe('cached ADD result');
  });

  it("put first what the step carries beyond the list's name and version: capability arguments, then the rest, then prevResult", () => {
    const keys = (...pointers: string[]) => pointers.map((pointer) => ({ pointer, kind: 'added' as const }));
    expect(focusInjection(keys('/cniVersion', '/name', '/prevResult', '/runtimeConfig'))?.pointer).toBe('/runtimeConfig');
    expect(focusInjection(keys('/cni.dev~1attachments', '/cniVersion', '/name'))?.pointer).toBe('/cni.dev~1attachments');
    expect(focusInjection(keys('/cniVersion', '/name', '/prevResult'))?.pointer).toBe('/prevResult');
    expect(focusInjection(keys('/cniVersion', '/name'))?.pointer).toBe('/cniVersion');
    expect(focusInjection([])).toBeUndefined();
  });
});

describe('a capability argument that is null', () => {
  it('is handed on as null in runtimeConfig (libcni refuses a nil only for runtimeConfig itself), with a note', () => {
    const parsed = parseCapabilityArgs('{"portMappings": null, "": 1}');
    expect(parsed).toEqual({ ok: true, value: { portMappings: null, '': 1 } });
    const p = plan(list([bridge(), portmap()]), { ...DEFAULT_INPUTS, capabilityArgs: { portMappings: null } }, "ADD", { validator });
    expect(p.invocations[1]!.stdin.runtimeConfig).toEqual({ portMappings: null });
    expect(p.invocations[1]!.stdinText).toContain('"runtimeConfig":{"portMappings":null}');
    expect(p.notes.map((n) => n.message)).toContain('"portMappings" is null: libcni passes it on as null in runtimeConfig, and a plugin reads it as not given.');
    expect(p.notes.some((n) => n.severity !== 'info' && n.field === 'capabilityArgs')).toBe(false);
  });
});
