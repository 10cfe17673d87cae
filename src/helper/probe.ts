// What the lab machine offers: root, ip, every executable in CNI_PATH and the spec versions each one
// accepts (its VERSION answer), firewall tools, and whether the dhcp daemon socket exists.
import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DEFAULT_PROFILE, isPluginRelease, probedProfile, releaseFromBanner, releaseFromVersions, upstreamRelease, type ProbeAnswer, type ProbedPlugin } from '../core';
import { dirname, resolve } from 'node:path';
import { spawnExecutor, type Executor } from './executor';
import { containmentNote } from './call-cgroup';
import { replaceable, runTool } from './system-path';

export const DEFAULT_CNI_PATH = ['/opt/cni/bin', '/usr/lib/cni'];

/**
 * CNI_PATH as given (--cni-path, else the environment, else the default), each directory made absolute: a
 * relative one would be checked against the helper's working directory, while spawn looks a bare name up in
 * PATH, and the plugins would get a CNI_PATH meaning another place again.
 */
export const cniPathFrom = (text: string | undefined): string[] => (text ?? DEFAULT_CNI_PATH.join(':')).split(':').filter(Boolean).map((dir) => resolve(dir));

/** A plugin `type` must be a bare file name found (executable, regular) in one of the CNI_PATH dirs; its absolute path. */
export function findPlugin(type: string, cniPath: readonly string[]): string | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(type) || type === '.' || type === '..') return undefined;
  for (const dir of cniPath) {
    const candidate = resolve(dir, type);
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
    await runTool(command, args, { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** How long the probe waits for any one answer (a plugin that hangs costs the probe no more). */
const PROBE_LIMIT_MS = 2000;

/** How many executables the probe asks at once, and at most in all. */
const PARALLEL = 4;
const MAX_PLUGINS = 128;

/** Every executable in CNI_PATH, the first of each name as lookup finds it, by name. */
export function listPlugins(cniPath: readonly string[]): { type: string; path: string }[] {
  const found = new Map<string, string>();
  for (const dir of cniPath) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue; // a CNI_PATH entry that does not exist
    }
    for (const name of names) {
      if (found.has(name) || found.size >= MAX_PLUGINS) continue;
      const path = findPlugin(name, [dir]);
      if (path) found.set(name, path);
    }
  }
  return [...found].map(([type, path]) => ({ type, path }));
}

/**
 * Whether a file reads CNI_COMMAND, as every CNI plugin must (skel's Go plugins and scripts alike): the probe
 * runs nothing else. With CNI_PATH pointed at /usr/sbin, running every executable as root "for its VERSION"
 * would run halt and its kind. Read in pieces, the name found across their edges; known answers are kept
 * while the file is unchanged.
 */
const SIGNATURE = Buffer.from('CNI_COMMAND');
const CHUNK = 1 << 20;
const MAX_SCANNED = 512 * 1024 * 1024;
const signatures = new Map<string, boolean>();
export async function readsCniCommand(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const st = await handle.stat();
    const key = `${path}\0${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    const known = signatures.get(key);
    if (known !== undefined) return known;
    let found = false;
    if (st.isFile() && st.size <= MAX_SCANNED) {
      const buffer = Buffer.alloc(CHUNK + SIGNATURE.length);
      let carried = 0;
      for (let at = 0; !found; ) {
        const { bytesRead } = await handle.read(buffer, carried, CHUNK, at);
        if (bytesRead === 0) break;
        found = buffer.subarray(0, carried + bytesRead).includes(SIGNATURE);
        at += bytesRead;
        // Keep the last bytes: the name may straddle two pieces.
        const total = carried + bytesRead;
        const keep = Math.min(SIGNATURE.length - 1, total);
        buffer.copy(buffer, 0, total - keep, total);
        carried = keep;
      }
    }
    signatures.set(key, found);
    return found;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** A plugin's VERSION answer: the spec versions it accepts, or why there is none. */
async function askVersion(type: string, path: string, executor: Executor): Promise<ProbedPlugin> {
  const r = await executor.run({ binary: path, env: { CNI_COMMAND: 'VERSION', CNI_NETNS: 'dummy', CNI_IFNAME: 'dummy', CNI_PATH: 'dummy', CNI_CONTAINERID: '', CNI_ARGS: '' }, stdin: '{"cniVersion":"1.1.0"}', timeoutMs: PROBE_LIMIT_MS });
  try {
    const answer = JSON.parse(r.stdout) as { supportedVersions?: unknown };
    if (!Array.isArray(answer.supportedVersions) || !answer.supportedVersions.every((v) => typeof v === 'string')) throw new Error('no supportedVersions');
    return { type, path, supportedVersions: answer.supportedVersions as string[] };
  } catch {
    return { type, path, versionError: (r.stderr || r.stdout || r.spawnError || 'no answer').slice(0, 300) };
  }
}

/** The path a link leads to (itself when it is none, or cannot be resolved). */
const realOr = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * The installed package's version of a file, from dpkg or rpm (argv only; absent when neither owns it).
 * A link no package owns (/opt/cni/bin/bridge -> /usr/lib/cni/bridge, as users link Debian's plugins into
 * the usual CNI_PATH) is asked about by the file it points to.
 */
export async function packageVersionOf(path: string): Promise<string | undefined> {
  const owned = await ownedVersionOf(path);
  if (owned !== undefined) return owned;
  const real = realOr(path);
  return real === path ? undefined : ownedVersionOf(real);
}

async function ownedVersionOf(path: string): Promise<string | undefined> {
  try {
    const owner = (await runTool('dpkg-query', ['-S', path], { timeout: 5000 })).stdout.split(':')[0]!.trim();
    if (!/^[a-z0-9][a-z0-9+.-]*$/.test(owner)) return undefined;
    return (await runTool('dpkg-query', ['-W', '-f=${Version}', owner], { timeout: 5000 })).stdout.trim() || undefined;
  } catch {
    // not a dpkg system, or dpkg does not own it
  }
  try {
    return (await runTool('rpm', ['-qf', '--qf', '%{VERSION}', path], { timeout: 5000 })).stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Which plugins release a binary comes from: its banner, else the package that installed it, else its VERSION answer. */
async function dateRelease(plugin: ProbedPlugin, executor: Executor, packages: Map<string, Promise<string | undefined>>): Promise<ProbedPlugin> {
  // A Go plugin built on skel prints its banner ("CNI bridge plugin v1.6.2") when CNI_COMMAND is unset.
  const r = await executor.run({ binary: plugin.path, env: {}, stdin: '', timeoutMs: PROBE_LIMIT_MS });
  const banner = releaseFromBanner(r.stderr, plugin.type);
  if (banner === undefined) return plugin; // not a reference plugin (or not skel's banner)
  if (banner !== 'unknown' && isPluginRelease(banner)) return { ...plugin, release: banner, releaseFrom: 'banner' };
  // One package question per folder, the folder the binary really is in (links may point elsewhere).
  const key = dirname(realOr(plugin.path));
  if (!packages.has(key)) packages.set(key, packageVersionOf(plugin.path));
  const upstream = upstreamRelease((await packages.get(key)) ?? '');
  if (upstream && isPluginRelease(upstream)) return { ...plugin, release: upstream, releaseFrom: 'package' };
  const inferred = plugin.supportedVersions ? releaseFromVersions(plugin.supportedVersions) : undefined;
  return inferred ? { ...plugin, release: inferred, releaseFrom: 'versions' } : plugin;
}

export async function probe(cniPath: readonly string[] = DEFAULT_CNI_PATH, executor: Executor = spawnExecutor, libcni: string = DEFAULT_PROFILE.libcni): Promise<ProbeAnswer> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const candidates = listPlugins(cniPath);
  const plugins: ProbedPlugin[] = [];
  const packages = new Map<string, Promise<string | undefined>>();
  // As root, a binary someone else may replace is not run at all, not even for its VERSION.
  const whyReplaceable = (path: string) => {
    const why = replaceable(path);
    return why ? [why] : [];
  };
  const unsafe = new Map(candidates.flatMap((c) => whyReplaceable(c.path).map((why) => [c.type, why] as const)));
  const openDirs = cniPath.flatMap((dir) => whyReplaceable(dir).map((why) => `${dir} (${why})`));
  const ask = async (c: { type: string; path: string }): Promise<ProbedPlugin> => {
    if (unsafe.has(c.type)) return { ...c, versionError: `not run as root: ${unsafe.get(c.type)}, so someone else could replace it` };
    if (!(await readsCniCommand(c.path))) return { ...c, versionError: 'not run: it never reads CNI_COMMAND, so it is no CNI plugin (a run that names it still runs it)' };
    const asked = await askVersion(c.type, c.path, executor);
    // Its banner is asked only of a plugin that answered VERSION as one.
    return asked.supportedVersions ? dateRelease(asked, executor, packages) : asked;
  };
  for (let i = 0; i < candidates.length; i += PARALLEL) plugins.push(...(await Promise.all(candidates.slice(i, i + PARALLEL).map(ask))));
  const machine = probedProfile(plugins, libcni);
  const [ipOk, iptables, nftables] = await Promise.all([has('ip', ['-V']), has('iptables', ['--version']), has('nft', ['--version'])]);
  const missing: string[] = [];
  if (!root) missing.push('The helper is not running as root: creating namespaces and running plugins needs root (run it with sudo on a lab VM).');
  if (!ipOk) missing.push('The "ip" command is missing: install iproute2.');
  if (plugins.length === 0) missing.push(`No CNI plugins found in ${cniPath.join(':')}: install Debian's containernetworking-plugins (they go to /usr/lib/cni), or start the helper with --cni-path pointing at your plugins.`);
  if (openDirs.length > 0) missing.push(`Lab runs are refused while someone else could put plugins in CNI_PATH: ${openDirs.join('; ')}.`);
  if (unsafe.size > 0) missing.push(`Not run as root, as someone else could replace them: ${[...unsafe].map(([type, why]) => `${type} (${why})`).join('; ')}. Give them and their directories to root, writable by root only.`);
  if (!iptables && !nftables) missing.push('Neither iptables nor nft is installed: portmap, firewall and ipMasq need one of them.');
  const contained = containmentNote();
  if (contained) missing.push(contained);
  return { root, ip: ipOk, cniPath: [...cniPath], plugins, iptables, nftables, dhcpSocket: existsSync('/run/cni/dhcp.sock'), missing, ...(machine ? { profile: machine.profile, profileFrom: machine.how } : {}) };
}
