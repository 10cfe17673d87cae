// NetworkAttachmentDefinition YAML: finds each document's spec.config, and maps offsets inside that JSON
// string back to the YAML text so findings point at the right line and column of the user's file.
import { parseAllDocuments, isScalar, isMap, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { Finding } from '../validate/finding';
import { LineIndex, type TextRange } from './text';
import { nestingFinding, yamlNestingExcess } from './depth';
import { lenientQuotedLines, reindent, type LenientLine } from './go-yaml-quoted';
import { podNetworksAnnotation, POD_KINDS } from './pod-networks';

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
  range: TextRange;
  /** metadata.name's value. */
  nameRange?: TextRange;
  config?: NadConfig;
  /** A Pod's (or a workload's pod template's) k8s.v1.cni.cncf.io/networks annotation, as written. */
  podNetworks?: { text: string; range: TextRange };
  findings: Finding[];
}

/**
 * A literal block scalar's offsets in its value → offsets in the source, line by line: a line's content
 * sits at its source line past the body's indentation, and its line break at the source line's end.
 * One entry per line (a dump may map many configs). Undefined when the lines do not match one to one
 * (a folded scalar, or an indentation indicator), where the caller falls back.
 */
function blockMapper(src: string, node: Scalar, value: string): ((offset: number) => number) | undefined {
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  const [start, end] = node.range!;
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

function quotedMap(src: string, node: Scalar, value: string): number[] | undefined {
  const [start, end] = node.range!;
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

function offsetMapper(src: string, node: Scalar, value: string): (offset: number) => number {
  const [start] = node.range!;
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

/**
 * kubectl's `-o json`: a top-level object with a string apiVersion whose kind is a NAD or a list
 * (List, NetworkAttachmentDefinitionList, …), or a pod or workload; a CNI config has neither.
 */
export function looksLikeKubernetesJson(text: string): boolean {
  if (!/^\s*\{/.test(text) || !text.includes('"apiVersion"')) return false;
  let top: unknown;
  try {
    top = JSON.parse(text);
  } catch {
    return false;
  }
  const { apiVersion, kind } = (top ?? {}) as { apiVersion?: unknown; kind?: unknown };
  return typeof apiVersion === 'string' && typeof kind === 'string' && (kind === NAD_KIND || kind.endsWith('List') || POD_KINDS.has(kind));
}

/** How findings name a Kubernetes object: namespace/name, or the name alone when it has no namespace. */
export function objectName(o: { name?: string; namespace?: string }): string | undefined {
  if (o.name === undefined) return undefined;
  return o.namespace ? `${o.namespace}/${o.name}` : o.name;
}

export function looksLikeYaml(text: string): boolean {
  const head = text.replace(/^(\s*#[^\n]*\n)*\s*/, '');
  return /^(---|apiVersion\s*:|kind\s*:|metadata\s*:|spec\s*:)/.test(head);
}

/**
 * Duplicate keys: yaml's own check compares every pair of keys, so a mapping with 100,000 keys took two
 * minutes. Here a small map compares its few keys pairwise and a large one uses a Set; the walk is a plain
 * stack over maps and sequences (yaml's generic visitor costs a whole-cluster dump a tenth of its lint).
 * Scalar keys only, as Kubernetes' decoder compares them.
 */
function duplicateKeys(doc: Document.Parsed): { message: string; pos: [number, number] }[] {
  const found: { message: string; pos: [number, number] }[] = [];
  const repeated = (key: Scalar) => found.push({ message: `Map keys must be unique: "${String(key.value).slice(0, 80)}" is repeated`, pos: [key.range?.[0] ?? 0, key.range?.[1] ?? 0] });
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isMap(node)) {
      const pairs = node.items;
      if (pairs.length <= 16) {
        for (let i = 1; i < pairs.length; i++) {
          const key = pairs[i]!.key;
          if (!isScalar(key)) continue;
          const name = String(key.value);
          for (let j = 0; j < i; j++) {
            const other = pairs[j]!.key;
            if (isScalar(other) && String(other.value) === name) {
              repeated(key);
              break;
            }
          }
        }
      } else {
        const seen = new Set<string>();
        for (const pair of pairs) {
          if (!isScalar(pair.key)) continue;
          const name = String(pair.key.value);
          if (seen.has(name)) repeated(pair.key);
          seen.add(name);
        }
      }
      for (const pair of pairs) {
        stack.push(pair.key);
        stack.push(pair.value);
      }
    }
  }
  // In document order, as the visitor reported them.
  return found.sort((a, b) => a.pos[0] - b.pos[0]);
}

/** The finding for a quoted scalar only go-yaml reads (model/go-yaml-quoted.ts): kubectl accepts it, strict YAML tools do not. */
export const LENIENT_QUOTE_CODE = 'CNI025';

function lenientQuoteFinding(lines: readonly LenientLine[], src: string, index: LineIndex): Finding {
  const first = lines[0]!;
  const lineNumber = (offset: number) => index.position(offset).line;
  const tabs = lines.filter((l) => l.tab).length;
  const how = tabs === lines.length ? 'indented with tabs' : tabs > 0 ? 'indented with tabs or too little' : lines.every((l) => l.spaces === 0) ? 'starting in column 1' : 'indented too little';
  const last = lines[lines.length - 1]!;
  const which = lines.length === 1 ? `line ${lineNumber(first.line)}` : `${lines.length} lines (${lineNumber(first.line)} to ${lineNumber(last.line)})`;
  const end = src.indexOf('\n', first.line);
  return {
    code: LENIENT_QUOTE_CODE,
    severity: 'warning',
    message: `This quoted value continues on ${which} ${how}: kubectl (go-yaml) and Multus read it, but a strict YAML 1.2 parser ends the value there and refuses the file (each continuation line needs ${first.need} spaces before any tab). Indent those lines, or write the config as a block scalar ("config: |").`,
    pointer: '',
    range: { start: first.line, end: end < 0 ? src.length : end },
  };
}

export function parseNadYaml(src: string): NadDocument[] {
  // Before the composer (which recurses once per level) runs: refuse nesting beyond the limit.
  const excess = yamlNestingExcess(src);
  if (excess !== undefined) return [{ index: 0, range: { start: 0, end: src.length }, findings: [{ ...nestingFinding({ offset: excess }), document: 0 }] }];
  let docs = parseAllDocuments(src, { uniqueKeys: false });
  if (!Array.isArray(docs)) return [];
  // Quoted scalars read as go-yaml reads them: `text` is `src` with the lines only go-yaml accepts
  // indented. A strict parse without errors has none (the strict lexer ends such a scalar without its quote).
  const lenient = docs.some((d) => d.errors.length > 0) ? lenientQuotedLines(src) : [];
  const { text, toSource } = reindent(src, lenient);
  const at = (r: readonly [number, number, ...number[]]): TextRange => ({ start: toSource(r[0]), end: toSource(r[1]) });
  if (text !== src) {
    const more = yamlNestingExcess(text);
    if (more !== undefined) return [{ index: 0, range: { start: 0, end: src.length }, findings: [{ ...nestingFinding({ offset: toSource(more) }), document: 0 }] }];
    docs = parseAllDocuments(text, { uniqueKeys: false });
    if (!Array.isArray(docs)) return [];
  }
  const lineIndex = lenient.length > 0 ? new LineIndex(src) : undefined;
  const lenientByScalar = new Map<number, LenientLine[]>();
  for (const l of lenient) lenientByScalar.set(l.scalar, [...(lenientByScalar.get(l.scalar) ?? []), l]);
  const objects: NadDocument[] = [];
  for (const doc of docs) {
    const range = at(doc.range);
    const errors = doc.errors.length > 0 ? doc.errors : duplicateKeys(doc);
    const lenientHere = [...lenientByScalar].filter(([scalar]) => scalar >= range.start && scalar < range.end);
    const lenientFinding = (lines: LenientLine[], document: number) => ({ ...lenientQuoteFinding(lines, src, lineIndex!), document });
    const index = objects.length;
    if (errors.length > 0) {
      const findings: Finding[] = errors.map((e) => {
        const where = { start: toSource(e.pos[0]), end: Math.max(toSource(e.pos[1]), toSource(e.pos[0]) + 1) };
        // The yaml composer turns a stack overflow into this error; the scan above should prevent it.
        if ('code' in e && e.code === 'RESOURCE_EXHAUSTION') return { ...nestingFinding({ offset: where.start }), document: index };
        return { code: 'CNI020', severity: 'error' as const, message: `Not valid YAML: ${e.message.split('\n')[0]}`, pointer: '', range: where, document: index };
      });
      for (const [, lines] of lenientHere) findings.push(lenientFinding(lines, index));
      objects.push({ index, range, findings });
      continue;
    }
    const contents = doc.contents;
    const items = isMap(contents) ? listItems(contents) : undefined;
    const read: NadDocument[] = [];
    if (!isMap(contents)) {
      const findings: Finding[] = contents === null ? [] : [{ code: 'CNI024', severity: 'warning', message: 'This YAML document is not a Kubernetes object; it was skipped.', pointer: '', range, document: index }];
      read.push({ index, range, findings });
    } else if (items === undefined) {
      read.push(readObject(contents, index, range, at, text, toSource));
    } else if (items.length === 0) {
      read.push({ index, range, kind: String(contents.get('kind')), findings: [] }); // an empty dump: nothing to check
    } else {
      // kubectl's `get -o yaml` of several objects: a List whose items are objects of their own.
      for (const item of items) {
        const where = (item as { range?: [number, number, number] } | null)?.range;
        const itemRange = where ? at(where) : range;
        read.push(isMap(item) ? readObject(item, index + read.length, itemRange, at, text, toSource) : notAnObject(index + read.length, itemRange));
      }
    }
    for (const [scalar, lines] of lenientHere) {
      const owner = read.find((o) => scalar >= o.range.start && scalar < o.range.end) ?? read[0]!;
      owner.findings.push(lenientFinding(lines, owner.index));
    }
    objects.push(...read);
  }
  return objects;
}

/** The items of a List (`kind: List`, or any `…List` such as NetworkAttachmentDefinitionList), else undefined. */
function listItems(map: YAMLMap): unknown[] | undefined {
  const kind = map.get('kind');
  if (typeof kind !== 'string' || !kind.endsWith('List')) return undefined;
  const items = map.get('items', true);
  return isSeq(items) ? items.items : undefined;
}

function notAnObject(index: number, range: TextRange): NadDocument {
  return { index, range, findings: [{ code: 'CNI024', severity: 'warning', message: 'This list item is not a Kubernetes object; it was skipped.', pointer: '', range, document: index }] };
}

/** One Kubernetes object: a top-level document or an item of a List, read the same way. */
function readObject(map: YAMLMap, index: number, range: TextRange, at: (r: readonly [number, number, ...number[]]) => TextRange, text: string, toSource: (offset: number) => number): NadDocument {
  const findings: Finding[] = [];
  const out: NadDocument = { index, range, findings };
  const str = (path: string[]) => {
    const v = map.getIn(path);
    return typeof v === 'string' ? v : undefined;
  };
  out.kind = str(['kind']);
  out.name = str(['metadata', 'name']);
  out.namespace = str(['metadata', 'namespace']);
  const nodeRange = (path: string[]): TextRange => {
    const n = map.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return n?.range ? at(n.range) : range;
  };
  if (out.name !== undefined) out.nameRange = nodeRange(['metadata', 'name']);
  if (out.kind !== NAD_KIND) {
    const networks = podNetworksAnnotation(map, out.kind);
    if (networks) {
      out.podNetworks = { text: networks.value, range: at(networks.range) };
      return out;
    }
    if (out.kind !== undefined && POD_KINDS.has(out.kind)) return out; // read for the references (it has none)
    findings.push({
      code: 'CNI024',
      severity: 'warning',
      message: `This document is a ${out.kind ?? 'object without a kind'}, not a ${NAD_KIND}; it was skipped.`,
      pointer: '',
      range: nodeRange(['kind']),
      document: index,
    });
    return out;
  }
  const configNode = map.getIn(['spec', 'config'], true);
  if (configNode === undefined) {
    findings.push({
      code: 'CNI022',
      severity: 'info',
      message: `${NAD_KIND} "${out.name ?? '?'}" has no spec.config: Multus then reads the config from a file named after it in its conf directory on each node; there is nothing here to check.`,
      pointer: '',
      range: nodeRange(map.hasIn(['spec']) ? ['spec'] : ['metadata', 'name']),
      document: index,
    });
    return out;
  }
  if (!isScalar(configNode) || typeof configNode.value !== 'string') {
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
  const value = configNode.value;
  const inText = offsetMapper(text, configNode, value);
  out.config = { text: value, toSource: (offset) => toSource(inText(offset)), range: at(configNode.range!) };
  return out;
}
