// A "prevResult" written in the file. The runtime hands each chained plugin the previous plugin's result,
// but it leaves the first plugin's own key as written, and a spelling Go also decodes ("prevresult") can sort
// after the one libcni injects and win. A plugin then acts on interfaces nothing made: portmap turns on
// route_localnet on the machine's link to the addresses it names, ipvlan takes one as its master. The lab
// runs only what the runtime hands on.
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { goFold } from '../model/go-keys';

const FOLDED = 'prevresult';

/** Why the run may not run: a plugin whose config writes a prevResult (any spelling Go decodes as one, with a value). */
export function writtenPrevResultRefusals(conflist: JsonObject): string[] {
  return pluginList(conflist).flatMap((p, i) => {
    if (!isJsonObject(p)) return [];
    const spellings = Object.keys(p).filter((k) => goFold(k) === FOLDED && p[k] !== null);
    if (spellings.length === 0) return [];
    return [`plugin ${i + 1} (${String(p.type)}): its config writes ${spellings.map((k) => JSON.stringify(k)).join(', ')}, which the plugin would act on as if an earlier plugin had made those interfaces (on the machine's own links, where it names them); the runtime hands on the real result: remove it`];
  });
}
