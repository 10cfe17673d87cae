// "Skip to canvas": the first Tab stop of the page, shown when focused, straight to the chain: the selected
// node, else the first, so the next Tab goes node to node (not through the canvas's own buttons); an empty
// chain's canvas itself.
import { memo } from 'react';
import { CANVAS_ID, canvasElement, focusCanvas } from './focus';
import './actions.css';

export const SkipLink = memo(function SkipLink() {
  return (
    <a
      className="skip-link"
      href={`#${CANVAS_ID}`}
      onClick={(e) => {
        e.preventDefault();
        const node = canvasElement()?.querySelector<HTMLElement>('.react-flow__node.selected') ?? canvasElement()?.querySelector<HTMLElement>('.react-flow__node');
        if (node) node.focus();
        else focusCanvas();
      }}
    >
      Skip to canvas
    </a>
  );
});
