// A config file from disk as libcni loads it: its exact bytes (a BOM included: Go's decoder refuses one),
// the kind its name gives it, the network's sibling folder from libcni 1.3, and a NAD's spec.config read
// as Multus hands it to libcni (a list when it has "plugins", else a single plugin).
import { readdirSync } from 'node:fs';
import { readFileBytes } from './config-file';
import { basename, dirname, join } from 'node:path';
import { isJsonObject, isYamlSource, kindFromFileName, libcniLoadFile, libcniLoadText, multusConfigText, parseNadYaml, releaseAtLeast, type LibcniFileKind, type LibcniLoad, type SiblingPlugin } from '../core';

/**
 * The names of the `*.conf` plugin files in a network's folder as libcni 1.3 lists them: every entry that
 * is not a directory (a symlink is read as what it points to, and fails if that is a directory); undefined
 * when there is no folder to list.
 */
export function pluginFileNames(folder: string): string[] | undefined {
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((d) => !d.isDirectory() && d.name.endsWith('.conf'))
      .map((d) => d.name);
  } catch {
    return undefined;
  }
}

/**
 * The `*.conf` files of `<dir>/<network>/` (pluginFileNames), or the error libcni stops on when one of
 * them cannot be read.
 */
function siblingPlugins(dir: string, network: string): SiblingPlugin[] | { error: string } {
  if (network === '' || network.includes('/')) return [];
  const folder = join(dir, network);
  const names = pluginFileNames(folder) ?? []; // no folder: nothing appended
  const out: SiblingPlugin[] = [];
  for (const name of names) {
    const read = readFileBytes(join(folder, name));
    if (!read.ok) return { error: `error reading ${join(folder, name)}: ${read.reason}` };
    out.push({ name, text: read.bytes.toString('utf8') });
  }
  return out;
}

const hasPluginsKey = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) && Object.hasOwn(value, 'plugins');
  } catch {
    return true; // libcni reports the syntax error either way; as a list it names the list
  }
};

/** How libcni loads a JSON file from disk: by its name's extension, or by a "plugins" key when the name does not say. */
export function fileKindOf(path: string, text: string): LibcniFileKind {
  const byName = kindFromFileName(basename(path));
  return byName === 'conflist' ? 'conflist' : byName === 'conf' ? 'conf' : hasPluginsKey(text) ? 'conflist' : 'conf';
}

export function libcniLoadPath(path: string, libcni: string): LibcniLoad & { appended?: string[] } {
  const read = readFileBytes(path, true);
  if (!read.ok) return { ok: false, error: `error reading ${path}: ${read.reason}` };
  const text = read.bytes.toString('utf8');
  if (isYamlSource(text, { fileName: basename(path) })) {
    const nad = parseNadYaml(text).find((d) => d.config);
    if (!nad?.config) return { ok: false, error: 'no NetworkAttachmentDefinition with a spec.config in the file' };
    // Multus fills a missing name from metadata.name before libcni loads the config.
    const config = multusConfigText(nad.config.text, nad.name);
    return libcniLoadFile(config, hasPluginsKey(config) ? 'conflist' : 'conf', libcni);
  }
  const kind = fileKindOf(path, text);
  if (kind === 'conf' || !releaseAtLeast(libcni, '1.3.0')) return libcniLoadFile(text, kind, libcni);
  // The network's folder is named after the list's name, which only the loaded list knows.
  const listed = libcniLoadText(text, kind, libcni);
  if (!listed.ok) return listed;
  const network = typeof listed.conflist.name === 'string' ? listed.conflist.name : '';
  const siblings = siblingPlugins(dirname(path), network);
  if ('error' in siblings) return { ok: false, error: siblings.error };
  return libcniLoadFile(text, kind, libcni, siblings);
}
