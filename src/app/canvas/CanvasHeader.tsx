// The canvas's own bar: what is on it, and the view's tools (tidy, zoom, fit, maximise). It sits above
// the graph, never over a node.
import { memo } from 'react';
import { Maximize2, Minimize2, Workflow, ZoomIn, ZoomOut } from 'lucide-react';
import { isCanvasMaximised, toggleMaximiseCanvas, useWorkbench } from '../layout/workbench';
import { withShortcut } from '../layout/actions';
import { count as plural } from '../text';
import { ActionButton } from '../actions/ActionButton';

interface Props {
  count: number;
  onZoom: (direction: 1 | -1) => void;
}

/** Memoised: the canvas draws again on every frame of a node's drag, its bar has nothing to change then. */
export const CanvasHeader = memo(function CanvasHeader({ count, onZoom }: Props) {
  const maximised = useWorkbench((s) => isCanvasMaximised(s.collapsed));
  const maximise = withShortcut('layout.maximise-canvas', maximised ? 'Restore the panels' : 'Maximise the canvas');
  return (
    <div className="canvas-header" role="toolbar" aria-label="Canvas">
      <span className="canvas-title">
        <Workflow size={15} aria-hidden />
        Chain
        <span className="canvas-count" data-testid="chain-count">
          {count === 0 ? 'empty' : plural(count, 'plugin')}
        </span>
      </span>
      <span className="canvas-tools">
        {/* Registered actions (actions/): the same title, keys and reason in the palette and the sheet. */}
        <ActionButton id="canvas.tidy" iconOnly className="icon-button" testId="tidy" />
        <span className="tool-sep" />
        <button type="button" className="icon-button" onClick={() => onZoom(-1)} aria-label="Zoom out" title="Zoom out" disabled={count === 0}>
          <ZoomOut size={15} aria-hidden />
        </button>
        <button type="button" className="icon-button" onClick={() => onZoom(1)} aria-label="Zoom in" title="Zoom in" disabled={count === 0}>
          <ZoomIn size={15} aria-hidden />
        </button>
        <ActionButton id="canvas.fit" iconOnly className="icon-button" testId="fit-view" />
        <span className="tool-sep" />
        <button type="button" className="icon-button" onClick={toggleMaximiseCanvas} aria-label={maximise} title={maximise} aria-pressed={maximised} data-testid="maximise-canvas">
          {maximised ? <Minimize2 size={15} aria-hidden /> : <Maximize2 size={15} aria-hidden />}
        </button>
      </span>
    </div>
  );
});
