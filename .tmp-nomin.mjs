import { build } from 'esbuild';
await build({ entryPoints: { 'cni-studio': 'src/cli/main.ts' }, outdir: 'build/nomin', bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', mainFields: ['module', 'main'], outExtension: { '.js': '.mjs' }, minify: false, logLevel: 'error',
 plugins: [{ name: 'y', setup(b) { b.onResolve({ filter: /^yaml$/ }, () => ({ path: '/work/main/node_modules/yaml/browser/index.js' })); } }],
 banner: { js: "import { createRequire as __cniStudioRequire } from 'node:module'; const require = __cniStudioRequire(import.meta.url);" } });
