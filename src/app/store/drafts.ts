// Editor drafts: text typed in the JSON editor that is not in the document yet. One rule decides when a
// draft can be committed (strict JSON of the right shape), for the editor as it types and for drafts
// restored after a reload.
import { isJsonObject, parseJsonSource, parseSource, type JsonObject, type JsonValue } from '../../core';
import type { DocumentState } from './document-slice';

export type DraftEdit = { kind: 'document'; doc: JsonObject } | { kind: 'plugin'; id: string; plugin: JsonObject };

/** What a draft commits, when its text is strict JSON of the right shape; otherwise it stays a draft. */
export function parseDraft(key: string, text: string): DraftEdit | undefined {
  if (key === 'nad') return undefined;
  if (key === 'document') {
    const config = parseSource(text, { kind: 'conflist' }).configs[0];
    if (!config?.conflist || config.findings.some((f) => f.severity === 'error')) return undefined;
    return { kind: 'document', doc: config.conflist };
  }
  const source = parseJsonSource(text);
  if (source.fatal || !isJsonObject(source.value) || source.findings.some((f) => f.severity === 'error')) return undefined;
  return { kind: 'plugin', id: key, plugin: source.value };
}

/** Ids for a new plugin list: same length keeps every id, else same content keeps its id, the rest are new. */
export function matchIds(d: Pick<DocumentState, 'doc' | 'ids'>, doc: JsonObject, newId: () => string): string[] {
  const before = (Array.isArray(d.doc.plugins) ? d.doc.plugins : []).map((p) => JSON.stringify(p));
  const after = (Array.isArray(doc.plugins) ? doc.plugins : []).map((p) => JSON.stringify(p));
  if (before.length === after.length) return d.ids.slice();
  const free = new Map<string, string[]>();
  before.forEach((text, i) => free.set(text, [...(free.get(text) ?? []), d.ids[i]!]));
  return after.map((text) => free.get(text)?.shift() ?? newId());
}

/** Applies one committed draft to a document state. */
export function applyDraft(d: DocumentState, edit: DraftEdit, newId: () => string): DocumentState {
  if (edit.kind === 'document') return { ...d, doc: edit.doc, ids: matchIds(d, edit.doc, newId) };
  const index = d.ids.indexOf(edit.id);
  if (index < 0 || !Array.isArray(d.doc.plugins)) return d;
  return { ...d, doc: { ...d.doc, plugins: d.doc.plugins.map((p: JsonValue, k) => (k === index ? edit.plugin : p)) } };
}

/**
 * Commits every draft that can be: plugin drafts first, then the whole-conflist draft. Returns the new
 * state and the drafts that stay (text that does not parse, or a plugin this document does not have).
 */
export function commitDrafts(d: DocumentState, drafts: Record<string, string>, newId: () => string): { state: DocumentState; left: Record<string, string> } {
  let state = d;
  const left: Record<string, string> = {};
  const keys = Object.keys(drafts).sort((a, b) => Number(a === 'document') - Number(b === 'document'));
  for (const key of keys) {
    const text = drafts[key]!;
    const edit = parseDraft(key, text);
    if (!edit || (edit.kind === 'plugin' && !state.ids.includes(edit.id))) {
      Object.defineProperty(left, key, { value: text, enumerable: true, writable: true, configurable: true });
      continue;
    }
    state = applyDraft(state, edit, newId);
  }
  return { state, left };
}
