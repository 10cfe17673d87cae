// Copy and paste of plugins as conflist JSON text: what lands on the clipboard is a valid conflist a
// person can paste into a terminal or a file, and pasting any config (list, .conf, NAD) gives its plugins.
import { parseSource } from '../model/source';
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';

// Copying needs no reader: its own module, so the first screen does not carry paste's readers.
export { clipboardText } from './clipboard-text';

export type PastedPlugins = { ok: true; plugins: JsonObject[] } | { ok: false; reason: string };

export function pluginsFromText(text: string): PastedPlugins {
  const source = parseSource(text);
  const config = source.configs.find((c) => c.conflist);
  const fatal = source.configs.flatMap((c) => c.findings).find((f) => f.severity === 'error' && ['CNI001', 'CNI004', 'CNI008', 'CNI010', 'CNI011', 'CNI020'].includes(f.code));
  if (!config?.conflist) return { ok: false, reason: fatal ? `Nothing to paste: ${fatal.message}` : 'Nothing to paste: the clipboard holds no CNI config.' };
  const plugins = pluginList(config.conflist).filter(isJsonObject);
  if (plugins.length === 0) return { ok: false, reason: 'Nothing to paste: the config on the clipboard has no plugins.' };
  // A single-plugin .conf carries the list's name and version at plugin level; inside a list they are noise.
  return {
    ok: true,
    plugins: plugins.map((p) => {
      if (!config.upConverted) return p;
      const { name: _n, cniVersion: _v, ...rest } = p;
      return rest as JsonObject;
    }),
  };
}
