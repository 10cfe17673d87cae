// tuning's backup of what it changed on the container's interface (<dataDir>/<containerID>_<ifname>.json,
// dataDir /run/cni/tuning unless the config names one), which its DEL restores and removes: a DEL that
// failed, or a run killed before its DEL, leaves it. A run removes only files named after its own
// container ids, and only regular files.
import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, pluginList, type JsonObject } from '../core';

export const TUNING_DATA_DIR = '/run/cni/tuning';

/** The folders the list's tuning plugins keep their backups in. */
export function tuningBackupDirs(conflist: JsonObject): string[] {
  const dirs = pluginList(conflist).flatMap((p) => (isJsonObject(p) && p.type === 'tuning' ? [typeof p.dataDir === 'string' && p.dataDir !== '' ? p.dataDir : TUNING_DATA_DIR] : []));
  return [...new Set(dirs)];
}

/**
 * Removes the backups of `containerIds` in `dirs`: `<id>_<ifname>.json`, or with no `ifname` (a dead run's,
 * whose interface name the note does not keep) every `<id>_*.json`. Returns the paths removed.
 */
export function removeTuningBackups(dirs: readonly string[], containerIds: readonly string[], ifname?: string): string[] {
  const removed: string[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue; // no folder: no backup
    }
    for (const name of names) {
      const ours = containerIds.some((id) => (ifname === undefined ? name.startsWith(`${id}_`) && name.endsWith('.json') : name === `${id}_${ifname}.json`));
      if (!ours) continue;
      const path = join(dir, name);
      try {
        if (!lstatSync(path).isFile()) continue;
        unlinkSync(path);
        removed.push(path);
      } catch {
        // gone meanwhile, or not ours to remove
      }
    }
  }
  return removed;
}
