// Seeded, deterministic fuzzing of every way a config comes in: a few thousand mutations of the real
// fixtures and the templates (deleted keys, changed types, truncation, duplicate keys, JavaScript built-in
// names as types and keys, deep nesting, huge numbers, BOM, CRLF, NUL, stray characters) go through the
// validator (text and document), the NAD reader, the share-link decoder, the planner, the review and
// `cni-studio lint --format json`. Nothing may throw, and every finding has a code, a severity, a message
// and a position. FUZZ_SEED=<n> replays another sequence; a failure names the seed and the mutation.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  pluginList,
  createValidator,
  decodeShare,
  DEFAULT_INPUTS,
  encodeShare,
  explainConflist,
  isJsonObject,
  MAX_NESTING_DEPTH,
  parseNadYaml,
  parseSource,
  plan,
  riskNotes,
  semanticDiff,
  serializeConflist,
  TEMPLATES,
  toNadYaml,
  type Finding,
  type JsonObject,
  type JsonValue,
} from '../core';
import { loadSchemas } from './schemas';
import { REAL_FIXTURES } from './fixtures';
import { cli, tempFiles } from '../cli/testing';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20_261_208);
/** Documents per mutation round; the total is a few thousand. */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 3);

/** mulberry32: a tiny seeded PRNG, so every run mutates the same way for the same seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BUILTINS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];
const ODD_STRINGS = ['', ' ', '../bin/sh', '.', '..', 'a\u0000b', '\uFFFD', 'é', '😀', 'x'.repeat(300), '0', 'true', '10.0.0.0/8', '::/0', 'bridge ', 'BRIDGE', 'host-local'];
const HUGE_NUMBERS = ['1e308', '-1e308', '1e400', '-1e400', '18446744073709551616', '9007199254740993', '0.1e-400', '-0', '1.5', '123456789012345678901234567890', '4294967296', '-1'];

interface Sample {
  name: string;
  /** A conflist as text (a fixture's own text, or a template serialized). */
  text: string;
  fileName: string;
  doc?: JsonObject;
}

function samples(): Sample[] {
  const out: Sample[] = [];
  for (const name of readdirSync(REAL_FIXTURES).sort()) {
    const text = readFileSync(join(REAL_FIXTURES, name), 'utf8');
    const doc = parseSource(text, { fileName: name }).configs.find((c) => c.conflist)?.conflist;
    out.push({ name, text, fileName: name, ...(doc ? { doc } : {}) });
  }
  for (const t of TEMPLATES) {
    if (t.format === 'nad') out.push({ name: `template ${t.id} (NAD)`, text: toNadYaml(t.document, t.nad ?? {}), fileName: `${t.id}.yaml`, doc: t.document });
    else out.push({ name: `template ${t.id}`, text: serializeConflist(t.document), fileName: `${t.id}.conflist`, doc: t.document });
  }
  return out;
}

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Every container in a value with its path, for picking a place to mutate. */
function containers(value: JsonValue, path: (string | number)[] = [], out: { node: JsonValue[] | JsonObject; path: (string | number)[] }[] = []) {
  if (Array.isArray(value)) {
    out.push({ node: value, path });
    value.forEach((v, i) => containers(v, [...path, i], out));
  } else if (isJsonObject(value)) {
    out.push({ node: value, path });
    for (const [k, v] of Object.entries(value)) containers(v, [...path, k], out);
  }
  return out;
}

const clone = (v: JsonValue): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function nested(rand: Rand, depth: number): JsonValue {
  let v: JsonValue = pick(rand, [1, 'x', null, true]);
  for (let i = 0; i < depth; i++) v = rand() < 0.5 ? [v] : { [pick(rand, ['a', 'type', 'ipam', '__proto__'])]: v };
  return v;
}

function randomValue(rand: Rand): JsonValue {
  switch (Math.floor(rand() * 8)) {
    case 0:
      return pick(rand, ODD_STRINGS);
    case 1:
      return Math.floor(rand() * 2 ** 40) * (rand() < 0.5 ? -1 : 1);
    case 2:
      return rand() < 0.5;
    case 3:
      return null;
    case 4:
      return [];
    case 5:
      return {};
    case 6:
      return [pick(rand, ODD_STRINGS), 1, { type: pick(rand, BUILTINS) }];
    default:
      return { type: pick(rand, [...BUILTINS, 'bridge', 'host-local', 'portmap']) };
  }
}

/** Parts of the samples (plugins, IPAM objects, ranges, capabilities) that the graft mutation moves around. */
const GRAFTS: JsonValue[] = [];

