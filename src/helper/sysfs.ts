// The entries of sysfs `net` folders: the links a device has, read as host-device reads them to find the one
// it moves (core's host-links weighs them against what the lab may touch). Reads names only, a bounded number.
import { opendir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/** More entries than any device has: a folder with more is read this far. */
const MAX_ENTRIES = 4096;

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    const handle = await opendir(dir);
    for await (const entry of handle) {
      names.push(entry.name);
      if (names.length >= MAX_ENTRIES) break;
    }
  } catch {
    // Not there (or not a folder): the plugin finds nothing in it either.
  }
  return names;
}

/** Entries of each folder; a `virtio*` segment (host-device's one pattern) stands for every folder it matches. */
export async function netDirEntries(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    if (!isAbsolute(dir)) continue;
    const wild = dir.indexOf('/virtio*/');
    if (wild < 0) {
      out.push(...(await entries(dir)));
      continue;
    }
    const parent = dir.slice(0, wild);
    const rest = dir.slice(wild + '/virtio*/'.length);
    for (const name of await entries(parent)) if (name.startsWith('virtio')) out.push(...(await entries(`${parent}/${name}/${rest}`)));
  }
  return out;
}

