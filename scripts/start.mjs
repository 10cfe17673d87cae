// `npm start`: installs what is missing, then runs the app (Vite's dev server) and a local lab helper
// together. The helper gets a fresh token in a file only this user can read. The dev server gets only the
// helper's address (VITE_LAB_URL): never the token, since whatever it serves any local process can fetch,
// and the helper runs plugins as root. The token reaches the app the way a Jupyter link carries its own:
// in the fragment of the link printed last (`#lab=<token>`, which the browser never sends to a server);
// the app keeps it for that helper and takes it out of the address bar. The helper's own address
// redirects to the app (a fragment opened there is kept through the redirect).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules, ROOT } from './ensure.mjs';

ensureNodeModules();
const appPort = process.env.PORT ?? '5173';
const labPort = process.env.LAB_PORT ?? '7478';
const appUrl = `http://127.0.0.1:${appPort}/`;
const labUrl = `http://127.0.0.1:${labPort}`;
const token = randomBytes(24).toString('base64url');
const dir = mkdtempSync(join(tmpdir(), 'cni-studio-'));
const tokenFile = join(dir, 'lab-token');
writeFileSync(tokenFile, token, { mode: 0o600 });

/** The dev server's environment: the helper's address, and no token (not even one this shell exported). */
function devServerEnv() {
  const env = { ...process.env, VITE_LAB_URL: labUrl };
  delete env.VITE_LAB_TOKEN;
  return env;
}
/** The link to open: the app, with the helper's token in the fragment. */
const appLink = `${appUrl}#lab=${encodeURIComponent(token)}`;

const children = [
  spawn(
    process.execPath,
    // The one origin the dev server serves (it binds 127.0.0.1 only: another local user could take
    // localhost's other address, [::1]:5173, and a page there must not be an allowed origin).
    ['bin/cni-studio.cjs', 'lab', 'serve', '--port', labPort, '--token-file', tokenFile, '--allow-origin', `http://127.0.0.1:${appPort}`, '--app-url', appUrl],
    { cwd: ROOT, stdio: 'inherit' },
  ),
  // Vite's own banner would print a second URL among the helper's lines: warnings and errors only.
  spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', appPort, '--strictPort', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: devServerEnv(),
  }),
];

let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = code;
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
for (const c of children) {
  c.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\nCNI Studio: ${c === children[0] ? 'the lab helper' : 'the dev server'} stopped (${signal ?? `exit ${code}`}); stopping.`);
      stop(code || 1);
    }
  });
}

/** Resolves once something answers HTTP at `url` (any status: the helper redirects, Vite serves). */
async function answers(url) {
  for (;;) {
    if (stopping) return false;
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}

if ((await answers(appUrl)) && (await answers(`${labUrl}/`)) && !stopping) {
  console.log(`\n  lab helper: ${labUrl} (the link below carries its token: the app connects with it)`);
  console.log('  Ctrl+C stops both.');
  console.log(`\n  CNI Studio is ready: open ${appLink}\n`);
}
