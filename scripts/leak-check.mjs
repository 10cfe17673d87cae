// After the whole suite: no namespace, link, per-container NAT chain, plugin call's cgroup or probe process
// (the checks' listener and client) that a run created may remain.
// Shared chains plugins keep by design (CNI-HOSTPORT-*, CNI-FORWARD, CNI-ADMIN) are allowed.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const out = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch {
    return '';
  }
};
const leaks = [];
for (const line of out('ip', ['netns', 'list']).split('\n')) if (line.startsWith('cnistudio-')) leaks.push(`namespace ${line.split(' ')[0]}`);
// cnistudio[co]…: the host ends of the checks' client and outside namespaces.
for (const link of JSON.parse(out('ip', ['-j', 'link', 'show']) || '[]')) if (/^(cnistudio|veth)/.test(link.ifname)) leaks.push(`link ${link.ifname}`);
for (const line of out('ps', ['-eo', 'pid=,args=']).split('\n')) if (/helper\/probes\/(listener|client)\.mjs/.test(line)) leaks.push(`process ${line.trim()}`);
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
const SHARED = /^CNI-(HOSTPORT-(DNAT|SNAT|MASQ|SETMARK)|FORWARD|ADMIN|ISOLATION-STAGE-\d)$/;
for (const table of ['nat', 'filter']) {
  for (const line of out('iptables', ['-w', '5', '-t', table, '-S']).split('\n')) {
    const m = /^-N (CNI-\S+)/.exec(line);
    if (m && !SHARED.test(m[1])) leaks.push(`iptables ${table} chain ${m[1]}`);
  }
}
if (leaks.length) {
  console.error(`leak check: left behind: ${leaks.join(', ')}`);
  process.exit(1);
}
console.log('leak check: nothing left behind');
