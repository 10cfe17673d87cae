// The JSON editor panel: the selected plugin, the whole conflist, or the NAD YAML view. Monaco itself is
// loaded on first use, so opening the app does not wait for it.
import { lazy, Suspense, useState } from 'react';
import { useApp, useConflist, useIds } from '../state';
import { PreviewPanel } from '../preview/PreviewPanel';
import { LabPanel } from '../lab/LabPanel';
import { ReviewPanel } from '../review/ReviewPanel';
import { useActiveTab, type EditorTab } from './active-tab';
import { pluginList, typeOfConf } from '../../core';

const MonacoHost = lazy(() => import('./MonacoHost'));

export type { EditorTab };

export const TABS: [EditorTab, string][] = [
  ['plugin', 'Plugin'],
  ['document', 'Whole conflist'],
  ['nad', 'NAD YAML'],
  ['preview', 'Runtime preview'],
  ['lab', 'Live lab'],
  ['review', 'Review'],
];

/** Tabs that are panels of their own; the Monaco editor stays mounted (hidden) behind them. */
const PANELS = new Set<EditorTab>(['preview', 'lab', 'review']);

export function EditorPanel({ theme }: { theme: 'light' | 'dark' }) {
  const { tab, setTab } = useActiveTab();
  const selected = useApp((s) => s.selected);
  const ids = useIds();
  const doc = useConflist();
  const one = selected.length === 1 ? selected[0]! : undefined;
  const pluginId = one?.pluginId;
  const index = pluginId ? ids.indexOf(pluginId) : -1;
  const type = index >= 0 ? typeOfConf(pluginList(doc)[index]) : '';
  const [used, setUsed] = useState(false);
  // Monaco loads the first time there is something to edit, and stays.
  const wanted = tab === 'document' || tab === 'nad' || index >= 0;
  if (wanted && !used) setUsed(true);
  const editorKey = tab === 'plugin' ? (index >= 0 ? pluginId : undefined) : PANELS.has(tab) ? undefined : tab;

  return (
    <section className={`editor-panel${PANELS.has(tab) ? ' tall' : ''}`} aria-label="Editor">
      <div className="tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button key={id} role="tab" aria-selected={tab === id} onClick={() => setTab(id)} data-testid={`tab-${id}`}>
            {id === 'plugin' && index >= 0 ? `${index + 1}. ${type || 'plugin'}` : label}
          </button>
        ))}
        <span className="tab-hint">Ctrl+Space completes · Ctrl+. quick fix · hover for docs</span>
      </div>
      <div className="editor-body">
        {tab === 'plugin' && index < 0 && <p className="editor-empty">Select a plugin on the canvas to edit its JSON.</p>}
        {used && (
          // Stays mounted behind the preview, so every model keeps its text, undo stack and view state.
          <div className="editor-host" hidden={PANELS.has(tab)}>
            <Suspense fallback={<p className="editor-empty">Loading the editor…</p>}>
              <MonacoHost editorKey={editorKey} reveal={tab === 'plugin' && one?.part === 'ipam' ? 'ipam' : undefined} theme={theme} />
            </Suspense>
          </div>
        )}
        {tab === 'preview' && <PreviewPanel theme={theme} />}
        {tab === 'lab' && <LabPanel />}
        {tab === 'review' && <ReviewPanel theme={theme} />}
      </div>
    </section>
  );
}
