// The review's two sides, held while the Review tab is open (not persisted, not part of the document's undo):
// the panel chooses them, the canvas marks the plugins the change touches. Leaving the tab clears them.
// Comparing the sides is the Review tab's (comparison.ts, in its chunk): it publishes here what the canvas
// shows of it, so the first screen carries none of the review's code.
import { create } from 'zustand';
import type { CanvasMarks, ReviewSide, ReviewSideName } from '../../core';
import type { NodeMark } from '../canvas/graph';

/** A side: the network open in the app (followed as it changes), or a document read from elsewhere. */
export type SideChoice = { kind: 'current' } | { kind: 'doc'; doc: ReviewSide['doc']; label: string };

/** The comparison as the canvas shows it: both sides' title, which side the canvas is, its marks by plugin id, and the plugins it cannot show. */
export interface ReviewCanvas {
  title: string;
  shown: ReviewSideName | null;
  marks: ReadonlyMap<string, NodeMark>;
  elsewhere: CanvasMarks['elsewhere'];
}

interface ReviewState {
  base: SideChoice | null;
  proposed: SideChoice | null;
  /** True while the Review tab is shown: the canvas marks only then. */
  open: boolean;
  /** Set by the Review tab while it is shown and both sides are compared; null otherwise. */
  canvas: ReviewCanvas | null;
  set(side: ReviewSideName, choice: SideChoice | null): void;
  swap(): void;
  setOpen(open: boolean): void;
  setCanvas(canvas: ReviewCanvas | null): void;
}

export const useReview = create<ReviewState>()((set) => ({
  base: null,
  // Reviewing starts from the network being edited as the proposal: choose what it is compared against.
  proposed: { kind: 'current' },
  open: false,
  canvas: null,
  set: (side, choice) => set({ [side]: choice } as Pick<ReviewState, ReviewSideName>),
  swap: () => set((s) => ({ base: s.proposed, proposed: s.base })),
  setOpen: (open) => set(open ? { open } : { open, canvas: null }),
  setCanvas: (canvas) => set({ canvas }),
}));

const NO_MARKS: ReadonlyMap<string, NodeMark> = new Map();

/** What the canvas shows of the review now: null unless the Review tab is shown with both sides compared. */
export const useReviewCanvas = (): ReviewCanvas | null => useReview((s) => (s.open ? s.canvas : null));

/** The review's marks by plugin id (none when the canvas shows neither side). */
export function useReviewMarks(): ReadonlyMap<string, NodeMark> {
  return useReviewCanvas()?.marks ?? NO_MARKS;
}
