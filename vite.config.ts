import { defineConfig, runnerImport, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import type { IncomingMessage } from 'node:http';
import type * as Published from './src/node/published';
import type * as NodeSchemas from './src/node/schemas';
import { pluginCatalogModule } from './scripts/vite-plugin-catalog.ts';
import { editorPreload } from './scripts/vite-plugin-editor-preload.ts';

/**
 * The published schemas, built by the same TypeScript the CLI uses. The sources are loaded through Vite's
 * module runner when first needed, not bundled into this config: bundling them made Vite warn about every
 * extensionless import in src/core (~140 lines on every start, burying the URLs).
 */
let published: Promise<NodeSchemas.PublishedSchema[]> | undefined;
function publishedFiles(): Promise<NodeSchemas.PublishedSchema[]> {
  published ??= runnerImport<typeof Published>('/src/node/published.ts', { logLevel: 'silent' }).then((m) => m.module.publishedSchemaFiles());
  return published;
}

/**
 * A request for a published schema as a document (an editor, curl, a browser tab), not the app's own
 * module import of the same file: those carry a query (`?import`) or are fetched as scripts.
 */
export function isSchemaDocumentRequest(req: Pick<IncomingMessage, 'url' | 'method' | 'headers'>): boolean {
  const url = req.url ?? '';
  if (!url.startsWith('/schemas/') || url.includes('?')) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const dest = req.headers['sec-fetch-dest'];
  return dest === undefined || dest === 'document' || dest === 'empty';
}

/** Serves schemas/ at /schemas/… (stable paths for editors and CI), in dev and in the build. */
function publishSchemas(): Plugin {
  return {
    name: 'cni-studio-publish-schemas',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!isSchemaDocumentRequest(req)) return next();
        publishedFiles().then(
          (files) => {
            const file = files.find((f) => `/schemas/${f.path}` === req.url);
            if (!file) return next();
            res.setHeader('content-type', 'application/schema+json');
            res.end(req.method === 'HEAD' ? undefined : file.text);
          },
          (e: unknown) => next(e),
        );
      });
    },
    async generateBundle() {
      for (const f of await publishedFiles()) this.emitFile({ type: 'asset', fileName: `schemas/${f.path}`, source: f.text });
    },
  };
}

export default defineConfig({
  plugins: [react(), publishSchemas(), pluginCatalogModule(), editorPreload()],
  server: { port: 5173, strictPort: false },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // src/core is pure (no DOM, no globals touched at import; eslint keeps it so): a core module the page
    // does not use is left out, so the first screen does not carry the preview's, the lab's or the review's code.
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !/\/src\/core\/(?!.*\.test\.ts$)/.test(id) },
      // Everything the first screen imports statically in one chunk: one request instead of two dozen small
      // ones (shared with later chunks, each a round trip), which on HTTP/1.1's six connections queued the
      // first render behind the last of them. Later chunks import what they share from it.
      output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } },
    },
  },
});
