// The unparsed editor drafts of the open network, for React views (see unparsed.ts).
import { typeOfConf } from '../../core';
import { store, useApp } from '../state';
import type { AppState } from './store';
import { sameUnparsed, unparsedDrafts, type UnparsedDraft } from './unparsed';

const pluginsOf = (chain: AppState['chain']) => chain.plugins.map((p) => ({ id: p.id, type: typeOfConf(p.conf) }));

/**
 * The drafts that do not parse, the same array while they say the same. Every keystroke in an editor is a
 * new draft: views that read this (the app, the canvas, the Problems panel) draw again only when what
 * fails to parse, or where, changes, not on each keystroke (at 500 plugins, each such draw was the whole
 * workbench's).
 */
let last: { drafts: AppState['drafts']; chain: AppState['chain']; value: UnparsedDraft[] } | undefined;
function selectUnparsed(s: AppState): UnparsedDraft[] {
  if (last && last.drafts === s.drafts && last.chain === s.chain) return last.value;
  const next = unparsedDrafts(s.drafts, pluginsOf(s.chain));
  const value = last && sameUnparsed(last.value, next) ? last.value : next;
  last = { drafts: s.drafts, chain: s.chain, value };
  return value;
}

export function useUnparsed(): UnparsedDraft[] {
  return useApp(selectUnparsed);
}

/** The same, read once (actions, notices). */
export function unparsedNow(): UnparsedDraft[] {
  return selectUnparsed(store.getState());
}