/** Mutations of the parsed document: each returns a description and the mutated document. */
const VALUE_MUTATIONS: [string, (doc: JsonObject, rand: Rand) => JsonValue][] = [
  [
    'delete a key',
    (doc, rand) => {
      const objects = containers(doc).filter((c) => isJsonObject(c.node) && Object.keys(c.node).length > 0);
      if (objects.length === 0) return doc;
      const target = pick(rand, objects).node as JsonObject;
      delete target[pick(rand, Object.keys(target))];
      return doc;
    },
  ],
  [
    'change a type',
    (doc, rand) => {
      const target = pick(rand, containers(doc));
      if (Array.isArray(target.node)) {
        if (target.node.length) target.node[Math.floor(rand() * target.node.length)] = randomValue(rand);
        else target.node.push(randomValue(rand));
      } else {
        const keys = Object.keys(target.node);
        setOwn(target.node, keys.length ? pick(rand, keys) : 'x', randomValue(rand));
      }
      return doc;
    },
  ],
  [
    'built-in name as a type',
    (doc, rand) => {
      const plugins = pluginList(doc).filter(isJsonObject);
      const where = plugins.length ? pick(rand, plugins) : doc;
      if (rand() < 0.3 && isJsonObject(where.ipam)) setOwn(where.ipam, 'type', pick(rand, BUILTINS));
      else setOwn(where, 'type', pick(rand, BUILTINS));
      return doc;
    },
  ],
  [
    'built-in name as a key',
    (doc, rand) => {
      const objects = containers(doc).filter((c) => isJsonObject(c.node));
      const target = pick(rand, objects).node as JsonObject;
      setOwn(target, pick(rand, BUILTINS), rand() < 0.5 ? true : randomValue(rand));
      if (rand() < 0.3) {
        const plugins = pluginList(doc).filter(isJsonObject);
        if (plugins.length) {
          const p = pick(rand, plugins);
          const caps: JsonObject = isJsonObject(p.capabilities) ? p.capabilities : {};
          setOwn(caps, pick(rand, BUILTINS), true);
          setOwn(p, 'capabilities', caps);
          setOwn(p, 'runtimeConfig', { [pick(rand, BUILTINS)]: 1 });
        }
      }
      return doc;
    },
  ],
  [
    'deep nesting',
    (doc, rand) => {
      const target = pick(rand, containers(doc));
      // Around the limit (where a miscount would show), and far beyond it.
      const depth = rand() < 0.8 ? MAX_NESTING_DEPTH - 8 + Math.floor(rand() * 16) : 2000 + Math.floor(rand() * 3000);
      const value = nested(rand, Math.max(0, depth - target.path.length - 1));
      if (Array.isArray(target.node)) target.node.push(value);
      else setOwn(target.node, pick(rand, ['x', 'args', 'capabilities', 'ipam', 'ranges']), value);
      return doc;
    },
  ],
  [
    'rename a key (case, "/" and "~")',
    (doc, rand) => {
      const objects = containers(doc).filter((c) => isJsonObject(c.node) && Object.keys(c.node).length > 0);
      if (objects.length === 0) return doc;
      const target = pick(rand, objects).node as JsonObject;
      const key = pick(rand, Object.keys(target));
      const renamed = pick(rand, [key.toUpperCase(), key.toLowerCase(), `${key}/x`, `~${key}~1`, `${key[0]?.toUpperCase() ?? ''}${key.slice(1)}`, '']);
      const value = target[key]!;
      delete target[key];
      setOwn(target, renamed, value);
      if (rand() < 0.3) setOwn(target, key, clone(value));
      return doc;
    },
  ],
  [
    'graft a part of another sample',
    (doc, rand) => {
      const donor = pick(rand, GRAFTS);
      const target = pick(rand, containers(doc));
      if (Array.isArray(target.node)) target.node.splice(Math.floor(rand() * (target.node.length + 1)), 0, clone(donor));
      else setOwn(target.node, pick(rand, [...Object.keys(target.node), 'ipam', 'capabilities', 'runtimeConfig', 'args', 'ranges']), clone(donor));
      return doc;
    },
  ],
  [
    'plugins reshaped',
    (doc, rand) => {
      const plugins = pluginList(doc);
      switch (Math.floor(rand() * 4)) {
        case 0:
          doc.plugins = [...plugins, ...plugins];
          break;
        case 1:
          doc.plugins = plugins.slice().reverse();
          break;
        case 2:
          doc.plugins = pick(rand, [[], {}, 'bridge', null, [null, 1, 'x']]);
          break;
        default:
          doc.plugins = [{ type: pick(rand, ODD_STRINGS) }, ...plugins];
      }
      return doc;
    },
  ],
];

