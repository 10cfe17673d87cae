// One Kubernetes object read into what the linter checks (kind, name, namespace, spec.config and where each
// is), whichever YAML reader found it: yaml's document model (nad.ts) or js-yaml's event stream
// (nad-events.ts) reach it through an ObjectView. Offsets inside the config string map back to the text.
import type { Finding } from '../validate/finding';
import type { TextRange } from './text';
import { POD_KINDS } from './pod-networks';

export const NAD_KIND = 'NetworkAttachmentDefinition';

export interface NadConfig {
  text: string;
  /** Maps an offset in `text` to an offset in the YAML source. */
  toSource(offset: number): number;
  range: TextRange;
}

export interface NadDocument {
  index: number;
  kind?: string;
  name?: string;
  namespace?: string;
  /** The k8s.v1.cni.cncf.io/resourceName annotation (the device plugin's resource the network asks for). */
  resourceName?: string;
  range: TextRange;
  /** metadata.name's value. */
  nameRange?: TextRange;
  config?: NadConfig;
  /** A Pod's (or a workload's pod template's) k8s.v1.cni.cncf.io/networks annotation, as written. */
  podNetworks?: { text: string; range: TextRange };
  findings: Finding[];
}

/** A scalar's style and where it sits in the text (from its first character, a quote or a block header). */
export interface ScalarSpan {
  type: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
  start: number;
  /** Past its last character: a closing quote, or a block body's last line break. */
  end: number;
}

/**
 * A literal block scalar's offsets in its value → offsets in the source, line by line: a line's content
 * sits at its source line past the body's indentation, and its line break at the source line's end.
 * One entry per line (a dump may map many configs). Undefined when the lines do not match one to one
 * (a folded scalar, or an indentation indicator), where the caller falls back.
 */
function blockMapper(src: string, node: ScalarSpan, value: string): ((offset: number) => number) | undefined {
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  const { start, end } = node;
  const bodyStart = src.indexOf('\n', start) + 1;
  if (bodyStart <= 0) return undefined;
  // The body's source lines (a body ending in a line break has an empty last line).
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let s = bodyStart; ; ) {
    const nl = src.indexOf('\n', s);
    const e = nl < 0 || nl >= end ? end : nl;
    starts.push(s);
    // A CRLF line's content ends before its CR (the value has plain line feeds): its break maps to the CR.
    lengths.push(e > s && src.charCodeAt(e - 1) === 13 ? e - s - 1 : e - s);
    if (e >= end) break;
    s = e + 1;
  }
  const first = starts.findIndex((s, i) => src.slice(s, s + lengths[i]!).trim() !== '');
  const indent = first < 0 ? 0 : lengths[first]! - src.slice(starts[first]!, starts[first]! + lengths[first]!).trimStart().length;
  const contentLength = (i: number) => Math.max(0, lengths[i]! - indent);
  // The value must hold the same lines (its last, after the final break, is not compared).
  let line = 0;
  for (let v = 0; ; line++) {
    const nl = value.indexOf('\n', v);
    if (nl < 0) break;
    const own = line < starts.length ? src.slice(starts[line]! + indent, starts[line]! + indent + contentLength(line)) : '';
    if (value.slice(v, nl) !== own) return undefined;
    v = nl + 1;
  }
  // Where each source line's content begins in the value.
  const valueStarts: number[] = [];
  let total = 0;
  for (let i = 0; i < starts.length; i++) {
    valueStarts.push(total);
    total += contentLength(i) + 1;
  }
  const last = starts.length - 1;
  return (offset) => {
    if (offset >= total) return starts[last]! + lengths[last]! + 1;
    const o = Math.max(0, offset);
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (valueStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    const column = o - valueStarts[lo]!;
    return column < contentLength(lo) ? starts[lo]! + indent + column : starts[lo]! + lengths[lo]!;
  };
}

function quotedMap(src: string, node: ScalarSpan, value: string): number[] | undefined {
  const { start, end } = node;
  const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
  const map: number[] = [];
  let i = quoted ? start + 1 : start;
  const stop = quoted ? end - 1 : end;
  while (i < stop) {
    const c = src[i]!;
    if (node.type === 'QUOTE_DOUBLE' && c === '\\') {
      const n = src[i + 1];
      if (n === '\n' || n === '\r') {
        i += 2;
        while (i < stop && (src[i] === ' ' || src[i] === '\t' || src[i] === '\n' || src[i] === '\r')) i++;
        continue;
      }
      const width = n === 'x' ? 4 : n === 'u' ? 6 : n === 'U' ? 10 : 2;
      const units = n === 'U' && parseInt(src.slice(i + 2, i + 10), 16) > 0xffff ? 2 : 1;
      for (let k = 0; k < units; k++) map.push(i);
      i += width;
      continue;
    }
    if (node.type === 'QUOTE_SINGLE' && c === "'" && src[i + 1] === "'") {
      map.push(i);
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t') {
      let j = i;
      while (j < stop && (src[j] === ' ' || src[j] === '\t')) j++;
      if (src[j] === '\n' || src[j] === '\r') {
        i = j; // trailing white space before a line fold is dropped
        continue;
      }
    }
    if (c === '\n' || c === '\r') {
      let breaks = 0;
      let j = i;
      while (j < stop && /[\s]/.test(src[j]!)) {
        if (src[j] === '\n') breaks++;
        j++;
      }
      if (breaks <= 1) map.push(i);
      else for (let k = 1; k < breaks; k++) map.push(i);
      i = j;
      continue;
    }
    map.push(i);
    i++;
  }
  return map.length === value.length ? map : undefined;
}

