// After the whole suite: no namespace, link, per-container NAT chain, plugin call's cgroup, probe process
// (the checks' listener and client) or unfinished run's note that a run created may remain.
// Shared chains plugins keep by design (CNI-HOSTPORT-*, CNI-FORWARD, CNI-ADMIN) are allowed, not the rules
// in them for a container or bridge that is gone.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const out = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch {
    return '';
  }
};
/**
 * The command line of a running CNI Studio process (`node …/cni-studio.cjs lab serve …`), '' for a
 * running process of another program, undefined when none runs by that pid (a zombie holds nothing).
 */
function cniStudioCommand(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return undefined;
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return args.slice(0, 2).some((a) => /(^|\/)cni-studio(\.c?js)?$/.test(a)) ? args.join(' ').slice(0, 200) : '';
  } catch {
    return undefined;
  }
}
/** A process's start time in clock ticks since boot (/proc/<pid>/stat's field 22), as the helper names namespaces with it. */
function startOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}
const leaks = [];
// A namespace is named for the process that made it (cnistudio-<pid>-<hex>-t<start time>): one of a live CNI Studio
// process is still that process's, as an idle `lab serve` keeps the next run's (helper/spare-netns.ts).
// Left behind only once that process is gone, or the pid is now another program's.
const held = [];
for (const line of out('ip', ['netns', 'list']).split('\n')) {
  if (!line.startsWith('cnistudio-')) continue;
  const name = line.split(' ')[0];
  const [, pid, start] = /^cnistudio-(\d+)-[0-9a-f]+(?:-t(\d+))?$/.exec(name) ?? [];
  // A name with its creator's start time: the pid now naming a process started at another time is not the creator.
  const now = pid && startOf(pid);
  const reused = start !== undefined && now !== undefined && now !== start;
  const holder = pid && !reused ? cniStudioCommand(pid) : undefined;
  if (holder) held.push(`namespace ${name} is held by live helper pid ${pid} (${holder})`);
  else leaks.push(`namespace ${name}${pid ? ` (pid ${pid}, which made it, ${reused ? 'is gone: that pid is now another process' : holder === undefined ? 'is gone' : 'is not CNI Studio'})` : ''}`);
}
// cnistudio[co]…: the host ends of the checks' client and outside namespaces; bwp…: bandwidth's ifb devices.
for (const link of JSON.parse(out('ip', ['-j', 'link', 'show']) || '[]')) if (/^(cnistudio|veth|bwp)/.test(link.ifname)) leaks.push(`link ${link.ifname}`);
for (const line of out('ps', ['-eo', 'pid=,args=']).split('\n')) if (/helper\/probes\/(listener|client)\.mjs/.test(line)) leaks.push(`process ${line.trim()}`);
// A plugin call of a run, or a child of one, still running (in any network namespace): its environment names the run's container.
for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
  let env;
  try {
    env = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    continue; // gone, or not readable
  }
  const id = /(?:^|\0)CNI_CONTAINERID=(cnistudio-[^\0]*)/.exec(env)?.[1];
  if (id && cniStudioCommand(pid) !== undefined) leaks.push(`process ${pid} (a plugin call of container ${id}: ${readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 120)})`);
}
// Plugin calls' cgroups (helper/call-cgroup.ts), in either version's hierarchy.
for (const parent of ['/sys/fs/cgroup/pids', '/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
  let names;
  try {
    names = readdirSync(parent);
  } catch {
    continue;
  }
  for (const name of names) if (name.startsWith('cni-studio.')) leaks.push(`cgroup ${parent}/${name}`);
}
// tuning's backups of the runs' containers (its DEL removes them; a killed run's, the next run).
try {
  for (const name of readdirSync('/run/cni/tuning')) if (name.startsWith('cnistudio-')) leaks.push(`tuning backup /run/cni/tuning/${name}`);
} catch {
  // no folder: no backup
}
// Notes of runs that never finished (helper/run-journal.ts): each names links and leases a run left.
try {
  for (const name of readdirSync('/run/cni-studio/runs')) leaks.push(`unfinished run's note /run/cni-studio/runs/${name}`);
} catch {
  // no folder: no run noted anything
}
const SHARED = /^CNI-(HOSTPORT-(DNAT|SNAT|MASQ|SETMARK)|FORWARD|ADMIN|ISOLATION-STAGE-\d)$/;
for (const table of ['nat', 'filter']) {
  for (const line of out('iptables', ['-w', '5', '-t', table, '-S']).split('\n')) {
    const m = /^-N (CNI-\S+)/.exec(line);
    if (m && !SHARED.test(m[1])) leaks.push(`iptables ${table} chain ${m[1]}`);
  }
}
// Rules plugins add to those shared chains per container or per bridge (firewall's forwarding of an
// address, its same-bridge isolation): left behind when their bridge is gone, or their address is no longer
// routed to a link of the host's own (a route lookup, no traffic).
const links = new Set(JSON.parse(out('ip', ['-j', 'link', 'show']) || '[]').map((l) => l.ifname));
for (const tool of ['iptables', 'ip6tables']) {
  for (const line of out(tool, ['-w', '5', '-t', 'filter', '-S']).split('\n')) {
    if (!/^-A CNI-(FORWARD|ISOLATION-STAGE-\d) /.test(line)) continue;
    const dev = /-[io] (\S+)/.exec(line);
    const address = /-[sd] ([\d.]+\/32|[\da-f:]+\/128) /.exec(line);
    const route = address ? JSON.parse(out('ip', ['-j', 'route', 'get', address[1].split('/')[0]]) || '[]')[0] : undefined;
    if ((dev && !links.has(dev[1])) || (address && (!route || route.gateway !== undefined))) leaks.push(`${tool} rule ${line}`);
  }
}
// Not leaks, but said: a helper left running is why the check passes with its namespace there.
if (held.length) console.log(`leak check: in use: ${held.join(', ')}`);
if (leaks.length) {
  console.error(`leak check: left behind: ${leaks.join(', ')}`);
  process.exit(1);
}
console.log('leak check: nothing left behind');