/** Mutations of the text itself. */
const TEXT_MUTATIONS: [string, (text: string, rand: Rand) => string][] = [
  ['truncate', (t, rand) => t.slice(0, Math.floor(rand() * t.length))],
  ['BOM', (t) => `\uFEFF${t}`],
  ['CRLF', (t) => t.replace(/\n/g, '\r\n')],
  ['lone CR', (t) => t.replace(/\n/g, '\r')],
  ['NUL', (t, rand) => insertAt(t, rand, '\u0000')],
  [
    'duplicate a key',
    (t, rand) => {
      const keys = [...t.matchAll(/"([^"\\]{1,40})"\s*:/g)];
      if (keys.length === 0) return t;
      const k = pick(rand, keys);
      return `${t.slice(0, k.index)}"${k[1]}": ${pick(rand, ['1', '"x"', 'null', '{}', '[]'])}, ${t.slice(k.index)}`;
    },
  ],
  ['huge number', (t, rand) => t.replace(/-?\d+(\.\d+)?/, pick(rand, HUGE_NUMBERS))],
  ['stray character', (t, rand) => insertAt(t, rand, pick(rand, ['{', '}', '[', ']', '"', ',', ':', '\\', '/*', '//', '#', '\t', '\n', '- ', '? ', '|', "'", '\uD800']))],
  ['delete characters', (t, rand) => {
    const at = Math.floor(rand() * t.length);
    return t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
  }],
  ['deep brackets', (t, rand) => insertAt(t, rand, pick(rand, ['[', '{"a":', '- ', '[{']).repeat(MAX_NESTING_DEPTH - 4 + Math.floor(rand() * 10)))],
  ['30000 brackets', (t, rand) => insertAt(t, rand, '['.repeat(30_000))],
  ['comment and trailing comma', (t) => t.replace('{', '{ // note\n').replace(/\}(\s*)$/, ',}$1')],
];

function insertAt(text: string, rand: Rand, what: string): string {
  const at = Math.floor(rand() * (text.length + 1));
  return text.slice(0, at) + what + text.slice(at);
}

interface Stats {
  documents: number;
  findings: number;
  exceptions: string[];
  byMutation: Map<string, number>;
}

