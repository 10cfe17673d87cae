// The editor's files named in the built page, for the app to preload when the browser is idle. Monaco is
// ~3.9 MB of script that V8 parses on a background thread when first imported; on the first click on a
// plugin that parse was a third of the wait before its JSON showed. A <link rel="modulepreload"> fetches and
// compiles a module without running it, so the app adds one per file once the page is idle (later.ts,
// src/app/editor/preload.ts), and the click then only runs the code. Named in a <meta>, not as links in the
// HTML: links there would preload at load, beside the first screen's own script on the same cores. The dev
// server serves modules one by one and has no chunks: the meta is only in the build.
import type { Plugin, Rollup } from 'vite';
import { EDITOR_FILES_META } from '../src/app/editor/editor-files.ts';

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/**
 * The chunks the module `entry` (a dynamically imported module) brings with it, its own first, and their
 * CSS: what loading it fetches, less the page's initial chunks, which are there already. Chunks they import
 * when they run are in it too (Monaco's JSON and YAML modes, imported once a model of theirs is made: after
 * the click, a request more in a row).
 */
export function chunkFilesOf(bundle: OutputBundle, entry: RegExp): string[] {
  const chunks = Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');
  const start = chunks.find((c) => c.facadeModuleId !== null && entry.test(c.facadeModuleId));
  if (!start) return [];
  const seen = new Set<string>();
  const css = new Set<string>();
  const walk = (chunk: OutputChunk) => {
    if (chunk.isEntry || seen.has(chunk.fileName)) return;
    seen.add(chunk.fileName);
    for (const file of (chunk as OutputChunk & { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []) css.add(file);
    for (const name of [...chunk.imports, ...chunk.dynamicImports]) {
      const next = bundle[name];
      if (next?.type === 'chunk') walk(next);
    }
  };
  walk(start);
  return [...seen, ...css];
}

export function editorPreload(): Plugin {
  let base = '/';
  return {
    name: 'cni-studio-editor-preload',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (!ctx.bundle) return undefined;
        const files = chunkFilesOf(ctx.bundle, /\/src\/app\/editor\/MonacoHost\.tsx$/);
        if (files.length === 0) throw new Error('editor-preload: no chunk for src/app/editor/MonacoHost.tsx in the bundle');
        return [{ tag: 'meta', attrs: { name: EDITOR_FILES_META, content: files.map((f) => base + f).join(' ') }, injectTo: 'head' }];
      },
    },
  };
}
