// Nesting depth: the scans that refuse too-deep input before any recursive step, and every layer reading
// input nested exactly to the limit without throwing.
import { describe, expect, it } from 'vitest';
import { isCollection, isPair, parseAllDocuments, stringify as yamlStringify } from 'yaml';
import { deflateSync, strToU8 } from 'fflate';
import { jsonNestingExcess, MAX_NESTING_DEPTH, scanJsonText, valueNestingExcess, yamlNestingExcess } from './depth';
import { createValidator } from '../validate/create';
import { loadSchemas } from '../../node/schemas';
import { parseSource } from './source';
import { parseJsonSource } from './json-source';
import { serializeConflist } from './serialize';
import type { JsonObject, JsonValue } from './types';
import { DEFAULT_INPUTS, parseCapabilityArgs } from '../runtime/inputs';
import { plan } from '../runtime/plan';
import { decodeShare, encodeShare } from '../formats/share';
import { toNadYaml } from '../formats/nad';
import { labConflistProblem, parseLabRequest } from '../lab/contract';
import { semanticDiff } from '../review/diff';
import { riskNotes } from '../review/risk';
import { explainConflist } from '../review/explain';
import { reviewReport } from '../review/report';
import { validatePluginText } from '../validate/plugin-text';
import { analyzeConfDir } from '../confdir';
import { clipboardText, pluginsFromText } from '../edit/clipboard';
import { minimalEdit } from '../edit/text-fix';

const validator = createValidator(loadSchemas());
const L = MAX_NESTING_DEPTH;

/** `levels` nested arrays around 1: depth `levels`. */
const arrays = (levels: number): JsonValue => {
  let v: JsonValue = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
/** `levels` nested objects {"a": …} around 1. */
const objects = (levels: number): JsonValue => {
  let v: JsonValue = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};
const depthOf = (v: unknown): number => {
  // Iterative, for the property tests.
  let max = 0;
  const stack: [unknown, number][] = [[v, typeof v === 'object' && v !== null ? 1 : 0]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    max = Math.max(max, d);
    if (typeof x === 'object' && x !== null) for (const c of Object.values(x)) if (typeof c === 'object' && c !== null) stack.push([c, d + 1]);
  }
  return max;
};

/** Runs `f` under `frames` extra stack frames, as an event handler deep in a UI or a server would. */
function underStack<T>(frames: number, f: () => T): T {
  const go = (k: number): T => (k === 0 ? f() : [go(k - 1)][0]!);
  return go(frames);
}

const tooDeep = (findings: { code: string }[]) => findings.filter((f) => f.code === 'CNI011');

describe('jsonNestingExcess', () => {
  it('finds the bracket that exceeds the limit', () => {
    expect(jsonNestingExcess('['.repeat(L))).toBeUndefined();
    expect(jsonNestingExcess('['.repeat(L + 1))).toBe(L);
    expect(jsonNestingExcess(`{"a": ${'['.repeat(L)}`)).toBe(6 + L - 1);
    expect(jsonNestingExcess('[[]]'.repeat(10_000), 2)).toBeUndefined();
  });

  it('skips strings (with escapes), comments, and brackets that do not match', () => {
    const s = (inner: string) => `["${inner}", 1]`;
    expect(jsonNestingExcess(s('[[[[\\"[[[[\\\\'), 1)).toBeUndefined();
    expect(jsonNestingExcess('[// [[[[\n1]', 1)).toBeUndefined();
    expect(jsonNestingExcess('[/* [[[[ */1]', 1)).toBeUndefined();
    expect(jsonNestingExcess('[/* [[[[ unterminated', 1)).toBeUndefined();
    // A line break ends a string for the tolerant parser: what follows is read as JSON again.
    expect(jsonNestingExcess('["abc\n[[', 2)).toBe(7);
    // A "}" does not close a "[" (the parser skips it), so the count does not drop.
    expect(jsonNestingExcess('[}}}[', 1)).toBe(4);
    expect(jsonNestingExcess('[][][]{}', 1)).toBeUndefined();
  });

  it('is exact on every JSON text of a value (random shapes)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let budget = 0;
    const gen = (d: number): JsonValue => {
      if (d === 0 || rand() < 0.15 || budget-- <= 0) return rand() < 0.5 ? 'x[{"' : 1;
      const n = 1 + Math.floor(rand() * 3);
      return rand() < 0.5 ? Array.from({ length: n }, () => gen(d - 1)) : Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}]"`, gen(d - 1)]));
    };
    for (let t = 0; t < 300; t++) {
      budget = 60;
      const v = gen(2 + Math.floor(rand() * 12));
      const d = depthOf(v);
      const text = JSON.stringify(v, null, t % 2 ? 2 : undefined);
      expect(jsonNestingExcess(text, d)).toBeUndefined();
      if (d > 0) expect(jsonNestingExcess(text, d - 1)).toBeDefined();
    }
  });
});

