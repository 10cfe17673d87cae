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
  const open: number[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === 34) {
          i++;
          break;
        }
        if (s === 92 /* \ */) i += 2;
        else if (isLineBreak(s)) break;
        else i++;
      }
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
    if (c === 91 /* [ */ || c === 123 /* { */) {
      open.push(c);
      if (open.length > limit) return i;
    } else if ((c === 93 /* ] */ && open[open.length - 1] === 91) || (c === 125 /* } */ && open[open.length - 1] === 123)) {
      open.pop();
    }
    i++;
  }
  return undefined;
}

/**
 * An upper bound of the nesting in YAML text: the offset where it first exceeds `limit`, or undefined.
 * Block structure: each open indentation column (a line's indentation, and the content column after each
 * leading "- ", "? " or ": ") holds a mapping (seen by its first key), a sequence, or both (a mapping's
 * sequence value may sit at the key's indentation): up to two levels. Flow: every open "[" or "{" is one.
 * Comments, quoted scalars and block scalar bodies are skipped where YAML reads them so; where the scan
 * cannot tell, it counts, erring on the side of refusing.
 */
export function yamlNestingExcess(text: string, limit = MAX_NESTING_DEPTH): number | undefined {
  const n = text.length;
  /** Open block columns, innermost last; `kinds`: 1 a mapping starts there, 2 a sequence. */
  const columns: { col: number; kinds: number }[] = [];
  let blockDepth = 0;
  const flow: number[] = [];
  const weight = (kinds: number) => (kinds & 1) + ((kinds >> 1) & 1);
  const mark = (kind: 1 | 2) => {
    const top = columns[columns.length - 1];
    if (top && !(top.kinds & kind)) {
      top.kinds |= kind;
      blockDepth++;
    }
  };
  const depth = () => blockDepth + flow.length;
  /** A quoted scalar that continues on the next line. */
  let quote: 0 | 34 | 39 = 0;
  /** While > -1, lines indented deeper than this are a block scalar's body. */
  let blockScalarOwner = -1;
  let pos = 0;
  while (pos < n) {
    // A line ends at LF, CRLF or a lone CR (YAML reads all three as line breaks).
    let end = pos;
    while (end < n && !isLineBreak(text.charCodeAt(end))) end++;
    const nextLine = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    let i = pos;
    // Indentation (spaces; a tab counts as one column, YAML refuses it as indentation anyway).
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const indent = i - pos;
    const blank = i >= end || (text.charCodeAt(i) === 35 /* # */ && quote === 0);
    if (blockScalarOwner >= 0) {
      if (blank || indent > blockScalarOwner) {
        pos = nextLine;
        continue;
      }
      blockScalarOwner = -1;
    }
    if (quote === 0 && blank) {
      pos = nextLine;
      continue;
    }
    /** At the start of a node: where an indicator, a quote, a bracket or a property may begin one. */
    let nodeStart = quote === 0;
    /** Still in the leading indicators of a block line, whose content columns open block levels. */
    let leading = quote === 0 && flow.length === 0;
    /** Where the line's node starts, and whether it may still turn out to be a mapping key (a level). */
    let nodeAt = pos + indent;
    let keyPending = false;
    /** An implicit key's ":" on a block line: the node at its column is a mapping. */
    const key = (): boolean => {
      if (!keyPending || flow.length > 0) return false;
      keyPending = false;
      mark(1);
      return depth() > limit;
    };
    if (quote === 0 && indent === 0 && /^(---|\.\.\.)(\s|$)/.test(text.slice(i, i + 4))) {
      // A document boundary ends every open node; a node may follow on the same line.
      columns.length = 0;
      blockDepth = 0;
      flow.length = 0;
      i += 3;
      leading = false;
    } else if (leading) {
      while (columns.length > 0 && columns[columns.length - 1]!.col > indent) blockDepth -= weight(columns.pop()!.kinds);
      if (columns[columns.length - 1]?.col !== indent) columns.push({ col: indent, kinds: 0 });
    }
    while (i < end) {
      const c = text.charCodeAt(i);
      if (quote !== 0) {
        if (quote === 34 && c === 92) i += 2;
        else if (c === quote) {
          if (quote === 39 && text.charCodeAt(i + 1) === 39) i += 2;
          else {
            quote = 0;
            i++;
            // After a quoted key, ":" may follow directly (JSON-like flow style).
            nodeStart = false;
            if (text.charCodeAt(i) === 58) {
              if (key()) return nodeAt;
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
        // A compact indicator: a sequence entry or an explicit key or value; its content has a column of its own.
        i++;
        while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
        if (leading) {
          mark(c === 45 ? 2 : 1);
          if (depth() > limit) return i - 2 >= pos ? i - 2 : pos;
          columns.push({ col: i - pos, kinds: 0 });
        }
        continue;
      }
      if (leading) {
        // The line's node: a scalar, a flow collection (counted below), or a mapping once its key's ":" shows.
        leading = false;
        keyPending = true;
        nodeAt = i;
      }
      if (nodeStart && (c === 34 || c === 39)) {
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
        // A block scalar: its body is the following lines indented deeper than the node that owns it.
        blockScalarOwner = columns[columns.length - 1]?.col ?? 0;
        break;
      }
      if (c === 91 || c === 123) {
        if (nodeStart || flow.length > 0) {
          flow.push(c);
          if (depth() > limit) return i;
          nodeStart = true;
        }
        i++;
        continue;
      }
      if (flow.length > 0 && ((c === 93 && flow[flow.length - 1] === 91) || (c === 125 && flow[flow.length - 1] === 123))) {
        flow.pop();
        i++;
        nodeStart = false;
        continue;
      }
      if (flow.length > 0 && c === 44 /* , */) {
        nodeStart = true;
        i++;
        continue;
      }
      if (c === 58 && (spaceAfter || (flow.length > 0 && (next === 44 || next === 93 || next === 125)))) {
        // The end of an implicit key: its value starts here.
        if (key()) return nodeAt;
        nodeStart = true;
        i++;
        continue;
      }
      // Plain scalar text.
      nodeStart = false;
      i++;
    }
    pos = nextLine;
  }
  return undefined;
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
