// How deep arrays and objects may nest. Parsers and walkers recurse once per level (jsonc-parser, the
// yaml composer, ajv, our own walkers, JSON.stringify), so a pasted "[[[[…" thirty thousand deep would
// overflow the stack. Every way in is checked here first, without recursion: JSON text, NAD YAML text and
// already-parsed values. Real CNI configs nest less than ten levels.
import type { Finding } from '../validate/finding';
import { escapeSegment } from './pointer';

/**
 * The deepest nesting of arrays and objects CNI Studio reads (a document's top-level object is level 1).
 * Go's encoding/json stops at 10000; every layer here handles at least this depth with room to spare in
 * Node and in Chromium (the lowest measured: the yaml composer at about 840 nested flow sequences).
 */
export const MAX_NESTING_DEPTH = 512;

export const NESTING_CODE = 'CNI011';

const TOO_DEEP = `Nesting is deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects here: CNI Studio does not read further. No CNI config nests anywhere near this deep.`;

/** The finding for nesting beyond the limit, at a text range or (for values) a pointer. */
export function nestingFinding(at: { offset: number } | { pointer: string }): Finding {
  return 'offset' in at
    ? { code: NESTING_CODE, severity: 'error', message: TOO_DEEP, pointer: '', range: { start: at.offset, end: at.offset + 1 } }
    : { code: NESTING_CODE, severity: 'error', message: TOO_DEEP, pointer: at.pointer };
}

const isLineBreak = (c: number) => c === 10 || c === 13;

/**
 * The offset of the first `[` or `{` that opens a level deeper than `limit` in JSON text (comments and
 * trailing commas allowed, as the tolerant parser reads it), or undefined. Strings are skipped as
 * jsonc-parser scans them (a backslash escapes the next character; a line break ends the string). A
 * closing bracket only closes the kind it matches, as the parser's error recovery skips the other kind,
 * so the count never falls below the parser's real depth.
 */
export function jsonNestingExcess(text: string, limit = MAX_NESTING_DEPTH): number | undefined {
  return scanJsonText(text, limit).excess;
}

/**
 * One pass over JSON text: `excess` as jsonNestingExcess says it, `keys`, how many strings are followed by
 * a colon (the keys as written; more than a strict parse's value has means a key is repeated),
 * `longDigits`, whether a number may be one a float64 rounds, and `mayOverflow`, whether
 * one may be beyond a float64 (an exponent, or 309 digits and more).
 */
export function scanJsonText(text: string, limit = MAX_NESTING_DEPTH): { excess?: number; keys: number; longDigits?: true; mayOverflow?: true } {
  const open: number[] = [];
  const n = text.length;
  let keys = 0;
  // A number of 16 digits or more, its fraction's counted: the only numbers a float64 may round (2^53 has 16;
  // any decimal of 15 significant digits comes back from the nearest float64 as written).
  let longDigits: true | undefined;
  let mayOverflow: true | undefined;
  let i = 0;
  // Strings are most of a config's text: their ends are found by native searches, with the next
  // backslash and line break (each found again only once passed, so the whole text is searched once).
  let escape = text.indexOf('\\');
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        const q = quote < 0 ? n : quote;
        if (escape !== -1 && escape < i) escape = text.indexOf('\\', i);
        if (lf !== -1 && lf < i) lf = text.indexOf('\n', i);
        if (cr !== -1 && cr < i) cr = text.indexOf('\r', i);
        const e = escape !== -1 && escape < q ? escape : q;
        const lineBreak = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (lineBreak !== -1 && lineBreak < e) {
          i = lineBreak; // a line break ends the string, as jsonc-parser reads it
          break;
        }
        if (e === q) {
          i = q < n ? q + 1 : n;
          break;
        }
        i = e + 2; // a backslash escapes the next character
      }
      let j = i;
      for (let w = text.charCodeAt(j); w === 32 || w === 9 || w === 10 || w === 13; w = text.charCodeAt(++j));
      if (text.charCodeAt(j) === 58 /* : */) keys++;
      continue;
    }
    if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      i += 2;
      while (i < n && !isLineBreak(text.charCodeAt(i))) i++;
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c >= 48 && c <= 57 /* 0-9 */) {
      let j = i + 1;
      for (let d = text.charCodeAt(j); d >= 48 && d <= 57; d = text.charCodeAt(++j));
      if (j - i >= 309) mayOverflow = true;
      let digits = j - i;
      // A fraction, then an exponent: the only other way a number goes beyond a float64.
      if (text.charCodeAt(j) === 46 /* . */) {
        const point = j;
        for (let d = text.charCodeAt(++j); d >= 48 && d <= 57; d = text.charCodeAt(++j));
        digits += j - point - 1;
      }
      if (digits >= 16) longDigits = true;
      if ((text.charCodeAt(j) | 32) === 101 /* e or E */) mayOverflow = true;
      i = j;
      continue;
    }
    if (c === 91 /* [ */ || c === 123 /* { */) {
      open.push(c);
      if (open.length > limit) return { excess: i, keys, longDigits, mayOverflow };
    } else if ((c === 93 /* ] */ && open[open.length - 1] === 91) || (c === 125 /* } */ && open[open.length - 1] === 123)) {
      open.pop();
    }
    i++;
  }
  return { keys, longDigits, mayOverflow };
}

