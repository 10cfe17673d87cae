// The editor's files preloaded while the browser is idle: fetched and compiled, not run, so the first click on
// a plugin only runs Monaco's code instead of waiting for ~3.9 MB to be parsed first (bench: click to JSON
// shown ~0.9 s -> ~0.5 s). The build names the files in a meta (scripts/vite-plugin-editor-preload.ts); the
// dev server has none, and this does nothing there.

import { EDITOR_FILES_META } from './editor-files';

/**
 * Adds a preload link per editor file not linked yet (scripts as module preloads, styles as prefetches);
 * resolves once each has loaded or failed. A script that fails here fails as the editor imports it where the
 * browser keeps a failed module fetch (before whatwg/html#10327), as an import at idle does: the editor's own
 * chunk is then asked for anew (retry.ts), and a failed one it imports needs the reload its place offers.
 */
export function preloadEditorFiles(doc: Document = document): Promise<void> {
  const files = doc.querySelector(`meta[name="${EDITOR_FILES_META}"]`)?.getAttribute('content')?.split(' ').filter(Boolean) ?? [];
  // Links already there (Vite's own, once a chunk has been imported) by their absolute address.
  const linked = new Set([...doc.getElementsByTagName('link')].map((l) => l.href));
  const loads = files
    .filter((href) => !linked.has(new URL(href, doc.baseURI).href))
    .map(
      (href) =>
        new Promise<void>((settle) => {
          const link = doc.createElement('link');
          // Styles into the HTTP cache (a prefetch is kept there a few minutes whatever the caching headers);
          // a style preload would be logged as unused until the editor opens.
          const style = href.endsWith('.css');
          link.rel = style ? 'prefetch' : 'modulepreload';
          if (style) link.as = 'style';
          // As Vite's own loader asks for them: the same request, so the later import finds this one.
          link.crossOrigin = '';
          link.href = href;
          link.onload = link.onerror = () => settle();
          doc.head.append(link);
        }),
    );
  return Promise.all(loads).then(() => undefined);
}
