// The folders of the lab machine where a run's plugins keep state (host-local's leases, tuning's backups):
// the request names them (dataDir) and the plugins, as root, create them and write there. The lab lets
// them do so only under the folders plugins keep state in (/var/lib/cni, /run, /tmp), only where no
// other user could redirect the writes (a folder or a link of theirs on the way), and make a new folder only
// where its name means nothing to the system (CNI's own folders, a temp folder): anywhere else a client could
// have root make folders and files, and a name like /run/nologin alone stops every login.
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
const MACHINE_FOLDERS: readonly string[] = [...STATE_ROOTS, '/run/netns', '/var/run/netns', '/var/lib/cni/results', '/var/lib/cni/networks', '/run/cni-studio', '/run/cni/dhcp.sock'];
const isMachineFolder = (dir: string) => MACHINE_FOLDERS.includes(dir) || dir.startsWith('/run/cni-studio/');

/** CNI's own folders, where the plugins keep state by default (host-local's leases; tuning's backups and dhcp's socket in /run/cni). */
export const CNI_STATE_FOLDERS: readonly string[] = ['/var/lib/cni/networks', '/run/cni'];

const within = (dir: string, folder: string) => dir === folder || dir.startsWith(`${folder}/`);

/**
 * Why a plugin may not make the folder `name` in `parent` (its real path): the first part of its state folder
 * still to be made. Deny by default: a new name in a folder of the system can mean something to it
 * (/run/nologin stops every login, /run/systemd/system says systemd booted). Made may be: CNI's own folders
 * and those on the way to them (/var/lib/cni on a fresh machine), anything in them, a name of CNI's in /run
 * ("cni-…", kind's /run/cni-ipam-state), and anything in a folder under /tmp (a temp folder: that no other
 * user may make the name first is the helper's check). undefined when it may.
 */
export function newFolderRefusal(parent: string, name: string): string | undefined {
  const folder = `${parent === '/' ? '' : parent}/${name}`;
  if (CNI_STATE_FOLDERS.some((f) => within(folder, f) || within(f, folder))) return undefined;
  if (parent === '/run' && /^cni-/.test(name)) return undefined;
  if (parent.startsWith('/tmp/')) return undefined;
  return `it would make ${folder}, a new name in ${parent}, a folder of the system where a name can mean something to it (/run/nologin alone stops every login): keep state in ${CNI_STATE_FOLDERS.join(' or ')}, in a folder of root's own under /tmp, or in a folder made first as root`;
}

/**
 * Why the run's plugins may not keep state where the list says: [] when they may. `foreignLeases` counts the
 * leases of containers the lab did not make in a folder host-local keeps a network's leases in. `unsafe` says why another
 * user could redirect the writes to a folder the plugin writes in (and makes, with what is missing on its
 * way), if they could: the helper's check of the machine's folders (system-path.ts stateDirUnsafe). `missing`
 * names the first part of a folder still to be made, by the real path of the folder it would be made in.
 */
export function stateDirRefusals(conflist: JsonObject, unsafe: (dir: string) => string | undefined, foreignLeases: (dir: string) => number = () => 0, otherFiles: (dir: string) => string[] = () => [], missing: (dir: string) => { parent: string; name: string } | undefined = () => undefined): string[] {
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
      const toMake = under && !open && made !== undefined ? missing(made) : undefined;
      const newName = toMake && newFolderRefusal(toMake.parent, toMake.name);
      const why =
        dir === undefined ? 'that is not an absolute path (it would be taken from wherever the plugin starts)'
        : !under ? `${dir} is outside the folders the lab lets plugins write in (${STATE_ROOTS.join(', ')})`
        : open ? `another user could send the writes elsewhere: ${open}`
        : newName;
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
