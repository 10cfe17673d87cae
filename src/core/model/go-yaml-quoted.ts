// Quoted scalars as Kubernetes reads them. kubectl decodes YAML with go-yaml (sigs.k8s.io/yaml →
// go.yaml.in/yaml/v2; v3 scans quoted scalars the same way), whose quoted-scalar scanner checks no
// indentation at all: in scannerc.go, yaml_parser_scan_flow_scalar (v2.4.2 line 2314, v3.0.4 line 2437)
// errors only at a document indicator ("---" or "..." then a blank) in column 0 ("found unexpected document
// indicator") or at the end of the stream, and between lines skips spaces and tabs alike ("Consume a space
// or a tab character"): continuation lines may start with tabs or in column 0, and the closing quote may sit
// in column 0. YAML 1.2, and the `yaml` library CNI Studio parses with, want every continuation line
// indented past the node's parent with spaces (s-flow-line-prefix: tabs only after that indentation), and
// end the scalar early otherwise. Multus examples published with tab-indented or column-0 JSON in
// `config: '…'` are applied with kubectl every day, so they are read here as go-yaml reads them:
// the lines the strict lexer refuses are found with the `yaml` library's own rule, and spaces are put in
// front of exactly those lines. Leading white space of a continuation line is not part of the value in
// either parser, so the value is go-yaml's; offsets in the re-indented text map back to the original.
import { Lexer } from 'yaml';

/** A line of a quoted scalar that go-yaml reads and a strict YAML 1.2 parser does not. */
export interface LenientLine {
  /** Offset of the scalar's opening quote. */
  scalar: number;
  /** Offset of the line's first character. */
  line: number;
  /** Spaces it starts with. */
  spaces: number;
  /** Whether a tab follows those spaces (before the line's content). */
  tab: boolean;
  /** Spaces a strict parser needs before anything else on the line. */
  need: number;
}

/** The `yaml` lexer's members this module builds on (internal to the library, hence checked at run time). */
interface LexerInternals {
  buffer: string;
  pos: number;
  indentNext: number;
  continueScalar(offset: number): number;
  parseQuotedScalar(): Generator<string, string>;
}

const isBlankOrEnd = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** A document indicator in column 0: go-yaml ends (with an error) any quoted scalar there. */
const isDocumentMarker = (text: string, at: number) => (text.startsWith('---', at) || text.startsWith('...', at)) && isBlankOrEnd(text[at + 3]);

/**
 * The continuation lines of quoted scalars that the strict lexer refuses and go-yaml reads, in order; []
 * when there are none. The lexer decides with its own rule (its `continueScalar`, with the indentation it
 * requires at that point, `indentNext`), so "strict" here is exactly what the parser would say. Linear:
 * one pass of the lexer, which, told to read on, keeps going as go-yaml does.
 */
export function lenientQuotedLines(text: string): LenientLine[] {
  const lexer = new Lexer();
  const inner = lexer as unknown as Partial<LexerInternals>;
  const continueScalar = inner.continueScalar;
  const parseQuotedScalar = inner.parseQuotedScalar;
  // Another release of the library with other internals: no tolerance, the strict reading stands.
  if (typeof continueScalar !== 'function' || typeof parseQuotedScalar !== 'function') return [];
  const found: LenientLine[] = [];
  let quoted = false;
  inner.parseQuotedScalar = function* (this: LexerInternals) {
    quoted = true;
    try {
      return yield* parseQuotedScalar.call(this);
    } finally {
      quoted = false;
    }
  };
  inner.continueScalar = function (this: LexerInternals, offset: number): number {
    const next = continueScalar.call(this, offset);
    const quote = this.buffer[this.pos];
    if (next !== -1 || !quoted || (quote !== "'" && quote !== '"') || isDocumentMarker(this.buffer, offset)) return next;
    let spaces = 0;
    while (this.buffer[offset + spaces] === ' ') spaces++;
    found.push({ scalar: this.pos, line: offset, spaces, tab: this.buffer[offset + spaces] === '\t', need: this.indentNext });
    return offset + spaces;
  };
  for (const token of lexer.lex(text)) void token;
  return found;
}

/** A text with spaces put in at some offsets, and the way back to the original's offsets. */
export interface Reindented {
  text: string;
  /** An offset in `text` → the offset in the original (inside inserted spaces: where they were put in). */
  toSource(offset: number): number;
}

/** The text with each lenient line indented to what the strict parser needs; identity without lines. */
export function reindent(source: string, lines: readonly LenientLine[]): Reindented {
  if (lines.length === 0) return { text: source, toSource: (o) => o };
  const parts: string[] = [];
  /** Per insertion: where it starts in the new text, where it was put in the original, and how long it is. */
  const inserts: { at: number; source: number; count: number }[] = [];
  let from = 0;
  let added = 0;
  for (const l of lines) {
    const count = Math.max(1, l.need - l.spaces);
    parts.push(source.slice(from, l.line), ' '.repeat(count));
    inserts.push({ at: l.line + added, source: l.line, count });
    added += count;
    from = l.line;
  }
  parts.push(source.slice(from));
  return {
    text: parts.join(''),
    toSource(offset) {
      // The last insertion starting at or before the offset.
      let lo = 0;
      let hi = inserts.length - 1;
      let k = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (inserts[mid]!.at <= offset) {
          k = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (k < 0) return offset;
      const ins = inserts[k]!;
      if (offset < ins.at + ins.count) return ins.source;
      return offset - (ins.at + ins.count - ins.source);
    },
  };
}
