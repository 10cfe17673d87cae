import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSource } from '../model/source';
import { crossNadFindings, CROSS_NAD_CODES } from './cross-nad';
import { RULES_BY_CODE } from './rule-docs';
import type { JsonObject } from '../model/types';

const DUMP = readFileSync(new URL('./testdata/nads-dump.yaml', import.meta.url), 'utf8');

interface Nad {
  ns?: string;
  name: string;
  config: JsonObject;
}

/** A `kubectl get … -A -o yaml` List of these NADs (and any other objects), each config a block scalar. */
function dump(nads: readonly Nad[], others: string[] = []): string {
  const items = nads.map(
    (n) =>
      `- apiVersion: k8s.cni.cncf.io/v1\n  kind: NetworkAttachmentDefinition\n  metadata:\n    name: ${n.name}\n${n.ns ? `    namespace: ${n.ns}\n` : ''}  spec:\n    config: |\n${JSON.stringify(n.config, null, 2)
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}\n`,
  );
  return `apiVersion: v1\nitems:\n${[...items, ...others].join('')}kind: List\nmetadata:\n  resourceVersion: ""\n`;
}

const run = (...files: [string, string][]) => crossNadFindings(files.map(([file, text]) => ({ file, source: parseSource(text, { fileName: file }) })));
const codes = (text: string) => run(['nads.yaml', text]).map((f) => f.finding.code);
const lineOf = (text: string, needle: string, from = 0) => text.slice(0, text.indexOf(needle, from)).split('\n').length;

const macvlan = (ipam: JsonObject, name?: string): JsonObject => ({ cniVersion: '0.3.1', ...(name ? { name } : {}), type: 'macvlan', master: 'eth1', ipam });
const bridge = (name: string, br: string | undefined, ipam: JsonObject): JsonObject => ({ cniVersion: '1.0.0', name, plugins: [{ type: 'bridge', ...(br ? { bridge: br } : {}), ipam }] });
const hostLocal = (subnet: string, extra: JsonObject = {}): JsonObject => ({ type: 'host-local', ranges: [[{ subnet, ...extra }]] });

describe('rules across NADs, on a kubectl dump', () => {
  it('finds each problem of the lab dump, on the line of the NAD it is about, naming it', () => {
    const found = run(['nads.yaml', DUMP]).map(({ file, finding: f }) => `${file}:${f.line} ${f.code} ${f.severity} ${f.object}`);
    const name = (n: string) => lineOf(DUMP, `"name": "${n}"`);
    expect(found.sort()).toEqual(
      [
        `nads.yaml:${lineOf(DUMP, '\\"name\\": \\"front2\\"')} CNI801 warning team2/ipvlan-x`,
        `nads.yaml:${lineOf(DUMP, '"bridge": "br-front"', DUMP.indexOf('name: br-front-3'))} CNI802 warning team2/br-front-3`,
        `nads.yaml:${lineOf(DUMP, '"subnet": "10.50.0.0/24"', DUMP.indexOf('name: br-front-2'))} CNI803 error team2/br-front-2`,
        `nads.yaml:${lineOf(DUMP, '"range": "10.40.0.128/25"')} CNI804 warning lab/macvlan-b`,
      ].sort(),
    );
    expect(name('front2')).toBeGreaterThan(0);
    const message = run(['nads.yaml', DUMP]).find((f) => f.finding.code === 'CNI803')!.finding.message;
    expect(message).toContain(`lab/br-front (line ${lineOf(DUMP, 'name: br-front\n')})`);
  });

  it('reads the -o json form of the same dump with the same findings, at its own lines', () => {
    const json = JSON.stringify(parse(DUMP), null, 4);
    const found = run(['nads.json', json]);
    expect(found.map((f) => `${f.finding.code} ${f.finding.object}`).sort()).toEqual(['CNI801 team2/ipvlan-x', 'CNI802 team2/br-front-3', 'CNI803 team2/br-front-2', 'CNI804 lab/macvlan-b']);
    const overlap = found.find((f) => f.finding.code === 'CNI804')!.finding;
    expect(json.split('\n')[overlap.line! - 1]!.slice(overlap.column! - 1)).toMatch(/^\\"10\.40\.0\.128\/25\\"/);
  });

  it('compares NADs across files: a directory of YAML files is one cluster', () => {
    const a = dump([{ ns: 'n', name: 'a', config: macvlan({ type: 'whereabouts', range: '10.1.0.0/16' }) }]);
    const b = dump([{ ns: 'm', name: 'b', config: macvlan({ type: 'whereabouts', range: '10.1.2.0/24', enable_overlapping_ranges: false }) }]);
    expect(run(['a.yaml', a], ['b.yaml', b]).map((f) => `${f.file} ${f.finding.code}`)).toEqual(['b.yaml CNI804']);
    expect(run(['a.yaml', a], ['b.yaml', b])[0]!.finding.message).toContain(`n/a (a.yaml:line ${lineOf(a, 'name: a')})`);
  });
});

