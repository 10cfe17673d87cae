// The unparsed editor drafts of the open network, for React views (see unparsed.ts).
import { useMemo } from 'react';
import { typeOfConf } from '../../core';
import { store, useApp } from '../state';
import { unparsedDrafts, type UnparsedDraft } from './unparsed';

const pluginsOf = (chain: ReturnType<typeof store.getState>['chain']) => chain.plugins.map((p) => ({ id: p.id, type: typeOfConf(p.conf) }));

export function useUnparsed(): UnparsedDraft[] {
  const drafts = useApp((s) => s.drafts);
  const chain = useApp((s) => s.chain);
  return useMemo(() => unparsedDrafts(drafts, pluginsOf(chain)), [drafts, chain]);
}

/** The same, read once (actions, notices). */
export function unparsedNow(): UnparsedDraft[] {
  const s = store.getState();
  return unparsedDrafts(s.drafts, pluginsOf(s.chain));
}