function offsetMapper(src: string, node: ScalarSpan, value: string): (offset: number) => number {
  const { start } = node;
  // Built on the first finding that needs it: most configs of a dump have none.
  let mapper: ((offset: number) => number) | undefined | null = null;
  return (offset) => {
    if (mapper === null) mapper = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? blockMapper(src, node, value) : arrayMapper(quotedMap(src, node, value));
    return mapper ? mapper(offset) : start;
  };
}

/** A map of one source offset per character of the value, as a mapper (past its end: one past its last). */
function arrayMapper(map: number[] | undefined): ((offset: number) => number) | undefined {
  if (!map || map.length === 0) return undefined;
  return (offset) => (offset < map.length ? map[Math.max(0, offset)]! : map[map.length - 1]! + 1);
}

function notAnObject(index: number, range: TextRange): NadDocument {
  return { index, range, findings: [{ code: 'CNI024', severity: 'warning', message: 'This list item is not a Kubernetes object; it was skipped.', pointer: '', range, document: index }] };
}

type Path = readonly string[];

/** What readObject asks of one object; ranges are in the text the reader parsed (`toSource` maps them back). */
export interface ObjectView {
  /** The value at `path` when it is a string. */
  string(path: Path): string | undefined;
  has(path: Path): boolean;
  /** Where the node at `path` is, when there is one. */
  range(path: Path): TextRange | undefined;
  /** The node at `path`: undefined when absent, 'other' when it is not a string scalar. */
  stringScalar(path: Path): { value: string; span: ScalarSpan } | 'other' | undefined;
  /** A pod's or workload's networks annotation (pod-networks.ts), when it has one. */
  podNetworks(kind: string | undefined): { text: string; range: TextRange } | undefined;
}

/** One Kubernetes object: a top-level document or an item of a List, read the same way. */
function readObject(view: ObjectView, index: number, range: TextRange, text: string, toSource: (offset: number) => number): NadDocument {
  const findings: Finding[] = [];
  const out: NadDocument = { index, range, findings };
  const at = (r: TextRange): TextRange => ({ start: toSource(r.start), end: toSource(r.end) });
  const nodeRange = (path: Path): TextRange => {
    const r = view.range(path);
    return r ? at(r) : range;
  };
  out.kind = view.string(['kind']);
  out.name = view.string(['metadata', 'name']);
  out.namespace = view.string(['metadata', 'namespace']);
  const resourceName = view.string(['metadata', 'annotations', 'k8s.v1.cni.cncf.io/resourceName']);
  if (resourceName !== undefined) out.resourceName = resourceName;
  if (out.name !== undefined) out.nameRange = nodeRange(['metadata', 'name']);
  if (out.kind !== NAD_KIND) {
    const networks = view.podNetworks(out.kind);
    if (networks) {
      out.podNetworks = { text: networks.text, range: at(networks.range) };
      return out;
    }
    if (out.kind !== undefined && POD_KINDS.has(out.kind)) return out; // read for the references (it has none)
    findings.push({
      code: 'CNI024',
      severity: 'warning',
      message: `This document ${out.kind === undefined ? 'has no kind' : `is of kind ${out.kind}`}, not a ${NAD_KIND}; it was skipped.`,
      pointer: '',
      range: nodeRange(['kind']),
      document: index,
    });
    return out;
  }
  const config = view.stringScalar(['spec', 'config']);
  if (config === undefined) {
    findings.push({
      code: 'CNI022',
      severity: 'info',
      message: `${NAD_KIND} "${out.name ?? '?'}" has no spec.config: Multus then reads the config from a file named after it in its conf directory on each node; there is nothing here to check.`,
      pointer: '',
      range: nodeRange(view.has(['spec']) ? ['spec'] : ['metadata', 'name']),
      document: index,
    });
    return out;
  }
  if (config === 'other') {
    findings.push({
      code: 'CNI021',
      severity: 'error',
      message: 'spec.config must be a string holding the CNI JSON (use a block scalar "config: |"); Multus does not read a YAML mapping here.',
      pointer: '',
      range: nodeRange(['spec', 'config']),
      document: index,
    });
    return out;
  }
  const { value, span } = config;
  const inText = offsetMapper(text, span, value);
  out.config = { text: value, toSource: (offset) => toSource(inText(offset)), range: at({ start: span.start, end: span.end }) };
  return out;
}

/** One item of a List as a reader found it: a view when it is a mapping (else it is not an object), and its range. */
export interface ListItem {
  view: ObjectView | undefined;
  range: TextRange;
}

/**
 * The objects of one document, numbered from `index`: each item of a List (kind `List` or any `…List`
 * whose `items` is a sequence: kubectl's `get -o yaml` of several objects), one entry for an empty List
 * (an empty dump: nothing to check), else the document itself, read by readObject.
 */
export function documentObjects(index: number, range: TextRange, root: ObjectView, items: readonly ListItem[] | undefined, text: string, toSource: (offset: number) => number): NadDocument[] {
  if (items === undefined) return [readObject(root, index, range, text, toSource)];
  if (items.length === 0) return [{ index, range, kind: root.string(['kind']), findings: [] }];
  const at = (r: TextRange): TextRange => ({ start: toSource(r.start), end: toSource(r.end) });
  return items.map((item, i) => (item.view ? readObject(item.view, index + i, at(item.range), text, toSource) : notAnObject(index + i, at(item.range))));
}

/** Past trailing blanks, a comment and one line break: where yaml ends a node that closes its line. */
export function lineTail(src: string, i: number): number {
  while (src[i] === ' ' || src[i] === '\t') i++;
  if (src[i] === '#') {
    const nl = src.indexOf('\n', i);
    i = nl < 0 ? src.length : nl;
  }
  if (src[i] === '\r' && src[i + 1] === '\n') return i + 2;
  return src[i] === '\n' ? i + 1 : i;
}
