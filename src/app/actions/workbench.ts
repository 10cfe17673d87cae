// The workbench's actions: the network (templates, import, export, save, share, history), the canvas,
// the bottom panel's tabs, the runtime (profile, step-through), the lab and review, and help. What needs
// App's dialogs comes in through `WorkbenchUi`; everything else acts through the store.
import {
  Braces,
  Command,
  FileBraces,
  FileCode,
  FileDown,
  FileUp,
  FlaskConical,
  Footprints,
  GitCompareArrows,
  HistoryIcon,
  Keyboard,
  LayoutTemplate,
  LocateFixed,
  Moon,
  PenLine,
  Play,
  Plus,
  Repeat,
  Rows3,
  Save,
  Share2,
  SlidersHorizontal,
  Sun,
  TextSearch,
} from 'lucide-react';
import { conflistOf, type Operation } from '../../core';
import { findingsOf, store } from '../state';
import { downloadText, exportFileName, exportText } from '../io/export';
import { openTab, type EditorTab } from '../editor/active-tab';
import { requestLabRun } from '../lab/run-request';
import type { Action } from './registry';
import { focusCanvas } from './focus';
import { commitPendingEdits } from '../editor/pending';
import { unparsedNow } from '../store/use-unparsed';
import { notInYet } from '../store/unparsed';

export type WorkbenchDialog = 'picker' | 'templates' | 'import' | 'export' | 'commands' | 'shortcuts' | 'history';

export interface WorkbenchUi {
  open(dialog: WorkbenchDialog): void;
  share(): void;
  theme: 'light' | 'dark';
  toggleTheme(): void;
}

const pluginCount = () => store.getState().chain.plugins.length;
const needsPlugins = (what: string) => () => pluginCount() > 0 || `The chain is empty: add a plugin first, then ${what}.`;

/** Ctrl+S: the conflist as the Export dialog downloads it, named the same way. */
export function saveToFile(): void {
  commitPendingEdits();
  const doc = conflistOf(store.getState().chain);
  const name = exportFileName(doc);
  downloadText(exportText(doc), name);
  // Before the validator has arrived nothing is claimed either way.
  const errors = findingsOf(doc)?.filter((f) => f.severity === 'error').length ?? 0;
  const notes = [
    unparsedNow().length ? `the editor text of ${unparsedNow().map((u) => u.label).join(' and ')} ${notInYet(unparsedNow())} and is not in it (this is the last valid state)` : '',
    errors ? `it has ${errors} error${errors > 1 ? 's' : ''}, listed in Problems` : '',
  ].filter(Boolean);
  store.getState().actions.notify({ kind: 'info', text: `Saved ${name}${notes.length ? `: ${notes.join('; ')}` : ''}.` });
}

/** Focuses a field of the side panel by id, scrolled into view. */
function focusField(id: string, what: string): void {
  const el = document.getElementById(id);
  if (!el) return store.getState().actions.notify({ kind: 'error', text: `The ${what} is not on screen.` });
  el.scrollIntoView({ block: 'nearest' });
  el.focus();
}

const TAB_ACTIONS: { tab: EditorTab; title: string; icon: Action['icon']; keywords?: string[] }[] = [
  { tab: 'plugin', title: 'Open the plugin editor', icon: Braces, keywords: ['json', 'edit'] },
  { tab: 'document', title: 'Open the whole conflist', icon: FileBraces, keywords: ['json', 'editor', 'document'] },
  { tab: 'nad', title: 'Open the NAD YAML', icon: FileCode, keywords: ['multus', 'kubernetes', 'NetworkAttachmentDefinition'] },
  { tab: 'preview', title: 'Open the runtime preview', icon: TextSearch, keywords: ['stdin', 'CNI_ARGS', 'env', 'plan'] },
  { tab: 'lab', title: 'Open the live lab', icon: FlaskConical, keywords: ['helper', 'namespace', 'run'] },
  { tab: 'review', title: 'Open review', icon: GitCompareArrows, keywords: ['diff', 'risk', 'explain'] },
];

function labRun(id: string, title: string, operations: Operation[], icon: Action['icon'], keywords: string[]): Action {
  return {
    id,
    title,
    group: 'Lab',
    icon,
    keywords,
    enabled: () => {
      if (store.getState().lab.running) return 'A lab run is in progress: wait for it to end, or stop it in the Live lab tab.';
      return needsPlugins('run it')();
    },
    run: () => {
      openTab('lab');
      requestLabRun(operations);
    },
  };
}

