// "Skip to canvas": the first Tab stop of the page, shown when focused, straight to the chain canvas.
import { memo } from 'react';
import { CANVAS_ID, focusCanvas } from './focus';
import './actions.css';

export const SkipLink = memo(function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${CANVAS_ID}`}
      onClick={(e) => {
        e.preventDefault();
        focusCanvas();
      }}
    >
      Skip to canvas
    </a>
  );
});
