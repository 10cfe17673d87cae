// Tolerant JSON parsing with source positions. Comments and trailing commas still parse (so a user's
// work is never thrown away) but become findings, because runtimes read strict JSON. Strict JSON (nearly
// every real config) takes a fast path: the engine's JSON.parse gives the value, and the position tree is
// built only when something asks where a pointer is (a finding) or a key may be written twice.
import { createScanner, parseTree, printParseErrorCode, findNodeAtLocation, type Node, type ParseError } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values, named.
const Token = { CloseBrace: 2, CloseBracket: 4, Comma: 5, LineComment: 12, BlockComment: 13, LineBreak: 14, Trivia: 15, EOF: 17 } as const;
import type { Finding } from '../validate/finding';
import type { TextRange } from './text';
import { escapeSegment, parsePointer } from './pointer';
import { nestingFinding, scanJsonText } from './depth';
import { locateInStrictJson } from './json-locate';
import type { JsonValue } from './types';

export interface DuplicateKey {
  /** Pointer of the object holding the key twice. */
  objectPointer: string;
  key: string;
  /** Range of the earlier (overridden) key. */
  range: TextRange;
}

export interface JsonSource {
  text: string;
  /** The position tree (built on first use for strict JSON). */
  readonly tree: Node | undefined;
  /** Where the top-level value starts. */
  rootOffset: number;
  value: JsonValue | undefined;
  /** Syntax findings; `fatal` when the text is not JSON even tolerantly (nothing further is checked). */
  findings: Finding[];
  fatal: boolean;
  duplicateKeys: DuplicateKey[];
  /** No number was written in a form that can exceed a float64 (no exponent, no 309-digit run): CNI013 has nothing to look for. */
  finiteNumbers?: boolean;
  locate(pointer: string, target?: 'key' | 'value'): TextRange | undefined;
}

const PARSE_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a missing property name (keys must be double-quoted strings)',
  ValueExpected: 'a missing value',
  ColonExpected: "a missing ':' after a key",
  CommaExpected: "a missing ',' between items",
  CloseBraceExpected: "a missing '}'",
  CloseBracketExpected: "a missing ']'",
  EndOfFileExpected: 'text after the end of the JSON document',
  InvalidCommentToken: 'an unterminated comment',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'an invalid unicode escape',
  InvalidEscapeCharacter: 'an invalid escape sequence (only \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)',
  InvalidCharacter: 'a control character inside a string',
};

/** Builds the value from the tree with own properties only (a "__proto__" key stays a plain key). */
function nodeValue(node: Node): JsonValue {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, JsonValue> = {};
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || !valueNode) continue;
        Object.defineProperty(obj, String(keyNode.value), { value: nodeValue(valueNode), enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as JsonValue;
  }
}

function scanTrivia(text: string, findings: Finding[]): void {
  const scanner = createScanner(text, false);
  let lastSignificant: { kind: number; offset: number } | undefined;
  for (let kind = scanner.scan(); kind !== Token.EOF; kind = scanner.scan()) {
    const offset = scanner.getTokenOffset();
    const length = scanner.getTokenLength();
    if (kind === Token.LineComment || kind === Token.BlockComment) {
      findings.push({
        code: 'CNI002',
        severity: 'error',
        message: 'Comments are not allowed: runtimes parse conflists as strict JSON and reject the whole file.',
        pointer: '',
        range: { start: offset, end: offset + length },
        fix: { title: 'Remove the comment', edits: [{ offset, length, content: '' }] },
      });
      continue;
    }
    if (kind === Token.Trivia || kind === Token.LineBreak) continue;
    if ((kind === Token.CloseBrace || kind === Token.CloseBracket) && lastSignificant?.kind === Token.Comma) {
      const at = lastSignificant.offset;
      findings.push({
        code: 'CNI003',
        severity: 'error',
        message: 'Trailing comma before the closing bracket: strict JSON (what runtimes read) does not allow it.',
        pointer: '',
        range: { start: at, end: at + 1 },
        fix: { title: 'Remove the trailing comma', edits: [{ offset: at, length: 1, content: '' }] },
      });
    }
    lastSignificant = { kind, offset };
  }
}

function pointerOfNode(node: Node): string {
  const segments: string[] = [];
  let current: Node | undefined = node;
  while (current?.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'property') {
      segments.unshift(String(parent.children?.[0]?.value ?? ''));
      current = parent.parent;
    } else if (parent.type === 'array') {
      segments.unshift(String(parent.children?.indexOf(current) ?? 0));
      current = parent;
    } else {
      current = parent;
    }
  }
  return segments.map((s) => '/' + escapeSegment(s)).join('');
}

