// A comparison asked for from outside the Review tab (version history's "Compare"): the version becomes the
// base, the network open here the proposed side, and the Review tab opens on them.
import type { JsonObject } from '../../core';
import { openTab } from '../editor/active-tab';
import { useReview } from './review-state';

export interface CompareWith {
  doc: JsonObject;
  label: string;
}

/** Opens the Review tab comparing `other` (base) with the network open here (proposed). */
export function compareWith(other: CompareWith): void {
  const { set } = useReview.getState();
  set('base', { kind: 'doc', doc: other.doc, label: other.label });
  set('proposed', { kind: 'current' });
  openTab('review');
}
