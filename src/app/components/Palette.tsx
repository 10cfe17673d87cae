// The plugin palette: every catalog type, grouped, searchable; drag onto the canvas, or click / Enter to add.
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { PluginMeta } from '../../core';
import { catalog } from '../catalog';
import { IPAM_MIME, PLUGIN_MIME } from '../canvas/dnd';
import { PanelLeftClose } from 'lucide-react';
import { RoleIcon } from './RoleIcon';
import { togglePanel } from '../layout/workbench';
import { withShortcut } from '../layout/actions';
import { whenIdle } from '../idle';

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

/**
 * Entries drawn before the first paint: as many as the window is tall (at the palette's default width an
 * entry is ~74 px and the list starts ~90 px down; counted at 70), and one more. The rest, below the fold,
 * come when the browser is next idle: drawing all 34 first cost a sixth of the first screen's render, and
 * a fixed 14 drew six that a 720 px window does not show. Too few to fill the list (a wider palette makes
 * shorter entries) are made up before the paint (the layout effect below).
 */
const firstScreenful = () => Math.ceil(Math.max(0, (typeof innerHeight === 'number' ? innerHeight : 1080) - 90) / 70) + 1;

/** The groups with their entries, the first `limit` entries in palette order drawn (each group counts all of its). */
function grouped(shown: readonly PluginMeta[], limit: number) {
  const out = [];
  let left = limit;
  for (const g of GROUPS) {
    const all = shown.filter(g.test);
    const entries = all.slice(0, left);
    left -= entries.length;
    out.push({ ...g, count: all.length, entries });
  }
  return out;
}

export const Palette = memo(function Palette({ onPick }: { onPick: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => catalog.entries.filter((e) => matches(e, query)), [query]);
  const list = useRef<HTMLDivElement>(null);
  const [complete, setComplete] = useState(false);
  const [first] = useState(firstScreenful);
  useLayoutEffect(() => {
    if (complete) return;
    const el = list.current;
    // Not filling its view (a taller window, a wider palette): all of it now, before the paint.
    if (!el || el.scrollHeight <= el.clientHeight) return setComplete(true);
    return whenIdle(() => setComplete(true));
  }, [complete]);
  // A search shows every match at once.
  const groups = useMemo(() => grouped(shown, complete || query ? Infinity : first), [shown, complete, query, first]);
  return (
    <nav className="palette" aria-label="Plugin palette">
      <div className="palette-head">
        <input className="search" type="search" placeholder="Search plugins" aria-label="Search plugins" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" className="icon-button" aria-label={withShortcut('layout.toggle-palette', 'Hide the plugin palette')} title={withShortcut('layout.toggle-palette', 'Hide the plugin palette')} onClick={() => togglePanel('palette')} data-testid="collapse-palette" data-panel-toggle="palette">
          <PanelLeftClose size={16} aria-hidden />
        </button>
      </div>
      <div className="palette-list" ref={list}>
      {groups.map(({ entries, ...g }) => {
        if (entries.length === 0) return null;
        return (
          <section key={g.id} data-testid={`palette-group-${g.id}`}>
            <h2>
              {g.title} <span className="count">{g.count}</span>
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
});
