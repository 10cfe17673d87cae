// The plugin palette: every catalog type, grouped, searchable; drag onto the canvas, or click / Enter to add.
import { useMemo, useState } from 'react';
import type { PluginMeta } from '../../core';
import { catalog } from '../catalog';
import { IPAM_MIME, PLUGIN_MIME } from '../canvas/dnd';
import { PanelLeftClose } from 'lucide-react';
import { RoleIcon } from './RoleIcon';
import { togglePanel } from '../layout/workbench';
import { withShortcut } from '../layout/actions';

export const GROUPS: { id: string; title: string; test: (e: PluginMeta) => boolean }[] = [
  { id: 'interface', title: 'Interface', test: (e) => !e.thirdParty && e.role === 'interface' },
  { id: 'ipam', title: 'IPAM', test: (e) => !e.thirdParty && e.role === 'ipam' },
  { id: 'chained', title: 'Chained / meta', test: (e) => !e.thirdParty && (e.role === 'chained' || e.role === 'meta') },
  { id: 'third-party', title: 'Third-party', test: (e) => e.thirdParty },
];

export function matches(e: PluginMeta, query: string): boolean {
  const q = query.trim().toLowerCase();
  return !q || e.type.includes(q) || e.title.toLowerCase().includes(q) || e.summary.toLowerCase().includes(q);
}

export function Palette({ onPick }: { onPick: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => catalog.entries.filter((e) => matches(e, query)), [query]);
  return (
    <nav className="palette" aria-label="Plugin palette">
      <div className="palette-head">
        <input className="search" type="search" placeholder="Search plugins" aria-label="Search plugins" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" className="icon-button" aria-label={withShortcut('layout.toggle-palette', 'Hide the plugin palette')} title={withShortcut('layout.toggle-palette', 'Hide the plugin palette')} onClick={() => togglePanel('palette')} data-testid="collapse-palette">
          <PanelLeftClose size={16} aria-hidden />
        </button>
      </div>
      <div className="palette-list">
      {GROUPS.map((g) => {
        const entries = shown.filter(g.test);
        if (entries.length === 0) return null;
        return (
          <section key={g.id} data-testid={`palette-group-${g.id}`}>
            <h2>
              {g.title} <span className="count">{entries.length}</span>
            </h2>
            <ul>
              {entries.map((e) => (
                <li key={e.type}>
                  <button
                    className={`plugin role-${e.role}`}
                    data-testid={`palette-${e.type}`}
                    draggable
                    title={`${e.summary}\nDrag onto the canvas, or click to ${e.role === 'ipam' ? 'attach to the selected plugin' : 'append to the chain'}.`}
                    onDragStart={(ev) => {
                      ev.dataTransfer.setData(PLUGIN_MIME, e.type);
                      if (e.role === 'ipam') ev.dataTransfer.setData(IPAM_MIME, e.type);
                      ev.dataTransfer.setData('text/plain', e.type);
                      ev.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onPick(e.type)}
                  >
                    <span className="plugin-icon">
                      <RoleIcon role={e.role} size={15} />
                    </span>
                    <span className="plugin-text">
                      <span className="plugin-type">{e.type}</span>
                      <span className="plugin-summary">{e.summary}</span>
                    </span>
                    {g.id === 'third-party' && <span className="plugin-role">{e.role}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {shown.length === 0 && <p className="empty">No plugin matches "{query}".</p>}
      </div>
    </nav>
  );
}
