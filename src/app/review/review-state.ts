// The review's two sides, held while the Review tab is open (not persisted, not part of the document's undo):
// the panel chooses them, the canvas marks the plugins the change touches. Leaving the tab clears them.
import { create } from 'zustand';
import { useMemo } from 'react';
import { canvasMarks, compareSides, type CanvasMarks, type ReviewSide, type ReviewSideName } from '../../core';
import { catalog } from '../catalog';
import { useConflist, useIds, useProfile } from '../state';
import type { NodeMark } from '../canvas/graph';

/** A side: the network open in the app (followed as it changes), or a document read from elsewhere. */
export type SideChoice = { kind: 'current' } | { kind: 'doc'; doc: ReviewSide['doc']; label: string };

interface ReviewState {
  base: SideChoice | null;
  proposed: SideChoice | null;
  /** True while the Review tab is shown: the canvas marks only then. */
  open: boolean;
  set(side: ReviewSideName, choice: SideChoice | null): void;
  swap(): void;
  setOpen(open: boolean): void;
}

export const useReview = create<ReviewState>()((set) => ({
  base: null,
  // Reviewing starts from the network being edited as the proposal: choose what it is compared against.
  proposed: { kind: 'current' },
  open: false,
  set: (side, choice) => set({ [side]: choice } as Pick<ReviewState, ReviewSideName>),
  swap: () => set((s) => ({ base: s.proposed, proposed: s.base })),
  setOpen: (open) => set({ open }),
}));

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
  const { base, proposed } = useReview();
  return useMemo(() => {
    const b = resolveSide(base, doc);
    const p = resolveSide(proposed, doc);
    if (!b || !p) return { base: b, proposed: p, result: null };
    return { base: b, proposed: p, result: compareSides(b.doc, p.doc, catalog, profile) };
  }, [base, proposed, doc, profile]);
}

const MARK_WORDS: Record<string, string> = { added: 'added in proposed', changed: 'changed in proposed', moved: 'moved in proposed', removed: 'removed in proposed' };

/** The review on the canvas: which side it shows, the marks by plugin id, and the plugins it cannot show. */
export function useReviewCanvas(): { shown: ReviewSideName | null; marks: ReadonlyMap<string, NodeMark>; elsewhere: CanvasMarks['elsewhere'] } {
  const open = useReview((s) => s.open);
  const ids = useIds();
  const comparison = useComparison();
  return useMemo(() => {
    const { base, proposed, result } = comparison;
    const marks = new Map<string, NodeMark>();
    const shown: ReviewSideName | null = !open || !result ? null : proposed?.current ? 'proposed' : base?.current ? 'base' : null;
    if (!shown || !result) return { shown, marks, elsewhere: [] };
    const drawn = canvasMarks(result.diff, shown);
    for (const [index, mark] of drawn.byIndex) {
      const id = ids[index];
      if (id) marks.set(id, { className: `review-${mark}`, badge: MARK_WORDS[mark] });
    }
    return { shown, marks, elsewhere: drawn.elsewhere };
  }, [open, ids, comparison]);
}
