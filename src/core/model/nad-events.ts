// Whole-cluster dumps read fast. yaml's document model costs about 0.15 ms per NAD, most of a lint of
// `kubectl get network-attachment-definitions -A -o yaml`; js-yaml's event parser (a flat list of events
// with source offsets, and as strict: it passes the YAML test suite) reads the same text about five
// times faster. This reader builds from those events only what the linter reads, with the ranges yaml
// would give, and gives up (undefined: the caller reads the text with yaml) on whatever it would not
// reproduce exactly: any syntax error, anchors, aliases, tags, directives, flow collections with content,
// keep-chomped or indentation-indicated block scalars, duplicate keys, pods and workloads. A differential
// test holds it to yaml's reading on real and mutated inputs.
import { CHOMPING_MODE, COLLECTION_STYLE, EVENT_ID, getScalarValue, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { MAX_NESTING_DEPTH } from './depth';
import { documentObjects, lineTail, type ListItem, type NadDocument, type ObjectView, type ScalarSpan } from './nad-object';
import { POD_KINDS } from './pod-networks';
import type { TextRange } from './text';

/** Thrown (and caught in readNadEvents) wherever yaml's reading is not reproduced exactly. */
const UNSUPPORTED = new Error('outside what the event reader reproduces');
const unsupported = (): never => {
  throw UNSUPPORTED;
};

interface ScalarNode {
  kind: 'scalar';
  event: ScalarEvent;
  /** Undefined for an empty node (`key:` with nothing after it): yaml places it where no event does. */
  span: ScalarSpan | undefined;
}
interface MapNode {
  kind: 'map';
  start: number;
  style: number;
  /** Each key as its string; a plain key that is not a string in the core schema gets a prefix no lookup uses. */
  keys: string[];
  values: Node[];
  end: number;
}
interface SeqNode {
  kind: 'seq';
  start: number;
  style: number;
  items: Node[];
  end: number;
}
type Node = ScalarNode | MapNode | SeqNode;

// The YAML 1.2 core schema's plain scalars that are not strings, as yaml resolves them (its schema/core tags).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** The value a plain scalar has in the core schema, as yaml's String() of it (how its duplicate-key check compares keys). */
function coreKey(text: string): string {
  if (NULL.test(text)) return 'null';
  if (BOOL.test(text)) return String(text[0] === 't' || text[0] === 'T');
  if (INT.test(text)) return String(text.startsWith('0o') ? parseInt(text.slice(2), 8) : text.startsWith('0x') ? parseInt(text.slice(2), 16) : Number(text));
  if (FLOAT.test(text)) return String(/nan$/i.test(text) ? NaN : /inf$/i.test(text) ? (text[0] === '-' ? -Infinity : Infinity) : parseFloat(text));
  return text;
}
const isCoreString = (text: string) => !NULL.test(text) && !BOOL.test(text) && !INT.test(text) && !FLOAT.test(text);

/** A block scalar's body ends with its last content line; trailing empty lines are not part of yaml's range. */
function blockEnd(src: string, event: ScalarEvent): number {
  let j = event.valueEnd - 1;
  // Back over trailing lines of spaces, none deeper than the body (a deeper one is content).
  for (;;) {
    while (j >= event.valueStart && (src[j] === '\n' || src[j] === '\r')) j--;
    const lineEnd = j;
    while (j >= event.valueStart && src[j] === ' ') j--;
    if (j < event.valueStart) return unsupported(); // an empty body
    if (src[j] !== '\n') {
      j = lineEnd;
      break;
    }
    if (lineEnd - j > event.indent) return unsupported();
  }
  const nl = src.indexOf('\n', j);
  return nl < 0 ? src.length : nl + 1;
}

function scalarNode(src: string, event: ScalarEvent, key: ScalarNode | undefined): ScalarNode {
  if (event.anchorStart !== -1 || event.tagStart !== -1) return unsupported();
  if (event.valueStart < 0) return { kind: 'scalar', event, span: undefined };
  switch (event.style) {
    case SCALAR_STYLE.PLAIN:
      return { kind: 'scalar', event, span: { type: 'PLAIN', start: event.valueStart, end: event.valueEnd } };
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED: {
      const quote = event.style === SCALAR_STYLE.SINGLE_QUOTED ? "'" : '"';
      if (src[event.valueStart - 1] !== quote || src[event.valueEnd] !== quote) return unsupported();
      return { kind: 'scalar', event, span: { type: quote === "'" ? 'QUOTE_SINGLE' : 'QUOTE_DOUBLE', start: event.valueStart - 1, end: event.valueEnd + 1 } };
    }
    default: {
      // A block scalar: only as a mapping's value, its header "|" or ">" (with at most "-") right after the key's colon.
      if (event.chomping === CHOMPING_MODE.KEEP || !key?.span) return unsupported();
      let i = key.span.end;
      while (src[i] === ' ' || src[i] === '\t') i++;
      if (src[i] !== ':') return unsupported();
      i++;
      while (src[i] === ' ' || src[i] === '\t') i++;
      const literal = event.style === SCALAR_STYLE.LITERAL_BLOCK;
      if (src[i] !== (literal ? '|' : '>') || !/^[|>]-?[ \t]*(?:#[^\n]*)?\r?\n/.test(src.slice(i, src.indexOf('\n', i) + 1))) return unsupported();
      return { kind: 'scalar', event, span: { type: literal ? 'BLOCK_LITERAL' : 'BLOCK_FOLDED', start: i, end: blockEnd(src, event) } };
    }
  }
}

/** Where yaml ends a node: a block collection at its last entry's end, a scalar or empty flow collection past the rest of its line. */
function nodeEnd(src: string, node: Node): number {
  if (node.kind !== 'scalar') return node.style === COLLECTION_STYLE.FLOW ? lineTail(src, node.end) : node.end;
  if (!node.span) return unsupported();
  return node.span.type === 'BLOCK_LITERAL' || node.span.type === 'BLOCK_FOLDED' ? node.span.end : lineTail(src, node.span.end);
}

/** The range readObject reports for a node: yaml's [start, value end]. */
function nodeRange(src: string, node: Node): TextRange {
  if (node.kind !== 'scalar') return { start: node.start, end: node.end };
  if (!node.span) return unsupported();
  return { start: node.span.start, end: node.span.end };
}

const stringOf = (src: string, node: Node | undefined): string | undefined => {
  if (node?.kind !== 'scalar' || node.event.valueStart < 0) return undefined; // an empty node is null
  const value = getScalarValue(src, node.event);
  return node.event.style !== SCALAR_STYLE.PLAIN || isCoreString(value) ? value : undefined;
};

function finish(src: string, node: MapNode | SeqNode): void {
  const children = node.kind === 'map' ? node.values : node.items;
  if (node.kind === 'map' && node.keys.length !== node.values.length) unsupported();
  if (node.style !== COLLECTION_STYLE.FLOW) {
    node.end = nodeEnd(src, children[children.length - 1]!);
    return;
  }
  // A flow collection (kubectl's `-o json` is one) ends at its bracket, after its last entry and a comma.
  const last = children[children.length - 1];
  let i = last === undefined ? node.start + 1 : last.kind === 'scalar' ? (last.span ?? unsupported()).end : last.end;
  while (src[i] === ' ' || src[i] === '\n' || src[i] === '\r') i++;
  if (src[i] === ',' && last !== undefined) i++;
  while (src[i] === ' ' || src[i] === '\n' || src[i] === '\r') i++;
  if (src[i] !== (node.kind === 'map' ? '}' : ']')) unsupported();
  node.end = i + 1;
}

/** Keys of the large mappings, for the duplicate check (a small mapping compares its few keys). */
const keySets = new WeakMap<MapNode, Set<string>>();

function addKey(node: MapNode, key: string): void {
  const { keys } = node;
  let set = keySets.get(node);
  if (!set && keys.length >= 16) keySets.set(node, (set = new Set(keys)));
  if (set ? set.has(key) : keys.includes(key)) unsupported(); // yaml reports duplicates
  set?.add(key);
  keys.push(key);
}

interface Doc {
  explicit: boolean;
  root?: Node;
}

/** The documents of the event stream, as trees of the nodes above. */
function build(src: string, events: readonly Event[]): Doc[] {
  const docs: Doc[] = [];
  const stack: (MapNode | SeqNode)[] = [];
  let doc: Doc | undefined;
  const attach = (node: Node) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (!doc || doc.root) unsupported();
      doc!.root = node;
    } else if (parent.kind === 'seq') parent.items.push(node);
    else if (parent.keys.length === parent.values.length) {
      // A key that is not a scalar, or an empty one (js-yaml reads ": a: b" where yaml refuses it).
      if (node.kind !== 'scalar' || node.event.valueStart < 0) unsupported();
      const text = getScalarValue(src, (node as ScalarNode).event);
      addKey(parent, (node as ScalarNode).event.style === SCALAR_STYLE.PLAIN ? (isCoreString(text) ? text : `\u0000${coreKey(text)}`) : text);
      keyNodes.set(parent, node as ScalarNode);
    } else parent.values.push(node);
  };
  /** Each mapping's last key, for a block scalar value's header. */
  const keyNodes = new Map<MapNode, ScalarNode>();
  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (stack.length > 0 || event.directives.length > 0) unsupported();
        doc = { explicit: event.explicitStart };
        docs.push(doc);
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) unsupported();
        const node: MapNode | SeqNode = event.type === EVENT_ID.MAPPING ? { kind: 'map', start: event.start, style: event.style, keys: [], values: [], end: -1 } : { kind: 'seq', start: event.start, style: event.style, items: [], end: -1 };
        attach(node);
        stack.push(node);
        break;
      }
      case EVENT_ID.SCALAR: {
        const parent = stack[stack.length - 1];
        const key = parent?.kind === 'map' && parent.keys.length > parent.values.length ? keyNodes.get(parent) : undefined;
        attach(scalarNode(src, event, key));
        break;
      }
      case EVENT_ID.POP: {
        const node = stack.pop();
        if (node) finish(src, node);
        else doc = undefined;
        break;
      }
      default:
        unsupported(); // an alias
    }
  }
  return docs;
}

