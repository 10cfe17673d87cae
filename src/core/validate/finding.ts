// A finding is what every surface prints: the Problems panel, Monaco markers, node badges and the CLI.
import type { JsonValue } from '../model/types';
import { compareAscii, type TextRange } from '../model/text';

export type Severity = 'error' | 'warning' | 'info';

/** A JSON-patch-like edit of the document; `rename` keeps the key's position (plain JSON patch cannot). */
export type PatchOp =
  | { op: 'add' | 'replace'; path: string; value: JsonValue }
  | { op: 'remove'; path: string }
  | { op: 'rename'; path: string; key: string };

/** A raw edit of the source text, for syntax fixes that have no document form (comments, trailing commas). */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export interface Fix {
  title: string;
  patch?: PatchOp[];
  edits?: TextEdit[];
}

export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  /** JSON pointer into the conflist document ('' is the whole list). */
  pointer: string;
  /** Index of the plugin in `plugins` the finding is about, when it is about one. */
  pluginIndex?: number;
  /** Where in the source text; filled in by the validator from the pointer when a rule gives none. */
  range?: TextRange;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Whether the range should cover the property's key (unknown keys) or its value (the default). */
  target?: 'key' | 'value';
  fix?: Fix;
  /** For multi-document sources (NAD YAML): which document. */
  document?: number;
  /** For Kubernetes sources: the object, as namespace/name (or name when it has no namespace). */
  object?: string;
  /**
   * The runtime profile the finding depends on ("libcni 1.1.2 + plugins 1.1.1"), when it does: with
   * another libcni or plugins release it would read differently or not be there.
   */
  profile?: string;
}

/**
 * A copy of a finding to add fields to, built field by field: spreading findings of a dozen shapes
 * ({ ...f, range, line }) went through V8's slow generic copy, a twentieth of a validation.
 */
export function copyFinding(f: Finding): Finding {
  const out: Finding = { code: f.code, severity: f.severity, message: f.message, pointer: f.pointer };
  if (f.pluginIndex !== undefined) out.pluginIndex = f.pluginIndex;
  if (f.range !== undefined) out.range = f.range;
  if (f.line !== undefined) out.line = f.line;
  if (f.column !== undefined) out.column = f.column;
  if (f.endLine !== undefined) out.endLine = f.endLine;
  if (f.endColumn !== undefined) out.endColumn = f.endColumn;
  if (f.target !== undefined) out.target = f.target;
  if (f.fix !== undefined) out.fix = f.fix;
  if (f.document !== undefined) out.document = f.document;
  if (f.object !== undefined) out.object = f.object;
  if (f.profile !== undefined) out.profile = f.profile;
  return out;
}

const ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.document ?? 0) - (b.document ?? 0) ||
    (a.range?.start ?? -1) - (b.range?.start ?? -1) ||
    ORDER[a.severity] - ORDER[b.severity] ||
    compareAscii(a.code, b.code)
  );
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Plugin index from a pointer such as /plugins/3/ipam/type. */
export function pluginIndexOf(pointer: string): number | undefined {
  // Read by hand: every finding of every validation asks (a regular expression was a visible share of a move at 500 plugins).
  const PREFIX = '/plugins/';
  if (!pointer.startsWith(PREFIX)) return undefined;
  let end = PREFIX.length;
  while (end < pointer.length && pointer.charCodeAt(end) >= 48 && pointer.charCodeAt(end) <= 57) end++;
  if (end === PREFIX.length || (end < pointer.length && pointer.charCodeAt(end) !== 47)) return undefined;
  return Number(pointer.slice(PREFIX.length, end));
}
