// The JSON editor panel: the selected plugin, the whole conflist, or the NAD YAML view. Monaco itself is
// loaded on first use, so opening the app does not wait for it.
import { memo, Suspense, useEffect, useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import { Braces, ChevronDown, ChevronUp, FileBraces, FileCode, FlaskConical, GitCompare, Maximize2, Minimize2, Play, type LucideIcon } from 'lucide-react';
import { expandPanel, togglePanel, toggleMaximiseBottom, useWorkbench } from '../layout/workbench';
import { withShortcut } from '../layout/actions';
import './tabs.css';
import { useApp, useConflist, useIds } from '../state';
import { LabPanel, later, PreviewPanel, ReviewPanel } from '../later';
import { useActiveTab, type EditorTab } from './active-tab';
import { revealAnswered, useRevealRequest } from './reveal';
import { ipamKeyOf, pluginList, typeOfConf } from '../../core';

const MonacoHost = later(() => import('./MonacoHost'), 'default', 'the editor').Component;

export type { EditorTab };

export const TABS: [EditorTab, string][] = [
  ['plugin', 'Plugin'],
  ['document', 'Whole conflist'],
  ['nad', 'NAD YAML'],
  ['preview', 'Runtime preview'],
  ['lab', 'Live lab'],
  ['review', 'Review'],
];

const TAB_ICON_TYPES: Record<EditorTab, LucideIcon> = { plugin: Braces, document: FileBraces, nad: FileCode, preview: Play, lab: FlaskConical, review: GitCompare };
// Made once: the same element each render is not drawn again (the panel draws on every edit of the selected plugin).
const TAB_ICONS = Object.fromEntries(Object.entries(TAB_ICON_TYPES).map(([id, Icon]) => [id, <Icon size={14} aria-hidden />])) as Record<EditorTab, ReactElement>;

/** Tabs that are panels of their own; the Monaco editor stays mounted (hidden) behind them. */
const PANELS = new Set<EditorTab>(['preview', 'lab', 'review']);

export const EditorPanel = memo(function EditorPanel({ theme }: { theme: 'light' | 'dark' }) {
  const { tab, setTab } = useActiveTab();
  const selected = useApp((s) => s.selected);
  const ids = useIds();
  const doc = useConflist();
  const one = selected.length === 1 ? selected[0]! : undefined;
  // A click on a problem: its place in this plugin's text.
  const revealAt = useRevealRequest();
  const pluginId = one?.pluginId;
  // A request for a plugin no longer selected is dropped: shown later, it moved the cursor from where the user was.
  useEffect(() => {
    if (revealAt && pluginId !== undefined && pluginId !== revealAt.pluginId) revealAnswered(revealAt.n);
  }, [revealAt, pluginId]);
  const index = pluginId ? ids.indexOf(pluginId) : -1;
  const type = index >= 0 ? typeOfConf(pluginList(doc)[index]) : '';
  // The plugin's editor shows the place within the plugin; the Whole conflist tab the same place in the list.
  const revealHere = useMemo(
    () => (tab === 'plugin' && revealAt?.pluginId === pluginId && index >= 0 ? revealAt : tab === 'document' && revealAt ? { ...revealAt, pointer: revealAt.documentPointer } : undefined),
    [tab, revealAt, pluginId, index],
  );
  const [used, setUsed] = useState(false);
  // Monaco loads the first time there is something to edit, and stays.
  const wanted = tab === 'document' || tab === 'nad' || index >= 0;
  if (wanted && !used) setUsed(true);
  const editorKey = tab === 'plugin' ? (index >= 0 ? pluginId : undefined) : PANELS.has(tab) ? undefined : tab;
  const collapsed = useWorkbench((s) => s.collapsed.bottom);
  const maximised = useWorkbench((s) => s.bottomMaximised);
  // A tab of a collapsed panel opens the panel on it.
  const open = (id: EditorTab) => {
    setTab(id);
    expandPanel('bottom');
  };
  // Arrow keys move along the tabs, as in any tab list.
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.findIndex(([id]) => id === tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : undefined;
    if (next === undefined) return;
    e.preventDefault();
    const id = TABS[(next + TABS.length) % TABS.length]![0];
    open(id);
    e.currentTarget.parentElement?.querySelector<HTMLButtonElement>(`[data-testid="tab-${id}"]`)?.focus();
  };
  const collapseLabel = withShortcut('layout.toggle-bottom', collapsed ? 'Show the bottom panel' : 'Hide the bottom panel');
  const maximiseLabel = withShortcut('layout.maximise-bottom', maximised ? 'Restore the bottom panel' : 'Maximise the bottom panel');

  return (
    <section className="editor-panel" aria-label="Editor">
      <div className="tab-bar">
        <div className="tabs" role="tablist" aria-label="Bottom panel">
          {TABS.map(([id, label]) => {
            const text = id === 'plugin' && index >= 0 ? `${index + 1}. ${type || 'plugin'}` : label;
            // The tooltip names a tab a narrow panel shows as its icon.
            return (
              <button key={id} role="tab" aria-selected={tab === id} tabIndex={tab === id ? 0 : -1} title={text} onClick={() => open(id)} onKeyDown={onTabKey} data-testid={`tab-${id}`}>
                {TAB_ICONS[id]}
                <span className="tab-label">{text}</span>
              </button>
            );
          })}
        </div>
        {/* Shown only where it fits whole: a hint that does not fit wraps onto a line that is never shown. */}
        <div className="tab-hint-slot" aria-hidden={PANELS.has(tab) || undefined}>
          <span className="tab-hint-spacer" />
          {!PANELS.has(tab) && <span className="tab-hint">Ctrl+Space completes · Ctrl+. quick fix · hover for docs</span>}
        </div>
        <div className="tab-actions">
          <button type="button" className="icon-button" aria-label={maximiseLabel} title={maximiseLabel} aria-pressed={maximised} onClick={toggleMaximiseBottom} data-testid="maximise-bottom">
            {maximised ? <Minimize2 size={15} aria-hidden /> : <Maximize2 size={15} aria-hidden />}
          </button>
          <button type="button" className="icon-button" aria-label={collapseLabel} title={collapseLabel} aria-expanded={!collapsed} onClick={() => togglePanel('bottom')} data-testid="collapse-bottom" data-panel-toggle="bottom">
            {collapsed ? <ChevronUp size={16} aria-hidden /> : <ChevronDown size={16} aria-hidden />}
          </button>
        </div>
      </div>
      {/* Collapsed to its tab bar, the body is out of sight: out of reach of Tab and the focus too. */}
      <div className="editor-body" inert={collapsed}>
        {tab === 'plugin' && index < 0 && <p className="editor-empty">Select a plugin on the canvas to edit its JSON.</p>}
        {used && (
          // Stays mounted behind the preview, so every model keeps its text, undo stack and view state.
          <div className="editor-host" hidden={PANELS.has(tab)}>
            {/* Nothing to edit (no plugin selected): the hint above says so, not a loading line over it. */}
            <Suspense fallback={editorKey === undefined ? null : <p className="editor-empty">Loading the editor…</p>}>
              <MonacoHost
                editorKey={editorKey}
                reveal={tab === 'plugin' && one?.part === 'ipam' ? (ipamKeyOf(pluginList(doc)[index]) ?? 'ipam') : undefined}
                revealAt={revealHere}
                theme={theme}
              />
            </Suspense>
          </div>
        )}
        {/* Loaded on first use (fetched earlier when the browser was idle). */}
        <Suspense fallback={<p className="editor-empty">Loading…</p>}>
          {tab === 'preview' && <PreviewPanel theme={theme} />}
          {tab === 'lab' && <LabPanel />}
          {tab === 'review' && <ReviewPanel theme={theme} />}
        </Suspense>
      </div>
    </section>
  );
});
