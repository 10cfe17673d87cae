// Where keyboard focus goes after an action: the node it acted on, its neighbour, or the canvas, so a
// keyboard user never lands on the page's body and has to Tab through the whole workbench again.
import { ipamFlags, nodeId } from '../canvas/graph';
import { store } from '../state';
import type { PartRef } from '../store/store';

export const CANVAS_ID = 'canvas';

export function canvasElement(): HTMLElement | null {
  return document.getElementById(CANVAS_ID);
}

export function focusCanvas(): void {
  canvasElement()?.focus({ preventScroll: true });
}

/** Focuses the canvas now, unless the focus is in a dialog or a text field (the user's, not ours to move). */
export function focusCanvasNow(): void {
  if (!focusTakenElsewhere()) focusCanvas();
}

/** Focuses the canvas after this render (a closing dialog gives focus back first), unless the user has moved on. */
export function focusCanvasSoon(): void {
  requestAnimationFrame(() => {
    if (!focusTakenElsewhere()) focusCanvas();
  });
}

const nodeElement = (ref: PartRef) => canvasElement()?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId(ref))}"]`) ?? null;

/** Focus is in an open dialog or a text field: somewhere the user chose after the action began. */
function focusTakenElsewhere(): boolean {
  const now = document.activeElement;
  if (!(now instanceof HTMLElement) || now === document.body) return false;
  return now.closest('[aria-modal="true"]') !== null || now.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(now.tagName);
}

/**
 * Focuses a node once it is drawn: after this render and after a closing dialog has given focus back. Falls
 * back to the canvas when the node does not appear (culled off screen in a very long chain). Stops as soon
 * as the user has moved on: a key or a pointer pressed since, or the focus put elsewhere (retaking it then
 * stole the focus from a button the user had just reached).
 */
export function focusPart(ref: PartRef): void {
  let frames = 0;
  // Where the focus was when the action asked: a focus moved from there while it is still on the page was
  // put somewhere on purpose (a closing dialog's own control is gone; its focus going back is not).
  const before = document.activeElement;
  let focused: HTMLElement | null = null;
  let movedOn = false;
  const userInput = () => {
    movedOn = true;
  };
  // Capture, on the window: the key that started this action has already passed it.
  const inputs = ['keydown', 'pointerdown'] as const;
  for (const type of inputs) window.addEventListener(type, userInput, { capture: true });
  const done = () => {
    for (const type of inputs) window.removeEventListener(type, userInput, { capture: true });
  };
  const attempt = () => {
    const now = document.activeElement;
    const lost = now === null || now === document.body;
    const el = nodeElement(ref);
    const elsewhere = !lost && now !== el && (focused ? now !== focused : now !== before && before !== null && before !== document.body && before.isConnected);
    // The user has moved on (a dialog opened since, they are typing in a field, pressed a key, or put the
    // focus somewhere else since): the focus stays theirs.
    if (focusTakenElsewhere() || (movedOn && !lost) || elsewhere) return done();
    if (el && now !== el) el.focus();
    if (el && document.activeElement === el) focused = el;
    // Checked again on the next frame: a dialog closing in the same commit may have sent focus to the body.
    if (el && frames > 0 && document.activeElement === el) return done();
    if (++frames < 30) return void requestAnimationFrame(attempt);
    done();
    if (!el) focusCanvas();
  };
  requestAnimationFrame(attempt);
}

/**
 * Before parts are removed: when the focus is on one of their nodes (or inside one), it moves now to `to`'s
 * node, or to the canvas, while both are still drawn. Taking out the element that has the focus sent the
 * focus to the page's body for a moment (a screen reader may announce the page again) and made the browser
 * recompute styles in the middle of the commit (10-14 ms of a Delete at 500 plugins). Returns how to give
 * the focus back, for a removal that was refused.
 */
export function focusAwayFrom(leaving: readonly PartRef[], to: PartRef | undefined): () => void {
  const active = document.activeElement;
  const node = active instanceof HTMLElement ? active.closest<HTMLElement>('.react-flow__node') : null;
  if (!node || !leaving.some((ref) => nodeId(ref) === node.dataset.id)) return () => {};
  ((to && nodeElement(to)) ?? canvasElement())?.focus({ preventScroll: true });
  return () => {
    if (active instanceof HTMLElement && active.isConnected) active.focus({ preventScroll: true });
  };
}

/**
 * While the canvas is shown: when the document changes so that the focused node will not be drawn any more
 * (an undone add, a redone delete, a replaced document, another tab's edit), the focus goes to the canvas
 * before the node is taken out, for the same reasons as `focusAwayFrom`. Store listeners run as the state
 * is set, before React draws it.
 */
export function keepFocusOffLeavingNodes(): () => void {
  return store.subscribe((s, prev) => {
    if (s.chain === prev.chain) return;
    const active = document.activeElement;
    const id = active instanceof HTMLElement ? active.closest<HTMLElement>('.react-flow__node')?.dataset.id : undefined;
    if (id === undefined) return;
    const hasIpam = ipamFlags(s.chain);
    const stays = s.chain.plugins.some(({ id: pluginId }, i) => nodeId({ pluginId, part: 'plugin' }) === id || (hasIpam[i] && nodeId({ pluginId, part: 'ipam' }) === id));
    if (!stays) focusCanvas();
  });
}

/** Focuses a part's node now if it is drawn (and the focus is not the user's elsewhere); says whether it did. */
export function focusPartNow(ref: PartRef): boolean {
  const el = nodeElement(ref);
  if (!el || focusTakenElsewhere()) return false;
  el.focus({ preventScroll: true });
  return true;
}

/** Focuses the first selected part's node (what an add, paste, duplicate or move just selected). */
export function focusSelection(): void {
  const first = store.getState().selected[0];
  if (first) focusPart(first);
  else focusCanvasSoon();
}

/** After undo or redo the focused node may be gone: focus goes to the canvas when it was there or nowhere (a node still drawn keeps it). */
export function keepFocusOnCanvas(): void {
  const from = document.activeElement;
  requestAnimationFrame(() => {
    const now = document.activeElement;
    if (now && now !== document.body && now.isConnected && now.closest('.react-flow__node')) return;
    const lost = !from || from === document.body || !from.isConnected || now === document.body;
    if (lost || from.closest(`#${CANVAS_ID}`)) focusCanvas();
  });
}
