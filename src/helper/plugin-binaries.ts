// Which plugin binaries a run may start: every plugin and IPAM type a bare name, found in CNI_PATH, in
// folders and files only root can change. What fails these is refused before anything runs; a bare name
// CNI_PATH lacks is run as libcni runs it (the engine fails its call in libcni's words).
import { goEntries, goField, isJsonObject, pluginList, type JsonObject } from '../core';
import { linuxHost, type LabHost } from './host';

/**
 * Why a list cannot run here: a CNI_PATH folder or plugin someone else could replace, a type that is not a
 * bare name (refused up front), and the bare names CNI_PATH does not hold (`absent`). An absent plugin is
 * run as libcni runs it: the plugins before it run, its call fails in libcni's words, and the run rolls
 * back; an absent IPAM is the plugin's own failure.
 */
export function pluginProblems(conflist: JsonObject, cniPath: readonly string[], host: Pick<LabHost, 'findPlugin' | 'replaceable'> = linuxHost): { refusals: string[]; absent: string[] } {
  const refusals: string[] = [];
  const absent: string[] = [];
  // Plugins search all of CNI_PATH for the plugins they delegate to (an IPAM, a meta plugin's delegate).
  for (const dir of cniPath) {
    const unsafe = host.replaceable(dir);
    if (unsafe) refusals.push(`CNI_PATH's ${dir} is not searched as root: ${unsafe}, so someone else could put plugins there`);
  }
  for (const p of pluginList(conflist)) {
    if (!isJsonObject(p)) continue;
    // The type libcni runs ("Type" too; every spelling is held to the bare-name rule by the contract), and
    // every spelling of the IPAM type the plugin may read: Go decodes "IPAM" and "ipam" into one struct in
    // turn, so which type it ends with depends on what each holds (a null names nothing: Go skips it).
    const ipamTypes = goEntries(p, 'ipam').flatMap(([, ipam]) => goEntries(ipam, 'type').flatMap(([, v]) => (v === null ? [] : [v])));
    for (const type of [goField(p, 'type'), ...ipamTypes]) {
      if (typeof type !== 'string' || type === '') refusals.push(`${JSON.stringify(type ?? null)} is not a bare plugin name`);
      else {
        const path = host.findPlugin(type, cniPath);
        const unsafe = path && host.replaceable(path);
        if (!path && (/[/\\]/.test(type) || !/^[A-Za-z0-9]/.test(type))) refusals.push(`"${type}" is not a bare plugin name`);
        else if (!path) absent.push(type);
        else if (unsafe) refusals.push(`"${type}" (${path}) is not run as root: ${unsafe}, so someone else could replace it`);
      }
    }
  }
  return { refusals, absent };
}

/** libcni's words when a plugin is not in CNI_PATH (invoke.FindInPath: the folders as Go prints a []string). */
export const notFoundInPath = (type: string, cniPath: readonly string[]) => `failed to find plugin ${JSON.stringify(type)} in path [${cniPath.join(' ')}]`;