describe('yamlNestingExcess', () => {
  const nad = (spec: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: x\nspec:\n${spec}`;

  it('counts flow, compact and indented nesting', () => {
    expect(yamlNestingExcess(`a: ${'['.repeat(L - 1)}`)).toBeUndefined();
    expect(yamlNestingExcess(`a: ${'['.repeat(L)}`)).toBe(3 + L - 1);
    expect(yamlNestingExcess(`${'- '.repeat(L)}x`)).toBeUndefined();
    expect(yamlNestingExcess(`${'- '.repeat(L + 1)}x`)).toBe(2 * L);
    let block = '';
    for (let i = 0; i < L; i++) block += `${' '.repeat(i)}k:\n`;
    expect(yamlNestingExcess(block)).toBeUndefined();
    expect(yamlNestingExcess(`${block}${' '.repeat(L)}k:\n`)).toBe(block.length + L);
    // A mapping's sequence value at the key's own indentation is a level of its own.
    let mixed = '';
    for (let i = 0; i < L / 2; i++) mixed += `${' '.repeat(2 * i)}- k:\n`;
    expect(yamlNestingExcess(mixed)).toBeUndefined();
    expect(yamlNestingExcess(`${mixed}${' '.repeat(L)}- x\n`)).toBeDefined();
  });

  it('skips quoted scalars, block scalar bodies and comments, as YAML reads them', () => {
    const deepJson = '['.repeat(3 * L);
    expect(yamlNestingExcess(nad(`  config: '${deepJson}'\n`))).toBeUndefined();
    expect(yamlNestingExcess(nad(`  config: "${deepJson}\\" ${deepJson}"\n`))).toBeUndefined();
    expect(yamlNestingExcess(`a: "x\\": ${deepJson}"\nb: 'it''s: ${deepJson}'\n`)).toBeUndefined();
    expect(yamlNestingExcess(nad(`  config: |\n    ${deepJson}\n\n    ${deepJson}\n  other: 1\n`))).toBeUndefined();
    expect(yamlNestingExcess(nad(`  # ${deepJson}\n  x: 1 # ${deepJson}\n`))).toBeUndefined();
    // Not a quote (plain text after a plain scalar), not a comment (no space before "#"): counted.
    expect(yamlNestingExcess(`a: [b "${deepJson}`)).toBeDefined();
    // After the block scalar's body, the structure is read again.
    expect(yamlNestingExcess(nad(`  config: |\n    x\n  other: ${deepJson}\n`))).toBeDefined();
  });

  it('reads every line break, and starts over at a document boundary', () => {
    let cr = '';
    for (let i = 0; i <= L; i++) cr += `${' '.repeat(i)}k:\r`;
    expect(yamlNestingExcess(cr)).toBeDefined();
    expect(yamlNestingExcess(`a: ${'['.repeat(L - 10)}\n---\nb: ${'['.repeat(L - 10)}\n`)).toBeUndefined();
    expect(yamlNestingExcess(`--- ${'['.repeat(L + 1)}`)).toBeDefined();
  });

  it('never counts below what the yaml parser builds (random documents, every style)', () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let budget = 0;
    const gen = (d: number): JsonValue => {
      if (d === 0 || rand() < 0.1 || budget-- <= 0) return ['x', 'a: b', '[', '"q"', "'", '- y', '#c', 7][Math.floor(rand() * 8)]!;
      const n = 1 + Math.floor(rand() * 3);
      return rand() < 0.5 ? Array.from({ length: n }, () => gen(d - 1)) : Object.fromEntries(Array.from({ length: n }, (_, i) => [rand() < 0.2 ? `k ${i}: [` : `k${i}`, gen(d - 1)]));
    };
    for (let t = 0; t < 300; t++) {
      budget = 60;
      const v = gen(3 + Math.floor(rand() * 25));
      const d = depthOf(v);
      for (const options of [{}, { collectionStyle: 'flow' as const }, { indent: 1, indentSeq: false }, { lineWidth: 20 }]) {
        const text = yamlStringify(v, options);
        // The scan may count more than there is, never less: a limit below the real depth is always hit.
        if (d > 1) expect(yamlNestingExcess(text, d - 1), text).toBeDefined();
        const docs = parseAllDocuments(text);
        expect(Array.isArray(docs) && docs.every((x) => x.errors.length === 0)).toBe(true);
      }
    }
  });
});

