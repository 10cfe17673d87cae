// Editor text that is not strict JSON yet stays a draft: the document keeps its last valid state. Every
// view that shows or hands out the document says so, with where the text breaks (the parser's own finding).
import { isJsonObject, jsonNestingExcess, LineIndex, MAX_NESTING_DEPTH, parseJsonSource, textProblem } from '../../core';

export interface UnparsedDraft {
  /** The draft's key: 'document', or a plugin's id. */
  key: string;
  /** "the whole conflist", or "plugin 2 (portmap)". */
  label: string;
  line?: number;
  column?: number;
  message: string;
  /** Strict JSON the network still cannot take (too large, binary, not an object): it parses, so it never will as it is. */
  refused?: true;
}

/** The drafts that do not parse as strict JSON (what a runtime reads), with the first reason why. */
export function unparsedDrafts(drafts: Readonly<Record<string, string>>, plugins: readonly { id: string; type?: string }[]): UnparsedDraft[] {
  const out: UnparsedDraft[] = [];
  for (const [key, text] of Object.entries(drafts)) {
    const index = plugins.findIndex((p) => p.id === key);
    const label = key === 'document' ? 'the whole conflist' : `plugin ${index + 1}${plugins[index]?.type ? ` (${plugins[index]!.type})` : ''}`;
    try {
      const value: unknown = JSON.parse(text);
      // What the commit refuses though it parses (drafts.ts parseDraft): said, never left silent.
      const problem = textProblem(text) ?? (isJsonObject(value) ? undefined : `it is not a JSON object, as ${key === 'document' ? 'a conflist' : 'a plugin'} is`);
      if (problem) out.push({ key, label, message: `${problem[0]!.toUpperCase()}${problem.slice(1)}: it stays editor text, not in the network.`, refused: true });
      // Nesting beyond what CNI Studio reads (a paste of thousands of levels): the commit's reader refuses it.
      const deep = problem ? undefined : jsonNestingExcess(text);
      if (deep !== undefined) {
        const at = new LineIndex(text).position(deep);
        out.push({ key, label, line: at.line, column: at.column, message: `Nesting is deeper than ${MAX_NESTING_DEPTH} levels of arrays and objects here, which CNI Studio does not read (no CNI config nests anywhere near this deep): it stays editor text, not in the network.`, refused: true });
      }
      continue;
    } catch (e) {
      const first = parseJsonSource(text).findings.find((f) => f.severity === 'error');
      // The parser's findings carry a text range; line and column are what a person looks for.
      const at = first?.range ? new LineIndex(text).position(first.range.start) : first?.line !== undefined ? { line: first.line, column: first.column ?? 1 } : undefined;
      out.push({ key, label, line: at?.line, column: at?.column, message: first?.message ?? (e as Error).message });
    }
  }
  return out;
}

/** Whether two lists name the same drafts, failing at the same place for the same reason. */
export function sameUnparsed(a: readonly UnparsedDraft[], b: readonly UnparsedDraft[]): boolean {
  return a.length === b.length && a.every((x, i) => {
    const y = b[i]!;
    return x.key === y.key && x.label === y.label && x.line === y.line && x.column === y.column && x.message === y.message;
  });
}

/** One sentence for a notice or a dialog: what is left out, and that the last valid state is used. */
export function lastValidNote(unparsed: readonly UnparsedDraft[]): string | undefined {
  if (unparsed.length === 0) return undefined;
  return `The editor text of ${unparsed.map((u) => u.label).join(' and ')} ${notInYet(unparsed)}: this uses the last valid state, without it.`;
}

/** "does not parse yet", or, when some of the text parses but is refused (too large…), says where to read why. */
export const notInYet = (unparsed: readonly UnparsedDraft[]): string => (unparsed.some((u) => u.refused) ? 'cannot be taken in (Problems says why)' : 'does not parse yet');

/** Problem counts with the unparsed drafts as errors (Problems and the collapsed side panel count alike). */
export const withUnparsed = <T extends { error: number }>(counts: T, unparsed: number): T => ({ ...counts, error: counts.error + unparsed });
