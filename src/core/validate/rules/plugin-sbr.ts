// sbr's rules: the addresses it needs from the result before it (CNI631), what its DEL meets once the
// interface or the namespace is gone (CNI656), and its table on a container that has only this network (CNI657).
import { releaseAtLeast } from '../../profiles/profile';
import type { Finding } from '../finding';
import type { PluginView } from '../context';

/** CNI631: sbr routes the container interface's addresses; with no IPAM before it there are none (sbr main.go getIPCfgs, 1.0 to 1.9). */
function withoutAddresses(p: PluginView, before: readonly PluginView[] | undefined): Finding[] {
  if (!before || before.length === 0 || before.some((x) => x.conf.ipam !== undefined)) return [];
  return [{ code: 'CNI631', severity: 'error', message: `sbr routes by the container interface's addresses, and no plugin before it has IPAM, so the previous result has none: ADD fails ("No IP addresses supplied on interface: eth0"). Give the interface plugin an "ipam".`, pointer: p.pointer }];
}

/**
 * CNI656: sbr's DEL locks the namespace's file and enters it before anything else, and before 1.3.0 it
 * also fails when the interface is gone (tidyRules: "Failed to get link"). libcni's DEL runs sbr first and
 * stops at its failure, so the plugins before it are never undone. Seen with Debian's 1.1.1: a second DEL
 * fails "Failed to get link eth0: Link not found"; a DEL whose namespace is gone fails "unknown FS magic"
 * (and leaves an empty file at its path), in every release to 1.9.1.
 */
function delWhenGone(p: PluginView): Finding[] {
  if (p.release === undefined) return [];
  const old = !releaseAtLeast(p.release, '1.3.0');
  const gone = 'A DEL after the container\'s namespace is gone fails in every release ("unknown FS magic on …", and an empty file is left at the path)';
  return [
    old
      ? { code: 'CNI656', severity: 'warning', message: `sbr ${p.release}'s DEL fails once the container's interface is gone: a second DEL, or the DEL after an ADD that failed before the interface was made, stops at sbr ("Failed to get link eth0: Link not found"), and the plugins before it never release their addresses. ${gone}. Fixed for the interface in plugins 1.3.0.`, pointer: `${p.pointer}/type` }
      : { code: 'CNI656', severity: 'info', message: `${gone}: the runtime's DEL stops at sbr, and the plugins before it never release their addresses. Runtimes that DEL before removing the namespace are not affected.`, pointer: `${p.pointer}/type` },
  ];
}

/**
 * CNI657: sbr moves the interface's routes, the default one with them, into a table of its own that only
 * packets from the interface's addresses look up. A connection the container opens has no source address
 * yet, and the main table has no route: "Network is unreachable" (seen with bridge and ptp on Debian's
 * 1.1.1). Replies and connections to the container work. Its use is a second network (Multus).
 */
function onlyNetwork(p: PluginView): Finding[] {
  return [{ code: 'CNI657', severity: 'info', message: 'sbr moves this network\'s routes, the default one with them, into a table that only packets from its addresses use. A container with no other network cannot open connections ("connect: Network is unreachable"); replies and connections to it still work. sbr is meant for a second network, such as one Multus attaches.', pointer: `${p.pointer}/type` }];
}

export function sbrRules(p: PluginView, before: readonly PluginView[] | undefined): Finding[] {
  return [...withoutAddresses(p, before), ...delWhenGone(p), ...onlyNetwork(p)];
}
