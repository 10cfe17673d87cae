// The app: the toolbar, and the workbench (palette | canvas over the bottom panel | network settings and
// problems), with the dialogs it opens.
import { Suspense, useCallback, useDeferredValue, useEffect, useState, type ComponentProps } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { conflistOf, countBySeverity, deepEqual, indexOfPlugin, isJsonObject, MAX_SOURCE_CHARS, partAtPointer, pluginList, sizeProblem, type Finding, type JsonObject, type NadMeta, type Template } from '../core';
import { ChainCanvas } from './canvas/ChainCanvas';
import { Palette } from './components/Palette';
import { Problems, shownFindings } from './components/Problems';
import { requestReveal } from './editor/reveal';
import { useActiveTab } from './editor/active-tab';
import { expandPanel } from './layout/workbench';
import { NetworkSettings } from './components/NetworkSettings';
import { PluginPicker } from './components/PluginPicker';
import type { ConfDirView } from './components/ConfDirDialog';
import { ConfDirDialog, ConflictDialog, ExportDialog, ImportChoice, ImportDialog, ShortcutSheet, TemplateGallery, VersionHistory } from './later';
import { Confirm, type ConfirmRequest } from './components/Confirm';
import { DialogLoading } from './components/DialogLoading';
import { Notice } from './components/Notice';
import { SetAsideBanner } from './components/Recovery';
import { SelectedPlugin } from './components/SelectedPlugin';
import { RoleSymbols } from './components/RoleIcon';
import { EditorPanel } from './editor/EditorPanel';
import { showPartOnCanvas } from './canvas/ShownPartFollower';
import { findingsOf, store, useActions, useApp, useConflist, useFindings, useIds } from './state';
import { pluginRef, selectedPluginIds } from './store/store';
import { useKeyboard } from './keyboard';
import { CommandPaletteSlot } from './actions/CommandPaletteSlot';
import { Toolbar } from './actions/Toolbar';
import { SkipLink } from './actions/SkipLink';
import { LAYOUT_ACTIONS } from './layout/actions';
import { useRegisterActions } from './actions/hooks';
import { detachIpamKeepingFocus, editActions, removePluginsKeepingFocus } from './actions/edit';
import { workbenchActions, type WorkbenchDialog } from './actions/workbench';
import { focusPart, focusSelection } from './actions/focus';
import { Workbench } from './layout/Workbench';
import { useTheme } from './theme';
import { useUnparsed } from './store/use-unparsed';
import { withUnparsed } from './store/unparsed';
import { importFile, importText, importTextNow, prepareImport, type ImportResult } from './io/import';
import { droppedFolder, pickedFromFolder, readDropped, type PickedFile } from './io/confdir-files';
import { fileText } from './io/file-text';
import { downloadText, exportFileName, exportText } from './io/export';
import { catalog } from './catalog';
import { loadValidator } from './validator';
import { whenIdle } from './idle';
import { importWithRetries } from './retry';
import { visibleLabel } from './text';
import { useShareLinks } from './share-links';

type Modal = WorkbenchDialog | null;

/**
 * Files larger than the import limit are not read at all: each stays in the directory, marked unchecked
 * (libcni reads it; the report says what that leaves unknown). Bytes that are not UTF-8 are read as the
 * runtime reads them (fileText), or leave the file unreadable, as libcni finds a binary file.
 */
const readFiles = async (files: PickedFile[]) =>
  Promise.all(
    files.map(async (f) =>
      f.file.size > MAX_SOURCE_CHARS
        ? { name: f.path, text: '', unreadable: sizeProblem(f.file.size), unchecked: true as const }
        : await fileText(f.file, f.path).then((read) => (read.ok ? { name: f.path, text: read.text, replaced: read.replaced } : { name: f.path, text: '', unreadable: read.reason })),
    ),
  );

