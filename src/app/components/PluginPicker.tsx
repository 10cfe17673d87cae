// Quick add (Ctrl+K or /): type to filter, arrows to move, Enter to add.
import { useMemo, useState } from 'react';
import { catalog } from '../catalog';
import { matches } from './Palette';
import { Dialog } from './Dialog';

export function PluginPicker({ onPick, onClose }: { onPick: (type: string) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  // The type typed in full comes first, then types that start with it, then other mentions.
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const rank = (type: string) => (type === q ? 0 : type.startsWith(q) ? 1 : 2);
    return catalog.entries.filter((e) => matches(e, query)).sort((a, b) => rank(a.type) - rank(b.type));
  }, [query]);
  const choose = (i: number) => {
    const e = shown[i];
    if (e) {
      onPick(e.type);
      onClose();
    }
  };
  return (
    <Dialog title="Add a plugin" onClose={onClose} testId="plugin-picker">
      <input
        className="search"
        aria-label="Plugin type"
        placeholder="bridge, portmap, host-local…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') choose(active);
          else return;
          e.preventDefault();
        }}
      />
      <ul className="picker-list" role="listbox" aria-label="Plugins">
        {shown.map((e, i) => (
          <li key={e.type} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={() => choose(i)} onMouseEnter={() => setActive(i)}>
            <span className="plugin-type">{e.type}</span> <span className="plugin-role">{e.role}</span>
            <span className="plugin-summary">{e.summary}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
