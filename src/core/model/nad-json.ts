// kubectl's `-o json` dumps read fast. JSON is YAML, and js-yaml's event parser reads a 20,000-NAD JSON dump
// at about half the speed of the same YAML (every key is a quoted scalar to decode); with JSON.parse and one
// scan a lint of it is twice as fast. The scan records where the objects and the few values the linter
// reads are (kind, metadata.name and .namespace, spec, spec.config, a List's items), with yaml's ranges.
// Anything else (tabs, a lone CR, a BOM, duplicate keys, pods and workloads) returns undefined: the event
// reader or yaml reads it.
// The differential test of nad-events.test.ts holds it to yaml's reading too.
import { documentObjects, lineTail, type ListItem, type NadDocument, type ObjectView } from './nad-object';
import { POD_KINDS } from './pod-networks';
import type { TextRange } from './text';

/** Thrown (and caught in readNadJson) where yaml's reading is not reproduced exactly. */
class Unsupported {}
const unsupported = (): never => {
  throw new Unsupported();
};

/** Where a value is: yaml's range of it (a string from its opening quote to past its closing one). */
interface Place {
  start: number;
  end: number;
  /** The places of an object's members by key, or an array's entries, where the linter reads them. */
  members?: Map<string, Place>;
  items?: Place[];
}

/** The keys whose values' places are kept, per depth of interest: a document, an item of a List, its metadata and spec. */
const KEPT = new Set(['kind', 'metadata', 'name', 'namespace', 'spec', 'config', 'items']);

const isSpace = (c: number) => c === 32 || c === 10 || c === 13;

/**
 * One pass over JSON text that JSON.parse read as `value`, walked beside it: each value's place, and
 * members' places kept for the keys above (to a depth of four: root → items → item → metadata/spec). Each
 * object's keys are counted, so a duplicate (JSON.parse keeps the last; yaml refuses it) shows against the
 * parsed object's key count.
 */
function scan(src: string, value: unknown): Place {
  let i = 0;
  const skip = () => {
    while (isSpace(src.charCodeAt(i))) i++;
  };
  const string = (): number => {
    // i at the opening quote; returns the index past the closing quote.
    let j = i + 1;
    for (;;) {
      const q = src.indexOf('"', j);
      if (q < 0) return unsupported();
      let backslashes = 0;
      for (let k = q - 1; src.charCodeAt(k) === 92; k--) backslashes++;
      if (backslashes % 2 === 0) return q + 1;
      j = q + 1;
    }
  };
  const node = (v: unknown, depth: number): Place => {
    skip();
    const start = i;
    const c = src.charCodeAt(i);
    if (c === 123) {
      // An object: its members in order; the parsed object says how many distinct keys it has.
      i++;
      const keep = depth < 4;
      const members = keep ? new Map<string, Place>() : undefined;
      let count = 0;
      skip();
      if (src.charCodeAt(i) !== 125) {
        for (;;) {
          skip();
          const keyStart = i;
          i = string();
          const raw = src.slice(keyStart + 1, i - 1);
          const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
          count++;
          skip();
          i++; // the colon
          const place = node(Object.hasOwn(v as object, key) ? (v as Record<string, unknown>)[key] : unsupported(), depth + 1);
          if (keep && KEPT.has(key)) members!.set(key, place);
          skip();
          if (src.charCodeAt(i) === 44) {
            i++;
            continue;
          }
          break;
        }
      }
      i++; // the closing brace
      if (Object.keys(v as object).length !== count) unsupported(); // a key given twice
      return { start, end: i, members };
    }
    if (c === 91) {
      i++;
      const keep = depth < 4;
      const items: Place[] | undefined = keep ? [] : undefined;
      skip();
      let n = 0;
      if (src.charCodeAt(i) !== 93) {
        for (;;) {
          const place = node((v as unknown[])[n], depth + 1);
          items?.push(place);
          n++;
          skip();
          if (src.charCodeAt(i) === 44) {
            i++;
            continue;
          }
          break;
        }
      }
      i++;
      return { start, end: i, items };
    }
    if (c === 34) {
      i = string();
      return { start, end: i };
    }
    // A number, true, false or null: up to the next delimiter.
    while (i < src.length && !isSpace(src.charCodeAt(i)) && !',]}'.includes(src[i]!)) i++;
    return { start, end: i };
  };
  const root = node(value, 0);
  skip();
  if (i !== src.length) unsupported();
  return root;
}

/** readObject's view of one object of the parsed JSON, with the places the scan kept. */
function jsonView(object: Record<string, unknown>, place: Place): ObjectView {
  const at = (path: readonly string[]): { value: unknown; place: Place | undefined } | undefined => {
    let value: unknown = object;
    let where: Place | undefined = place;
    for (const key of path) {
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
      value = (value as Record<string, unknown>)[key];
      where = where?.members?.get(key);
    }
    return { value, place: where };
  };
  const range = (path: readonly string[]): TextRange | undefined => {
    const found = at(path);
    if (!found) return undefined;
    const where = found.place ?? unsupported();
    return { start: where.start, end: where.end };
  };
  return {
    string: (path) => {
      const v = at(path)?.value;
      return typeof v === 'string' ? v : undefined;
    },
    has: (path) => at(path) !== undefined,
    range,
    stringScalar: (path) => {
      const found = at(path);
      if (!found) return undefined;
      if (typeof found.value !== 'string') return 'other';
      const where = found.place ?? unsupported();
      return { value: found.value, span: { type: 'QUOTE_DOUBLE', start: where.start, end: where.end } };
    },
    podNetworks: (kind) => (kind !== undefined && POD_KINDS.has(kind) ? unsupported() : undefined),
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** parseNadYaml's reading of a JSON text (kubectl's `-o json`), or undefined where the other readers must. */
export function readNadJson(src: string): NadDocument[] | undefined {
  const first = src.search(/\S/);
  // Tabs can only be white space between tokens in JSON, where yaml's rules and ours may differ: left to it.
  if (first < 0 || src[first] !== '{' || src.charCodeAt(0) === 0xfeff || /\r(?!\n)/.test(src) || src.includes('\t')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch {
    return undefined;
  }
  try {
    if (!isObject(value)) return undefined;
    const root = scan(src, value);
    const identity = (offset: number) => offset;
    const range = { start: src.lastIndexOf('\n', root.start - 1) + 1, end: lineTail(src, root.end) };
    const view = jsonView(value, root);
    const items = view.string(['kind'])?.endsWith('List') && Array.isArray(value.items) ? value.items : undefined;
    const places = items && items.length > 0 ? (root.members?.get('items')?.items ?? unsupported()) : [];
    const listed = items?.map((item, i): ListItem => {
      const place = places[i] ?? unsupported();
      return { view: isObject(item) ? jsonView(item, place) : undefined, range: { start: place.start, end: place.end } };
    });
    return documentObjects(0, range, view, listed, src, identity);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
}
