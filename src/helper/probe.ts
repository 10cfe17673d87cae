// What the lab machine offers: root, ip, the plugin binaries in CNI_PATH and the spec versions each one
// accepts (its VERSION answer), firewall tools, and whether the dhcp daemon socket exists.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { spawnExecutor, type Executor } from './executor';

const run = promisify(execFile);

export const DEFAULT_CNI_PATH = ['/opt/cni/bin', '/usr/lib/cni'];

export interface PluginProbe {
  type: string;
  path: string;
  supportedVersions?: string[];
  versionError?: string;
}

export interface Probe {
  root: boolean;
  ip: boolean;
  cniPath: string[];
  plugins: PluginProbe[];
  iptables: boolean;
  nftables: boolean;
  dhcpSocket: boolean;
  /** What is missing for a live run, and how to get it, in words. */
  missing: string[];
}

/** A plugin `type` must be a bare file name found (executable, regular) in one of the CNI_PATH dirs. */
export function findPlugin(type: string, cniPath: readonly string[]): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(type) || type === '.' || type === '..') return undefined;
  for (const dir of cniPath) {
    const candidate = join(dir, type);
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

async function has(command: string, args: string[]): Promise<boolean> {
  try {
    await run(command, args, { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

const KNOWN = ['bridge', 'ptp', 'macvlan', 'ipvlan', 'host-device', 'vlan', 'loopback', 'dummy', 'tap', 'host-local', 'dhcp', 'static', 'portmap', 'bandwidth', 'tuning', 'firewall', 'sbr', 'vrf'];

export async function probe(cniPath: readonly string[] = DEFAULT_CNI_PATH, executor: Executor = spawnExecutor): Promise<Probe> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const plugins: PluginProbe[] = [];
  for (const type of KNOWN) {
    const path = findPlugin(type, cniPath);
    if (!path) continue;
    const r = await executor.run({ binary: path, env: { CNI_COMMAND: 'VERSION', CNI_NETNS: 'dummy', CNI_IFNAME: 'dummy', CNI_PATH: 'dummy', CNI_CONTAINERID: '', CNI_ARGS: '' }, stdin: '{"cniVersion":"1.1.0"}', timeoutMs: 5000 });
    try {
      const answer = JSON.parse(r.stdout) as { supportedVersions?: string[] };
      plugins.push({ type, path, supportedVersions: answer.supportedVersions });
    } catch {
      plugins.push({ type, path, versionError: (r.stderr || r.stdout || r.spawnError || 'no answer').slice(0, 300) });
    }
  }
  const [ipOk, iptables, nftables] = await Promise.all([has('ip', ['-V']), has('iptables', ['--version']), has('nft', ['--version'])]);
  const missing: string[] = [];
  if (!root) missing.push('The helper is not running as root: creating namespaces and running plugins needs root (run it with sudo on a lab VM).');
  if (!ipOk) missing.push('The "ip" command is missing: install iproute2.');
  if (plugins.length === 0) missing.push(`No CNI plugins found in ${cniPath.join(':')}: install Debian's containernetworking-plugins (they go to /usr/lib/cni), or start the helper with --cni-path pointing at your plugins.`);
  if (!iptables && !nftables) missing.push('Neither iptables nor nft is installed: portmap, firewall and ipMasq need one of them.');
  return { root, ip: ipOk, cniPath: [...cniPath], plugins, iptables, nftables, dhcpSocket: existsSync('/run/cni/dhcp.sock'), missing };
}