/**
 * An upper bound of the nesting in YAML text: the offset where it first exceeds `limit`, or undefined.
 * Block structure: each open indentation column (a line's indentation, a key's column, the content column
 * after "- ", "? " or ": ") holds a mapping, a sequence, or both (a mapping's sequence value may sit at the
 * key's indentation): up to two levels. Flow: every open "[" or "{" is one, and a "key: value" pair inside
 * "[" one more. Comments, quoted scalars and block scalar bodies are skipped where YAML reads them so, and
 * wherever the scan cannot tell, it counts. On valid YAML it never counts less than the yaml parser builds
 * (a property test checks it on generated documents); for broken YAML, whose error recovery can nest in
 * ways no scan predicts, the parser's own guard (a RESOURCE_EXHAUSTION error) still becomes CNI011.
 */
export function yamlNestingExcess(text: string, limit = MAX_NESTING_DEPTH): number | undefined {
  const n = text.length;
  /** Open block columns, innermost last; `kinds`: 1 a mapping starts there, 2 a sequence. */
  const columns: { col: number; kinds: number }[] = [];
  let blockDepth = 0;
  /** Open flow collections, innermost last; `pair`: an implicit "key: value" map inside a "[". */
  const flow: { open: number; pair: boolean }[] = [];
  let flowDepth = 0;
  const depth = () => blockDepth + flowDepth;
  const weight = (kinds: number) => (kinds & 1) + ((kinds >> 1) & 1);
  /** Marks a mapping (1) or a sequence (2) starting at column `col` of the current line. */
  const mark = (col: number, kind: 1 | 2) => {
    let top = columns[columns.length - 1];
    if (!top || top.col < col) {
      top = { col, kinds: 0 };
      columns.push(top);
    }
    if (!(top.kinds & kind)) {
      top.kinds |= kind;
      blockDepth++;
    }
  };
  const closeFlow = () => {
    const f = flow.pop()!;
    flowDepth -= f.pair ? 2 : 1;
  };
  const pairInFlow = () => {
    const f = flow[flow.length - 1];
    if (f && f.open === 91 && !f.pair) {
      f.pair = true;
      flowDepth++;
    }
  };
  const isDocumentMarker = (at: number) => {
    const c = text.charCodeAt(at);
    if ((c !== 45 && c !== 46) || text.charCodeAt(at + 1) !== c || text.charCodeAt(at + 2) !== c) return false;
    const after = text.charCodeAt(at + 3);
    return Number.isNaN(after) || after === 32 || after === 9 || after === 13 || after === 10;
  };
  /** A quoted scalar that continues on the next line. */
  let quote: 0 | 34 | 39 = 0;
  /** A block scalar's body: lines indented deeper than `owner` (at least `body` once known). */
  let blockScalar: { owner: number; body: number } | undefined;
  let pos = 0;
  // The next LF and CR at or after pos, found by indexOf (native: a dump has a million characters).
  let lf = -1;
  let cr = -1;
  while (pos < n) {
    // A line ends at LF, CRLF or a lone CR (YAML reads all three as line breaks).
    if (lf < pos) lf = text.indexOf('\n', pos);
    if (cr !== n && cr < pos) cr = text.indexOf('\r', pos);
    if (cr < 0) cr = n;
    const end = Math.min(lf < 0 ? n : lf, cr);
    const nextLine = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    let i = pos;
    // Indentation (spaces; a tab counts as one column, YAML refuses it as indentation anyway).
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const indent = i - pos;
    const marker = indent === 0 && isDocumentMarker(pos);
    const blank = i >= end || text.charCodeAt(i) === 35; /* # */
    if (blockScalar && !marker) {
      if (blank && text.charCodeAt(i) !== 35) {
        pos = nextLine;
        continue;
      }
      if (indent > blockScalar.owner && (blockScalar.body < 0 || indent >= blockScalar.body)) {
        if (blockScalar.body < 0) blockScalar.body = indent;
        pos = nextLine;
        continue;
      }
    }
    blockScalar = undefined;
    const owner = columns[columns.length - 1]?.col ?? -1;
    // A quoted scalar ends (with an error) at a line that is not indented past its node, as yaml reads it.
    if (quote !== 0 && !blank && (marker || indent <= owner)) quote = 0;
    if (quote === 0 && blank) {
      pos = nextLine;
      continue;
    }
    /** At the start of a node: where an indicator, a quote, a bracket or a property may begin one. */
    let nodeStart = quote === 0;
    /** Still at the start of the line, where indicators and the first key open block levels even inside "[" or "{" (an unindented line ends them in YAML). */
    let leading = quote === 0;
    let nodeAt = indent;
    if (marker && quote === 0) {
      // A document boundary ends every open node; a node may follow on the same line.
      columns.length = 0;
      blockDepth = 0;
      flow.length = 0;
      flowDepth = 0;
      i += 3;
      leading = false;
      nodeAt = 4;
    } else if (quote === 0) {
      while (columns.length > 0 && columns[columns.length - 1]!.col > indent) blockDepth -= weight(columns.pop()!.kinds);
      if (columns[columns.length - 1]?.col !== indent) columns.push({ col: indent, kinds: 0 });
    }
    /** The end of an implicit key: a block mapping at the key's column, or a pair inside "[". */
    const key = (): boolean => {
      if (flow.length === 0 || leading) mark(nodeAt, 1);
      if (flow.length > 0) pairInFlow();
      return depth() > limit;
    };
    while (i < end) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === 34 && c === 92) i += 2;
        else if (c === quote) {
          if (quote === 39 && text.charCodeAt(i + 1) === 39) i += 2;
          else {
            quote = 0;
            i++;
            nodeStart = false;
            // After a quoted key, ":" may follow directly (JSON-like style).
            if (text.charCodeAt(i) === 58) {
              if (key()) return pos + nodeAt;
              leading = false;
              i++;
              nodeStart = true;
            }
          }
        } else i++;
        continue;
      }
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 32;
      const spaceAfter = next === 32 || next === 9;
      if (c === 32 || c === 9) {
        i++;
        continue;
      }
      if (c === 35 /* # */ && (i === pos || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) break; // a comment
      if (nodeStart && (c === 45 /* - */ || c === 63 /* ? */ || c === 58 /* : */) && spaceAfter) {
        // A compact indicator: a sequence entry, an explicit key or value; its content has a column of its own.
        if (flow.length === 0 || leading) {
          mark(i - pos, c === 45 ? 2 : 1);
          if (depth() > limit) return i;
        }
        if (flow.length > 0 && c !== 45) {
          pairInFlow();
          if (depth() > limit) return i;
        }
        i++;
        while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        nodeAt = i - pos;
        continue;
      }
      if (nodeStart && (c === 34 || c === 39)) {
        nodeAt = i - pos;
        quote = c;
        i++;
        continue;
      }
      if (nodeStart && (c === 33 /* ! */ || c === 38 /* & */ || c === 42 /* * */)) {
        // A tag, an anchor or an alias: the node (if any) starts after it.
        while (i < end && text.charCodeAt(i) !== 32 && text.charCodeAt(i) !== 9) i++;
        continue;
      }
      if (nodeStart && flow.length === 0 && (c === 124 /* | */ || c === 62 /* > */)) {
        // A block scalar, when its header is one yaml reads as such: its body is the following lines
        // indented past the node that owns it (with an explicit indentation, counted generously).
        const header = /^[|>]([1-9][+-]?|[+-][1-9]?)?(?=[ \t]|$)/.exec(text.slice(i, Math.min(end, i + 4)));
        const rest = header ? text.slice(i + header[0].length, end).trim() : 'x';
        if (header && (rest === '' || rest.startsWith('#'))) {
          const own = columns[columns.length - 1]?.col ?? -1;
          const explicit = /[1-9]/.exec(header[1] ?? '');
          blockScalar = { owner: own, body: explicit ? own + Number(explicit[0]) + 2 : -1 };
          break;
        }
      }
      if (c === 91 || c === 123) {
        if (nodeStart || flow.length > 0) {
          flow.push({ open: c, pair: false });
          flowDepth++;
          if (depth() > limit) return i;
          nodeStart = true;
          leading = false;
        } else nodeStart = false;
        i++;
        continue;
      }
      if (flow.length > 0 && ((c === 93 && flow[flow.length - 1]!.open === 91) || (c === 125 && flow[flow.length - 1]!.open === 123))) {
        closeFlow();
        i++;
        nodeStart = false;
        continue;
      }
      if (flow.length > 0 && c === 44 /* , */) {
        const f = flow[flow.length - 1]!;
        if (f.pair) {
          f.pair = false;
          flowDepth--;
        }
        nodeStart = true;
        i++;
        nodeAt = i - pos;
        continue;
      }
      if (c === 58 && (spaceAfter || (flow.length > 0 && (next === 44 || next === 93 || next === 125)))) {
        // The end of an implicit key: its value starts after it.
        if (key()) return pos + nodeAt;
        leading = false;
        i++;
        while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        nodeAt = i - pos;
        nodeStart = true;
        continue;
      }
      // Plain scalar text: a key, if ": " follows.
      if (nodeStart) nodeAt = i - pos;
      nodeStart = false;
      i++;
    }
    pos = nextLine;
  }
  return undefined;
}

