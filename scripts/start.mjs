// `npm start`: installs what is missing, then runs the app and a local lab helper together. The helper
// gets a fresh token, and the app gets the token and the helper's address, so it connects by itself.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNodeModules, ROOT } from './ensure.mjs';

ensureNodeModules();
const appPort = process.env.PORT ?? '5173';
const labPort = process.env.LAB_PORT ?? '7478';
const token = randomBytes(24).toString('base64url');
const dir = mkdtempSync(join(tmpdir(), 'cni-studio-'));
const tokenFile = join(dir, 'lab-token');
writeFileSync(tokenFile, token, { mode: 0o600 });

const children = [
  spawn(process.execPath, ['bin/cni-studio.mjs', 'lab', 'serve', '--port', labPort, '--token-file', tokenFile, '--allow-origin', `http://127.0.0.1:${appPort},http://localhost:${appPort}`], { cwd: ROOT, stdio: 'inherit' }),
  spawn('npx', ['vite', '--host', '127.0.0.1', '--port', appPort, '--strictPort'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, VITE_LAB_URL: `http://127.0.0.1:${labPort}`, VITE_LAB_TOKEN: token },
  }),
];
console.log(`CNI Studio: http://127.0.0.1:${appPort}/  (lab helper on http://127.0.0.1:${labPort}, token handed to the app)`);
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const c of children) c.on('exit', (code) => {
  if (code) {
    stop();
    process.exitCode = code;
  }
});