function findDuplicateKeys(node: Node | undefined, out: DuplicateKey[]): void {
  if (!node) return;
  if (node.type === 'object') {
    const seen = new Map<string, Node>();
    for (const prop of node.children ?? []) {
      const keyNode = prop.children?.[0];
      if (!keyNode) continue;
      const key = String(keyNode.value);
      const earlier = seen.get(key);
      if (earlier) out.push({ objectPointer: pointerOfNode(node), key, range: { start: earlier.offset, end: earlier.offset + earlier.length } });
      seen.set(key, keyNode);
    }
  }
  for (const child of node.children ?? []) findDuplicateKeys(child, out);
}

/** Text nested too deep to parse (the parser recurses once per level): one finding where the limit is exceeded. */
function tooDeep(text: string, offset: number): JsonSource {
  return { text, tree: undefined, rootOffset: 0, value: undefined, findings: [nestingFinding({ offset })], fatal: true, duplicateKeys: [], locate: () => undefined };
}

/** Lookups answered by scanning before the position tree is built for the rest. */
const SCANNED_LOCATES = 4;

const TREE_OPTIONS = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true } as const;

/** Keys of every object in a parsed value (a repeated key counts once: JSON.parse keeps the last). */
function keyCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let n = 0;
  if (Array.isArray(value)) for (const item of value) n += keyCount(item);
  // for…in lists no array per object (JSON.parse's objects have only own, enumerable keys).
  else for (const key in value) if (Object.hasOwn(value, key)) n += 1 + keyCount((value as Record<string, unknown>)[key]);
  return n;
}

export function parseJsonSource(text: string): JsonSource {
  // Before anything recursive runs: refuse nesting beyond the limit, at the bracket that exceeds it.
  const scan = scanJsonText(text);
  if (scan.excess !== undefined) return tooDeep(text, scan.excess);
  let value: JsonValue;
  try {
    // Own data properties, a "__proto__" key included; a repeated key's last value, as nodeValue reads it.
    value = JSON.parse(text) as JsonValue;
  } catch {
    return tolerantSource(text);
  }
  // Strict JSON: no comment, trailing comma or syntax error to report (JSON.parse refuses them all).
  const source = new StrictJsonSource(text, value, !scan.mayOverflow);
  if (keyCount(value) !== scan.keys) findDuplicateKeys(source.tree, source.duplicateKeys);
  if (scan.longDigits || scan.mayOverflow) findRoundedNumbers(text, source.tree, source.findings);
  return source;
}

/** A JSON number's decimal value as significant digits and a power of ten, to compare two texts exactly. */
function decimalValue(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  let digits = m[2]! + (m[3] ?? '');
  let exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  digits = digits.replace(/^0+/, '');
  const trailing = digits.length - digits.replace(/0+$/, '').length;
  digits = digits.slice(0, digits.length - trailing);
  exp += trailing;
  return digits === '' ? '0' : `${m[1]}${digits}e${exp}`;
}

/**
 * Numbers a float64 rounds: libcni decodes the list into interface{} values, every number a float64, and
 * encodes each plugin's config again from them, so the plugin gets the nearest float64 printed as Go prints
 * it (the shortest text that reads back the same, as JSON.stringify's), as this value and every text made
 * from it (preview, export) hold it. An integer beyond 2^53, or a fraction written past a float64's
 * precision ("9007199254740993.0", "1.00000000000000001"), or one too small for it ("1e-400" reaches the plugin as 0,
 * "7e-324" as 5e-324). Said, not silently done.
 */
function findRoundedNumbers(text: string, tree: Node | undefined, findings: Finding[]): void {
  const stack: [Node, string][] = tree ? [[tree, '']] : [];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop()!;
    if (node.type === 'number') {
      const written = text.slice(node.offset, node.offset + node.length);
      // Fewer than 16 digits and no exponent: a float64 holds the number as written (the nearest reads back the same).
      if ((written.replace(/[eE].*$|[^0-9]/g, '').length < 16 && !/[eE]/.test(written)) || !Number.isFinite(node.value)) continue;
      const read = JSON.stringify(node.value);
      if (decimalValue(written) === decimalValue(read)) continue;
      // Go prints a negative zero as -0; JSON.stringify as 0.
      const goRead = Object.is(node.value, -0) ? '-0' : read;
      findings.push({
        code: 'CNI014',
        severity: 'warning',
        message: `A 64-bit float cannot hold ${written} exactly: libcni reads every number of the list as one and writes each plugin's config again from it, so the plugin gets ${goRead}. CNI Studio shows and exports it as ${read}${goRead === read ? ' too' : ''}.`,
        pointer,
        range: { start: node.offset, end: node.offset + node.length },
      });
    } else if (node.type === 'object') {
      // Pushed last to first, so findings come in the text's order.
      const properties = node.children ?? [];
      for (let i = properties.length - 1; i >= 0; i--) {
        const [key, value] = properties[i]!.children ?? [];
        if (key && value) stack.push([value, `${pointer}/${escapeSegment(String(key.value))}`]);
      }
    } else if (node.type === 'array') {
      const items = node.children ?? [];
      for (let i = items.length - 1; i >= 0; i--) stack.push([items[i]!, `${pointer}/${i}`]);
    }
  }
}

