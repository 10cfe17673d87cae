// Serves a built directory on loopback with vite preview (as the e2e tests serve dist/), without the
// project's config: every build measured, and the floor, is served the same way.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

/**
 * A copy of the build at `dir` whose first script carries `kb` KB more of functions that are never called
 * (as a bundle's code the first screen does not run): what each KB of such code costs the first screen, so
 * moving code out of the first script can be judged before the work. Functions of a bundle's usual shape,
 * each distinct, declared at the module's top level and so parsed (pre-parsed) by V8 as real code is.
 */
export function paddedCopy(dir: string, kb: number): string {
  const out = mkdtempSync(join(tmpdir(), 'first-screen-pad-'));
  cpSync(resolve(dir), out, { recursive: true });
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  const script = /<script type="module"[^>]*src="\/([^"]+)"/.exec(html)?.[1];
  if (!script) throw new Error(`no module script in ${dir}/index.html`);
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < kb * 1000; i++) {
    const f = `function __pad${i}(e,t){const n=e.map(o=>o*t+${i});if(n.length>${i % 17})return n.filter(o=>o%2===0).reduce((a,b)=>a+b,0);for(let r=0;r<t;r++)n.push({k:r,v:e[r]??null,w:"p${i}"});return{a:n,b:t,c:"${i}"}}\n`;
    parts.push(f);
    size += f.length;
  }
  const file = join(out, script);
  const code = readFileSync(file, 'utf8');
  const map = code.lastIndexOf('//# sourceMappingURL');
  writeFileSync(file, map < 0 ? code + parts.join('') : code.slice(0, map) + parts.join('') + code.slice(map));
  return out;
}
