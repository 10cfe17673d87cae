// The command palette (Ctrl+Shift+P): every registered action, searched by what it does, grouped, each
// with its shortcut; one that cannot run now says why. Enter runs, Esc closes, and focus goes back to
// where it was unless the action itself moved it.
import { useEffect, useRef } from 'react';
import { Command } from 'cmdk';
import { Search } from 'lucide-react';
import { availability, grouped, runAction, type RegisteredAction } from './registry';
import { useActionList } from './hooks';
import { KeyCaps } from './KeyCaps';
import './actions.css';

export function CommandPalette({ onClose }: { onClose: () => void }) {
  const actions = useActionList();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const palette = root.current;
    return () => {
      // Back to where it was, unless the action just run put focus somewhere on purpose.
      const now = document.activeElement;
      if (!now || now === document.body || palette?.contains(now)) previous?.focus?.();
    };
  }, []);

  const run = (action: RegisteredAction) => {
    onClose();
    runAction(action);
  };

  return (
    <div className="cmd-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={root}
        className="cmd-palette"
        role="dialog"
        aria-modal="true"
        aria-label="Commands"
        data-testid="command-palette"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <Command label="Search commands" loop>
          <div className="cmd-input-row">
            <Search aria-hidden="true" size={16} />
            <Command.Input autoFocus placeholder="Type a command: add, export, theme, undo…" className="cmd-input" />
          </div>
          <Command.List className="cmd-list" label="Commands">
            <Command.Empty className="cmd-empty">No command matches.</Command.Empty>
            {grouped(actions).map(([group, list]) => (
              <Command.Group key={group} heading={group} className="cmd-group">
                {list.map((a) => {
                  const ok = availability(a);
                  const Icon = a.icon;
                  return (
                    <Command.Item
                      key={a.id}
                      value={a.title}
                      keywords={[a.label ?? '', group, ...(a.keywords ?? [])]}
                      disabled={ok !== true}
                      onSelect={() => run(a)}
                      className="cmd-item"
                      data-action={a.id}
                    >
                      <span className="cmd-icon">{Icon && <Icon aria-hidden="true" size={16} strokeWidth={1.9} />}</span>
                      <span className="cmd-text">
                        <span className="cmd-title">{a.title}</span>
                        {ok !== true && <span className="cmd-reason">{ok}</span>}
                      </span>
                      <KeyCaps keys={a.keys} />
                    </Command.Item>
                  );
                })}
              </Command.Group>
            ))}
          </Command.List>
          <div className="cmd-footer" aria-hidden="true">
            <span>
              <kbd className="keycap">↑</kbd>
              <kbd className="keycap">↓</kbd> move
            </span>
            <span>
              <kbd className="keycap">↵</kbd> run
            </span>
            <span>
              <kbd className="keycap">Esc</kbd> close
            </span>
          </div>
        </Command>
      </div>
    </div>
  );
}
