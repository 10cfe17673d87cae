// What other views draw on the chain canvas, in one place so the canvas asks once: teaching's step marks
// and the view that follows them, the view following a problem clicked, review's change marks and its overlay.
import { memo, useMemo } from 'react';
import type { NodeMark } from './canvas/graph';
import { TeachingFollower } from './preview/TeachingFollower';
import { ShownPartFollower } from './canvas/ShownPartFollower';
import { useTeachingMarks } from './preview/teaching';

export { useTeachingFocus } from './preview/teaching';
import { ReviewOverlay } from './review/ReviewOverlay';
import { useReviewMarks } from './review/review-state';
import './canvas-marks.css';

/** Marks by plugin id; a plugin marked by both keeps both classes, and teaching's badge (it is about now). */
export function useNodeMarks(): ReadonlyMap<string, NodeMark> {
  const teaching = useTeachingMarks();
  const review = useReviewMarks();
  return useMemo(() => {
    if (review.size === 0) return teaching;
    if (teaching.size === 0) return review;
    const merged = new Map(review);
    for (const [id, mark] of teaching) {
      const other = merged.get(id);
      merged.set(id, other ? { ...mark, className: `${mark.className} ${other.className}` } : mark);
    }
    return merged;
  }, [teaching, review]);
}

/** Rendered inside the canvas (React Flow's children). */
export const CanvasOverlays = memo(function CanvasOverlays() {
  return (
    <>
      <TeachingFollower />
      <ShownPartFollower />
    </>
  );
});

/** Rendered above the canvas's pane (bars that must never cover a node): the review's. No props: a drag frame's render of the canvas stops here. */
export const CanvasBars = memo(function CanvasBars() {
  return <ReviewOverlay />;
});
