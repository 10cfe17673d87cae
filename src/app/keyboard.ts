// The keyboard: every shortcut comes from the action registry (actions/), so what the toolbar, palette
// and shortcut sheet show is what the keys do. Shortcuts stay out of text fields and editors (they have
// their own keys) unless an action says otherwise, and out of open dialogs. Copy and paste ride the
// browser's own clipboard events, which carry the clipboard without a permission prompt.
import { useEffect } from 'react';
import { store } from './state';
import { registry, runAction } from './actions/registry';
import { matchesKeys } from './actions/keys';
import { pasteText, selectionText } from './actions/edit';

export function isTextTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.monaco-editor') !== null;
}

/** Focus on the canvas (a node, the pane) or nowhere in particular (the page itself). */
const onCanvas = (target: EventTarget | null) => !(target instanceof HTMLElement) || target === document.body || target === document.documentElement || target.closest('#canvas') !== null;

/** A modal dialog is open: its own keys only. */
const dialogOpen = () => document.querySelector('[aria-modal="true"]') !== null;

function onKey(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.isComposing) return;
  const action = registry.list().find((a) => a.keyScope !== 'clipboard' && a.combos.some((c) => matchesKeys(c, e)));
  if (!action) return;
  const anywhere = action.keyScope === 'anywhere';
  // The browser's meaning of these keys (save the page…) is never what the user wants here.
  if (anywhere) e.preventDefault();
  // The text field first: typing a key that is also a shortcut (-, Backspace) then never scans the page for a dialog.
  if ((!anywhere && isTextTarget(e.target)) || dialogOpen()) return;
  // A canvas key acts where the selection is: on the canvas, or with nothing focused.
  if (action.keyScope === 'canvas' && !onCanvas(e.target)) return;
  e.preventDefault();
  // Monaco and the canvas would act on the same keys: the action is the one meaning.
  e.stopPropagation();
  const ok = runAction(action);
  if (ok !== true) store.getState().actions.notify({ kind: 'refused', text: ok });
}

function onCopy(e: ClipboardEvent): void {
  if (isTextTarget(e.target) || dialogOpen() || !e.clipboardData) return;
  const text = selectionText();
  if (!text) return;
  e.clipboardData.setData('text/plain', text);
  e.preventDefault();
}

function onPaste(e: ClipboardEvent): void {
  if (isTextTarget(e.target) || dialogOpen()) return;
  const text = e.clipboardData?.getData('text/plain');
  if (!text) return;
  e.preventDefault();
  void pasteText(text);
}

/** Listens for the registered shortcuts and the clipboard while the app is mounted. */
export function useKeyboard(): void {
  useEffect(() => {
    // Capture: before Monaco or the canvas library handle (and swallow) the same keys.
    window.addEventListener('keydown', onKey, true);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, []);
}
