import { describe, expect, it } from 'vitest';
import { parseSource } from './source';
import { LineIndex } from './text';

const BLOCK = `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata:
  name: macvlan-conf
spec:
  config: |
    {
      "cniVersion": "0.3.1",
      "type": "macvlan",
      "master": "eth0",
      "ipam": { "type": "host-local", "subnet": "192.168.1.0/24" }
    }
`;

describe('NetworkAttachmentDefinition YAML', () => {
  it('extracts a block-scalar config, fills the name from metadata.name, and maps pointers to YAML lines', () => {
    const src = parseSource(BLOCK, { fileName: 'nad.yaml' });
    expect(src.format).toBe('yaml');
    const c = src.configs[0]!;
    expect(c.conflist?.name).toBe('macvlan-conf');
    expect(c.findings.map((f) => f.code)).toContain('CNI023');
    const r = c.locate('/plugins/0/master')!;
    expect(BLOCK.slice(r.start, r.end)).toBe('"eth0"');
    expect(new LineIndex(BLOCK).position(r.start)).toEqual({ line: 10, column: 17 });
  });

  it('maps inside single- and double-quoted configs, escapes included', () => {
    const yaml = `kind: NetworkAttachmentDefinition
metadata: {name: a}
spec:
  config: '{"cniVersion": "1.0.0", "name": "it''s", "type": "bridge", "bridge": "br1"}'
---
kind: NetworkAttachmentDefinition
metadata: {name: b}
spec:
  config: "{\\"cniVersion\\": \\"1.0.0\\", \\"type\\": \\"ptp\\", \\"mtu\\": 1400}"
`;
    const src = parseSource(yaml);
    expect(src.configs).toHaveLength(2);
    const [a, b] = src.configs;
    const ra = a!.locate('/plugins/0/bridge')!;
    expect(yaml.slice(ra.start, ra.end)).toBe('"br1"');
    const rb = b!.locate('/plugins/0/mtu')!;
    expect(yaml.slice(rb.start, rb.end)).toBe('1400');
    expect(b!.conflist?.name).toBe('b');
  });

  it('explains a NAD without spec.config, a config that is a mapping, other kinds and YAML errors', () => {
    const codes = (t: string) => parseSource(t, { kind: 'yaml' }).configs.flatMap((c) => c.findings.map((f) => f.code));
    expect(codes('kind: NetworkAttachmentDefinition\nmetadata:\n  name: x\n')).toEqual(['CNI022']);
    expect(codes('kind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec: {}\n')).toEqual(['CNI022']);
    expect(codes('kind: NetworkAttachmentDefinition\nspec:\n  config:\n    type: macvlan\n')).toEqual(['CNI021']);
    expect(codes('kind: ConfigMap\nmetadata: {name: x}\n')).toEqual(['CNI024']);
    expect(codes('kind: NetworkAttachmentDefinition\nspec: [\n')).toContain('CNI020');
  });

  it('reports a repeated key at the repetition, in block and flow maps, and reads a mapping of 50,000 keys', () => {
    const yaml = 'kind: NetworkAttachmentDefinition\nmetadata:\n  name: x\n  name: y\nspec: {config: "{}", config: "{}"}\n';
    const found = parseSource(yaml, { kind: 'yaml' }).configs.flatMap((c) => c.findings);
    expect(found.map((f) => [f.code, yaml.slice(f.range!.start, f.range!.end)])).toEqual([
      ['CNI020', 'name'],
      ['CNI020', 'config'],
    ]);
    expect(found[0]!.range!.start).toBe(yaml.indexOf('name: y'));
    expect(found[0]!.message).toBe('Not valid YAML: Map keys must be unique: "name" is repeated');
    // One Set per map: yaml's own pairwise check took minutes on a mapping this size.
    const many = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: big\n  labels:\n${Array.from({ length: 50_000 }, (_, i) => `    k${i}: v\n`).join('')}spec:\n  config: '{"cniVersion":"1.0.0","name":"big","plugins":[{"type":"loopback"}]}'\n`;
    expect(parseSource(many, { kind: 'yaml' }).configs[0]!.conflist?.name).toBe('big');
  });

  it('reports JSON errors inside the config at their YAML position', () => {
    const yaml = 'kind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec:\n  config: |\n    {"cniVersion": "1.0.0",\n     "type": "bridge",}\n';
    const c = parseSource(yaml).configs[0]!;
    const f = c.findings.find((x) => x.code === 'CNI003')!;
    expect(yaml.slice(f.range!.start, f.range!.end)).toBe(',');
    expect(new LineIndex(yaml).position(f.range!.start).line).toBe(6);
  });
});
