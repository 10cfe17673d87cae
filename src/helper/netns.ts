// Network namespaces and host links, through `ip` run with argv (never a shell). The helper only ever
// creates, inspects and deletes namespaces carrying its own prefix and its creator's pid, and host links
// a run can prove it created (ownership.ts).
import { randomBytes } from 'node:crypto';
import { isRunning, processStart } from './pids';
import type { MachineNetworks, ObservedLink } from '../core';
import { runTool } from './system-path';

export const NETNS_PREFIX = 'cnistudio-';
export const NETNS_DIR = '/run/netns';

/** A link as `ip -j -d link show` prints it (the fields the lab reads). */
export type Link = ObservedLink;

async function ip(args: string[]): Promise<string> {
  const { stdout } = await runTool('ip', args, { timeout: 10_000, maxBuffer: 4 * 1024 * 1024 });
  return stdout;
}

const json = async <T>(args: string[]): Promise<T[]> => {
  const text = (await ip(['-j', ...args])).trim();
  return text ? (JSON.parse(text) as T[]) : [];
};

export function isOurs(name: string): boolean {
  return name.startsWith(NETNS_PREFIX) && /^[a-z0-9-]+$/.test(name);
}

/** The pid of the process that created one of our namespaces, read from its name. */
export function creatorOf(name: string): number | undefined {
  return creatorIn(name)?.pid;
}

/**
 * The process that created one of our namespaces, from its name: its pid and, in names made since the
 * helper wrote it, its start time (a pid alone may be another process's once the creator has died).
 */
export function creatorIn(name: string): { pid: number; start?: string } | undefined {
  const m = /^cnistudio-(\d+)-[0-9a-f]+(?:-t(\d+))?$/.exec(name);
  return m ? { pid: Number(m[1]), ...(m[2] ? { start: m[2] } : {}) } : undefined;
}

/** Whether the creator a name holds has gone: its pid is not running, or is a process started at another time. */
export function creatorGone(name: string, running: (pid: number) => boolean = isRunning, startOf: (pid: number) => string | undefined = processStart): boolean {
  const creator = creatorIn(name);
  if (creator === undefined || creator.pid === process.pid) return false;
  return !running(creator.pid) || (creator.start !== undefined && startOf(creator.pid) !== creator.start);
}

const ownStart = processStart(process.pid);

/** A name for a new namespace: the creator's pid and start time in it, so a later helper removes only those whose creator is gone. */
export function newNetnsName(): string {
  return `${NETNS_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}${ownStart ? `-t${ownStart}` : ''}`;
}

/** A namespace made with two ip processes (the checks' own namespaces; a run's are made by its reader's sessions). */
export async function createNetns(): Promise<{ name: string; path: string }> {
  const name = newNetnsName();
  await ip(['netns', 'add', name]);
  // The loopback comes up so the namespace behaves like a container's; a namespace that cannot is removed.
  await ip(['-n', name, 'link', 'set', 'lo', 'up']).catch(async (e: unknown) => {
    await deleteNetns(name).catch(() => {});
    throw e;
  });
  return { name, path: `${NETNS_DIR}/${name}` };
}

export async function deleteNetns(name: string): Promise<void> {
  if (!isOurs(name)) throw new Error(`refusing to delete namespace "${name}": not created by the helper`);
  await ip(['netns', 'delete', name]).catch((e: Error) => {
    if (!/No such file|not exist/i.test(e.message)) throw e;
  });
}

/**
 * Our namespaces whose creating process has exited: what a crash left behind. Only names createNetns makes
 * (with the creator's pid, and its start time) count: a namespace that merely shares the prefix is someone else's.
 */
export async function staleNetns(): Promise<string[]> {
  return (await listOurNetns()).filter((name) => creatorGone(name));
}

export async function listOurNetns(): Promise<string[]> {
  const text = await ip(['netns', 'list']).catch(() => '');
  return text
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n && isOurs(n));
}

export async function hostLinks(): Promise<Link[]> {
  return json<Link>(['-d', 'link', 'show']);
}

/** The links inside one of our namespaces, with their veth peers' indexes. */
export async function netnsLinks(name: string): Promise<Link[]> {
  if (!isOurs(name)) throw new Error(`refusing to inspect namespace "${name}"`);
  return json<Link>(['-n', name, '-d', 'link', 'show']);
}