/** readObject's view of a mapping built here. */
function eventView(src: string, map: MapNode): ObjectView {
  const get = (path: readonly string[]): Node | undefined => {
    let node: Node | undefined = map;
    for (const key of path) {
      if (node?.kind !== 'map') return undefined;
      const i: number = node.keys.indexOf(key);
      node = i < 0 ? undefined : node.values[i];
    }
    return node;
  };
  return {
    string: (path) => stringOf(src, get(path)),
    has: (path) => get(path) !== undefined,
    range: (path) => {
      const node = get(path);
      return node && nodeRange(src, node);
    },
    stringScalar: (path) => {
      const node = get(path);
      if (node === undefined) return undefined;
      const value = stringOf(src, node);
      if (value === undefined) return 'other';
      return { value, span: (node as ScalarNode).span ?? unsupported() };
    },
    podNetworks: (kind) => (kind !== undefined && POD_KINDS.has(kind) ? unsupported() : undefined),
  };
}

/** Where yaml starts a document: at its "---" marker when it has one, else at the line its content starts on. */
function documentStart(src: string, doc: Doc, root: Node, after: number): number {
  const content = nodeRange(src, root).start;
  if (!doc.explicit) return src.lastIndexOf('\n', content - 1) + 1;
  const marker = src.lastIndexOf('---', content);
  if (marker < after || (marker > 0 && src[marker - 1] !== '\n')) return unsupported();
  return marker;
}

