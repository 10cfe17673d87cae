import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseSource } from './source';
import { LineIndex } from './text';
import { LENIENT_QUOTE_CODE, parseNadYaml } from './nad';
import { lenientQuotedLines } from './go-yaml-quoted';
import { MAX_NESTING_DEPTH, NESTING_CODE } from './depth';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';

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

  it('fills an empty name from metadata.name as Multus does (its check is `!ok || n == ""`), and keeps a null one, which libcni refuses', () => {
    const nadWith = (name: string) => BLOCK.replace('"cniVersion": "0.3.1",', `"cniVersion": "0.3.1", ${name}`);
    const empty = parseSource(nadWith('"name": "",'), { fileName: 'nad.yaml' }).configs[0]!;
    expect(empty.conflist?.name).toBe('macvlan-conf');
    expect(empty.findings.find((f) => f.code === 'CNI023')?.message).toContain('has an empty name');
    const found = createValidator(loadSchemas()).validate(nadWith('"name": "",'), { kind: 'yaml' });
    expect(found.filter((f) => f.severity === 'error')).toEqual([]);
    expect(found.map((f) => f.code)).toContain('CNI023');
    // "Name" is not the key Multus looks up: it adds "name", which sorts after "Name" when it re-marshals.
    const capital = parseSource(nadWith('"Name": "other",'), { fileName: 'nad.yaml' }).configs[0]!;
    expect(capital.conflist?.name).toBe('macvlan-conf');
    const nulled = parseSource(nadWith('"name": null,'), { fileName: 'nad.yaml' }).configs[0]!;
    expect(nulled.conflist?.name).toBeNull();
    expect(nulled.findings.map((f) => f.code)).not.toContain('CNI023');
  });

  it('maps every character of a literal block config to the same character in the YAML (blank lines, deeper lines, keep and strip chomping)', () => {
    const bodies = [
      '{\n  "cniVersion": "1.0.0",\n\n  "type": "bridge"\n}\n',
      '{ "type": "bridge",\n      "bridge": "br0" }',
      '{\n\n\n  "type": "macvlan"\n}\n\n',
    ];
    for (const [header, body] of [['|', bodies[0]!], ['|-', bodies[1]!], ['|+', bodies[2]!], ['|', bodies[1]!]] as const) {
      const yaml = `kind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n  config: ${header}\n${body.split('\n').map((l) => (l === '' ? '' : `    ${l}`)).join('\n')}\nother: 1\n`;
      const [doc] = parseNadYaml(yaml);
      const config = doc!.config!;
      expect(config.text.length).toBeGreaterThan(10);
      for (let o = 0; o < config.text.length; o++) expect(yaml[config.toSource(o)], `${header} offset ${o}`).toBe(config.text[o]);
      // The same with CRLF line ends (Windows editors): content maps to itself, a line feed to its line's CR.
      const crlf = yaml.replace(/\n/g, '\r\n');
      const inCrlf = parseNadYaml(crlf)[0]!.config!;
      expect(inCrlf.text).toBe(config.text);
      for (let o = 0; o < inCrlf.text.length; o++) expect(crlf[inCrlf.toSource(o)], `${header} CRLF offset ${o}`).toBe(inCrlf.text[o] === '\n' ? '\r' : inCrlf.text[o]);
      // Past the value: one past the body's end, at most the next key's first character.
      expect(config.toSource(config.text.length + 5)).toBeLessThanOrEqual(yaml.indexOf('other:') + 1);
    }
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
    const skipped = (t: string) => parseSource(t, { kind: 'yaml' }).configs.flatMap((c) => c.findings.map((f) => f.message));
    expect(skipped('kind: Ingress\nmetadata: {name: x}\n')).toEqual(['This document is of kind Ingress, not a NetworkAttachmentDefinition; it was skipped.']);
    expect(skipped('metadata: {name: x}\n')).toEqual(['This document has no kind, not a NetworkAttachmentDefinition; it was skipped.']);
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

/** go-yaml's value of a single-quoted scalar (scannerc.go, yaml_parser_scan_flow_scalar): the oracle below. */
function goYamlSingleQuoted(inner: string): string {
  let out = '';
  let i = 0;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  const brk = (c: string | undefined) => c === '\n' || c === '\r';
  while (i < inner.length) {
    let leadingBlanks = false;
    while (i < inner.length && !blank(inner[i]) && !brk(inner[i])) {
      if (inner[i] === "'" && inner[i + 1] === "'") i++;
      out += inner[i++];
    }
    let whitespaces = '';
    // A line break (CRLF read as one) folds to a space, or to the line breaks that follow it.
    let trailingBreaks = '';
    while (i < inner.length && (blank(inner[i]) || brk(inner[i]))) {
      if (blank(inner[i])) {
        if (!leadingBlanks) whitespaces += inner[i];
        i++;
      } else {
        i += inner[i] === '\r' && inner[i + 1] === '\n' ? 2 : 1;
        if (!leadingBlanks) {
          whitespaces = '';
          leadingBlanks = true;
        } else trailingBreaks += '\n';
      }
    }
    if (leadingBlanks) out += trailingBreaks === '' ? ' ' : trailingBreaks;
    else out += whitespaces;
  }
  return out;
}

const nadWith = (config: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: quoted\nspec:\n  config: '${config}'\n`;

describe('quoted configs as kubectl (go-yaml) reads them', () => {
  const realNad = (name: string) => readFileSync(resolve(__dirname, '../../fixtures/real', name), 'utf8');

  it('reads the published tab-indented NAD (multus-cni 07_ptp_tuning_conflist.yml) with one warning, positions on its YAML lines', () => {
    const yaml = realNad('nad-ptp-tuning-tabs.yaml');
    const src = parseSource(yaml, { fileName: 'nad.yaml' });
    const c = src.configs[0]!;
    expect(c.findings.filter((f) => f.code === 'CNI020')).toEqual([]);
    const warning = c.findings.filter((f) => f.code === LENIENT_QUOTE_CODE);
    expect(warning).toHaveLength(1);
    expect(warning[0]).toMatchObject({ severity: 'warning', document: 0 });
    expect(new LineIndex(yaml).position(warning[0]!.range!.start)).toEqual({ line: 8, column: 1 });
    expect(warning[0]!.message).toContain('23 lines (8 to 30) indented with tabs or too little');
    expect(warning[0]!.message).toContain('needs 3 spaces');
    const inner = yaml.slice(yaml.indexOf("'{") + 1, yaml.lastIndexOf("}'") + 1);
    expect(JSON.parse(goYamlSingleQuoted(inner))).toEqual(c.conflist);
    expect(c.conflist).toMatchObject({ name: 'ptp-tuning-conflist', plugins: [{ type: 'ptp', mtu: 512 }, { type: 'tuning', sysctl: { 'net.core.somaxconn': '500' } }] });
    const mtu = c.locate('/plugins/0/mtu')!;
    expect(yaml.slice(mtu.start, mtu.end)).toBe('512');
    expect(new LineIndex(yaml).position(mtu.start)).toEqual({ line: 13, column: 11 });
    const somaxconn = c.locate('/plugins/1/sysctl/net.core.somaxconn')!;
    expect(yaml.slice(somaxconn.start, somaxconn.end)).toBe('"500"');
  });

  it('reads the published NAD whose }\' sits in column 0 (multus-cni examples/sriov-pod.yml), and the Pod after it for its networks', () => {
    const yaml = realNad('nad-sriov-column0.yaml');
    const src = parseSource(yaml, { fileName: 'sriov-pod.yml' });
    expect(src.configs).toHaveLength(2);
    const [nad, pod] = src.configs;
    expect(nad!.findings.map((f) => f.code).sort()).toEqual(['CNI023', LENIENT_QUOTE_CODE]);
    expect(nad!.findings.find((f) => f.code === LENIENT_QUOTE_CODE)!.message).toContain('5 lines (13 to 25) indented too little');
    expect(nad!.conflist).toMatchObject({ name: 'sriov-net-a', plugins: [{ type: 'sriov', vlan: 1000, ipam: { gateway: '10.56.217.1' } }] });
    const gateway = nad!.locate('/plugins/0/ipam/gateway')!;
    expect(new LineIndex(yaml).position(gateway.start)).toEqual({ line: 23, column: 16 });
    // The Pod is read for the networks it asks for (the cross-NAD check), not skipped.
    expect(pod!.findings).toEqual([]);
    expect(parseNadYaml(yaml)[1]!.podNetworks?.text).toBe('sriov-net-a');
  });

  it('puts a JSON error inside a tab-indented or column-0 config at its YAML line and column', () => {
    const tabs = nadWith('{\n\t"cniVersion": "1.0.0",\n\t"type": "bridge",\n}');
    const found = parseSource(tabs).configs[0]!.findings;
    const comma = found.find((f) => f.code === 'CNI003')!;
    expect(tabs.slice(comma.range!.start, comma.range!.end)).toBe(',');
    expect(new LineIndex(tabs).position(comma.range!.start)).toEqual({ line: 8, column: 18 });
    expect(found.map((f) => f.code)).toContain(LENIENT_QUOTE_CODE);

    const column0 = nadWith('{\n"cniVersion": "1.0.0",\n"type": "bridge",\n"mtu": "1500"\n}');
    const validator = createValidator(loadSchemas());
    const mtu = validator.validate(column0, { kind: 'yaml' }).find((f) => f.code === 'CNI202')!;
    expect(mtu).toMatchObject({ line: 9, column: 8 });
  });

  it('reads double-quoted configs and flow mappings the same way, and maps offsets after re-indented lines', () => {
    const yaml = 'kind: NetworkAttachmentDefinition\nmetadata: {name: dq}\nspec:\n  config: "{\n\\"cniVersion\\": \\"1.0.0\\",\n\t\\"type\\": \\"ptp\\", \\"mtu\\": 1400}"\n  other: \'a\n\tb\'\n';
    const c = parseSource(yaml).configs[0]!;
    expect(c.conflist).toMatchObject({ cniVersion: '1.0.0', name: 'dq', plugins: [{ type: 'ptp', mtu: 1400 }] });
    const mtu = c.locate('/plugins/0/mtu')!;
    expect(yaml.slice(mtu.start, mtu.end)).toBe('1400');
    // Two scalars, two warnings, each at its own first refused line.
    const warnings = c.findings.filter((f) => f.code === LENIENT_QUOTE_CODE).map((f) => new LineIndex(yaml).position(f.range!.start).line);
    expect(warnings).toEqual([5, 8]);

    const crlf = nadWith('{\n\t"cniVersion": "1.0.0",\n\t"type": "bridge"\n}').replace(/\n/g, '\r\n');
    const cr = parseSource(crlf).configs[0]!;
    expect(cr.findings.map((x) => x.code).sort()).toEqual(['CNI023', LENIENT_QUOTE_CODE]);
    const bridge = cr.locate('/plugins/0/type')!;
    expect(crlf.slice(bridge.start, bridge.end)).toBe('"bridge"');

    const flow = 'kind: NetworkAttachmentDefinition\nmetadata: {name: flow}\nspec: {config: \'{"cniVersion": "1.0.0",\n"type": "loopback"}\'}\n';
    const f = parseSource(flow).configs[0]!;
    expect(f.conflist).toMatchObject({ plugins: [{ type: 'loopback' }] });
    expect(f.findings.map((x) => x.code)).toContain(LENIENT_QUOTE_CODE);
  });

  it('warns exactly when the strict parser refuses, and the value is always go-yaml\'s (every prefix of a continuation line)', () => {
    const prefixes = ['', ' ', '  ', '   ', '    ', '\t', '\t\t', ' \t', '  \t', '   \t', '    \t', '   \t ', '\t   '];
    for (const a of prefixes) {
      for (const b of prefixes) {
        const inner = `{\n${a}"cniVersion": "1.0.0",  \n\n${b}"type": "bridge"\n${a}}`;
        const yaml = nadWith(inner);
        const strictErrors = parseAllDocuments(yaml).flatMap((d) => ('errors' in d ? d.errors : []));
        const c = parseSource(yaml).configs[0]!;
        const label = JSON.stringify([a, b]);
        expect(c.findings.filter((f) => f.code === 'CNI020'), label).toEqual([]);
        expect(c.findings.some((f) => f.code === LENIENT_QUOTE_CODE), label).toBe(strictErrors.length > 0);
        expect(lenientQuotedLines(yaml).length > 0, label).toBe(strictErrors.length > 0);
        const value = parseNadYaml(yaml)[0]!.config!.text;
        expect(value, label).toBe(goYamlSingleQuoted(inner));
        const type = c.locate('/plugins/0/type')!;
        expect(yaml.slice(type.start, type.end), label).toBe('"bridge"');
      }
    }
  });

  it('keeps refusing what go-yaml refuses: a document marker in column 0 inside the quotes, tabs in plain and block scalars, a missing quote', () => {
    const codes = (t: string) => parseSource(t, { kind: 'yaml' }).configs.flatMap((c) => c.findings.map((f) => f.code));
    // go-yaml: "found unexpected document indicator"
    expect(codes(nadWith('{"type": "bridge",\n--- "mtu": 1400}'))).toContain('CNI020');
    expect(codes(nadWith('{"type": "bridge",\n...\n}'))).toContain('CNI020');
    expect(lenientQuotedLines(nadWith('{"type": "bridge",\n--- "mtu": 1400}'))).toEqual([]);
    // A marker further in is text to both.
    expect(codes(nadWith('{"cniVersion": "1.0.0", "type": "bridge", "x": "\n ---"}'))).not.toContain('CNI020');
    // go-yaml: "found a tab character that violates indentation" (plain), "… where an indentation space is expected" (block)
    const plain = 'kind: NetworkAttachmentDefinition\nmetadata:\n  name: x\n  labels:\n    note: one\n\ttwo\n';
    expect(codes(plain)).toContain('CNI020');
    expect(lenientQuotedLines(plain)).toEqual([]);
    const block = 'kind: NetworkAttachmentDefinition\nmetadata: {name: x}\nspec:\n  config: |\n\t{"type": "bridge"}\n';
    expect(codes(block)).toContain('CNI020');
    expect(lenientQuotedLines(block)).toEqual([]);
    // go-yaml: "found unexpected end of stream"
    expect(codes(nadWith('{"type": "bridge"}').replace(/'\n$/, '\n'))).toContain('CNI020');
    // Strictly valid: nothing to tolerate, nothing to say.
    expect(codes(nadWith('{"cniVersion": "1.0.0",\n     "type": "bridge"}'))).not.toContain(LENIENT_QUOTE_CODE);
  });

  it('keeps the nesting guard: deep YAML after a column-0 quote, and deep JSON inside a tab-indented one', () => {
    const deepYaml = `${nadWith('{"cniVersion": "1.0.0",\n"type": "bridge"}')}  extra: ${'['.repeat(MAX_NESTING_DEPTH + 5)}\n`;
    const found = parseSource(deepYaml, { kind: 'yaml' }).configs.flatMap((c) => c.findings);
    expect(found.map((f) => f.code)).toContain(NESTING_CODE);
    const deepJson = nadWith(`{"cniVersion": "1.0.0",\n\t"type": "bridge", "x": ${'['.repeat(MAX_NESTING_DEPTH + 5)}}`);
    const json = parseSource(deepJson, { kind: 'yaml' }).configs.flatMap((c) => c.findings);
    const nesting = json.find((f) => f.code === NESTING_CODE)!;
    expect(new LineIndex(deepJson).position(nesting.range!.start).line).toBe(7);
  });
});

describe('kubectl dumps: a List of objects', () => {
  const LIST = `apiVersion: v1
items:
- apiVersion: k8s.cni.cncf.io/v1
  kind: NetworkAttachmentDefinition
  metadata:
    name: a
    namespace: ns1
  spec:
    config: |
      {"cniVersion": "1.0.0", "name": "a", "type": "bridge", "mtu": "1500"}
- apiVersion: k8s.cni.cncf.io/v1
  kind: NetworkAttachmentDefinition
  metadata:
    name: b
    namespace: ns2
  spec:
    config: '{"cniVersion": "1.0.0", "type": "ptp", "mtu": "9000"}'
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: c, namespace: ns1}
kind: List
metadata:
  resourceVersion: ""
`;
  const validator = createValidator(loadSchemas());

  it('reads each item as its own object, with its own index, range and names', () => {
    const docs = parseNadYaml(LIST);
    expect(docs.map((d) => [d.index, d.kind, d.namespace, d.name])).toEqual([
      [0, 'NetworkAttachmentDefinition', 'ns1', 'a'],
      [1, 'NetworkAttachmentDefinition', 'ns2', 'b'],
      [2, 'ConfigMap', 'ns1', 'c'],
    ]);
    expect(LIST.slice(docs[1]!.range.start, docs[1]!.range.end)).toMatch(/^apiVersion: k8s.cni.cncf.io\/v1\n {2}kind: NetworkAttachmentDefinition\n {2}metadata:\n {4}name: b/);
    expect(docs[2]!.findings.map((f) => [f.code, f.document])).toEqual([['CNI024', 2]]);
    // A NetworkAttachmentDefinitionList (the typed list) is read the same way, and an empty one gives nothing to check.
    expect(parseNadYaml(LIST.replace('kind: List', 'kind: NetworkAttachmentDefinitionList'))).toHaveLength(3);
    expect(parseNadYaml('apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n').flatMap((d) => d.findings)).toEqual([]);
  });

  it('puts each finding on its line in the dump and names its object', () => {
    const found = validator.validate(LIST, { fileName: 'nads.yaml' }).filter((f) => f.code === 'CNI202');
    expect(found.map((f) => [f.object, f.line, f.column, f.document])).toEqual([
      ['ns1/a', 10, 69, 0],
      ['ns2/b', 17, 60, 1],
    ]);
    expect(LIST.split('\n')[9]!.slice(68, 74)).toBe('"1500"');
    expect(LIST.split('\n')[16]!.slice(59, 65)).toBe('"9000"');
  });

  it('reads kubectl -o json (a List whose configs are JSON strings with \\n and \\" escapes) at the right line and column', () => {
    const json = JSON.stringify(parse(LIST), null, 4);
    const src = parseSource(json, { fileName: 'nads.json' });
    expect(src.format).toBe('yaml');
    expect(src.configs.map((c) => c.label)).toEqual(['a', 'b', 'c']);
    const multiline = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'k8s.cni.cncf.io/v1', kind: 'NetworkAttachmentDefinition', metadata: { name: 'x', namespace: 'n' }, spec: { config: '{\n  "cniVersion": "1.0.0",\n  "type": "macvlan",\n  "mode": "bridged"\n}' } }] }, null, 2);
    const f = validator.validate(multiline, { fileName: 'x.json' }).find((x) => x.code === 'CNI205')!;
    expect(f.object).toBe('n/x');
    expect(multiline.split('\n')[f.line! - 1]!.slice(f.column! - 1, f.column! - 1 + 11)).toBe('\\"bridged\\"');
    // A .json that is a CNI config stays one, with or without an apiVersion key of its own.
    expect(parseSource('{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}', { fileName: 'n.json' }).format).toBe('json');
    expect(parseSource('{"apiVersion": 1, "kind": "List"}', { fileName: 'n.json' }).format).toBe('json');
  });
});

describe('NAD YAML as Kubernetes reads it', () => {
  it('resolves an alias used as spec.config to the string it names', () => {
    const text = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: three\n  annotations:\n    orig: &c '{"cniVersion":"1.0.0","name":"three","type":"loopback"}'\nspec:\n  config: *c\n`;
    const [nad] = parseNadYaml(text);
    expect(nad!.findings).toEqual([]);
    expect(nad!.config?.text).toBe('{"cniVersion":"1.0.0","name":"three","type":"loopback"}');
    // Offsets in the config map to where its text is written: at the anchor.
    expect(text.slice(nad!.config!.toSource(0), nad!.config!.toSource(0) + 14)).toBe('{"cniVersion":');
  });

  it('takes an empty document (a trailing "---", as kubectl and helm print) for nothing, not an object skipped', () => {
    const text = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: a\nspec:\n  config: '{"cniVersion":"1.0.0","type":"loopback"}'\n---\n`;
    expect(parseNadYaml(text).flatMap((d) => d.findings.map((f) => f.code))).toEqual([]);
    expect(parseNadYaml('---\nfoo\n').flatMap((d) => d.findings.map((f) => f.code))).toEqual(['CNI024']);
  });
});
