// Above the canvas while reviewing (a bar, never over a node): which sides are compared, which one the
// canvas shows, and the plugins of the change it cannot show (removed ones when it shows the proposal,
// added ones when it shows the base).
import { useReviewCanvas } from './review-state';

export function ReviewOverlay() {
  const canvas = useReviewCanvas();
  if (!canvas) return null;
  const { title, shown, elsewhere } = canvas;
  return (
    <div className="review-overlay" role="status" data-testid="review-overlay">
      <div>
        <strong>Reviewing</strong> {title}
      </div>
      <div className="hint">
        {shown === 'proposed' && 'Canvas: the proposed side, changes marked.'}
        {shown === 'base' && 'Canvas: the base, what the proposal changes marked.'}
        {shown === null && 'Neither side is the network open here: no marks.'}
      </div>
      {elsewhere.length > 0 && (
        <ul className="review-elsewhere" data-testid="review-elsewhere">
          {elsewhere.map((p) => (
            <li key={`${p.mark}-${p.index}`} className={`review-${p.mark}`}>
              <code>{p.type || '(no type)'}</code> {p.mark === 'removed' ? `removed in proposed (was ${p.index + 1} in base)` : `added in proposed (at ${p.index + 1})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
