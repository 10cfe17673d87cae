// The Review tab's comparison of its two sides (core's compareSides over the full catalog), and what the
// canvas shows of it, which the tab publishes to review-state.ts while it is shown.
import { useEffect, useMemo } from 'react';
import { canvasMarks, compareSides, sidesTitle, type ReviewSide, type ReviewSideName } from '../../core';
import { fullCatalog } from '../catalog-full';
import { useConflist, useIds, useProfile } from '../state';
import type { NodeMark } from '../canvas/graph';
import { useReview, type ReviewCanvas, type SideChoice } from './review-state';

export const CURRENT_LABEL = 'current network';

/** A chosen side as core compares it (the current network's document as it is now). */
export function resolveSide(choice: SideChoice | null, current: ReviewSide['doc']): ReviewSide | null {
  if (!choice) return null;
  return choice.kind === 'current' ? { doc: current, label: CURRENT_LABEL, current: true } : { doc: choice.doc, label: choice.label };
}

/** Both sides resolved and compared, base → proposed; null until both are chosen. */
export function useComparison() {
  const doc = useConflist();
  const profile = useProfile();
  const base = useReview((s) => s.base);
  const proposed = useReview((s) => s.proposed);
  return useMemo(() => {
    const b = resolveSide(base, doc);
    const p = resolveSide(proposed, doc);
    if (!b || !p) return { base: b, proposed: p, result: null };
    return { base: b, proposed: p, result: compareSides(b.doc, p.doc, fullCatalog, profile) };
  }, [base, proposed, doc, profile]);
}

const MARK_WORDS: Record<string, string> = { added: 'added in proposed', changed: 'changed in proposed', moved: 'moved in proposed', removed: 'removed in proposed' };

/** Publishes what the canvas shows of a comparison while the calling view (the Review tab) is mounted. */
export function usePublishCanvas(comparison: ReturnType<typeof useComparison>): void {
  const ids = useIds();
  const setCanvas = useReview((s) => s.setCanvas);
  const canvas = useMemo((): ReviewCanvas | null => {
    const { base, proposed, result } = comparison;
    if (!base || !proposed || !result) return null;
    const marks = new Map<string, NodeMark>();
    const shown: ReviewSideName | null = proposed.current ? 'proposed' : base.current ? 'base' : null;
    if (!shown) return { title: sidesTitle(base, proposed), shown, marks, elsewhere: [] };
    const drawn = canvasMarks(result.diff, shown);
    for (const [index, mark] of drawn.byIndex) {
      const id = ids[index];
      if (id) marks.set(id, { className: `review-${mark}`, badge: MARK_WORDS[mark] });
    }
    return { title: sidesTitle(base, proposed), shown, marks, elsewhere: drawn.elsewhere };
  }, [comparison, ids]);
  useEffect(() => setCanvas(canvas), [canvas, setCanvas]);
  useEffect(() => () => setCanvas(null), [setCanvas]);
}
