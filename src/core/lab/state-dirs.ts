// The folders of the lab machine where a run's plugins keep state (host-local's leases, tuning's backups):
// the request names them (dataDir) and the plugins, as root, create them and write there. The lab lets
// them do so only under the folders plugins keep state in (/var/lib/cni, /run, /tmp), and only where no
// other user could redirect the writes (a folder or a link of theirs on the way): anywhere else a client
// could have root make folders and files.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { pluginBehaviour } from '../plugins';
import { cleanPath } from '../model/go-path';

export const STATE_ROOTS: readonly string[] = ['/var/lib/cni', '/run', '/tmp'];

/**
 * Folders of the machine that are no network's lease folder, whatever they hold now: the state roots, the
 * network namespaces' mount points (host-local's files there show as namespaces), libcni's result cache,
 * host-local's folder of networks, and CNI Studio's own.
 */
const MACHINE_FOLDERS: readonly string[] = [...STATE_ROOTS, '/run/netns', '/var/run/netns', '/var/lib/cni/results', '/var/lib/cni/networks', '/run/cni-studio'];
const isMachineFolder = (dir: string) => MACHINE_FOLDERS.includes(dir) || dir.startsWith('/run/cni-studio/');

/**
 * Why the run's plugins may not keep state where the list says: [] when they may. `foreignLeases` counts the
 * leases of containers the lab did not make in a folder host-local keeps a network's leases in. `unsafe` says why another
 * user could redirect the writes to a folder the plugin writes in (and makes, with what is missing on its
 * way), if they could: the helper's check of the machine's folders (system-path.ts stateDirUnsafe).
 */
export function stateDirRefusals(conflist: JsonObject, unsafe: (dir: string) => string | undefined, foreignLeases: (dir: string) => number = () => 0, otherFiles: (dir: string) => string[] = () => []): string[] {
  const network = typeof conflist.name === 'string' ? conflist.name : '';
  const refusals: string[] = [];
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p)) return;
    const ipam = isJsonObject(p.ipam) ? p.ipam : undefined;
    for (const [config, owner, prefix] of [[p, String(p.type), ''], ...(ipam ? [[ipam, `${String(ipam.type)} IPAM`, 'ipam.'] as const] : [])] as const) {
      const state = pluginBehaviour(config.type)?.stateDir?.(config, network);
      if (!state) continue;
      const who = `plugin ${i + 1} (${owner})`;
      const dir = cleanPath(state.dir);
      const under = dir !== undefined && STATE_ROOTS.some((root) => dir === root || dir.startsWith(`${root}/`));
      const made = state.made !== undefined ? cleanPath(state.made) : dir;
      // The folder made per network (host-local's) is joined from the network's name: a name with ".." or
      // "/" leads it elsewhere. libcni refuses such a name for ADD only; CHECK, DEL and GC would run with it.
      if (under && dir !== undefined && made !== undefined && made !== dir && !made.startsWith(`${dir === '/' ? '' : dir}/`)) {
        refusals.push(`${who} keeps its state in a folder named after the network, in its "${prefix}${state.key}" ${JSON.stringify(state.dir)}, and the network name ${JSON.stringify(network)} leads that folder out of it, to ${made} (libcni refuses the name for ADD, but CHECK, DEL and GC would run the plugin with it)`);
        continue;
      }
      const open = under && made !== undefined ? unsafe(made) : undefined;
      const why =
        dir === undefined ? 'that is not an absolute path (it would be taken from wherever the plugin starts)'
        : !under ? `${dir} is outside the folders the lab lets plugins write in (${STATE_ROOTS.join(', ')})`
        : open ? `another user could send the writes elsewhere: ${open}`
        : undefined;
      if (why) refusals.push(`${who} keeps its state in its "${prefix}${state.key}" ${JSON.stringify(state.dir)}, making folders and files there as root, and ${why}`);
      // A folder made per network (host-local's) must be one of its own: not a folder the machine uses for
      // something else, nor one holding files host-local would not have made (its files would land among them).
      if (!why && state.made !== undefined && made !== undefined) {
        const strangers = isMachineFolder(made) ? [] : otherFiles(made);
        if (isMachineFolder(made)) refusals.push(`${who} would keep the leases of network ${JSON.stringify(network)} in ${made}, a folder this machine uses for something else (from its "${prefix}${state.key}" ${JSON.stringify(state.dir)} and the network's name): its lock and reservations would land there. Give the list another name or another dataDir`);
        else if (strangers.length > 0) refusals.push(`${who} would keep the leases of network ${JSON.stringify(network)} in ${made}, which holds files host-local does not make (${strangers.slice(0, 3).map((f) => JSON.stringify(f)).join(', ')}${strangers.length > 3 ? `, ${strangers.length - 3} more` : ''}): its lock and reservations would land among them. Give the list another name or another dataDir`);
        if (isMachineFolder(made) || strangers.length > 0) continue;
      }
      // A network of the machine by the same name: its containers' leases are there, and the run would
      // take addresses beside them, and release them all on GC (its valid attachments are the run's only).
      const others = !why && state.made !== undefined && made !== undefined ? foreignLeases(made) : 0;
      if (others > 0) refusals.push(`${who} keeps its leases in ${made}, which holds ${others} lease${others === 1 ? '' : 's'} of containers the lab did not make (a network of this machine named "${network}"): the run would take addresses beside them, and its GC would release them. Give the list another name or another dataDir`);
    }
  });
  return refusals;
}

/** The folders a network's IPAM keeps its leases in, one per network (host-local's <dataDir>/<network>): what a killed run may leave. */
export function leaseFolders(conflist: JsonObject): string[] {
  const network = typeof conflist.name === 'string' ? conflist.name : '';
  const out = new Set<string>();
  for (const p of pluginList(conflist)) {
    const ipam = isJsonObject(p) && isJsonObject(p.ipam) ? p.ipam : undefined;
    const made = ipam ? pluginBehaviour(ipam.type)?.stateDir?.(ipam, network)?.made : undefined;
    if (made) out.add(made.replace(/\/+$/, ''));
  }
  return [...out];
}
