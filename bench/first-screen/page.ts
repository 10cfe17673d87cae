// What runs in the page: the readiness signal and the scripts loaded before it. Plain script strings: the
// TypeScript loader's helpers do not exist inside the page.

/**
 * Usable means the palette's first plugin and the canvas's nodes are in the DOM, every node measured by
 * React Flow (it hides a node until it knows its size), and a frame painted after that: the time is taken in
 * a task queued from the next animation frame, which runs after that frame's paint. Times are from the
 * navigation's start (performance.now()). The blank floor is usable once its one paragraph is painted.
 */
export const READY_SCRIPT = `(() => {
  const ready = () => {
    if (document.getElementById('blank')) return true;
    if (!document.querySelector('.palette .plugin')) return false;
    const nodes = [...document.querySelectorAll('.react-flow__node')];
    return nodes.length > 0 && nodes.every((n) => n.style.visibility !== 'hidden');
  };
  const done = () => requestAnimationFrame(() => setTimeout(() => {
    const t = performance.now();
    // Scripts requested before the page was usable (module preloads included).
    const scripts = performance.getEntriesByType('resource').filter((e) => e.startTime <= t && /\\.m?js(\\?|$)/.test(e.name)).map((e) => e.name);
    window.__firstScreen = { t, scripts };
  }));
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    done();
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
})()`;

export interface FirstScreen {
  t: number;
  scripts: string[];
}

/** Monaco's chunks (the editor loads on first use; the goal leaves it out): by the names Vite gives them. */
export const isMonaco = (url: string) => /\/(editor\.api|monaco|jsonMode|MonacoHost|[\w.]*worker)-[\w-]+\.js$/.test(new URL(url).pathname);