/**
 * Strict JSON's source: its tree is built on first use. A class, not an object literal with a getter:
 * V8 makes such a literal a slow (dictionary) object, and every read of its fields was a slow lookup
 * (a tenth of a config's validation).
 */
class StrictJsonSource implements JsonSource {
  readonly rootOffset: number;
  readonly findings: Finding[] = [];
  readonly fatal = false;
  readonly duplicateKeys: DuplicateKey[] = [];
  private built: Node | undefined | null = null;
  private located = 0;

  constructor(
    readonly text: string,
    readonly value: JsonValue,
    readonly finiteNumbers: boolean,
  ) {
    this.rootOffset = text.length - text.trimStart().length;
  }

  get tree(): Node | undefined {
    if (this.built === null) this.built = parseTree(this.text, [], TREE_OPTIONS);
    return this.built;
  }

  // A finding or two is located by a scan along its path (no tree); past that, one tree answers the
  // rest (a scan each would grow with the findings times the text: a 200-plugin list has hundreds).
  locate(pointer: string, target?: 'key' | 'value'): TextRange | undefined {
    return ++this.located <= SCANNED_LOCATES ? locateInStrictJson(this.text, pointer, target) : locateIn(this.tree, pointer, target);
  }
}

/** Text JSON.parse refuses (and any text, for tests): the tolerant parser's tree, and a finding for each thing a runtime refuses. */
export function tolerantSource(text: string): JsonSource {
  const findings: Finding[] = [];
  const errors: ParseError[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(text, errors, TREE_OPTIONS);
  } catch (e) {
    // Defence in depth: the scan above bounds the parser's recursion, but a stack overflow must never escape.
    if (e instanceof RangeError) return tooDeep(text, 0);
    throw e;
  }
  scanTrivia(text, findings);
  // Text cut off mid-object makes the parser report each bracket left open at the same place: the first says it.
  const reported = new Set<number>();
  for (const e of errors) {
    if (reported.has(e.offset)) continue;
    reported.add(e.offset);
    const code = printParseErrorCode(e.error);
    findings.push({
      code: 'CNI001',
      severity: 'error',
      message: `Not valid JSON: ${PARSE_ERROR_WORDS[code] ?? code} here.`,
      pointer: '',
      range: { start: e.offset, end: e.offset + Math.max(1, e.length) },
    });
  }
  const empty = text.trim() === '' || (!tree && errors.length === 0);
  if (empty) {
    findings.push({ code: 'CNI008', severity: 'error', message: 'The document is empty: a conflist is a JSON object with name, cniVersion and plugins.', pointer: '', range: { start: 0, end: 0 } });
  }
  const duplicateKeys: DuplicateKey[] = [];
  findDuplicateKeys(tree, duplicateKeys);
  const fatal = empty || errors.length > 0 || !tree;
  if (!fatal) findRoundedNumbers(text, tree, findings);
  return {
    text,
    tree,
    rootOffset: tree?.offset ?? 0,
    value: tree && !fatal ? nodeValue(tree) : undefined,
    findings,
    fatal,
    duplicateKeys,
    locate: (pointer, target) => locateIn(tree, pointer, target),
  };
}

/** The range of the value (or its key) at a JSON pointer. */
function locateIn(tree: Node | undefined, pointer: string, target: 'key' | 'value' = 'value'): TextRange | undefined {
  if (!tree) return undefined;
  let segments: (string | number)[];
  try {
    segments = parsePointer(pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  } catch {
    return undefined;
  }
  // findNodeAtLocation treats numbers as array indexes only; object keys that look numeric need strings.
  let node: Node | undefined = tree;
  for (const seg of segments) {
    if (!node) break;
    if (node.type === 'array' && typeof seg === 'number') node = node.children?.[seg];
    else node = findNodeAtLocation(node, [String(seg)]);
  }
  if (!node) return undefined;
  if (target === 'key' && node.parent?.type === 'property') {
    const keyNode = node.parent.children?.[0];
    if (keyNode) return { start: keyNode.offset, end: keyNode.offset + keyNode.length };
  }
  return { start: node.offset, end: node.offset + node.length };
}
