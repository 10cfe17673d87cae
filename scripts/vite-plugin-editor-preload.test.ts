import { describe, expect, it } from 'vitest';
import type { Rollup } from 'vite';
import { chunkFilesOf } from './vite-plugin-editor-preload.ts';

/** A chunk as the bundle holds it: only what chunkFilesOf reads. */
const chunk = (fileName: string, facadeModuleId: string | null, imports: string[], css: string[] = [], isEntry = false, dynamicImports: string[] = []) =>
  ({ type: 'chunk', fileName, facadeModuleId, imports, dynamicImports, isEntry, viteMetadata: { importedCss: new Set(css) } }) as unknown as Rollup.OutputChunk;

describe('chunkFilesOf', () => {
  const bundle = Object.fromEntries(
    [
      chunk('assets/index.js', '/app/src/app/main.tsx', [], ['assets/index.css'], true),
      chunk('assets/Host.js', '/app/src/app/editor/MonacoHost.tsx', ['assets/index.js', 'assets/monaco.js', 'assets/shared.js'], ['assets/editor.css']),
      chunk('assets/monaco.js', null, ['assets/editor.api.js', 'assets/index.js'], ['assets/monaco.css'], false, ['assets/jsonMode.js']),
      chunk('assets/jsonMode.js', null, ['assets/editor.api.js']),
      // Imports back into the chunk that imported it: walked once.
      chunk('assets/editor.api.js', null, ['assets/monaco.js']),
      chunk('assets/shared.js', null, ['assets/index.js']),
      chunk('assets/Lab.js', '/app/src/app/lab/LabPanel.tsx', ['assets/shared.js']),
      { type: 'asset', fileName: 'assets/index.css' } as unknown as Rollup.OutputAsset,
    ].map((o) => [o.fileName, o]),
  ) as Rollup.OutputBundle;

  it("lists the module's chunk first, every chunk it imports (as it loads or as it runs) but the page's initial one, then their styles", () => {
    expect(chunkFilesOf(bundle, /MonacoHost\.tsx$/)).toEqual(['assets/Host.js', 'assets/monaco.js', 'assets/editor.api.js', 'assets/jsonMode.js', 'assets/shared.js', 'assets/editor.css', 'assets/monaco.css']);
  });

  it('lists nothing for a module no chunk starts with', () => {
    expect(chunkFilesOf(bundle, /Nowhere\.tsx$/)).toEqual([]);
  });
});
