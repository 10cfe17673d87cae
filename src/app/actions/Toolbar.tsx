// The top toolbar: registered actions, arranged here; their titles, icons, shortcuts and availability come
// from the registry.
import { memo } from 'react';
import { ActionButton } from './ActionButton';
import './actions.css';

/** Action ids in toolbar order; '|' separates groups. Icon-only ones carry their label for screen readers. */
const TOOLBAR: readonly (readonly [id: string, options?: { iconOnly?: boolean; testId?: string }] | '|')[] = [
  ['network.templates'],
  ['network.import'],
  ['network.export', { testId: 'export' }],
  ['network.share', { testId: 'share' }],
  ['network.history', { testId: 'history' }],
  '|',
  ['edit.undo', { iconOnly: true, testId: 'undo' }],
  ['edit.redo', { iconOnly: true, testId: 'redo' }],
  ['canvas.add-plugin'],
  '|',
  ['help.commands', { testId: 'commands' }],
  ['view.theme', { iconOnly: true, testId: 'theme' }],
];

export const Toolbar = memo(function Toolbar() {
  return (
    <nav className="toolbar" aria-label="Document">
      {TOOLBAR.map((item, i) => (item === '|' ? <span key={i} className="sep" /> : <ActionButton key={item[0]} id={item[0]} {...item[1]} />))}
    </nav>
  );
});
