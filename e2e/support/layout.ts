// What the layout tests measure on the page: whether the chain is framed, whether anything overflows its
// panel, where the drop marker stands, and the view's zoom once it has settled.
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** A three-plugin bridge network (bridge with host-local, portmap, tuning). */
export const BRIDGE_TEMPLATE = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'pods',
  plugins: [{ type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', subnet: '10.88.0.0/16' } }, { type: 'portmap', capabilities: { portMappings: true } }, { type: 'tuning' }],
});

export type Box = { x: number; y: number; width: number; height: number };
export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** What keeps the chain from being framed: nodes outside the pane, or under the minimap or the canvas bar. */
export async function framingProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const rect = (el: Element | null) => el?.getBoundingClientRect();
    const pane = rect(document.querySelector('[data-testid="canvas-pane"]'))!;
    const minimap = rect(document.querySelector('.react-flow__minimap'));
    const header = rect(document.querySelector('.canvas-header'))!;
    const out: string[] = [];
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const b = node.getBoundingClientRect();
      const name = node.querySelector('[data-type]')?.getAttribute('data-testid') ?? node.getAttribute('data-id');
      if (b.left < pane.left - 1 || b.top < pane.top - 1 || b.right > pane.right + 1 || b.bottom > pane.bottom + 1) out.push(`${name} outside the pane`);
      if (minimap && b.left < minimap.right && minimap.left < b.right && b.top < minimap.bottom && minimap.top < b.bottom) out.push(`${name} under the minimap`);
      if (b.top < header.bottom) out.push(`${name} under the canvas bar`);
    }
    return out;
  });
}

/** Tab labels cut or out of view, and anything in the side panel or the palette reaching past its right edge. */
export function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const list = document.querySelector('.tab-bar .tabs')!.getBoundingClientRect();
    for (const tab of document.querySelectorAll<HTMLElement>('.tab-bar [role="tab"]')) {
      const label = tab.querySelector<HTMLElement>('.tab-label')!;
      const b = tab.getBoundingClientRect();
      if (label.scrollWidth > label.clientWidth) out.push(`${label.textContent} is cut`);
      if (b.left < list.left - 1 || b.right > list.right + 1) out.push(`${label.textContent} is out of view`);
    }
    // Form controls, hints and sections stay within the side panel and the palette.
    for (const id of ['wb-side', 'wb-palette']) {
      const p = document.getElementById(id)!.getBoundingClientRect();
      for (const el of document.getElementById(id)!.querySelectorAll<HTMLElement>('select, input, button, section, li, p')) {
        const b = el.getBoundingClientRect();
        if (b.width > 0 && b.right > p.right + 1) out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} overflows ${id} by ${Math.round(b.right - p.right)}px`);
      }
    }
    return out;
  });
}

/** Whether the drop marker stands in the gap between two nodes of a row, level with them. */
export async function markerBetween(marker: Locator, a: Box, b: Box): Promise<boolean> {
  const m = await marker.boundingBox();
  return m !== null && m.x >= a.x + a.width - 2 && m.x + m.width <= b.x + 2 && overlaps(m, { ...a, x: m.x });
}

/** The canvas view's offset on screen and its zoom, as its transform has them now. */
export const viewTransformOf = (page: Page) =>
  page.evaluate(() => {
    const t = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);
    return { x: t.e, y: t.f, zoom: t.a };
  });

export const zoomOf = async (page: Page) => (await viewTransformOf(page)).zoom;

const viewOf = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.react-flow__viewport')!).transform);

/**
 * The view once nothing moves it, equal over 250 ms: a panel's return re-fits it animated, and a resize
 * re-fits it a frame after the pane's new size, so boxes read before then are where nodes no longer are.
 */
export async function settledView(page: Page): Promise<void> {
  let last = await viewOf(page);
  await expect
    .poll(async () => {
      await page.waitForTimeout(250);
      const now = await viewOf(page);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

/** The zoom once the view has settled. */
export async function settledZoom(page: Page): Promise<number> {
  await settledView(page);
  return zoomOf(page);
}