/** A finding as every surface needs it: a code, a severity, a message and a position. */
function problemsOf(findings: readonly Finding[], positioned: 'text' | 'pointer'): string[] {
  const out: string[] = [];
  for (const f of findings) {
    const bad: string[] = [];
    if (typeof f.code !== 'string' || !/^CNI\d{3}$/.test(f.code)) bad.push('code');
    if (!['error', 'warning', 'info'].includes(f.severity)) bad.push('severity');
    if (typeof f.message !== 'string' || f.message.trim() === '' || /undefined|\[object|function /.test(f.message)) bad.push('message');
    if (typeof f.pointer !== 'string' || (f.pointer !== '' && !f.pointer.startsWith('/'))) bad.push('pointer');
    if (positioned === 'text' && !(Number.isInteger(f.line) && f.line! >= 1 && Number.isInteger(f.column) && f.column! >= 1)) bad.push('line/column');
    if (bad.length) out.push(`finding without ${bad.join(', ')}: ${JSON.stringify(f).slice(0, 300)}`);
  }
  return out;
}

describe('fuzz', () => {
  it(`survives seeded mutations of every fixture and template (seed ${FUZZ_SEED})`, async () => {
    const rand = mulberry32(FUZZ_SEED);
    const validator = createValidator(loadSchemas());
    const stats: Stats = { documents: 0, findings: 0, exceptions: [], byMutation: new Map() };
    const { write } = tempFiles('cni-studio-fuzz-');
    const toLint: { path: string; label: string }[] = [];
    const started = Date.now();

    const guard = <T>(label: string, f: () => T): T | undefined => {
      try {
        return f();
      } catch (e) {
        stats.exceptions.push(`seed ${FUZZ_SEED}, ${label}: ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e)}`);
        return undefined;
      }
    };
    const check = (label: string, findings: readonly Finding[] | undefined, positioned: 'text' | 'pointer') => {
      if (!findings) return;
      stats.findings += findings.length;
      for (const p of problemsOf(findings, positioned)) stats.exceptions.push(`seed ${FUZZ_SEED}, ${label}: ${p}`);
    };
    const count = (mutation: string) => stats.byMutation.set(mutation, (stats.byMutation.get(mutation) ?? 0) + 1);

    const all = samples();
    for (const s of all) {
      for (const c of s.doc ? containers(s.doc) : []) if (c.path.length >= 2 && c.path.length <= 5 && rand() < 0.2) GRAFTS.push(clone(c.node));
    }
    let n = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const sample of all) {
        const yaml = /\.ya?ml$/.test(sample.fileName);
        // Text mutations of the file as it is (JSON or NAD YAML), and of a NAD made from it.
        for (let k = 0; k < 6; k++) {
          const [name, mutate] = pick(rand, TEXT_MUTATIONS);
          const base = !yaml && sample.doc && rand() < 0.25 ? { text: toNadYaml(sample.doc), fileName: 'nad.yaml' } : sample;
          const text = mutate(base.text, rand);
          const label = `${sample.name}: text "${name}" (${base.fileName}) #${n++}`;
          count(name);
          stats.documents++;
          check(label, guard(label, () => validator.validate(text, { fileName: base.fileName })), 'text');
          if (/\.ya?ml$/.test(base.fileName)) guard(`${label}: NAD reader`, () => parseNadYaml(text));
          if (rand() < 0.12) toLint.push({ path: write(`t${n}-${base.fileName}`, text), label });
        }
        if (!sample.doc) continue;
        // Mutations of the document: as a document, as text, through a share link, the planner and the review.
        for (let k = 0; k < 5; k++) {
          const [name, mutate] = pick(rand, VALUE_MUTATIONS);
          const before = clone(sample.doc) as JsonObject;
          const mutated = guard(`mutator ${name}`, () => mutate(clone(sample.doc!) as JsonObject, rand));
          if (!isJsonObject(mutated)) continue;
          const label = `${sample.name}: document "${name}" #${n++}`;
          count(name);
          stats.documents += 2;
          check(`${label} (document)`, guard(`${label} (document)`, () => validator.validate(mutated)), 'pointer');
          let text: string;
          try {
            text = JSON.stringify(mutated, null, rand() < 0.5 ? 2 : undefined);
          } catch {
            continue; // JSON.stringify itself cannot write the deepest mutations (the test's own step)
          }
          check(`${label} (text)`, guard(`${label} (text)`, () => validator.validate(text, { fileName: sample.fileName.replace(/\.ya?ml$/, '.conflist') })), 'text');
          const link = guard(`${label} (share encode)`, () => encodeShare({ doc: mutated, runtime: { capabilityArgs: { portMappings: [] } } }));
          if (link?.ok) {
            const opened = guard(`${label} (share decode)`, () => decodeShare(link.payload));
            if (opened?.ok) check(`${label} (shared)`, guard(`${label} (shared)`, () => validator.validate(opened.state.doc)), 'pointer');
            const damaged = link.payload.slice(0, Math.floor(rand() * link.payload.length)) + pick(rand, ['', 'A', '_', '%', '=']);
            guard(`${label} (damaged share link)`, () => decodeShare(damaged));
          }
          const deep = validator.validate(mutated).some((f) => f.code === 'CNI011');
          if (!deep) {
            guard(`${label} (plan)`, () => plan(mutated, { ...DEFAULT_INPUTS, cniArgs: [[pick(rand, BUILTINS), 'x']], capabilityArgs: { [pick(rand, BUILTINS)]: 1, portMappings: [] } }, pick(rand, ['ADD', 'CHECK', 'DEL'] as const), { validator }));
            guard(`${label} (review)`, () => {
              const diff = semanticDiff(before, mutated, validator.catalog);
              riskNotes(diff, before, mutated, validator.catalog);
              explainConflist(mutated, validator.catalog);
            });
          }
          if (rand() < 0.12) toLint.push({ path: write(`d${n}-${sample.fileName.replace(/\.ya?ml$/, '.conflist')}`, text), label });
        }
      }
    }

    // The command line, in batches (each call builds its validator): JSON output for every file, in order.
    let linted = 0;
    for (let i = 0; i < toLint.length; i += 150) {
      const batch = toLint.slice(i, i + 150);
      const r = await guard(`lint batch ${i}`, () => cli('lint', '--format', 'json', ...batch.map((b) => b.path)));
      if (!r) continue;
      if (r.code !== 0 && r.code !== 1) stats.exceptions.push(`seed ${FUZZ_SEED}, lint batch ${i}: exit ${r.code}: ${r.err.slice(0, 300)}`);
      const reports = guard(`lint batch ${i} output`, () => JSON.parse(r.out) as { file: string; findings: Finding[] }[]) ?? [];
      if (reports.length !== batch.length) stats.exceptions.push(`seed ${FUZZ_SEED}, lint batch ${i}: ${reports.length} reports for ${batch.length} files`);
      reports.forEach((rep, j) => {
        linted++;
        check(`lint of ${batch[j]?.label}`, rep.findings, 'text');
      });
    }

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const perMutation = [...stats.byMutation].map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`fuzz: ${stats.documents} documents, ${linted} linted through the CLI, ${stats.findings} findings, ${stats.exceptions.length} exceptions (seed ${FUZZ_SEED}, ${seconds} s; ${perMutation})`);
    expect(stats.exceptions.slice(0, 10), `seed ${FUZZ_SEED}: ${stats.exceptions.length} failures`).toEqual([]);
    expect(stats.documents).toBeGreaterThan(2000);
  }, 120_000);
});
