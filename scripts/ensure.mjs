// Installs what the two commands need on a fresh machine: node_modules (npm ci) and, when running as
// root on Debian, the chromium and containernetworking-plugins packages. In CI a missing piece fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CI = process.env.CI === 'true' || process.env.CI === '1';

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function ensureNodeModules() {
  if (existsSync(join(ROOT, 'node_modules', '.package-lock.json'))) return;
  console.log('node_modules is missing: running npm ci');
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) throw new Error('npm ci failed');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
let aptUpdated = false;

function aptInstall(pkg) {
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    run('apt-get', ['update', '-q'], { env });
    aptUpdated = true;
  }
  console.log(`installing Debian package ${pkg}`);
  return run('apt-get', ['install', '-y', '-q', '--no-install-recommends', pkg], { env }) === 0;
}

/** Debian's Chromium for the e2e tests (never a downloaded browser). Returns whether it is there. */
export function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  aptInstall('chromium');
  return existsSync(CHROMIUM);
}

/** Debian's reference plugins (in /usr/lib/cni), the tools they call, and what the lab's checks probe with (ping). */
export function ensureCniPlugins() {
  const missing = [
    ['containernetworking-plugins', '/usr/lib/cni/bridge'],
    ['iproute2', '/usr/sbin/ip'],
    ['iptables', '/usr/sbin/iptables'],
    ['iputils-ping', '/usr/bin/ping'],
  ].filter(([, path]) => !existsSync(path));
  for (const [pkg] of missing) aptInstall(pkg);
  return existsSync('/usr/lib/cni/bridge') && existsSync('/usr/sbin/ip');
}

export function debianPackageInstalled(pkg) {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' }).includes('install ok installed');
  } catch {
    return false;
  }
}
