// Global shortcuts and clipboard. Undo/redo and quick add stay out of text fields and editors, which
// have their own.
import { useEffect } from 'react';
import { clipboardText, conflistOf, indexOfPlugin, pluginsFromText } from '../core';
import { store } from './state';
import { selectedPluginIds } from './store/store';

export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

const selectedIndexes = () => {
  const s = store.getState();
  return selectedPluginIds(s.selected).map((id) => indexOfPlugin(s.chain, id)).filter((i) => i >= 0);
};

export function useShortcuts(openPicker: () => void, modalOpen: boolean): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modalOpen || isTextTarget(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const { actions, chain } = store.getState();
      const selected = selectedPluginIds(store.getState().selected);
      const temporal = store.temporal.getState();
      if (mod && key === 'z' && !e.shiftKey) temporal.undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) temporal.redo();
      else if ((mod && key === 'k') || (!mod && !e.altKey && e.key === '/')) openPicker();
      else if (mod && key === 'd' && selected.length === 1) actions.duplicatePlugin(selected[0]!);
      else if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight') && selected.length === 1) {
        const i = indexOfPlugin(chain, selected[0]!);
        if (i >= 0) actions.movePlugin(selected[0]!, Math.max(0, Math.min(chain.plugins.length - 1, i + (e.key === 'ArrowLeft' ? -1 : 1))));
      } else return;
      e.preventDefault();
    };
    const onCopy = (e: ClipboardEvent) => {
      if (isTextTarget(e.target) || modalOpen) return;
      const indexes = selectedIndexes();
      if (indexes.length === 0 || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', clipboardText(conflistOf(store.getState().chain), indexes));
      e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTextTarget(e.target) || modalOpen) return;
      const text = e.clipboardData?.getData('text/plain');
      if (!text) return;
      e.preventDefault();
      const pasted = pluginsFromText(text);
      const { actions, chain } = store.getState();
      if (!pasted.ok) return actions.notify({ kind: 'refused', text: pasted.reason });
      const after = Math.max(-1, ...selectedIndexes());
      actions.pastePlugins(pasted.plugins, after >= 0 ? after + 1 : chain.plugins.length);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [openPicker, modalOpen]);
}
