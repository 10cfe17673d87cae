// The entries of sysfs `net` folders: the links a device has, read as host-device reads them to find the one
// it moves (core's host-links weighs them against what the lab may touch). Reads names only, a bounded number.
import { opendir } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/** More entries than any device has: a folder with more is refused (an unread entry could be the link taken). */
const MAX_ENTRIES = 4096;

class TooMany extends Error {}

async function entries(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    const handle = await opendir(dir);
    for await (const entry of handle) {
      if (names.length >= MAX_ENTRIES) throw new TooMany(`${dir} has more than ${MAX_ENTRIES} entries`);
      names.push(entry.name);
    }
  } catch (e) {
    if (e instanceof TooMany) throw e;
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

