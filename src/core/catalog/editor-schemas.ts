// Everything a JSON language service (Monaco) needs, from one place: every schema with hover text that
// also states the default and the release that added a field, a schema per plugin type whose `ipam`
// completes by `ipam.type`, and the whole-document schema. Model paths encode what a model holds.
import type { Catalog } from './catalog';
import type { JsonSchema } from '../schema/types';
import { buildDocumentSchema, buildIpamDispatchSchema, DOCUMENT_SCHEMA_ID, IPAM_DISPATCH_ID } from './document-schema';
import { describeRange, inRange, propertyFacts, readsAt, whyNotRead } from '../profiles/facts';
import { pluginRelease, type RuntimeProfile } from '../profiles/profile';

export interface EditorSchema {
  uri: string;
  schema: JsonSchema;
  fileMatch?: string[];
}

const EDITOR_BASE = 'https://cni-studio.dev/schemas/editor/';

/** The model path for a plugin's own editor: the type in the name selects the schema. */
export function pluginModelPath(id: string, type: string | undefined): string {
  const safe = type && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(type) ? type : 'unknown';
  return `/plugins/${id}/${safe}.plugin.json`;
}

export const DOCUMENT_MODEL_PATH = '/document/conflist.json';

function describeDefault(value: unknown): string {
  return '`' + JSON.stringify(value) + '`';
}

/**
 * Adds "Default: …" and "Added in …" to hover text, once, on a deep copy. With the release the runtime
 * profile runs (`release`), a field that release does not read is marked deprecated: completion shows it
 * struck through, and its hover says why.
 */
function enrich(schema: unknown, of = 'plugins', release?: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => enrich(s, of, release));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = k === 'examples' || k === 'default' || k === 'enum' || k === 'const' || k === 'defaultSnippets' ? v : enrich(v, of, release);
  if (release !== undefined) {
    const facts = propertyFacts(out as JsonSchema);
    if ((facts.since !== undefined || facts.until !== undefined) && !readsAt(facts, release)) out.deprecationMessage = `${of === 'libcni' ? 'libcni' : 'The plugin'} ${release} does not read this (${whyNotRead(facts, release)}): it has no effect there.`;
    // Values the release does not know are not offered (the checks say what writing one does: CNI205).
    if (Array.isArray(out.enum) && facts.values) {
      const known = out.enum.map((v) => facts.values!.every((f) => f.value !== v || inRange(release, f)));
      if (known.includes(false) && known.includes(true)) {
        for (const k of ['enum', 'enumDescriptions', 'markdownEnumDescriptions']) if (Array.isArray(out[k])) out[k] = (out[k] as unknown[]).filter((_, i) => known[i]);
      }
    }
  }
  const text = typeof out.markdownDescription === 'string' ? out.markdownDescription : typeof out.description === 'string' ? out.description : undefined;
  if (text !== undefined) {
    const facts = propertyFacts(out as JsonSchema);
    const notes: string[] = [];
    if ('default' in out && !/default/i.test(text)) notes.push(`Default: ${describeDefault(out.default)}.`);
    // Releases of the plugins (libcni for the list's keys): when the field came, went, or changed its default.
    if (facts.since && facts.until) notes.push(`Read by ${of} ${facts.since} until ${facts.until} (removed there).`);
    else if (facts.since) notes.push(`Added in ${of} ${facts.since}; older releases ignore it.`);
    else if (facts.until) notes.push(`Removed in ${of} ${facts.until}.`);
    if (facts.defaults && facts.defaults.length > 1 && !/default/i.test(text)) notes.push(`Default by release: ${facts.defaults.map((d) => `${describeDefault(d.value)} ${describeRange(d)}`).join(', ')}.`);
    if (notes.length) out.markdownDescription = `${text}\n\n${notes.join(' ')}`;
  }
  return out;
}

/**
 * The editor's schemas; with a runtime profile, fields its releases do not read are marked deprecated
 * (libcni's for the list's keys, each reference plugin's own release for its keys).
 */
export function buildEditorSchemas(catalog: Catalog, profile?: RuntimeProfile): EditorSchema[] {
  const { schemas } = catalog;
  const releaseOf = (s: JsonSchema): string | undefined => {
    if (!profile) return undefined;
    if (s === schemas.conflist) return profile.libcni;
    const meta = s['x-cni'] as { type?: unknown; thirdParty?: unknown } | undefined;
    return typeof meta?.type === 'string' && meta.thirdParty !== true ? pluginRelease(profile, meta.type) : undefined;
  };
  const base: EditorSchema[] = [schemas.defs, schemas.conflist, ...schemas.plugins].map((s) => ({ uri: s.$id!, schema: enrich(s, s === schemas.conflist ? 'libcni' : 'plugins', releaseOf(s)) as JsonSchema }));
  const ipamDispatch = buildIpamDispatchSchema(catalog);
  const perPlugin: EditorSchema[] = catalog.entries
    .filter((e) => e.role !== 'ipam')
    .map((e) => ({
      uri: `${EDITOR_BASE}${e.type}.json`,
      fileMatch: [`**/${e.type}.plugin.json`],
      schema: { type: 'object', allOf: [{ $ref: e.schema.$id! }], properties: { ipam: { $ref: IPAM_DISPATCH_ID } } },
    }));
  const unknown: EditorSchema = {
    uri: `${EDITOR_BASE}unknown.json`,
    fileMatch: ['**/unknown.plugin.json'],
    schema: { type: 'object', required: ['type'], properties: { type: { type: 'string' }, ipam: { $ref: IPAM_DISPATCH_ID }, capabilities: { $ref: `${schemas.defs.$id}#/definitions/capabilities` } } },
  };
  return [...base, { uri: IPAM_DISPATCH_ID, schema: ipamDispatch }, ...perPlugin, unknown, { uri: DOCUMENT_SCHEMA_ID, schema: buildDocumentSchema(catalog), fileMatch: [`**${DOCUMENT_MODEL_PATH}`] }];
}
