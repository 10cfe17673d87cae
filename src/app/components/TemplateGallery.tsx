// Start from a real-world setup.
import { TEMPLATES, type Template } from '../../core';
import { Dialog } from './Dialog';

export function TemplateGallery({ onPick, onClose }: { onPick: (t: Template) => void; onClose: () => void }) {
  return (
    <Dialog title="Start from a template" onClose={onClose} testId="templates" wide>
      <ul className="template-grid">
        {TEMPLATES.map((t) => (
          <li key={t.id}>
            <button data-testid={`template-${t.id}`} onClick={() => onPick(t)}>
              <strong>{t.title}</strong>
              <span>{t.description}</span>
              <span className="tags">
                {(t.document.plugins as { type?: string }[]).map((p) => p.type).join(' → ')}
                {t.format === 'nad' ? ' · NetworkAttachmentDefinition' : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
