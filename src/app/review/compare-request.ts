// A comparison asked for from outside the Review tab (version history's "Compare"): the tab opens with it.
import { useEffect } from 'react';
import { create } from 'zustand';
import type { JsonObject } from '../../core';
import { openTab } from '../editor/active-tab';

export interface CompareWith {
  doc: JsonObject;
  label: string;
}

const useRequest = create<{ request: CompareWith | null }>(() => ({ request: null }));

/** Opens the Review tab comparing the document with `other`. */
export function compareWith(other: CompareWith): void {
  useRequest.setState({ request: other });
  openTab('review');
}

/** In the Review panel: takes a requested comparison. */
export function useCompareRequest(take: (other: CompareWith) => void): void {
  const request = useRequest((s) => s.request);
  useEffect(() => {
    if (!request) return;
    useRequest.setState({ request: null });
    take(request);
  }, [request, take]);
}
