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
 * Why the run's plugins may not keep state where the list says: [] when they may. `foreignLeases` counts the
 * leases of containers the lab did not make in a folder host-local keeps a network's leases in. `unsafe` says why another
 * user could redirect the writes to a folder the plugin writes in (and makes, with what is missing on its
 * way), if they could: the helper's check of the machine's folders (system-path.ts stateDirUnsafe).
 */
export function stateDirRefusals(conflist: JsonObject, unsafe: (dir: string) => string | undefined, foreignLeases: (dir: string) => number = () => 0): string[] {
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
