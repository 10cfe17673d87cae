// The canvas's own bar: what is on it, and the view's tools (tidy, zoom, fit, maximise). It sits above
// the graph, never over a node.
import { AlignHorizontalDistributeCenter, Maximize2, Minimize2, Scan, Workflow, ZoomIn, ZoomOut } from 'lucide-react';
import { isCanvasMaximised, toggleMaximiseCanvas, useWorkbench } from '../layout/workbench';
import { withShortcut } from '../layout/actions';
import { count as plural } from '../text';

interface Props {
  count: number;
  onTidy: () => void;
  onFit: () => void;
  onZoom: (direction: 1 | -1) => void;
}

export function CanvasHeader({ count, onTidy, onFit, onZoom }: Props) {
  const maximised = useWorkbench((s) => isCanvasMaximised(s.collapsed));
  const maximise = withShortcut('layout.maximise-canvas', maximised ? 'Restore the panels' : 'Maximise the canvas');
  const fit = withShortcut('layout.fit-view');
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
        <button type="button" className="icon-button" onClick={onTidy} aria-label="Tidy: put every node back in line (undoable)" title="Tidy: put every node back in line (undoable)" disabled={count === 0}>
          <AlignHorizontalDistributeCenter size={15} aria-hidden />
        </button>
        <span className="tool-sep" />
        <button type="button" className="icon-button" onClick={() => onZoom(-1)} aria-label="Zoom out" title="Zoom out" disabled={count === 0}>
          <ZoomOut size={15} aria-hidden />
        </button>
        <button type="button" className="icon-button" onClick={() => onZoom(1)} aria-label="Zoom in" title="Zoom in" disabled={count === 0}>
          <ZoomIn size={15} aria-hidden />
        </button>
        <button type="button" className="icon-button" onClick={onFit} aria-label={fit} title={fit} disabled={count === 0} data-testid="fit-view">
          <Scan size={15} aria-hidden />
        </button>
        <span className="tool-sep" />
        <button type="button" className="icon-button" onClick={toggleMaximiseCanvas} aria-label={maximise} title={maximise} aria-pressed={maximised} data-testid="maximise-canvas">
          {maximised ? <Minimize2 size={15} aria-hidden /> : <Maximize2 size={15} aria-hidden />}
        </button>
      </span>
    </div>
  );
}
