// NetworkAttachmentDefinition YAML: finds each document's spec.config, and maps offsets inside that JSON
// string back to the YAML text so findings point at the right line and column of the user's file.
import { parseAllDocuments, isAlias, isScalar, isMap, isSeq, type Document, type Scalar, type YAMLMap } from 'yaml';
import type { Finding } from '../validate/finding';
import { LineIndex, type TextRange } from './text';
import { nestingFinding, yamlNestingExcess } from './depth';
import { lenientQuotedLines, reindent, type LenientLine } from './go-yaml-quoted';
import { podNetworksAnnotation, POD_KINDS } from './pod-networks';
import { documentObjects, NAD_KIND, type ListItem, type NadDocument, type ObjectView, type ScalarSpan } from './nad-object';
import { readNadEvents } from './nad-events';
import { readNadJson } from './nad-json';

export { NAD_KIND, type NadConfig, type NadDocument } from './nad-object';

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

/** `eventReader: false` reads with yaml alone (the differential test compares the readings). */
export function parseNadYaml(src: string, { eventReader = true }: { eventReader?: boolean } = {}): NadDocument[] {
  // Before the composer (which recurses once per level) runs: refuse nesting beyond the limit.
  const excess = yamlNestingExcess(src);
  if (excess !== undefined) return [{ index: 0, range: { start: 0, end: src.length }, findings: [{ ...nestingFinding({ offset: excess }), document: 0 }] }];
  const fast = eventReader ? (readNadJson(src) ?? readNadEvents(src)) : undefined;
  if (fast) return fast;
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
      // An empty document (a trailing "---", as kubectl and helm print) holds nothing to skip.
      const empty = contents === null || (isScalar(contents) && contents.value === null);
      const findings: Finding[] = empty ? [] : [{ code: 'CNI024', severity: 'warning', message: 'This YAML document is not a Kubernetes object; it was skipped.', pointer: '', range, document: index }];
      read.push({ index, range, findings });
    } else {
      const listed = items?.map((item): ListItem => {
        const where = (item as { range?: [number, number, number] } | null)?.range;
        // A range in the text yaml read (documentObjects maps it back); an item without one is given the document's.
        return { view: isMap(item) ? yamlView(item, doc) : undefined, range: { start: (where ?? doc.range)[0], end: (where ?? doc.range)[1] } };
      });
      read.push(...documentObjects(index, range, yamlView(contents, doc), listed, text, toSource));
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

const SCALAR_TYPES: Readonly<Record<string, ScalarSpan['type']>> = { PLAIN: 'PLAIN', QUOTE_DOUBLE: 'QUOTE_DOUBLE', QUOTE_SINGLE: 'QUOTE_SINGLE', BLOCK_LITERAL: 'BLOCK_LITERAL', BLOCK_FOLDED: 'BLOCK_FOLDED' };

/** readObject's view of a mapping of yaml's document model. */
function yamlView(map: YAMLMap, doc: Document.Parsed): ObjectView {
  // An alias (`config: *c`) reads as the node it names, as Kubernetes' YAML reader resolves it.
  const node = (path: readonly string[]) => {
    const n = map.getIn(path, true);
    return (isAlias(n) ? n.resolve(doc) : n) as { range?: [number, number, number] } | undefined;
  };
  return {
    string: (path) => {
      const n = node(path);
      const v = isScalar(n) ? n.value : undefined;
      return typeof v === 'string' ? v : undefined;
    },
    has: (path) => map.hasIn(path),
    range: (path) => {
      const r = node(path)?.range;
      return r ? { start: r[0], end: r[1] } : undefined;
    },
    stringScalar: (path) => {
      const n = node(path);
      if (n === undefined) return undefined;
      if (!isScalar(n) || typeof n.value !== 'string' || !n.range) return 'other';
      return { value: n.value, span: { type: SCALAR_TYPES[(n as Scalar).type ?? 'PLAIN'] ?? 'PLAIN', start: n.range[0], end: n.range[1] } };
    },
    podNetworks: (kind) => {
      const networks = podNetworksAnnotation(map, kind);
      return networks && { text: networks.value, range: { start: networks.range[0], end: networks.range[1] } };
    },
  };
}