describe('CNI800 and CNI801: one namespace, one name', () => {
  it('reports a NAD defined twice in one namespace, and not in two namespaces', () => {
    const config = macvlan({ type: 'dhcp' });
    expect(codes(dump([{ ns: 'n', name: 'a', config }, { ns: 'n', name: 'a', config }]))).toEqual(['CNI800']);
    expect(codes(dump([{ ns: 'n', name: 'a', config }, { ns: 'm', name: 'a', config }]))).toEqual([]);
    // No namespace is the namespace it is applied to: the same one for both.
    expect(codes(dump([{ name: 'a', config }, { name: 'a', config }]))).toEqual(['CNI800']);
  });
  it('reports one network name in two NADs of a namespace, taking metadata.name where the config has none', () => {
    expect(codes(dump([{ ns: 'n', name: 'a', config: macvlan({ type: 'dhcp' }, 'net') }, { ns: 'n', name: 'b', config: macvlan({ type: 'dhcp' }, 'net') }]))).toEqual(['CNI801']);
    expect(codes(dump([{ ns: 'n', name: 'net', config: macvlan({ type: 'dhcp' }) }, { ns: 'n', name: 'b', config: macvlan({ type: 'dhcp' }, 'net') }]))).toEqual(['CNI801']);
    expect(codes(dump([{ ns: 'n', name: 'a', config: macvlan({ type: 'dhcp' }, 'net') }, { ns: 'm', name: 'b', config: macvlan({ type: 'dhcp' }, 'net') }]))).toEqual([]);
  });
});

describe('CNI802 and CNI803: one bridge', () => {
  it('reports a bridge shared with other subnets or another IPAM type, cni0 when unnamed', () => {
    expect(codes(dump([{ ns: 'n', name: 'a', config: bridge('a', 'br1', hostLocal('10.1.0.0/24')) }, { ns: 'm', name: 'b', config: bridge('b', 'br1', hostLocal('10.2.0.0/24')) }]))).toEqual(['CNI802']);
    expect(codes(dump([{ ns: 'n', name: 'a', config: bridge('a', undefined, hostLocal('10.1.0.0/24')) }, { ns: 'n', name: 'b', config: bridge('b', 'cni0', { type: 'dhcp' }) }]))).toEqual(['CNI802']);
    expect(codes(dump([{ ns: 'n', name: 'a', config: bridge('a', 'br1', hostLocal('10.1.0.0/24')) }, { ns: 'n', name: 'b', config: bridge('b', 'br2', hostLocal('10.2.0.0/24')) }]))).toEqual([]);
  });
  it('reports overlapping host-local ranges on one bridge under other network names, legacy subnet and rangeStart/rangeEnd included', () => {
    const legacy = { type: 'host-local', subnet: '10.1.0.0/16' };
    expect(codes(dump([{ ns: 'n', name: 'a', config: bridge('a', 'br1', hostLocal('10.1.2.0/24')) }, { ns: 'n', name: 'b', config: bridge('b', 'br1', legacy) }]))).toEqual(['CNI802', 'CNI803']);
    // The same network name (one store), other bridges, or disjoint rangeStart/rangeEnd: no overlap.
    const sameStore = dump([{ ns: 'n', name: 'a', config: bridge('net', 'br1', hostLocal('10.1.0.0/24')) }, { ns: 'm', name: 'b', config: bridge('net', 'br1', hostLocal('10.1.0.0/24')) }]);
    expect(codes(sameStore)).toEqual([]);
    expect(codes(dump([{ ns: 'n', name: 'a', config: bridge('a', 'br1', hostLocal('10.1.0.0/24')) }, { ns: 'n', name: 'b', config: bridge('b', 'br2', hostLocal('10.1.0.0/24')) }]))).toEqual([]);
    const halves = dump([
      { ns: 'n', name: 'a', config: bridge('a', 'br1', hostLocal('10.1.0.0/24', { rangeEnd: '10.1.0.127' })) },
      { ns: 'n', name: 'b', config: bridge('b', 'br1', hostLocal('10.1.0.0/24', { rangeStart: '10.1.0.128' })) },
    ]);
    expect(codes(halves)).toEqual([]);
  });
});