export async function deleteHostLink(ifname: string): Promise<void> {
  await ip(['link', 'delete', ifname]).catch((e: Error) => {
    if (!/Cannot find device|does not exist/i.test(e.message)) throw e;
  });
}

/**
 * Reads net sysctls inside one of our namespaces; keys are checked before they become paths. /proc/sys/net
 * shows the reader's namespace, so one process in it reads them all, and grep -H names each line's file.
 */
export async function readSysctls(name: string, keys: readonly string[]): Promise<Record<string, string>> {
  if (!isOurs(name)) throw new Error(`refusing to inspect namespace "${name}"`);
  const files = new Map<string, string>();
  for (const key of keys) {
    const path = key.replace(/\./g, '/');
    if (/^net\/[A-Za-z0-9_/-]+$/.test(path) && !path.split('/').includes('..')) files.set(key, `/proc/sys/${path}`);
  }
  if (files.size === 0) return {};
  // grep fails when one file cannot be read; the others were still printed.
  const text = await runTool('ip', ['netns', 'exec', name, 'grep', '-H', '-a', '-s', '--', '', ...files.values()], { timeout: 5000 }).then(
    (r) => r.stdout,
    (e: { stdout?: string }) => e.stdout ?? '',
  );
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (const [key, file] of files) {
    const own = lines.filter((l) => l.startsWith(`${file}:`)).map((l) => l.slice(file.length + 1));
    // A sysctl always reads as at least a line (a newline); none means it could not be read.
    out[key] = own.length ? own.join('\n').trim() : '(unreadable)';
  }
  return out;
}

/**
 * A namespace of the run's own wired to the host (the reachability checks' client and "outside"): a veth
 * pair whose host end takes `hostCidr` and whose other end, eth0 in the namespace, takes `nsCidr` with a
 * default route via the host end, and with `six` the same in IPv6. Deleting the namespace removes both ends of the pair.
 */
/** The machine's networks the checks' wired namespaces must leave alone: its routes in every table (both families) and its addresses. */
export async function machineNetworks(): Promise<MachineNetworks> {
  const [routes4, routes6, addresses] = await Promise.all([
    json<{ dst?: unknown }>(['-4', 'route', 'show', 'table', 'all']),
    json<{ dst?: unknown }>(['-6', 'route', 'show', 'table', 'all']),
    json<{ addr_info?: { local?: unknown; prefixlen?: unknown }[] }>(['addr', 'show']),
  ]);
  return {
    routes: [...routes4, ...routes6].map((r) => r.dst).filter((d): d is string => typeof d === 'string'),
    addresses: addresses.flatMap((a) => (a.addr_info ?? []).flatMap((i) => (typeof i.local === 'string' && typeof i.prefixlen === 'number' ? [`${i.local}/${i.prefixlen}`] : []))),
  };
}

export async function createWiredNetns(hostIfname: string, hostCidr: string, nsCidr: string, six?: { hostCidr: string; nsCidr: string }): Promise<{ name: string; path: string }> {
  if (!/^cnistudio[a-z0-9]{1,6}$/.test(hostIfname)) throw new Error(`refusing to name a host link "${hostIfname}"`);
  const ns = await createNetns();
  try {
    await ip(['link', 'add', hostIfname, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns.name]);
    await ip(['addr', 'add', hostCidr, 'dev', hostIfname]);
    await ip(['link', 'set', hostIfname, 'up']);
    await ip(['-n', ns.name, 'addr', 'add', nsCidr, 'dev', 'eth0']);
    await ip(['-n', ns.name, 'link', 'set', 'eth0', 'up']);
    await ip(['-n', ns.name, 'route', 'add', 'default', 'via', hostCidr.split('/')[0]!]);
    if (six) {
      // nodad: usable at once, where duplicate address detection would hold them back for a second or two.
      await ip(['addr', 'add', six.hostCidr, 'dev', hostIfname, 'nodad']);
      await ip(['-n', ns.name, 'addr', 'add', six.nsCidr, 'dev', 'eth0', 'nodad']);
      await ip(['-n', ns.name, '-6', 'route', 'add', 'default', 'via', six.hostCidr.split('/')[0]!]);
    }
    return ns;
  } catch (e) {
    await deleteNetns(ns.name).catch(() => {});
    await deleteHostLink(hostIfname).catch(() => {});
    throw e;
  }
}
