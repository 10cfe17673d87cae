// Edits of the list's own keys (name, cniVersion, the flags): the network settings form.
import type { JsonObject, JsonValue } from '../model/types';

/** The list-level keys in the order the spec lists them. */
const ENVELOPE_ORDER = ['$schema', 'cniVersion', 'cniVersions', 'name', 'disableCheck', 'disableGC', 'loadOnlyInlinedPlugins', 'plugins'];

/** Sets (or removes) a list-level key: an existing key keeps its place, a new one goes where the spec lists it. */
export function withEnvelopeKey(doc: JsonObject, key: string, value: JsonValue | undefined): JsonObject {
  if (value === undefined) {
    const { [key]: _removed, ...rest } = doc;
    return rest;
  }
  if (Object.hasOwn(doc, key)) return { ...doc, [key]: value };
  const rank = (k: string) => (ENVELOPE_ORDER.includes(k) ? ENVELOPE_ORDER.indexOf(k) : ENVELOPE_ORDER.length);
  const entries = Object.entries(doc);
  const at = entries.findIndex(([k]) => rank(k) > rank(key));
  entries.splice(at < 0 ? entries.length : at, 0, [key, value]);
  return Object.fromEntries(entries);
}