describe('CNI804: whereabouts', () => {
  const wb = (range: string, extra: JsonObject = {}) => macvlan({ type: 'whereabouts', range, ...extra });
  it('reports overlapping ranges of other pools: a note while the overlap reservation is on, a warning when it is off', () => {
    const on = run(['d.yaml', dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/16') }, { ns: 'm', name: 'b', config: wb('10.1.4.0/24') }])]);
    expect(on.map((f) => `${f.finding.code} ${f.finding.severity}`)).toEqual(['CNI804 info']);
    const off = run(['d.yaml', dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/16') }, { ns: 'm', name: 'b', config: { ...wb('10.1.4.0/24'), ipam: { type: 'whereabouts', ipRanges: [{ range: 'fd00::/64' }, { range: '10.1.4.0/24' }], enable_overlapping_ranges: false } } }])]);
    expect(off.map((f) => `${f.finding.code} ${f.finding.severity} ${f.finding.pointer}`)).toEqual(['CNI804 warning /plugins/0/ipam/ipRanges/1/range']);
  });
  it('does not report one pool (the same range, also written first-last/prefix), excluded parts, range_start/range_end, or other network_names', () => {
    expect(codes(dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/24') }, { ns: 'm', name: 'b', config: wb('10.1.0.10-10.1.0.20/24') }]))).toEqual([]);
    expect(codes(dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/24', { exclude: ['10.1.0.0/28'] }) }, { ns: 'm', name: 'b', config: wb('10.1.0.0/28') }]))).toEqual([]);
    expect(codes(dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/24', { range_end: '10.1.0.99' }) }, { ns: 'm', name: 'b', config: wb('10.1.0.100-10.1.0.200/25') }]))).toEqual([]);
    expect(codes(dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/24', { exclude: ['10.1.0.0/29'] }) }, { ns: 'm', name: 'b', config: wb('10.1.0.0/28') }]))).toEqual(['CNI804']);
    // network_name makes another pool of the same range.
    expect(codes(dump([{ ns: 'n', name: 'a', config: wb('10.1.0.0/24', { network_name: 'x' }) }, { ns: 'm', name: 'b', config: wb('10.1.0.0/24') }]))).toEqual(['CNI804']);
  });
});

describe('CNI805: pods ask for NADs', () => {
  const pod = (ns: string | undefined, networks: string) =>
    `- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n${ns ? `    namespace: ${ns}\n` : ''}    annotations:\n      k8s.v1.cni.cncf.io/networks: '${networks}'\n  spec:\n    containers: []\n`;
  const deployment = (networks: string) =>
    `- apiVersion: apps/v1\n  kind: Deployment\n  metadata:\n    name: d\n    namespace: n\n  spec:\n    template:\n      metadata:\n        annotations:\n          k8s.v1.cni.cncf.io/networks: ${networks}\n      spec:\n        containers: []\n`;
  const nads = [{ ns: 'n', name: 'a', config: macvlan({ type: 'dhcp' }) }, { ns: 'default', name: 'b', config: macvlan({ type: 'dhcp' }) }];
  it('reports a name, namespace/name or JSON element that no NAD in the input provides, at the annotation', () => {
    const text = dump(nads, [pod('n', 'a, a@net2, default/b, c, m/a')]);
    const found = run(['all.yaml', text]);
    expect(found.map((f) => f.finding.message.match(/asks for network (\S+),/)![1])).toEqual(['n/c', 'm/a']);
    expect(found[0]!.finding).toMatchObject({ code: 'CNI805', object: 'n/p', line: lineOf(text, 'k8s.v1.cni.cncf.io/networks') });
    expect(codes(dump(nads, [pod('n', '[{"name": "a"}, {"name": "b", "namespace": "default"}, {"name": "x", "namespace": "n"}]')]))).toEqual(['CNI805']);
    expect(codes(dump(nads, [deployment('a,b')]))).toEqual(['CNI805']);
  });
  it('takes the default namespace for a pod without one, and stays quiet when every NAD is there', () => {
    expect(codes(dump(nads, [pod(undefined, 'b')]))).toEqual([]);
    expect(codes(dump(nads, [pod('n', 'a@eth1,default/b'), deployment('a')]))).toEqual([]);
  });
  it('reads pods and workloads without the "not a NAD" warning', () => {
    const source = parseSource(dump(nads, [pod('n', 'a'), deployment('a')]), { fileName: 'all.yaml' });
    expect(source.configs.flatMap((c) => c.findings.map((f) => f.code))).not.toContain('CNI024');
  });
});

describe('the catalog', () => {
  it('documents every cross-NAD code', () => {
    for (const code of Object.values(CROSS_NAD_CODES)) expect(RULES_BY_CODE.get(code)?.why.length, code).toBeGreaterThan(100);
  });
});
