// The workbench's panels as the rest of the app sees them: which are collapsed, and the operations on
// them (toggle, maximise the canvas, fit the view). The panels register their handles when they mount;
// the operations are plain functions, so a shortcut, a button or a command palette can call them.
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';

/** The panels around the canvas. */
export type PanelId = 'palette' | 'bottom' | 'side';
export const PANEL_IDS: readonly PanelId[] = ['palette', 'bottom', 'side'];

/** What the workbench needs from a panel (react-resizable-panels' imperative handle fits). */
export interface PanelHandle {
  collapse(): void;
  expand(): void;
  isCollapsed(): boolean;
  resize(size: number | string): void;
  getSize(): { asPercentage: number; inPixels: number };
}

interface WorkbenchState {
  collapsed: Record<PanelId, boolean>;
  /** The bottom panel fills the centre column (the canvas is at its minimum). */
  bottomMaximised: boolean;
}

export const workbench = createStore<WorkbenchState>(() => ({ collapsed: { palette: false, bottom: false, side: false }, bottomMaximised: false }));
export const useWorkbench = <T,>(selector: (s: WorkbenchState) => T): T => useStore(workbench, selector);

const handles: Partial<Record<PanelId, PanelHandle>> = {};
let fitCanvas: (() => void) | undefined;
let bottomToggle: (() => void) | undefined;

/** A panel reports its handle on mount (and undefined on unmount). */
export function registerPanel(id: PanelId, handle: PanelHandle | undefined): void {
  if (handle) handles[id] = handle;
  else delete handles[id];
}

// A panel's last open size (percent of its group). The library restores it within a page's life; kept
// here too, so a panel collapsed before a reload opens again at the size it had.
const expandedKey = (id: PanelId) => `cni-studio.layout.open-size.${id}`;

function rememberedSize(id: PanelId): number | undefined {
  try {
    const n = Number(localStorage.getItem(expandedKey(id)));
    return n > 0 && n <= 100 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** A panel reports its collapsed state, and its size in percent of its group, as it resizes. */
export function panelResized(id: PanelId, collapsed: boolean, percent?: number): void {
  const s = workbench.getState();
  if (s.collapsed[id] !== collapsed) workbench.setState({ collapsed: { ...s.collapsed, [id]: collapsed } });
  if (!collapsed && percent !== undefined) {
    try {
      localStorage.setItem(expandedKey(id), String(percent));
    } catch {
      // Not kept: the panel then opens at the library's choice.
    }
  }
}

/** Opens a collapsed panel at its last open size. */
function expand(h: PanelHandle, id: PanelId): void {
  const size = rememberedSize(id);
  h.expand();
  if (size !== undefined) h.resize(`${size}%`);
}

export function setBottomMaximised(maximised: boolean): void {
  workbench.setState({ bottomMaximised: maximised });
}

export function registerFit(fit: (() => void) | undefined): void {
  fitCanvas = fit;
}

/** The centre column registers how it maximises and restores the bottom panel. */
export function registerBottomToggle(toggle: (() => void) | undefined): void {
  bottomToggle = toggle;
}

export function togglePanel(id: PanelId): void {
  const h = handles[id];
  if (!h) return;
  keepingFocus([id], () => (h.isCollapsed() ? expand(h, id) : h.collapse()));
}

export function expandPanel(id: PanelId): void {
  const h = handles[id];
  if (h?.isCollapsed()) keepingFocus([id], () => expand(h, id));
}

/** Whether the user can see and reach `el`: not in a hidden or inert part of the page. */
const reachable = (el: HTMLElement) => el.isConnected && el.checkVisibility() && !el.closest('[inert]');

/**
 * Hides or shows panels without losing the keyboard focus: when it was on something the change hides (a
 * field or button in a panel that collapses, the strip button of one that opens), it goes, once drawn, to
 * the control that now stands for that panel (its strip's button, or its hide button), or to `fallback`;
 * before, it fell to the page's body and a keyboard user started again from the top.
 */
function keepingFocus(ids: readonly PanelId[], change: () => void, fallback?: () => HTMLElement | null): void {
  const was = document.activeElement;
  const from = ids.find((id) => document.getElementById(`wb-${id}`)?.contains(was));
  change();
  if (from === undefined || !(was instanceof HTMLElement)) return;
  // The panel reports its new state as it resizes, and only then are its strip and contents drawn anew.
  let frames = 0;
  const attempt = () => {
    // Moved on since (a dialog, a click elsewhere): left alone.
    if (document.activeElement !== was && document.activeElement !== document.body) return;
    // Still where the user can reach it (the change may not be drawn yet): looked at again next frame.
    if (reachable(was)) {
      if (++frames < 10) requestAnimationFrame(attempt);
      return;
    }
    const target = fallback?.() ?? [...document.querySelectorAll<HTMLElement>(`[data-panel-toggle="${from}"]`)].find(reachable);
    if (target) target.focus();
    else if (++frames < 10) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

// Which panels the canvas hid when it was maximised, so restoring brings back just those (and a reload
// in between does not forget them).
const BEFORE_KEY = 'cni-studio.layout.before-maximise';

function rememberOpen(open: PanelId[]): void {
  try {
    localStorage.setItem(BEFORE_KEY, JSON.stringify(open));
  } catch {
    // Storage refused (private mode, quota): restoring then brings back every panel.
  }
}

function rememberedOpen(): PanelId[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(BEFORE_KEY) ?? 'null');
    const open = Array.isArray(saved) ? PANEL_IDS.filter((id) => saved.includes(id)) : [];
    return open.length ? open : [...PANEL_IDS];
  } catch {
    return [...PANEL_IDS];
  }
}

/** The canvas is maximised when every panel around it is collapsed. */
export const isCanvasMaximised = (collapsed: Record<PanelId, boolean>) => PANEL_IDS.every((id) => collapsed[id]);

/** Maximises the canvas (collapsing every panel around it), or restores the panels it hid. */
export function toggleMaximiseCanvas(): void {
  const { collapsed } = workbench.getState();
  if (isCanvasMaximised(collapsed)) {
    keepingFocus(PANEL_IDS, () => {
      for (const id of rememberedOpen()) {
        const h = handles[id];
        if (h?.isCollapsed()) expand(h, id);
      }
    });
    return;
  }
  rememberOpen(PANEL_IDS.filter((id) => !collapsed[id]));
  // Focus in a panel it hides goes to the canvas, which the user asked to see.
  keepingFocus(
    PANEL_IDS,
    () => {
      for (const id of PANEL_IDS) {
        const h = handles[id];
        if (h && !h.isCollapsed()) h.collapse();
      }
    },
    () => document.getElementById('canvas'),
  );
}

export function toggleMaximiseBottom(): void {
  expandPanel('bottom');
  bottomToggle?.();
}

export function fitView(): void {
  fitCanvas?.();
}