/** A pointer short enough for a message: its first segments, then how many levels follow. */
export function shortPointer(pointer: string): string {
  if (pointer.length <= 60) return pointer;
  const cut = pointer.lastIndexOf('/', 60);
  const rest = pointer.slice(cut).split('/').length - 1;
  return `${pointer.slice(0, cut)}/… (${rest} more levels)`;
}

/**
 * The JSON pointer of the first value nested deeper than `limit` in an already-parsed value (a share
 * link, a lab request, a document object), or undefined. Iterative: it is safe on any depth.
 */
export function valueNestingExcess(value: unknown, limit = MAX_NESTING_DEPTH): string | undefined {
  interface Item {
    value: unknown;
    depth: number;
    parent?: Item;
    key?: string;
  }
  const stack: Item[] = [{ value, depth: typeof value === 'object' && value !== null ? 1 : 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v !== 'object' || v === null) continue;
    if (item.depth > limit) {
      const segments: string[] = [];
      for (let at: Item | undefined = item; at?.parent; at = at.parent) segments.push(escapeSegment(at.key!));
      return segments.reverse().map((s) => `/${s}`).join('');
    }
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (let k = entries.length - 1; k >= 0; k--) {
      const [key, child] = entries[k]!;
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: item.depth + 1, parent: item, key });
    }
  }
  return undefined;
}
