// The workbench: palette | canvas | network settings, selection and problems.
import { useCallback, useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { isJsonObject, type Finding, type JsonObject, type Template } from '../core';
import { ChainCanvas } from './canvas/ChainCanvas';
import { Palette } from './components/Palette';
import { Problems } from './components/Problems';
import { NetworkSettings } from './components/NetworkSettings';
import { PluginPicker } from './components/PluginPicker';
import { TemplateGallery } from './components/TemplateGallery';
import { ImportDialog } from './components/ImportDialog';
import { ExportDialog } from './components/ExportDialog';
import { Confirm, type ConfirmRequest } from './components/Confirm';
import { Notice } from './components/Notice';
import { SelectedPlugin } from './components/SelectedPlugin';
import { EditorPanel } from './editor/EditorPanel';
import { store, useActions, useApp, useFindings, useUndoRedo } from './state';
import { useShortcuts } from './keyboard';
import { useTheme } from './theme';
import { importFile, importText, type ImportResult } from './io/import';
import { downloadText, exportFileName, exportText } from './io/export';
import { catalog } from './validator';

type Modal = 'picker' | 'templates' | 'import' | 'export' | null;

export function App() {
  const doc = useApp((s) => s.doc);
  const ids = useApp((s) => s.ids);
  const selected = useApp((s) => s.selected);
  const notice = useApp((s) => s.notice);
  const actions = useActions();
  const findings = useFindings();
  const { canUndo, canRedo, undo, redo } = useUndoRedo();
  const [theme, toggleTheme] = useTheme();
  const [modal, setModal] = useState<Modal>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [importNotes, setImportNotes] = useState<Finding[]>([]);
  const openPicker = useCallback(() => setModal('picker'), []);
  useShortcuts(openPicker, modal !== null || confirm !== null);

  /** Replacing non-empty work asks first (the old document stays reachable through undo). */
  const replaceWith = useCallback(
    (doc: JsonObject, fileName: string | undefined, what: string, notes: Finding[] = []) => {
      const apply = () => {
        actions.replaceDocument(doc, fileName);
        setImportNotes(notes);
        actions.notify({ kind: 'info', text: what });
      };
      const current = store.getState().doc;
      const count = Array.isArray(current.plugins) ? current.plugins.length : 0;
      if (count === 0) return apply();
      setConfirm({
        title: 'Replace the current network?',
        body: (
          <p>
            "{String(current.name ?? '')}" has {count} plugin{count > 1 ? 's' : ''}. It will be replaced; Undo brings it back.
          </p>
        ),
        confirm: 'Replace',
        onConfirm: apply,
      });
    },
    [actions],
  );

  const onImported = useCallback(
    (result: ImportResult) => {
      setModal(null);
      if (!result.ok) return actions.notify({ kind: 'error', text: result.reason });
      replaceWith(result.doc, result.fileName, result.summary, result.notes);
    },
    [actions, replaceWith],
  );

  // Dropping a file anywhere on the window imports it.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const file = e.dataTransfer?.files[0];
      if (!file) return;
      e.preventDefault();
      void importFile(file).then(onImported);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onImported]);

  const pick = useCallback(
    (type: string) => {
      const entry = catalog.get(type);
      const s = store.getState();
      if (entry?.role === 'ipam') {
        const target = s.selected.find((id) => s.ids.includes(id));
        if (target) actions.attachIpam(target, type);
        else actions.notify({ kind: 'refused', text: `${type} is an IPAM plugin: select the plugin to attach it to, or drag it onto that plugin.` });
        return;
      }
      const after = Math.max(-1, ...s.selected.map((id) => s.ids.indexOf(id)));
      actions.addPlugin(type, after >= 0 ? after + 1 : undefined);
    },
    [actions],
  );

  const selectedIndex = selected.length === 1 ? ids.indexOf(selected[0]!.replace(/\/ipam$/, '')) : -1;
  const selectedPlugin = selectedIndex >= 0 && Array.isArray(doc.plugins) && isJsonObject(doc.plugins[selectedIndex]) ? doc.plugins[selectedIndex] : undefined;
  const fileName = exportFileName(doc);

  return (
    <ReactFlowProvider>
      <div className="app">
        <header className="topbar">
          <h1>CNI Studio</h1>
          <span className="doc-name" data-testid="doc-name">
            {String(doc.name ?? '')}
          </span>
          <nav className="toolbar" aria-label="Document">
            <button onClick={() => setModal('templates')}>Templates</button>
            <button onClick={() => setModal('import')}>Import</button>
            <button onClick={() => setModal('export')} data-testid="export">
              Export
            </button>
            <span className="sep" />
            <button onClick={undo} disabled={!canUndo} title="Undo (Ctrl+Z)">
              Undo
            </button>
            <button onClick={redo} disabled={!canRedo} title="Redo (Ctrl+Shift+Z)">
              Redo
            </button>
            <button onClick={openPicker} title="Add a plugin (Ctrl+K)">
              Add plugin
            </button>
            <span className="sep" />
            <button onClick={toggleTheme} aria-label="Toggle dark theme" title="Light / dark">
              {theme === 'dark' ? '☀' : '☾'}
            </button>
          </nav>
        </header>
        <main className="layout">
          <Palette onPick={pick} />
          <div className="center">
            <ChainCanvas colorMode={theme} />
            <EditorPanel theme={theme} />
          </div>
          <aside className="sidebar">
            <NetworkSettings doc={doc} onChange={(k, v) => actions.setSetting(k, v)} />
            {selectedPlugin && (
              <SelectedPlugin
                plugin={selectedPlugin}
                index={selectedIndex}
                onDuplicate={() => actions.duplicatePlugin(ids[selectedIndex]!)}
                onRemove={() => actions.removePlugins([ids[selectedIndex]!])}
                onDetachIpam={() => actions.detachIpam(ids[selectedIndex]!)}
              />
            )}
            <Problems
              findings={findings}
              doc={doc}
              importNotes={importNotes}
              onSelectPlugin={(i) => ids[i] && actions.select([ids[i]!])}
              onFix={(f) => f.fix && actions.applyFix(f.fix)}
              onDismissNotes={() => setImportNotes([])}
            />
          </aside>
        </main>
        <Notice notice={notice} onClose={() => actions.notify(null)} />
        {modal === 'picker' && <PluginPicker onPick={pick} onClose={() => setModal(null)} />}
        {modal === 'templates' && (
          <TemplateGallery
            onClose={() => setModal(null)}
            onPick={(t: Template) => {
              setModal(null);
              replaceWith(structuredClone(t.document), undefined, `Started from the template "${t.title}".`);
            }}
          />
        )}
        {modal === 'import' && <ImportDialog onClose={() => setModal(null)} onText={(text) => onImported(importText(text))} onFile={(file) => void importFile(file).then(onImported)} />}
        {modal === 'export' && (
          <ExportDialog
            fileName={fileName}
            findings={findings}
            onClose={() => setModal(null)}
            onDownload={() => {
              downloadText(exportText(doc), fileName);
              setModal(null);
            }}
            onCopy={() => {
              void navigator.clipboard.writeText(exportText(doc)).then(
                () => actions.notify({ kind: 'info', text: 'Copied the conflist to the clipboard.' }),
                () => actions.notify({ kind: 'error', text: 'The browser refused clipboard access; use Download instead.' }),
              );
              setModal(null);
            }}
          />
        )}
        {confirm && <Confirm request={confirm} onClose={() => setConfirm(null)} />}
      </div>
    </ReactFlowProvider>
  );
}