export function workbenchActions(ui: WorkbenchUi): Action[] {
  return [
    { id: 'network.templates', title: 'Start from a template…', label: 'Templates', group: 'Network', icon: LayoutTemplate, keywords: ['new', 'example', 'calico', 'flannel', 'bridge'], run: () => ui.open('templates') },
    { id: 'network.import', title: 'Import a conflist, NAD or folder…', label: 'Import', group: 'Network', keys: ['Mod+O'], icon: FileUp, keywords: ['open', 'file', 'paste', 'load'], run: () => ui.open('import') },
    { id: 'network.export', title: 'Export the conflist or NAD…', label: 'Export', group: 'Network', icon: FileDown, keywords: ['download', 'copy', 'NetworkAttachmentDefinition'], run: () => (commitPendingEdits(), ui.open('export')) },
    { id: 'network.save', title: 'Save the conflist to a file', label: 'Save', group: 'Network', keys: ['Mod+S'], keyScope: 'anywhere', icon: Save, keywords: ['download', 'write'], run: saveToFile },
    { id: 'network.share', title: 'Copy a link that holds the whole network', label: 'Share', group: 'Network', icon: Share2, keywords: ['share', 'url', 'link'], run: () => (commitPendingEdits(), ui.share()) },
    { id: 'network.history', title: 'Browse and restore autosaved versions…', label: 'History', group: 'Network', icon: HistoryIcon, keywords: ['version', 'history', 'restore', 'autosave', 'revert'], run: () => ui.open('history') },
    { id: 'network.rename', title: 'Rename the network', group: 'Network', icon: PenLine, keywords: ['name'], run: () => focusField('net-name', 'network name field') },
    { id: 'canvas.add-plugin', title: 'Add a plugin…', label: 'Add plugin', group: 'Canvas', keys: ['Mod+K', '/'], icon: Plus, keywords: ['new', 'insert', 'quick add'], run: () => ui.open('picker') },
    { id: 'canvas.tidy', title: 'Tidy the canvas: every node back in line', label: 'Tidy', group: 'Canvas', icon: Rows3, keywords: ['layout', 'align', 'arrange'], enabled: needsPlugins('tidy it'), run: () => store.getState().actions.tidy() },
    { id: 'canvas.focus', title: 'Go to the canvas', group: 'Canvas', icon: LocateFixed, keywords: ['focus', 'skip'], run: focusCanvas },
    ...TAB_ACTIONS.map(({ tab, title, icon, keywords }): Action => ({ id: `view.tab-${tab}`, title, group: 'View', icon, keywords, run: () => openTab(tab) })),
    {
      id: 'view.theme',
      title: ui.theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme',
      label: 'Toggle dark theme',
      // The name stays; whether the dark theme is on is the button's pressed state (the title says what a press does).
      pressed: ui.theme === 'dark',
      group: 'View',
      icon: ui.theme === 'dark' ? Sun : Moon,
      keywords: ['theme', 'dark', 'light', 'colour', 'color'],
      run: () => ui.toggleTheme(),
    },
    { id: 'runtime.profile', title: 'Choose the runtime profile (libcni and plugins releases)…', label: 'Runtime profile', group: 'Runtime', icon: SlidersHorizontal, keywords: ['libcni', 'version', 'release', 'settings'], run: () => focusField('profile-libcni', 'runtime profile') },
    {
      id: 'runtime.step',
      title: 'Step through ADD, DEL and GC one plugin at a time',
      label: 'Step through',
      group: 'Runtime',
      icon: Footprints,
      keywords: ['teach', 'walk', 'learn', 'preview'],
      enabled: () => (store.getState().teaching ? 'Already stepping: use ← and → in the runtime preview, Esc to stop.' : needsPlugins('step through it')()),
      run: () => {
        openTab('preview');
        store.getState().actions.setTeaching({ operation: 'ADD', step: 0, index: 0 });
      },
    },
    labRun('lab.run-add', 'Run ADD in the live lab', ['ADD'], Play, ['execute', 'real', 'namespace']),
    labRun('lab.run-cycle', 'Run the full cycle (ADD, CHECK, DEL) in the live lab', ['ADD', 'CHECK', 'DEL'], Repeat, ['execute', 'real', 'namespace', 'check', 'del']),
    { id: 'review.compare', title: 'Compare with an earlier version, a template or a file', label: 'Compare', group: 'Review', icon: GitCompareArrows, keywords: ['diff', 'review', 'risk'], run: () => openTab('review') },
    { id: 'help.commands', title: 'Show all commands', label: 'Commands', group: 'Help', keys: ['Mod+Shift+P'], keyScope: 'anywhere', icon: Command, keywords: ['palette', 'actions'], run: () => ui.open('commands') },
    { id: 'help.shortcuts', title: 'Show keyboard shortcuts', label: 'Shortcuts', group: 'Help', keys: ['?'], icon: Keyboard, keywords: ['keys', 'help', 'hotkeys'], run: () => ui.open('shortcuts') },
  ];
}

