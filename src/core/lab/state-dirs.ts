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
 * Why the run's plugins may not keep state where the list says: [] when they may. `replaceable` says why
 * another user could redirect writes to a folder (the helper's system-path check), if they could.
 */
export function stateDirRefusals(conflist: JsonObject, replaceable: (dir: string) => string | undefined): string[] {
  const refusals: string[] = [];
  pluginList(conflist).forEach((p, i) => {
    if (!isJsonObject(p)) return;
    const ipam = isJsonObject(p.ipam) ? p.ipam : undefined;
    for (const [config, owner, prefix] of [[p, String(p.type), ''], ...(ipam ? [[ipam, `${String(ipam.type)} IPAM`, 'ipam.'] as const] : [])] as const) {
      const state = pluginBehaviour(config.type)?.stateDir?.(config);
      if (!state) continue;
      const who = `plugin ${i + 1} (${owner})`;
      const dir = cleanPath(state.dir);
      const under = dir !== undefined && STATE_ROOTS.some((root) => dir === root || dir.startsWith(`${root}/`));
      const open = under ? replaceable(dir) : undefined;
      const why =
        dir === undefined ? 'that is not an absolute path (it would be taken from wherever the plugin starts)'
        : !under ? `${dir} is outside the folders the lab lets plugins write in (${STATE_ROOTS.join(', ')})`
        : open ? `${open}, so another user could send the writes elsewhere`
        : undefined;
      if (why) refusals.push(`${who} keeps its state in its "${prefix}${state.key}" ${JSON.stringify(state.dir)}, making folders and files there as root, and ${why}`);
    }
  });
  return refusals;
}
