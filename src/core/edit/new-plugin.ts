// A new plugin's starting config: the first snippet of its schema with the placeholders filled in,
// without the keys the runtime sets. One place, so palette drops and quick-add agree.
import type { Catalog, CatalogEntry } from '../catalog/catalog';
import type { Located, SchemaIndex } from '../schema/schema-index';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';

const PLACEHOLDER = /\$\{\d+(?::([^}]*))?\}/g;
const WHOLE = /^\$\{\d+(?::([^}]*))?\}$/;

const fill = (text: string) => text.replace(PLACEHOLDER, (_m, def: string | undefined) => def ?? '');

function wantsNumber(index: SchemaIndex | undefined, at: Located | undefined): boolean {
  if (!index || !at) return false;
  const t = index.deref(at).schema.type;
  return t === 'integer' || t === 'number' || (Array.isArray(t) && (t.includes('integer') || t.includes('number')));
}

/**
 * Replaces Monaco snippet placeholders (`${1:cni0}`) by their default text. Snippet bodies are strings
 * everywhere; a lone placeholder becomes a number only where the schema wants one (a VLAN id yes, a sysctl
 * value or aws-cni's string mtu no).
 */
export function resolveSnippet(value: JsonValue, index?: SchemaIndex, at?: Located): JsonValue {
  const child = (key: string) => (index && at ? index.child(at, key) : undefined);
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined && /^-?\d+(\.\d+)?$/.test(whole[1]) && wantsNumber(index, at)) return Number(whole[1]);
    return fill(value);
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveSnippet(v, index, child(String(i))));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[fill(k)] = resolveSnippet(v, index, child(fill(k)));
    return out;
  }
  return value;
}

function firstSnippet(entry: CatalogEntry): JsonObject | undefined {
  const snippets = entry.schema.defaultSnippets;
  if (!Array.isArray(snippets)) return undefined;
  const body = (snippets[0] as { body?: unknown } | undefined)?.body;
  return isJsonObject(body) ? body : undefined;
}

/** The config a plugin starts with when it is added to a chain (or attached as IPAM). */
export function newPluginConfig(entry: CatalogEntry, catalog: Catalog): JsonObject {
  const snippet = firstSnippet(entry);
  const resolved = snippet ? (resolveSnippet(snippet, catalog.index, { schema: entry.schema, base: entry.schema.$id ?? '' }) as JsonObject) : {};
  const { name: _name, cniVersion: _version, type: _type, ...rest } = resolved;
  return { type: entry.type, ...rest };
}
