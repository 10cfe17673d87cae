// A stack's floor (stack/main.tsx here, or another page's folder) built for a benchmark: into a folder of
// its own, with the app's JSX transform and the same minifier, no source maps. The caller removes the folder.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

export async function buildStackFloor(root = resolve(import.meta.dirname, 'stack')): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'cni-studio-stack-'));
  await build({ configFile: false, root, plugins: [react()], logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}
