// The command palette (Ctrl+Shift+P): every registered action, searched by what it does, grouped, each
// with its shortcut; one that cannot run now says why. Enter runs, Esc closes, and focus goes back to
// where it was unless the action itself moved it. It starts from what was typed before its code arrived
// (CommandPaletteSlot).
import { useEffect, useMemo, useRef, useState } from 'react';
import { Command } from 'cmdk';
import { Search } from 'lucide-react';
import { availability, grouped, runAction, type RegisteredAction } from './registry';
import { useActionList } from './hooks';
import { KeyCaps } from './KeyCaps';
import { PaletteFrame } from './PaletteFrame';
import { commandScore } from './filter';
import './actions.css';

export function CommandPalette({ onClose, initialSearch = '', previousFocus }: { onClose: () => void; initialSearch?: string; previousFocus?: HTMLElement | null }) {
  const actions = useActionList();
  const root = useRef<HTMLDivElement>(null);
  const [search, setSearch] = useState(initialSearch);
  // Searching shows one list, best match first (as VS Code does); an empty search shows the groups.
  const ranked = useMemo(() => {
    if (!search.trim()) return null;
    return actions
      .map((a) => ({ a, score: commandScore(a.title, search, [a.label ?? '', ...(a.keywords ?? [])]) }))
      .filter((x) => x.score > 0)
      .sort((x, y) => y.score - x.score)
      .map((x) => x.a);
  }, [actions, search]);
  // Taken while rendering, before the search field takes focus (or by the slot, before its stand-in took it).
  const [previous] = useState(() => previousFocus ?? (document.activeElement as HTMLElement | null));

  useEffect(() => {
    const palette = root.current;
    // Mounted again after a trial unmount (React's StrictMode, `npm start`), whose cleanup below gave the focus
    // back: the search field takes it again (its autofocus happens once), else typing went to the button.
    if (palette && !palette.contains(document.activeElement)) palette.querySelector<HTMLElement>('[cmdk-input]')?.focus();
    return () => {
      // Back to where it was, unless the action just run put focus somewhere on purpose.
      const now = document.activeElement;
      if (!now || now === document.body || palette?.contains(now)) previous?.focus?.();
    };
  }, [previous]);

  // cmdk 1.1.1 can leave aria-activedescendant on the item selected before the list was filtered (an id no
  // longer in the page): screen readers would announce nothing. Kept pointing at the selected item.
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const sync = () => {
      const id = el.querySelector('[cmdk-item][aria-selected="true"]')?.id;
      for (const target of el.querySelectorAll('[cmdk-input], [cmdk-list]')) {
        if (!id) target.removeAttribute('aria-activedescendant');
        else if (target.getAttribute('aria-activedescendant') !== id) target.setAttribute('aria-activedescendant', id);
      }
    };
    const observer = new MutationObserver(sync);
    observer.observe(el, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-selected', 'aria-activedescendant'] });
    sync();
    return () => observer.disconnect();
  }, []);

  const run = (action: RegisteredAction) => {
    onClose();
    runAction(action);
  };

  return (
    <PaletteFrame ref={root} onClose={onClose} testId="command-palette">
        <Command label="Search commands" shouldFilter={false} loop>
          <div className="cmd-input-row">
            <Search aria-hidden="true" size={16} />
            <Command.Input autoFocus value={search} onValueChange={setSearch} placeholder="Type a command: add, export, theme, undo…" className="cmd-input" />
          </div>
          <Command.List className="cmd-list" label="Commands">
            <Command.Empty className="cmd-empty">No command matches “{search.trim()}”.</Command.Empty>
            {ranked
              ? ranked.map((a) => <Item key={a.id} action={a} onRun={run} showGroup />)
              : grouped(actions).map(([group, list]) => (
                  <Command.Group key={group} heading={group} className="cmd-group">
                    {list.map((a) => (
                      <Item key={a.id} action={a} onRun={run} />
                    ))}
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
    </PaletteFrame>
  );
}

function Item({ action: a, onRun, showGroup = false }: { action: RegisteredAction; onRun: (a: RegisteredAction) => void; showGroup?: boolean }) {
  const ok = availability(a);
  const Icon = a.icon;
  return (
    <Command.Item value={a.id} disabled={ok !== true} onSelect={() => onRun(a)} className="cmd-item" data-action={a.id}>
      <span className="cmd-icon">{Icon && <Icon aria-hidden="true" size={16} strokeWidth={1.9} />}</span>
      <span className="cmd-text">
        <span className="cmd-title">{a.title}</span>
        {ok !== true && <span className="cmd-reason">{ok}</span>}
      </span>
      {showGroup && <span className="cmd-group-tag">{a.group}</span>}
      <KeyCaps keys={a.keys} />
    </Command.Item>
  );
}