/** parseNadYaml's reading of `src` (free of lenient quotes and nesting beyond the limit), or undefined where only yaml reproduces it. */
export function readNadEvents(src: string): NadDocument[] | undefined {
  // A BOM would shift js-yaml's offsets; a lone CR is a line break to js-yaml (as in YAML 1.2) and not to
  // yaml; where tabs may start a line the two parsers' rules differ in places (yaml is the stricter).
  if (src.charCodeAt(0) === 0xfeff || /\r(?!\n)/.test(src) || /^ *\t/m.test(src)) return undefined;
  // yaml stretches a collection's range over comment lines that follow it; kubectl writes none, so only the
  // comments above the first content line are read here.
  if (/\n *#/.test(src.slice(src.search(/^ *[^\s#]/m)))) return undefined;
  try {
    const docs = build(src, parseEvents(src, { maxDepth: MAX_NESTING_DEPTH + 1 }));
    if (docs.length === 0) return undefined;
    const identity = (offset: number) => offset;
    const objects: NadDocument[] = [];
    let after = 0;
    for (const doc of docs) {
      const root = doc.root;
      if (root?.kind !== 'map') return undefined;
      const range = { start: documentStart(src, doc, root, after), end: nodeEnd(src, root) };
      after = range.end;
      const view = eventView(src, root);
      const items = view.string(['kind'])?.endsWith('List') ? root.values[root.keys.indexOf('items')] : undefined;
      const listed = items?.kind === 'seq' ? items.items.map((item): ListItem => ({ view: item.kind === 'map' ? eventView(src, item) : undefined, range: nodeRange(src, item) })) : undefined;
      objects.push(...documentObjects(objects.length, range, view, listed, src, identity));
    }
    return objects;
  } catch {
    return undefined; // a syntax error (yaml words it) or something this reader leaves to yaml
  }
}
