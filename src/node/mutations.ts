// The seeded mutation machinery shared by the fuzz campaigns (src/node/fuzz.test.ts over every reader,
// src/webhook/fuzz.test.ts over the admission webhook): a PRNG, the samples (real fixtures and templates),
// mutations of a parsed document and of text. Every mutation draws from the one PRNG in a fixed order, so
// a seed replays the same sequence.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pluginList, isJsonObject, MAX_NESTING_DEPTH, parseSource, serializeConflist, TEMPLATES, toNadYaml, type JsonObject, type JsonValue } from '../core';
import { REAL_FIXTURES } from './fixtures';

/** mulberry32: a tiny seeded PRNG, so every run mutates the same way for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BUILTINS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'];
export const ODD_STRINGS = ['', ' ', '../bin/sh', '.', '..', 'a\u0000b', '\uFFFD', 'é', '😀', 'x'.repeat(300), '0', 'true', '10.0.0.0/8', '::/0', 'bridge ', 'BRIDGE', 'host-local'];
export const HUGE_NUMBERS = ['1e308', '-1e308', '1e400', '-1e400', '18446744073709551616', '9007199254740993', '0.1e-400', '-0', '1.5', '123456789012345678901234567890', '4294967296', '-1'];

export interface Sample {
  name: string;
  /** A conflist as text (a fixture's own text, or a template serialized). */
  text: string;
  fileName: string;
  doc?: JsonObject;
}

export function samples(): Sample[] {
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

export type Rand = () => number;
export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

/** Every container in a value with its path, for picking a place to mutate. */
export function containers(value: JsonValue, path: (string | number)[] = [], out: { node: JsonValue[] | JsonObject; path: (string | number)[] }[] = []) {
  if (Array.isArray(value)) {
    out.push({ node: value, path });
    value.forEach((v, i) => containers(v, [...path, i], out));
  } else if (isJsonObject(value)) {
    out.push({ node: value, path });
    for (const [k, v] of Object.entries(value)) containers(v, [...path, k], out);
  }
  return out;
}

export const clone = (v: JsonValue): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

export function setOwn(obj: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

export function nested(rand: Rand, depth: number): JsonValue {
  let v: JsonValue = pick(rand, [1, 'x', null, true]);
  for (let i = 0; i < depth; i++) v = rand() < 0.5 ? [v] : { [pick(rand, ['a', 'type', 'ipam', '__proto__'])]: v };
  return v;
}

export function randomValue(rand: Rand): JsonValue {
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

/** Collects parts of the samples' documents for the graft mutation (a draw per candidate, in order). */
export function collectGrafts(all: readonly Sample[], rand: Rand): void {
  for (const s of all) {
    for (const c of s.doc ? containers(s.doc) : []) if (c.path.length >= 2 && c.path.length <= 5 && rand() < 0.2) GRAFTS.push(clone(c.node));
  }
}

/** Mutations of the parsed document: each returns a description and the mutated document. */
export const VALUE_MUTATIONS: [string, (doc: JsonObject, rand: Rand) => JsonValue][] = [
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
export const TEXT_MUTATIONS: [string, (text: string, rand: Rand) => string][] = [
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

export function insertAt(text: string, rand: Rand, what: string): string {
  const at = Math.floor(rand() * (text.length + 1));
  return text.slice(0, at) + what + text.slice(at);
}
