// A button for a registered action: its icon and label, its shortcut in the tooltip, and when it cannot
// run, why (in the tooltip and to screen readers). It stays focusable when unavailable, so a keyboard user
// can read the reason too.
import { useId } from 'react';
import { runAction } from './registry';
import { useAction, useAvailability } from './hooks';
import { keysText } from './KeyCaps';
import { ariaKeys, isMac } from './keys';
import './actions.css';

const MAC = isMac();

export function ActionButton({ id, iconOnly = false, testId, className }: { id: string; iconOnly?: boolean; testId?: string; className?: string }) {
  const tipId = useId();
  const ok = useAvailability(id);
  // Its own subscription: availability alone did not change when the theme action came back with its new title.
  const action = useAction(id);
  if (!action || ok === undefined) return null;
  const label = action.label ?? action.title;
  const keys = keysText(action.keys);
  const Icon = action.icon;
  const disabled = ok !== true;
  return (
    <span className="action-button">
      <button
        type="button"
        className={className}
        aria-label={iconOnly ? label : undefined}
        aria-disabled={disabled || undefined}
        aria-pressed={action.pressed}
        aria-describedby={tipId}
        aria-keyshortcuts={action.keys?.length ? ariaKeys(action.keys[0]!, MAC) : undefined}
        data-testid={testId}
        onClick={() => {
          if (!disabled) runAction(action);
        }}
      >
        {Icon && <Icon aria-hidden="true" size={16} strokeWidth={1.9} />}
        {!iconOnly && <span className="action-label">{label}</span>}
      </button>
      <span role="tooltip" id={tipId} className="action-tip">
        {action.title}
        {keys && <span className="action-tip-keys"> · {keys}</span>}
        {disabled && <span className="action-tip-reason">{ok}</span>}
      </span>
    </span>
  );
}
