// What makes a screen cramped or broken, measured in the real page: the workbench's regions overlapping
// or leaving the window, a chain node outside the canvas or under its bar or minimap, a canvas smaller
// than the issue's floor (half the window's height), and text cut by its own box.
import type { Page } from 'playwright-core';

export interface ScreenCheck {
  /** The canvas must keep at least this share of the window's height (0 to skip). */
  minCanvasShare?: number;
}

/** Every problem found, in words ("node portmap under the minimap"); empty when the screen is sound. */
export async function screenProblems(page: Page, { minCanvasShare = 0.5 }: ScreenCheck = {}): Promise<string[]> {
  return page.evaluate((minShare) => {
    const out: string[] = [];
    const rect = (el: Element | null) => (el ? el.getBoundingClientRect() : null);
    const shown = (r: DOMRect | null): r is DOMRect => r !== null && r.width > 1 && r.height > 1;
    const W = window.innerWidth;
    const H = window.innerHeight;
    // The regions of the workbench: each in the window, none over another.
    const regions = [
      ['palette', '#wb-palette'],
      ['canvas', '[data-testid="canvas"]'],
      ['bottom panel', '#wb-bottom'],
      ['side panel', '#wb-side'],
      ['top bar', '.topbar'],
    ]
      .map(([name, sel]) => [name, rect(document.querySelector(sel!))] as const)
      .filter((r): r is readonly [string, DOMRect] => shown(r[1]));
    for (const [name, r] of regions) {
      if (r.left < -1 || r.top < -1 || r.right > W + 1 || r.bottom > H + 1) out.push(`${name} leaves the window`);
    }
    for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const [an, a] = regions[i]!;
        const [bn, b] = regions[j]!;
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (x > 2 && y > 2) out.push(`${an} overlaps ${bn}`);
      }
    }
    // The page itself never scrolls: the workbench fits the window, panels scroll inside.
    const root = document.documentElement;
    if (root.scrollHeight > H + 1 || root.scrollWidth > W + 1) {
      const beyond = [...document.querySelectorAll('body *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && (r.bottom > H + 1 || r.right > W + 1) && ![...el.children].some((c) => { const cr = c.getBoundingClientRect(); return cr.bottom > H + 1 || cr.right > W + 1; });
      });
      out.push(`the page scrolls (${root.scrollWidth}×${root.scrollHeight}): ${beyond.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`).join(', ')}`);
    }
    const canvas = rect(document.querySelector('[data-testid="canvas"]'));
    if (minShare > 0 && (!canvas || canvas.height < H * minShare - 1)) out.push(`canvas is ${Math.round(canvas?.height ?? 0)} px tall, under ${Math.round(minShare * 100)}% of ${H}`);
    // Chain nodes: inside the pane, not under its bar or the minimap.
    const pane = rect(document.querySelector('[data-testid="canvas-pane"]'));
    const bar = rect(document.querySelector('.canvas-header'));
    const minimap = rect(document.querySelector('.react-flow__minimap'));
    for (const node of document.querySelectorAll('.react-flow__node')) {
      const b = node.getBoundingClientRect();
      const name = node.querySelector('[data-type]')?.getAttribute('data-type') ?? node.getAttribute('data-id') ?? 'a node';
      if (pane && (b.left < pane.left - 1 || b.top < pane.top - 1 || b.right > pane.right + 1 || b.bottom > pane.bottom + 1)) out.push(`node ${name} outside the canvas`);
      if (bar && b.top < bar.bottom - 1) out.push(`node ${name} under the canvas bar`);
      for (const panel of document.querySelectorAll('.react-flow__panel:not(.react-flow__minimap)')) {
        const p = panel.getBoundingClientRect();
        if (shown(p) && b.left < p.right - 1 && p.left < b.right - 1 && b.top < p.bottom - 1 && p.top < b.bottom - 1) out.push(`node ${name} under ${panel.getAttribute('data-testid') ?? panel.className}`);
      }
      if (shown(minimap) && b.left < minimap.right && minimap.left < b.right && b.top < minimap.bottom && minimap.top < b.bottom) out.push(`node ${name} under the minimap`);
    }
    // Buttons and tabs whose words do not fit their box (cut or ellipsised).
    for (const el of document.querySelectorAll('button, [role="tab"]')) {
      const e = el as HTMLElement;
      const r = e.getBoundingClientRect();
      if (r.width < 2 || r.height < 2 || e.closest('[aria-hidden="true"], .react-flow__node')) continue;
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible') out.push(`button "${(e.textContent ?? '').trim().slice(0, 40)}" cut (${e.scrollWidth} > ${e.clientWidth} px)`);
    }
    return out;
  }, minCanvasShare);
}

/** How far two PNG screenshots of the same size differ: channels off by more than 16 of 255, as a share. */
export const screenshotDifference = (page: Page, a: Buffer, b: Buffer) =>
  page.evaluate(`(async () => {
    const load = (src) => new Promise((r) => { const i = new Image(); i.onload = () => r(i); i.src = src; });
    const pixels = (im) => { const c = document.createElement('canvas'); c.width = im.width; c.height = im.height; const g = c.getContext('2d'); g.drawImage(im, 0, 0); return g.getImageData(0, 0, im.width, im.height).data; };
    const p = pixels(await load('data:image/png;base64,${a.toString('base64')}'));
    const q = pixels(await load('data:image/png;base64,${b.toString('base64')}'));
    if (p.length !== q.length) return 1;
    let off = 0;
    for (let k = 0; k < p.length; k++) if (Math.abs(p[k] - q[k]) > 16) off++;
    return off / p.length;
  })()`) as Promise<number>;
