// A config file from disk as libcni loads it: its exact bytes (a BOM included: Go's decoder refuses one),
// the kind its name gives it, the network's sibling folder from libcni 1.3, and a NAD's spec.config read
// as Multus hands it to libcni (a list when it has "plugins", else a single plugin).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isJsonObject, isYamlSource, kindFromFileName, libcniLoadFile, libcniLoadText, parseNadYaml, releaseAtLeast, type LibcniFileKind, type LibcniLoad, type SiblingPlugin } from '../core';

/** The `*.conf` files of `<dir>/<network>/`, as libcni 1.3 lists them (regular files only). */
function siblingPlugins(dir: string, network: string): SiblingPlugin[] {
  if (network === '' || network.includes('/')) return [];
  const folder = join(dir, network);
  try {
    return readdirSync(folder, { withFileTypes: true })
      .filter((d) => !d.isDirectory() && d.name.endsWith('.conf'))
      .map((d) => ({ name: d.name, text: readFileSync(join(folder, d.name), 'utf8') }));
  } catch {
    return []; // no folder: nothing appended
  }
}

const hasPluginsKey = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) && Object.hasOwn(value, 'plugins');
  } catch {
    return true; // libcni reports the syntax error either way; as a list it names the list
  }
};

export function libcniLoadPath(path: string, libcni: string): LibcniLoad & { appended?: string[] } {
  let text: string;
  try {
    if (statSync(path).isDirectory()) return { ok: false, error: `${path} is a directory` };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, error: `error reading ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
  if (isYamlSource(text, { fileName: basename(path) })) {
    const nad = parseNadYaml(text).find((d) => d.config);
    if (!nad?.config) return { ok: false, error: 'no NetworkAttachmentDefinition with a spec.config in the file' };
    return libcniLoadFile(nad.config.text, hasPluginsKey(nad.config.text) ? 'conflist' : 'conf', libcni);
  }
  const byName = kindFromFileName(basename(path));
  const kind: LibcniFileKind = byName === 'conflist' ? 'conflist' : byName === 'conf' ? 'conf' : hasPluginsKey(text) ? 'conflist' : 'conf';
  if (kind === 'conf' || !releaseAtLeast(libcni, '1.3.0')) return libcniLoadFile(text, kind, libcni);
  // The network's folder is named after the list's name, which only the loaded list knows.
  const listed = libcniLoadText(text, kind, libcni);
  if (!listed.ok) return listed;
  const network = typeof listed.conflist.name === 'string' ? listed.conflist.name : '';
  return libcniLoadFile(text, kind, libcni, siblingPlugins(dirname(path), network));
}