export function App() {
  const doc = useConflist();
  const chain = useApp((s) => s.chain);
  const ids = useIds();
  const selected = useApp((s) => s.selected);
  const notice = useApp((s) => s.notice);
  const conflicted = useApp((s) => s.conflict !== null);
  const actions = useActions();
  const findings = useFindings();
  // The side panels (details, Problems) follow a change a frame later, in a render React can pause: a
  // gesture's own frame draws the canvas only (a reorder at 500 plugins rewrites hundreds of findings).
  // Unlike the canvas (after-paint.ts), a pan may put them off: they are not under the pointer, and a row's
  // fix checks its finding still stands (applyFix).
  const panelDoc = useDeferredValue(doc);
  const panelChain = useDeferredValue(chain);
  const panelFindings = useDeferredValue(findings);
  // Editor text that does not parse counts as an error wherever problems are counted.
  const unparsed = useUnparsed();
  const [theme, toggleTheme] = useTheme();
  const [modal, setModal] = useState<Modal>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [choosing, setChoosing] = useState<Extract<ImportResult, { ok: true }> | null>(null);
  const [importNotes, setImportNotes] = useState<Finding[]>([]);
  const [confDir, setConfDir] = useState<ConfDirView | null>(null);
  // Escape while a dialog's code is still loading: the dialog is not opened after all.
  const cancelDialog = useCallback(() => {
    setModal(null);
    setConfDir(null);
  }, []);
  useKeyboard();

  // The validator's chunk (ajv, yaml, the schemas' rules; with the import's reader) is fetched once the first screen is drawn:
  // at the first idle moment after mount (the canvas measures its nodes first), at most 500 ms later. Until
  // it arrives the Problems panel says "Checking…"; then findings appear and the open network is checked.
  useEffect(() => {
    const load = () =>
      void prepareImport().catch((e: unknown) =>
        actions.notify({ kind: 'error', text: `The checker could not be loaded (${e instanceof Error ? e.message : String(e)}), so no problems can be shown. Reload the page to try again.` }),
      );
    return whenIdle(load, 500);
  }, [actions]);

  /** Replacing non-empty work asks first (the old document stays reachable through undo). */
  const replaceWith = useCallback(
    (doc: JsonObject, fileName: string | undefined, what: string, notes: Finding[] = [], after?: () => void, nad?: NadMeta) => {
      const apply = () => {
        actions.replaceDocument(doc, fileName, nad);
        setImportNotes(notes);
        actions.notify({ kind: 'info', text: what });
        after?.();
      };
      // A network the page would fail on is not opened at all (the current work stays as it is).
      const problem = actions.problemOpening(doc);
      if (problem) return actions.notify({ kind: 'error', text: `This network cannot be opened: the app failed on it (${problem}). Nothing was changed.` });
      const current = conflistOf(store.getState().chain);
      const count = store.getState().chain.plugins.length;
      // Editor text not in the network yet is work too: it is set aside (for download), so the user is asked.
      const typed = Object.keys(store.getState().drafts).length;
      if (count === 0 && typed === 0) return apply();
      setConfirm({
        title: 'Replace the current network?',
        body: (
          <p>
            {count > 0 ? `"${String(current.name ?? '')}" has ${count} plugin${count > 1 ? 's' : ''}. It will be replaced; Undo brings it back.` : `"${String(current.name ?? '')}" will be replaced.`}
            {typed > 0 && ' The editor text not yet in it is set aside in this browser, to download.'}
          </p>
        ),
        confirm: 'Replace',
        onConfirm: apply,
      });
    },
    [actions],
  );

  const onImported = useCallback(
    (result: ImportResult, chosen = false) => {
      setModal(null);
      if (!result.ok) return actions.notify({ kind: 'error', text: result.reason });
      // A file of several configurations: which one is asked first.
      if (result.choice && !chosen) return setChoosing(result);
      replaceWith(result.doc, result.fileName, result.summary, result.notes, undefined, result.nad);
    },
    [actions, replaceWith],
  );

  /** Several files, or a folder (a copy of /etc/cni/net.d), read as a conf directory. */
  const openConfDir = useCallback(
    async (files: PickedFile[]) => {
      setModal(null);
      const tooLarge = files.filter((f) => f.file.size > MAX_SOURCE_CHARS).map((f) => f.path);
      if (tooLarge.length) actions.notify({ kind: 'error', text: `Not read (larger than ${MAX_SOURCE_CHARS / 1024 / 1024} MB): ${tooLarge.join(', ')}.` });
      const read = await readFiles(files);
      try {
        // As the chosen runtime profile's libcni reads the directory.
        // The conf directory's reader (YAML included) comes with the validator, after the first screen.
        const [{ analyzeConfDir }, validator] = await Promise.all([importWithRetries(() => import('../core/confdir')), loadValidator()]);
        setConfDir({ report: analyzeConfDir(read, validator, store.getState().profile), files: read });
      } catch (e) {
        actions.notify({ kind: 'error', text: `These files could not be read as a conf directory: the app failed on them (${(e as Error).message}). Nothing was changed.` });
      }
    },
    [actions],
  );

  /** Imported text: answered in the same task once the validator is here (it is, soon after the first paint). */
  const importNow = (text: string, name?: string) => {
    const now = importTextNow(text, name);
    if (now) onImported(now);
    else void importText(text, name).then(onImported);
  };

  /** One file is imported; several files, or a folder, are read as a conf directory. */
  const onFiles = useCallback(
    async (files: File[]) => {
      const folder = pickedFromFolder(files);
      if (!folder && files.length === 1) return onImported(await importFile(files[0]!));
      await openConfDir(folder ?? files.map((file) => ({ path: file.name, file })));
    },
    [onImported, openConfDir],
  );

  // Dropping a file anywhere on the window imports it.
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      // A folder dropped is a conf directory (its entries are taken now: the drop's data is gone after it).
      const folder = e.dataTransfer ? droppedFolder(e.dataTransfer) : undefined;
      if (folder) {
        e.preventDefault();
        void readDropped(folder).then(openConfDir, (err: unknown) => actions.notify({ kind: 'error', text: `The dropped folder could not be read (${err instanceof Error ? err.message : String(err)}). Nothing was changed.` }));
        return;
      }
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      void onFiles(files);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles, openConfDir, actions]);

  const copyText = useCallback(
    (text: string, done: string) =>
      void navigator.clipboard.writeText(text).then(
        () => actions.notify({ kind: 'info', text: done }),
        () => actions.notify({ kind: 'error', text: 'The browser refused clipboard access; use Download instead.' }),
      ),
    [actions],
  );

  // Share links: copied from the toolbar, and offered when the page is opened from one (share-links.ts).
  const share = useShareLinks({ actions, copyText, replaceWith });

  // Toolbar, keyboard and command palette all run these (actions/README in src/app/README.md).
  useRegisterActions([...workbenchActions({ open: setModal, share, theme, toggleTheme }), ...editActions(), ...LAYOUT_ACTIONS]);

  const pick = useCallback(
    (type: string) => {
      const entry = catalog.get(type);
      const s = store.getState();
      if (entry?.role === 'ipam') {
        // The selected plugin, or the plugin whose IPAM is selected.
        const target = s.selected.find((r) => indexOfPlugin(s.chain, r.pluginId) >= 0);
        if (target) {
          if (actions.attachIpam(target.pluginId, type).ok) focusPart({ pluginId: target.pluginId, part: 'ipam' });
        } else actions.notify({ kind: 'refused', text: `${type} is an IPAM plugin: select the plugin to attach it to, or drag it onto that plugin.` });
        return;
      }
      const after = Math.max(-1, ...selectedPluginIds(s.selected).map((id) => indexOfPlugin(s.chain, id)));
      // The new plugin is selected: focus goes to its node (after the picker has closed).
      if (actions.addPlugin(type, after >= 0 ? after + 1 : undefined).ok) focusSelection();
    },
    [actions],
  );

  // Stable, so the memoised canvas and panels are not drawn again when only the App is.
  const openPicker = useCallback(() => setModal('picker'), []);
  const openTemplates = useCallback(() => setModal('templates'), []);
  const setSetting = useCallback<ComponentProps<typeof NetworkSettings>['onChange']>((key, value) => actions.setSetting(key, value), [actions]);
  // A problem clicked: its plugin selected, and its place shown in the plugin's editor.
  const selectPlugin = useCallback(
    (id: string, finding?: Finding) => {
      // A finding inside the IPAM selects the IPAM node (its part of the plugin).
      const part = finding && partAtPointer(store.getState().chain, finding.pointer);
      const ref = part && part.pluginId === id ? part : pluginRef(id);
      actions.select([ref]);
      showPartOnCanvas(ref);
      if (finding) {
        requestReveal(id, finding.pointer, finding.target);
        // Shown in the plugin's editor: from a panel of its own (the preview, the lab, the review) the bottom
        // panel turns to it, and opens when collapsed.
        const { tab, setTab } = useActiveTab.getState();
        if (tab === 'preview' || tab === 'lab' || tab === 'review') setTab('plugin');
        expandPanel('bottom');
      }
    },
    [actions],
  );
  // The panel draws findings a frame or two after a change (and rows out of view when idle): a row's fix is
  // applied only while its finding still stands in the document as it is now, where it stands now.
  const applyFix = useCallback(
    (f: Finding) => {
      const now = findingsOf(conflistOf(store.getState().chain))?.find((g) => g.code === f.code && g.pointer === f.pointer && deepEqual(g.fix as never, f.fix as never));
      if (now?.fix) actions.applyFix(now.fix);
    },
    [actions],
  );
  const dismissNotes = useCallback(() => setImportNotes([]), []);

  const selectedIndex = selected.length === 1 ? ids.indexOf(selected[0]!.pluginId) : -1;
  const selectedConf = selectedIndex >= 0 ? pluginList(doc)[selectedIndex] : undefined;
  const selectedPlugin = isJsonObject(selectedConf) ? selectedConf : undefined;
  const fileName = exportFileName(doc);

  return (
    <ReactFlowProvider>
      <div className="app">
        <RoleSymbols />
        <SkipLink />
        <header className="topbar">
          <h1>CNI Studio</h1>
          <bdi className="doc-name" data-testid="doc-name" title={typeof doc.name === 'string' ? doc.name : undefined}>
            {typeof doc.name === 'string' ? visibleLabel(doc.name) : ''}
          </bdi>
          <Toolbar />
        </header>
        <SetAsideBanner
          onOpen={(entry) => importNow(entry.text, entry.name)}
          onDelete={(entry) =>
            setConfirm({
              title: 'Delete the set-aside copy?',
              body: (
                <p>
                  <code>{entry.name}</code> is kept only in this browser. Download it first if you may need it.
                </p>
              ),
              confirm: 'Delete',
              onConfirm: () => actions.discardSetAside(entry.id),
            })
          }
        />
        <main className="layout">
          <Workbench
            palette={<Palette onPick={pick} />}
            canvas={<ChainCanvas colorMode={theme} onAddPlugin={openPicker} onTemplates={openTemplates} />}
            bottom={<EditorPanel theme={theme} />}
            details={
              <>
                {selectedPlugin && (
                  <SelectedPlugin
                    plugin={selectedPlugin}
                    index={selectedIndex}
                    onDuplicate={() => actions.duplicatePlugin(ids[selectedIndex]!)}
                    onRemove={() => removePluginsKeepingFocus([ids[selectedIndex]!])}
                    onDetachIpam={() => detachIpamKeepingFocus(ids[selectedIndex]!)}
                  />
                )}
                <NetworkSettings doc={panelDoc} onChange={setSetting} />
              </>
            }
            problems={
              <Problems
                findings={panelFindings}
                doc={panelDoc}
                chain={panelChain}
                importNotes={importNotes}
                onSelectPlugin={selectPlugin}
                onFix={applyFix}
                onDismissNotes={dismissNotes}
              />
            }
            problemCounts={withUnparsed(countBySeverity(shownFindings(panelFindings ?? [], panelChain)), unparsed.length)}
          />
        </main>
        <Notice notice={notice} onClose={() => actions.notify(null)} />
        {/* Dialogs are loaded on first use (fetched earlier when the browser was idle). */}
        <Suspense fallback={<DialogLoading onCancel={cancelDialog} />}>
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
          {modal === 'import' && <ImportDialog onClose={() => setModal(null)} onText={(text) => importNow(text)} onFiles={(files) => void onFiles(files)} />}
          {choosing?.choice && (
            <ImportChoice
              fileName={choosing.fileName}
              choices={choosing.choice.choices}
              skipped={choosing.choice.skipped}
              onClose={() => setChoosing(null)}
              onPick={(index) => {
                const picked = choosing.choice!.pick(index);
                setChoosing(null);
                onImported(picked, true);
              }}
            />
          )}
          {confDir && (
            <ConfDirDialog
              view={confDir}
              onClose={() => setConfDir(null)}
              onOpen={(name, text) => {
                setConfDir(null);
                importNow(text, name);
              }}
            />
          )}
          {modal === 'export' && (
            <ExportDialog
              doc={doc}
              fileName={fileName}
              nad={store.getState().nad}
              conflistText={exportText(doc)}
              findings={findings}
              onClose={() => setModal(null)}
              onDownload={(text, name, type) => {
                downloadText(text, name, type);
                setModal(null);
              }}
              onCopy={(text, what) => {
                copyText(text, `Copied ${what} to the clipboard.`);
                setModal(null);
              }}
            />
          )}
          {modal === 'commands' && <CommandPaletteSlot onClose={() => setModal(null)} />}
          {modal === 'shortcuts' && <ShortcutSheet onClose={() => setModal(null)} />}
          {modal === 'history' && <VersionHistory onClose={() => setModal(null)} />}
        </Suspense>
        {confirm && <Confirm request={confirm} onClose={() => setConfirm(null)} />}
        {/* Its module loads with the first conflict (a few ms, or fetched before when idle): nothing shows meanwhile. */}
        {conflicted && (
          <Suspense fallback={null}>
            <ConflictDialog />
          </Suspense>
        )}
      </div>
    </ReactFlowProvider>
  );
}
