// What a whole conflist does, in plain words: an opening sentence about the list, then one paragraph per
// plugin built on explainStep (the same words the runtime preview uses for a single ADD, from the plugin's module).
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { effectiveListVersion } from '../model/versions';
import { releaseAtLeast } from '../profiles/profile';
import { capabilitiesInWords, explainStep, hasPlainWords } from '../runtime/explain';
import { canonicalPlugin, pluginsOf, pluginType } from './diff';

const quote = (v: unknown) => (typeof v === 'string' && v !== '' ? `"${v}"` : '(unnamed)');

function opening(doc: JsonObject, catalog: Catalog | undefined, libcni: string | undefined): string {
  const plugins = pluginsOf(doc);
  // libcni reads cniVersions from 1.2.0; an older one runs the list at cniVersion as written.
  const ignored = libcni !== undefined && !releaseAtLeast(libcni, '1.2.0') && Array.isArray(doc.cniVersions);
  const version = ignored ? (typeof doc.cniVersion === 'string' ? doc.cniVersion : '') : effectiveListVersion(doc.cniVersion, doc.cniVersions);
  const why = ignored ? ` (libcni ${libcni} ignores cniVersions)` : Array.isArray(doc.cniVersions) && version !== doc.cniVersion ? ' (chosen from cniVersions)' : '';
  const spec = version ? `CNI spec ${version}${why}` : `no cniVersion${why} (plugins are called as spec 0.1.0)`;
  const head = `Network ${quote(doc.name)} uses ${spec}`;
  if (plugins.length === 0) return `${head} and has no plugins, so a runtime refuses it.`;
  const types = plugins.map((p) => pluginType(p) || '(no type)');
  const firstEntry = catalog?.get(pluginType(plugins[0]));
  let first = `${types[0]} runs first`;
  if (firstEntry?.requiresPrevResult) first += ' but needs a previous result, so ADD fails';
  else if (firstEntry?.role === 'meta') first += ' and delegates to other plugins';
  else if (firstEntry?.role === 'interface') first += " and creates the container's interface";
  const chain =
    plugins.length === 1
      ? `runs one plugin: ${first}.`
      : `chains ${plugins.length} plugins: ${types.join(' → ')}. On ADD ${first}; each later plugin gets the previous one's result, and DEL runs them last to first.`;
  const check = doc.disableCheck === true || doc.disableCheck === 'true' ? ' The runtime never runs CHECK on it (disableCheck).' : '';
  return `${head} and ${chain}${check}`;
}

function paragraph(plugin: JsonValue, index: number, catalog: Catalog | undefined, ifname: string): string {
  const type = pluginType(plugin);
  const name = `${index + 1}. ${type || '(no type)'}`;
  if (!isJsonObject(plugin)) return `${name}: not a plugin object; a runtime refuses the list.`;
  const canonical = (catalog ? canonicalPlugin(plugin, catalog) : plugin) as JsonObject;
  const entry = catalog?.get(type);
  let text = hasPlainWords(type) || !entry ? explainStep(canonical, 'ADD', ifname) : `${entry.summary || entry.title}.`;
  if (!/[.!?]$/.test(text)) text += '.';
  const caps = Object.entries(isJsonObject(canonical.capabilities) ? canonical.capabilities : {})
    .filter(([, on]) => on === true)
    .map(([cap]) => cap)
    .filter((cap) => !capabilitiesInWords(type).includes(cap));
  if (caps.length) text += ` The runtime passes it ${caps.join(', ')} (declared capabilities) in runtimeConfig.`;
  return `${name}: ${text}`;
}

/** One opening paragraph about the list, then one per plugin, in chain order. */
/** `libcni`: the runtime profile's release (the list version it runs); the newest when not given. */
export function explainConflist(doc: JsonObject, catalog?: Catalog, ifname = 'eth0', libcni?: string): string[] {
  return [opening(doc, catalog, libcni), ...pluginsOf(doc).map((p, i) => paragraph(p, i, catalog, ifname))];
}