describe('yamlNestingExcess on token soup', () => {
  /** The depth of what the yaml parser composed, keys included. */
  const composedDepth = (node: unknown): number => {
    let max = 0;
    const stack: [unknown, number][] = [[node, 0]];
    while (stack.length) {
      const [x, d] = stack.pop()!;
      if (isCollection(x)) {
        max = Math.max(max, d + 1);
        for (const item of x.items as unknown[]) stack.push([item, d + 1]);
      } else if (isPair(x)) stack.push([x.key, d], [x.value, d]);
    }
    return max;
  };

  it('never counts below the parser on valid YAML made of random tokens', () => {
    let seed = 5;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const tokens = ['- ', '- ', '? ', ': ', 'k: ', 'k: ', 'k:', '"q', '"', "'", '[', '[', ']', '{', '{', '}', ', ', 'x', ' #c', '|', '>', '|2', '&a ', '!t ', '*a', ' ', '\t', '---', '...', '\\', ':', '-', '"a": ', "'b': "];
    const limit = 5;
    let valid = 0;
    for (let t = 0; t < 6000; t++) {
      const lines: string[] = [];
      let indent = 0;
      for (let l = 1 + Math.floor(rand() * 12); l > 0; l--) {
        indent = Math.max(0, indent + Math.floor(rand() * 5) - 2);
        let line = ' '.repeat(indent);
        for (let k = Math.floor(rand() * 6); k > 0; k--) line += tokens[Math.floor(rand() * tokens.length)];
        lines.push(line);
      }
      const text = lines.join(['\n', '\n', '\r\n', '\r'][Math.floor(rand() * 4)]);
      const docs = parseAllDocuments(text);
      if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) continue;
      valid++;
      const real = Math.max(0, ...docs.map((d) => composedDepth(d.contents)));
      if (real > limit) expect(yamlNestingExcess(text, limit), JSON.stringify(text)).toBeDefined();
    }
    expect(valid).toBeGreaterThan(500);
  });
});

describe('valueNestingExcess', () => {
  it('gives the pointer of the first value beyond the limit', () => {
    expect(valueNestingExcess(arrays(L))).toBeUndefined();
    expect(valueNestingExcess(arrays(L + 1))).toBe('/0'.repeat(L));
    expect(valueNestingExcess({ 'a/b': objects(L) })).toBe(`/a~1b${'/a'.repeat(L - 1)}`);
    expect(valueNestingExcess('x')).toBeUndefined();
    expect(valueNestingExcess(arrays(200_000))).toBe('/0'.repeat(L));
  });
});

