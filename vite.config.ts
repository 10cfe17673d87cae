import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { buildDocumentSchema, buildIpamDispatchSchema, createCatalog } from './src/core';
import { loadSchemas, publishedSchemas } from './src/node/schemas';

/** Serves schemas/ at /schemas/… (stable paths for editors and CI), in dev and in the build. */
function publishSchemas(): Plugin {
  const files = () => {
    const catalog = createCatalog(loadSchemas());
    return publishedSchemas([buildIpamDispatchSchema(catalog), buildDocumentSchema(catalog)]);
  };
  return {
    name: 'cni-studio-publish-schemas',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = req.url?.startsWith('/schemas/') ? files().find((f) => `/schemas/${f.path}` === req.url!.split('?')[0]) : undefined;
        if (!file) return next();
        res.setHeader('content-type', 'application/schema+json');
        res.end(file.text);
      });
    },
    generateBundle() {
      for (const f of files()) this.emitFile({ type: 'asset', fileName: `schemas/${f.path}`, source: f.text });
    },
  };
}

export default defineConfig({
  plugins: [react(), publishSchemas()],
  server: { port: 5173, strictPort: false },
  build: { outDir: 'dist', sourcemap: true },
});
