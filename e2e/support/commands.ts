// What the command palette and keyboard-focus tests read of the page: the palette's items, where the
// focus is, how often it fell to the page's body, and what the canvas has selected.
import type { Page } from 'playwright-core';

export const palette = (page: Page) => page.getByTestId('command-palette');
export const item = (page: Page, title: string) => palette(page).getByRole('option', { name: title });
export const focused = (page: Page) => page.evaluate(() => ({ text: document.activeElement?.textContent ?? '', id: document.activeElement?.id ?? '', testid: document.activeElement?.getAttribute('data-testid') ?? '' }));

/**
 * How often the focus fell to the page's body (a focusout with nowhere to go) since the last call, which
 * starts the count again: taking out the focused element does that; moving the focus first does not.
 */
export const countFocusLost = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { focusLost?: number };
    const lost = w.focusLost ?? 0;
    if (w.focusLost === undefined) document.addEventListener('focusout', (e) => void (e.relatedTarget === null && (w.focusLost = (w.focusLost ?? 0) + 1)), true);
    w.focusLost = 0;
    return lost;
  });

/** The plugin types of the selected nodes, in the chain's order. */
export const selectedOnCanvas = (page: Page) => page.$$eval('.react-flow__node.selected .plugin-node', (nodes) => nodes.map((n) => n.getAttribute('data-type')));

export const CSS_ESCAPE = (id: string | null) => (id ?? '').replace(/:/g, '\\:');

/** The plugin type of the focused canvas node, "canvas" when the canvas itself has focus, else the focused tag. */
export const focusedOnCanvas = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return 'nothing';
    if (el.id === 'canvas') return 'canvas';
    const node = el.closest('.react-flow__node')?.querySelector('.plugin-node');
    return node ? `node:${node.getAttribute('data-type')}` : `${el.tagName.toLowerCase()}${el.closest('#canvas') ? ' in canvas' : ''}`;
  });