/** Conflists nested exactly to the limit in the places every layer looks at. */
function atLimit(): JsonObject[] {
  const inPlugin = L - 3; // list, plugins, plugin
  const inIpam = L - 4; // … ipam
  return [
    { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', x: arrays(inPlugin), args: objects(inPlugin) }] },
    { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', ipam: { type: 'host-local', ranges: arrays(inIpam), routes: objects(inIpam) } }, { type: 'portmap', capabilities: { portMappings: true }, runtimeConfig: objects(inPlugin) }] },
    { cniVersion: '1.0.0', cniVersions: [arrays(L - 2), arrays(L - 2)], name: 'n', plugins: [{ type: 'loopback', capabilities: { x: objects(inPlugin - 1) } as JsonObject }] },
    { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'calico', ipam: { type: 'calico-ipam', assign_ipv4: arrays(inIpam) } }, { type: 'no-such-plugin', sysctl: objects(inPlugin), ipam: { type: 'no-such-ipam', x: objects(inIpam) } }] },
    { cniVersion: '1.0.0', name: 'n', x: objects(L - 1), plugins: [{ type: 'tuning', sysctl: { 'net.x': objects(inPlugin - 1) } as JsonObject }, { type: 'bandwidth', dns: objects(inPlugin) }] },
  ];
}

