// Editor drafts: text typed in the JSON editor that is not in the document yet. One rule decides when a
// draft can be committed (strict JSON of the right shape), for the editor as it types and for drafts
// restored after a reload.
import { applyChange, conflistOf, indexOfPlugin, isJsonObject, mergeOnto, parseJsonSource, textProblem, type ChainChange, type ChangeContext, type JsonObject, type JsonValue } from '../../core';
// The conflist's JSON reader itself (what parseSource runs for a conflist), not parseSource: that would bring
// the YAML reader onto the first screen, and a draft of the list is never YAML.
import { parseConfig } from '../../core/model/document';
import type { DocumentState } from './document-slice';

export type DraftEdit = { kind: 'document'; doc: JsonObject } | { kind: 'plugin'; id: string; plugin: JsonObject };

/** What a draft commits, when its text is strict JSON of the right shape; otherwise it stays a draft. */
export function parseDraft(key: string, text: string): DraftEdit | undefined {
  if (key === 'nad') return undefined;
  if (key === 'document') {
    if (textProblem(text)) return undefined;
    const config = parseConfig(text, { kind: 'conflist' });
    if (!config?.conflist || config.findings.some((f) => f.severity === 'error')) return undefined;
    return { kind: 'document', doc: config.conflist };
  }
  const source = parseJsonSource(text);
  if (source.fatal || !isJsonObject(source.value) || source.findings.some((f) => f.severity === 'error')) return undefined;
  return { kind: 'plugin', id: key, plugin: source.value };
}

/** Applies one committed draft to a document state: the whole list (ids kept where plugins stayed), or one plugin. */
export function applyDraft(d: DocumentState, edit: DraftEdit, ctx: ChangeContext): DocumentState {
  const change: ChainChange = edit.kind === 'document' ? { kind: 'replace', doc: edit.doc, ids: 'match' } : { kind: 'replace-plugin', id: edit.id, conf: edit.plugin };
  const outcome = applyChange(d.chain, change, ctx);
  return outcome.ok ? { ...d, chain: outcome.chain } : d;
}

/**
 * Commits every draft that can be: plugin drafts first, then the whole-conflist draft. Returns the new
 * state and the drafts that stay (text that does not parse, or a plugin this document does not have).
 */
export function commitDrafts(d: DocumentState, drafts: Record<string, string>, ctx: ChangeContext, bases: Record<string, JsonValue> = {}): { state: DocumentState; left: Record<string, string> } {
  let state = d;
  const left: Record<string, string> = {};
  const keys = Object.keys(drafts).sort((a, b) => Number(a === 'document') - Number(b === 'document'));
  for (const key of keys) {
    const text = drafts[key]!;
    const edit = parseDraft(key, text);
    if (!edit || (edit.kind === 'plugin' && indexOfPlugin(state.chain, edit.id) < 0)) {
      Object.defineProperty(left, key, { value: text, enumerable: true, writable: true, configurable: true });
      continue;
    }
    state = applyDraft(state, mergedDraft(state, edit, Object.hasOwn(bases, key) ? bases[key] : undefined), ctx);
  }
  return { state, left };
}

/**
 * The draft's value merged with what changed since it was typed against `base` (another editor's commit, the
 * canvas): both kept, the draft winning where both changed the same value (editor/session.ts does the same as it types).
 */
export function mergedDraft(state: DocumentState, edit: DraftEdit, base: JsonValue | undefined): DraftEdit {
  if (base === undefined) return edit;
  const current = edit.kind === 'document' ? conflistOf(state.chain) : state.chain.plugins.find((p) => p.id === edit.id)?.conf;
  if (current === undefined) return edit;
  const merge = mergeOnto(base, edit.kind === 'document' ? edit.doc : edit.plugin, current);
  if (!merge.ok || !isJsonObject(merge.value)) return edit;
  return edit.kind === 'document' ? { ...edit, doc: merge.value } : { ...edit, plugin: merge.value };
}
