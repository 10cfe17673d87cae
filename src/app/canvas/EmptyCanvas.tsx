// An empty network: what to do first, centred on the canvas.
import { LayoutTemplate, Plus, Workflow } from 'lucide-react';

export function EmptyCanvas({ onAddPlugin, onTemplates }: { onAddPlugin: () => void; onTemplates: () => void }) {
  return (
    <div className="canvas-empty" data-testid="canvas-empty">
      <Workflow className="canvas-empty-icon" size={40} strokeWidth={1.5} aria-hidden />
      <h2>Start the chain</h2>
      <p>
        Drag a plugin here from the palette, press <kbd>Ctrl+K</kbd> to add one by name, or start from a template.
      </p>
      <div className="canvas-empty-actions">
        <button type="button" className="primary" onClick={onAddPlugin} data-testid="empty-add-plugin">
          <Plus size={15} aria-hidden /> Add plugin
        </button>
        <button type="button" onClick={onTemplates} data-testid="empty-templates">
          <LayoutTemplate size={15} aria-hidden /> Start from a template
        </button>
      </div>
    </div>
  );
}
