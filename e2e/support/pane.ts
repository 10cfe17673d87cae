// Where on the canvas's pane a gesture can start on empty ground: no node, edge or minimap under it.
import type { Page } from 'playwright-core';

/**
 * The empty point of the pane nearest the one at `at` (fractions of its width and height), clear of its
 * edges and of the minimap's strip on the right; undefined when a chain fills it all. A plain script
 * string: the TypeScript loader's helpers do not exist inside the page.
 */
export function emptyPanePoint(page: Page, at = { x: 0.5, y: 0.5 }): Promise<{ x: number; y: number } | undefined> {
  return page.evaluate(`(() => {
    const r = document.querySelector('.react-flow__pane').getBoundingClientRect();
    const want = { x: r.x + r.width * ${at.x}, y: r.y + r.height * ${at.y} };
    let best;
    for (let x = r.x + 20; x < r.right - 200; x += 8) for (let y = r.y + 20; y < r.bottom - 20; y += 8) {
      if (!document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) continue;
      const d = Math.hypot(x - want.x, y - want.y);
      if (!best || d < best.d) best = { x, y, d };
    }
    return best && { x: best.x, y: best.y };
  })()`);
}

/**
 * Resolves once the view has stopped moving: its transform the same over `frames` animation frames in a row.
 * A fit or zoom animates for a while after its target is reached within a test's tolerance.
 */
export function viewAtRest(page: Page, frames = 12): Promise<void> {
  return page.evaluate(`new Promise((done) => {
    const read = () => getComputedStyle(document.querySelector('.react-flow__viewport')).transform;
    let last = read(), same = 0;
    const tick = () => {
      const now = read();
      same = now === last ? same + 1 : 0;
      last = now;
      if (same >= ${frames}) done(); else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })`);
}
