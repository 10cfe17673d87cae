// Serves a built directory on loopback as a production server does: every file read and gzip-compressed
// once, before the first request (nginx's gzip_static, a CDN's cache), then sent from memory with its
// encoding. Not vite preview: it compresses every response as it is sent, on the same two cores as the
// browser, so a larger script also waited for the server's gzip (traced: the 700 KB first script was
// ready to run ~15 ms later than from this server, the page usable ~17 ms later). `SERVER=preview`
// serves with vite preview and `SERVER=identity` without compression, to compare. Every build measured,
// and the floor, is served the same way.
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { preview } from 'vite';

export interface Served {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Every file under `root`, by its URL path ("/assets/index-….js"), with its gzip when that is smaller. */
function readAll(root: string): Map<string, { type: string; body: Buffer; gzip?: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer; gzip?: Buffer }>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const body = readFileSync(path);
        const type = TYPES[extname(name)] ?? 'application/octet-stream';
        const gzip = type.startsWith('font/woff2') ? undefined : gzipSync(body, { level: 9 });
        files.set(`/${relative(root, path).split(sep).join('/')}`, { type, body, gzip: gzip && gzip.length < body.length ? gzip : undefined });
      }
    }
  };
  walk(root);
  return files;
}

export async function serve(dir: string): Promise<Served> {
  const outDir = resolve(dir);
  if (process.env.SERVER === 'preview') return servePreview(outDir);
  const files = readAll(outDir);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files.get(path === '/' ? '/index.html' : path);
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    const gzip = process.env.SERVER !== 'identity' && file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    res.writeHead(200, { 'content-type': file.type, 'content-length': body.length, 'cache-control': 'no-cache', vary: 'accept-encoding', ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

/** vite preview, as the e2e tests serve dist/ (compressing each response as it is sent). */
async function servePreview(outDir: string): Promise<Served> {
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
