// Serves a built directory on loopback with vite preview (as the e2e tests serve dist/), without the
// project's config: every build measured, and the floor, is served the same way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { preview } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

export async function serve(dir: string): Promise<Served> {
  const outDir = resolve(dir);
  const server = await preview({ configFile: false, root: outDir, build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false }, logLevel: 'silent' });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error(`vite preview did not report a URL for ${outDir}`);
  return { url, close: () => server.close() };
}

/** The floor: a page with one element and no script, so what is left is navigation, server and first paint. */
export function blankDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'first-screen-blank-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>blank</title></head><body><p id="blank">blank</p></body></html>\n');
  return dir;
}