describe('every layer reads nesting at exactly the limit, and refuses one level more', () => {
  it('has test documents at exactly the limit', () => {
    for (const doc of atLimit()) expect(depthOf(doc)).toBe(L);
  });

  it('validates text and values', () => {
    for (const doc of atLimit()) {
      const text = JSON.stringify(doc);
      expect(jsonNestingExcess(text)).toBeUndefined();
      expect(tooDeep(underStack(300, () => validator.validate(text)))).toEqual([]);
      expect(tooDeep(underStack(300, () => validator.validate(doc)))).toEqual([]);
      expect(tooDeep(validator.validate(serializeConflist(doc), { fileName: 'a.conflist' }))).toEqual([]);
    }
    const over = { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', x: arrays(L - 2) }] };
    expect(validator.validate(over)).toEqual([expect.objectContaining({ code: 'CNI011', severity: 'error', pointer: `/plugins/0/x${'/0'.repeat(L - 3)}`, pluginIndex: 0 })]);
    const overText = validator.validate(JSON.stringify(over));
    expect(overText).toEqual([expect.objectContaining({ code: 'CNI011', severity: 'error', line: 1, column: JSON.stringify(over).indexOf('[[') + 1 + (L - 3) })]);
    expect(overText[0]!.message).toContain(`${L} levels`);
  });

  it('reads NAD YAML nested to the limit, its config JSON too', () => {
    const config = JSON.stringify(atLimit()[0]);
    const yaml = (annotations: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: x\n  annotations:\n    a: ${annotations}\nspec:\n  config: '${config}'\n`;
    // root, metadata, annotations: three levels, then flow sequences.
    const at = yaml('['.repeat(L - 3) + ']'.repeat(L - 3));
    expect(yamlNestingExcess(at)).toBeUndefined();
    const found = underStack(300, () => validator.validate(at, { fileName: 'x.yaml' }));
    expect(found.map((f) => f.code)).not.toContain('CNI011');
    expect(found.map((f) => f.code)).not.toContain('CNI020');
    const over = validator.validate(yaml('['.repeat(L - 2) + ']'.repeat(L - 2)), { fileName: 'x.yaml' });
    expect(over).toEqual([expect.objectContaining({ code: 'CNI011', line: 6, column: 8 + L - 3 })]);
    // The JSON inside is a document of its own, with its own limit, and findings at YAML positions.
    const deepConfig = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: x\nspec:\n  config: |\n    ${'['.repeat(L + 1)}\n`;
    expect(validator.validate(deepConfig, { fileName: 'x.yaml' })).toEqual([expect.objectContaining({ code: 'CNI011', line: 7, column: 5 + L })]);
    // root, spec, then L - 2 sequences (the first at the key's own indentation): L levels.
    let compact = 'kind: NetworkAttachmentDefinition\nspec:\n  x:\n';
    compact += `  ${'- '.repeat(L - 2)}x\n`;
    expect(tooDeep(validator.validate(compact, { fileName: 'x.yaml' }))).toEqual([]);
    expect(tooDeep(validator.validate(compact.replace('  - ', '  - - '), { fileName: 'x.yaml' }))).toHaveLength(1);
  });

  it('plans ADD, CHECK and DEL with deep plugins and capability arguments', () => {
    const caps = parseCapabilityArgs(JSON.stringify({ portMappings: arrays(L - 1) }));
    expect(caps.ok).toBe(true);
    expect(parseCapabilityArgs(JSON.stringify({ portMappings: arrays(L) }))).toMatchObject({ ok: false, message: expect.stringContaining(`${L} levels`) });
    for (const doc of atLimit()) {
      for (const op of ['ADD', 'CHECK', 'DEL'] as const) {
        const p = plan(doc, { ...DEFAULT_INPUTS, capabilityArgs: caps.ok ? caps.value : {} }, op, { validator });
        for (const inv of p.invocations) expect(inv.stdinText.length).toBeGreaterThan(0);
      }
    }
  });

  it('shares and opens links of documents at the limit, and refuses deeper ones', () => {
    for (const doc of atLimit()) {
      const link = encodeShare({ doc, runtime: { capabilityArgs: objects(L - 1) } as JsonObject });
      expect(link.ok).toBe(true);
      const opened = decodeShare((link as { payload: string }).payload);
      expect(opened.ok).toBe(true);
      if (opened.ok) expect(tooDeep(validator.validate(opened.state.doc))).toEqual([]);
    }
    expect(encodeShare({ doc: { plugins: arrays(L) as JsonValue[] } })).toEqual({ ok: false, message: expect.stringContaining(`deeper than ${L} levels`) });
    expect(encodeShare({ doc: { plugins: arrays(100_000) as JsonValue[] } }).ok).toBe(false);
    // A crafted link (encodeShare itself never makes one this deep): JSON.parse reads it, the check refuses it.
    const json = `{"doc": {"plugins": ${'['.repeat(30_000)}${']'.repeat(30_000)}}}`;
    const bytes = deflateSync(strToU8(json));
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let b64 = '';
    for (let i = 0; i < bytes.length; i += 3) {
      const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
      b64 += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '') + (i + 2 < bytes.length ? B64[n & 63]! : '');
    }
    expect(decodeShare(`v1.${b64}`)).toEqual({ ok: false, message: expect.stringContaining(`deeper than ${L} levels`) });
  });

  it('accepts lab requests at the limit and refuses deeper ones', () => {
    for (const doc of atLimit()) {
      const problem = labConflistProblem(doc);
      // Only the plugin names may be refused here, never the depth.
      expect(problem?.message ?? '').not.toContain('deeper');
    }
    const ok = parseLabRequest({ conflist: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', x: arrays(L - 3) }] }, capabilityArgs: { a: objects(L - 1) } });
    expect(ok.ok).toBe(true);
    expect(parseLabRequest({ conflist: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge', x: arrays(50_000) }] } })).toEqual({ ok: false, message: expect.stringContaining(`"conflist" nests deeper than ${L} levels (at /plugins/0/x/0/0`) });
    expect(parseLabRequest({ conflist: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'bridge' }] }, capabilityArgs: { a: objects(L) } })).toEqual({ ok: false, message: expect.stringContaining('"capabilityArgs" nests deeper') });
  });

  it('reviews, explains and reports documents at the limit', () => {
    const docs = atLimit();
    for (let i = 0; i < docs.length; i++) {
      const before = docs[i]!;
      const after = docs[(i + 1) % docs.length]!;
      const diff = semanticDiff(before, after, validator.catalog);
      const risks = riskNotes(diff, before, after, validator.catalog);
      expect(explainConflist(after, validator.catalog).length).toBeGreaterThan(0);
      expect(reviewReport({ before, after, catalog: validator.catalog, findings: validator.validate(after), diff, risks }).length).toBeGreaterThan(0);
      expect(semanticDiff(before, before, validator.catalog).listChanges).toEqual([]);
    }
  });

  it('edits: plugin text, clipboard, conf directories, minimal edits, NAD export', () => {
    for (const doc of atLimit()) {
      const plugin = (doc.plugins as JsonObject[])[0]!;
      const r = validatePluginText(validator, doc, 0, JSON.stringify(plugin, null, 2));
      expect(r.plugin).toBeDefined();
      expect(tooDeep(r.findings)).toEqual([]);
      const pasted = pluginsFromText(clipboardText(doc, [0]));
      expect(pasted.ok).toBe(true);
      const dir = analyzeConfDir([{ name: '10-a.conflist', text: serializeConflist(doc) }], validator);
      expect(tooDeep(dir.perFile.get('10-a.conflist')!)).toEqual([]);
      expect(minimalEdit(serializeConflist(doc), serializeConflist({ ...doc, name: 'm' })).content).toContain('m');
      const yaml = toNadYaml(doc);
      expect(tooDeep(validator.validate(yaml, { fileName: 'nad.yaml' }))).toEqual([]);
    }
    const deepPlugin = validatePluginText(validator, atLimit()[0]!, 0, `{"type": "bridge", "x": ${'['.repeat(L - 1)}}`);
    expect(deepPlugin.plugin).toBeUndefined();
    expect(pluginsFromText('['.repeat(L + 1))).toEqual({ ok: false, reason: expect.stringContaining(`${L} levels`) });
  });

  it('refuses huge nesting in every form without throwing', () => {
    // Deep as JSON and as YAML (flow collections read the same in both).
    for (const text of ['['.repeat(100_000), '{"a":'.repeat(50_000), `{"x": ${'[{"a":'.repeat(20_000)}`]) {
      for (const fileName of ['a.conflist', 'a.yaml', undefined]) {
        const found = validator.validate(text, fileName ? { fileName } : {});
        expect(found.map((f) => f.code)).toContain('CNI011');
      }
      expect(parseJsonSource(text).fatal).toBe(true);
      expect(parseSource(text).configs.every((c) => c.conflist === undefined)).toBe(true);
    }
    // Deep only as YAML.
    for (const text of [`kind: NetworkAttachmentDefinition\nspec: ${'{a: '.repeat(50_000)}`, `${'- '.repeat(50_000)}x`, `a:\n${'- '.repeat(20_000)}\n`, `a:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}- b:`).join('\n')}\n`]) {
      expect(validator.validate(text, { fileName: 'a.yaml' })).toEqual([expect.objectContaining({ code: 'CNI011', severity: 'error', document: 0 })]);
    }
  });
});

describe('scanJsonText: numbers that may be beyond a float64', () => {
  it('notes an exponent or a 309-digit run, and nothing else', () => {
    for (const t of ['[1e5]', '[1.25E-3]', '[-0.5e+1]', `[${'9'.repeat(309)}]`]) expect(scanJsonText(t).mayOverflow, t).toBe(true);
    for (const t of ['[1.5, -2, 0]', `[${'9'.repeat(308)}]`, '["1e400"]', '{"e1": 2}', `[0.${'0'.repeat(400)}1]`]) expect(scanJsonText(t).mayOverflow, t).toBeUndefined();
  });
});

describe('scanJsonText agrees with a character-by-character scan', () => {
  // The scan as first written, one character at a time: the native searches must find the same strings.
  function reference(text: string, limit: number) {
    const open: number[] = [];
    let keys = 0;
    let i = 0;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        while (i < text.length) {
          const s = text[i]!;
          if (s === '"') {
            i++;
            break;
          }
          if (s === '\\') i += 2;
          else if (s === '\n' || s === '\r') break;
          else i++;
        }
        let j = i;
        while (/[ \t\n\r]/.test(text[j] ?? '')) j++;
        if (text[j] === ':') keys++;
        continue;
      }
      if (c === '/' && text[i + 1] === '/') {
        while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
        continue;
      }
      if (c === '/' && text[i + 1] === '*') {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 2;
        continue;
      }
      if (c === '[' || c === '{') {
        open.push(c === '[' ? 91 : 123);
        if (open.length > limit) return { excess: i, keys };
      } else if ((c === ']' && open.at(-1) === 91) || (c === '}' && open.at(-1) === 123)) open.pop();
      i++;
    }
    return { keys };
  }
  it('on random text of quotes, escapes, line breaks, comments and brackets', () => {
    const alphabet = ['"', '"', '\\', '\n', '\r', ':', ' ', '{', '}', '[', ']', '/', '*', 'a', '1', '"k": '];
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: Math.floor(Math.random() * 40) }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
      const { excess, keys } = scanJsonText(text, 3);
      expect({ keys, ...(excess !== undefined ? { excess } : {}) }, JSON.stringify(text)).toEqual(reference(text, 3));
    }
  });
});
