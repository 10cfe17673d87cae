// The lab helper runs plugins as root: a request names only bare plugin binaries, refused before anything
// is created otherwise, with which plugin and why.
import { describe, expect, it } from 'vitest';
import { labConflistProblem, parseLabRequest } from './contract';
import type { JsonObject } from '../model/types';

const request = (plugins: JsonObject[]) => ({ conflist: { cniVersion: '1.0.0', name: 'n', plugins } });

describe('parseLabRequest: plugin names', () => {
  it.each([
    // An empty type never gets past libcni's loading: its words, not ours.
    ['', "libcni 1.3.0 refuses to load this list: failed to parse plugin config 1: error parsing configuration: missing 'type'"],
    ['.', 'plugin 2: "type" must be a bare plugin name: "." is a directory, not a plugin'],
    ['..', '".." is a directory'],
    ['../../bin/sh', '"../../bin/sh" is a path'],
    ['/opt/cni/bin/bridge', 'is a path'],
    ['bridge\\x', 'is a path'],
    ['bridge;rm', 'has characters a plugin name cannot have'],
    [' bridge', 'has characters'],
    ['-bridge', 'has characters'],
    ['x'.repeat(256), 'longer than any file name'],
  ])('refuses type %j', (type, says) => {
    const r = parseLabRequest(request([{ type: 'loopback' }, { type }]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(says);
  });

  it.each([
    ['', 'plugin 1 (bridge): "ipam.type" must be a bare plugin name: it is empty'],
    ['./host-local', 'is a path'],
    ['..', 'is a directory'],
  ])('refuses ipam.type %j', (type, says) => {
    const r = parseLabRequest(request([{ type: 'bridge', ipam: { type } }]));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain(says);
  });

  it('holds every spelling Go may read to the same rules, the one expected to lose included', () => {
    for (const [plugin, pointer] of [
      [{ type: 'loopback', TYPE: '../../bin/sh' }, '/plugins/0/TYPE'],
      [{ Type: '/bin/sh' }, '/plugins/0/Type'],
      [{ type: 'bridge', IPAM: { type: './host-local' } }, '/plugins/0/IPAM/type'],
      [{ type: 'bridge', ipam: { type: 'host-local', Type: '..' } }, '/plugins/0/ipam/Type'],
      [{ type: 'bridge', ipam: { type: 'host-local' }, Ipam: { TYPE: 7 } }, '/plugins/0/Ipam/TYPE'],
    ] as const) {
      expect(labConflistProblem({ plugins: [plugin] })?.pointer, JSON.stringify(plugin)).toBe(pointer);
    }
    expect(parseLabRequest(request([{ Type: 'bridge', IPAM: { Type: 'host-local' } }])).ok).toBe(true);
    // A null spelling names nothing (Go leaves the field as it is): cnitool runs loopback for this one.
    expect(parseLabRequest(request([{ Type: 'loopback', type: null }])).ok).toBe(true);
    expect(parseLabRequest(request([{ type: 'bridge', ipam: { type: 'host-local', TYPE: null } }])).ok).toBe(true);
  });

  it('accepts bare names, built-in names included, and IPAM without a type', () => {
    for (const type of ['bridge', 'host-local', 'my_plugin.v2', 'toString', 'constructor', 'A1']) {
      expect(parseLabRequest(request([{ type, ipam: { type: 'host-local' } }])).ok, type).toBe(true);
    }
    expect(parseLabRequest(request([{ type: 'bridge', ipam: {} }])).ok).toBe(true);
  });

  it('says where the problem is, for the command line to show the validator\'s findings there', () => {
    expect(labConflistProblem({ plugins: [{ type: 'bridge' }, { type: 'x', ipam: { type: '' } }] })).toEqual({ pointer: '/plugins/1/ipam/type', message: expect.stringContaining('plugin 2 (x)') });
    expect(labConflistProblem({ plugins: [{ type: 'bridge' }, 'x'] })).toEqual({ pointer: '/plugins/1', message: 'plugin 2 has no string "type"' });
    expect(labConflistProblem({ plugins: [] })).toMatchObject({ pointer: '/plugins' });
  });
});

describe('runs with several containers', () => {
  const conflist = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge' }] };
  it('takes 1 to 8 containers, each with its own inputs, and refuses what it cannot run', () => {
    const ok = parseLabRequest({ conflist, containers: 2, containerInputs: [{ capabilityArgs: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } }] });
    expect(ok.ok && ok.request).toMatchObject({ containers: 2, containerInputs: [{ capabilityArgs: { portMappings: [{ hostPort: 8080 }] } }] });
    // One container is the run as before: no new fields.
    const one = parseLabRequest({ conflist, containers: 1 });
    expect(one.ok && 'containers' in one.request).toBe(false);
    for (const [value, message] of [
      [{ containers: 0 }, '"containers" must be a whole number from 1 to 8'],
      [{ containers: 9 }, '"containers" must be a whole number from 1 to 8'],
      [{ containers: 1.5 }, '"containers" must be a whole number from 1 to 8'],
      [{ containers: 2, operations: ['ADD', 'GC'] }, 'GC runs with one container: ask for "containers": 1, or leave GC out'],
      [{ containers: 1, containerInputs: [{}, {}] }, '"containerInputs" must be a list of at most 1 entries, one per container'],
      [{ containers: 2, containerInputs: [{ cniArgs: [] }] }, '"containerInputs[0]" must be an object with only "capabilityArgs"'],
      [{ containers: 2, containerInputs: [{ capabilityArgs: [] }] }, '"containerInputs[0].capabilityArgs" must be an object'],
    ] as const) {
      expect(parseLabRequest({ conflist, ...value })).toEqual({ ok: false, message });
    }
  });
});

describe('parseLabRequest: cniArgs', () => {
  const conflist = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge' }] };
  const refusal = (cniArgs: unknown) => {
    const r = parseLabRequest({ conflist, cniArgs });
    return r.ok ? undefined : r.message;
  };

  it.each([
    [[['A', '\u0001']], '"cniArgs": the value of "A" holds the control character U+0001, which CNI_ARGS may not carry'],
    [[['A', 'x\ny']], 'the value of "A" holds the control character U+000A'],
    [[['A', 'x\0']], 'the value of "A" holds the control character U+0000'],
    [[['A', '\u001b[31m']], 'U+001B'],
    [[['A', 'x\u007f']], 'U+007F'],
    [[['K\u0007', 'v']], '"cniArgs": key "K\\u0007" holds the control character U+0007'],
    [[['A', 'b'], ['B', 'c;D=e']], '"cniArgs": the value of "B" holds ";", which separates CNI_ARGS pairs'],
    [[['A=B', 'c']], '"cniArgs": key "A=B" holds "=", which separates CNI_ARGS keys from values'],
    [[['A', '']], '"cniArgs": the value of "A" is empty'],
    [[['A', 'x'.repeat(256)]], '"cniArgs": the value of "A" is too long (256 characters, at most 255)'],
    [[['K'.repeat(300), 'v']], `"cniArgs": key "${'K'.repeat(40)}…" is too long (300 characters, at most 255)`],
    [Array.from({ length: 33 }, (_, i) => [`K${i}`, 'v']), '"cniArgs" has 33 pairs, at most 32'],
    [[['A']], '"cniArgs" must be a list of [key, value] string pairs'],
    [[['A', 1]], '"cniArgs" must be a list of [key, value] string pairs'],
    ['A=B', '"cniArgs" must be a list of [key, value] string pairs'],
  ])('refuses %j, naming the pair and what is wrong', (cniArgs, says) => {
    expect(refusal(cniArgs)).toContain(says);
  });

  it('takes pairs of printable text up to the limits', () => {
    const cniArgs = [['IgnoreUnknown', '1'], ['K8S_POD_NAME', 'x'.repeat(255)], ['ÜNICODE', 'é€😀'], ...Array.from({ length: 29 }, (_, i) => [`K${i}`, 'a b\u00a0c'])];
    const r = parseLabRequest({ conflist, cniArgs });
    expect(r.ok && r.request.cniArgs).toEqual(cniArgs);
  });
});
