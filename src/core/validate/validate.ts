// validate(text or document) → Finding[]: syntax → envelope schema → plugin and IPAM schemas → semantic rules.
import { createCatalog, type Catalog, type CatalogEntry } from '../catalog/catalog';
import type { ParsedConfig } from '../model/document';
import { parseSource, type ParsedSource, type SourceOptions } from '../model/source';
import { objectName } from '../model/nad';
import { LineIndex, type TextRange } from '../model/text';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { effectiveListVersion } from '../model/versions';
import { parsePointer, toPointer } from '../model/pointer';
import { nestingFinding, valueNestingExcess } from '../model/depth';
import { denormalizePointer, type Rename } from '../schema/schema-index';
import type { SchemaSet } from '../schema/types';
import type { PluginView, RuleContext } from './context';
import { compareFindings, copyFinding, pluginIndexOf, type Finding } from './finding';
import { RULES } from './rules';
import type { ValidatorSource } from '../schema/precompiled';
import { caseOverrideFinding, caseRenameFinding, placeShadowed, SchemaChecker, type ShadowedFinding } from './schema-check';
import { goKeyOf, renameKey, withoutKey } from '../model/go-keys';
import { pluginList } from '../model/chain';
import { DEFAULT_PROFILE, pluginRelease, type RuntimeProfile } from '../profiles/profile';
import { libcniLoadList } from '../runtime/libcni-load';
import { isLibcniRelease, releaseAtLeast } from '../profiles/profile';
import { keysWithFacts, withinPointer } from './release-keys';
import { readsAt } from '../profiles/facts';
import { rebasePart, type PluginPart } from './rebase-part';

export interface ValidateOptions extends SourceOptions {
  /** The runtime the findings are for; the validator's own profile when not given. */
  profile?: RuntimeProfile;
}

export interface Validator {
  readonly catalog: Catalog;
  readonly checker: SchemaChecker;
  /** The runtime profile findings are for when a call names none (DEFAULT_PROFILE unless chosen). */
  readonly profile: RuntimeProfile;
  /** Text in any supported form (conflist, .conf, NAD YAML), or a document object. */
  validate(input: string | JsonValue, options?: ValidateOptions): Finding[];
  /** Findings for an already parsed source, with ranges and line/column in its text. */
  validateSource(source: ParsedSource, options?: { profile?: RuntimeProfile }): Finding[];
  /** The same validator (sharing its compiled schemas) with another default profile. */
  withProfile(profile: RuntimeProfile): Validator;
  /**
   * The list with each plugin as its plugin decodes it: keys written in another case ("Type", "Master")
   * under the documented name, as Go's decoding reads them. For what the plugins do with a config, not for
   * the bytes they receive (libcni passes those as written).
   */
  decoded(conflist: JsonObject, options?: { profile?: RuntimeProfile }): JsonObject;
}

/**
 * An envelope schema finding under the code of the list rule it belongs to, or undefined: dropped,
 * because a semantic rule explains it better (such as those on name, cniVersion and plugins).
 */
function recodeEnvelopeFinding(f: Finding): Finding | undefined {
  const [first] = parsePointer(f.pointer);
  const as = (code: string): Finding => ({ ...f, code });
  if (f.code === 'CNI203') return as('CNI107');
  // cniVersions and the flags are read by libcni per release: their rules (CNI104, CNI106, CNI109) say it in its words.
  if (first === 'cniVersions' || first === 'disableCheck' || first === 'disableGC' || first === 'loadOnlyInlinedPlugins') return undefined;
  if (first === '$schema') return as('CNI209');
  return undefined;
}

function ipamRef(entry: CatalogEntry): { ref?: string } | undefined {
  if (entry.role === 'ipam') return {};
  return entry.ipamDefinition !== undefined ? { ref: `${entry.schema.$id}${entry.ipamDefinition}` } : undefined;
}

/** The version libcni runs the plugins with under a profile: its own negotiation, or cniVersion as given. */
export function listVersion(conflist: JsonObject, profile: RuntimeProfile): string {
  // Without cniVersions every release runs the list at its cniVersion (or none): no need to load it.
  if (!Object.hasOwn(conflist, 'cniVersions')) return typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';
  const libcni = isLibcniRelease(profile.libcni) ? profile.libcni : DEFAULT_PROFILE.libcni;
  // The list's own keys decide the version: its plugins are left out (one stand-in keeps libcni's plugins check quiet).
  const loaded = libcniLoadList({ ...conflist, plugins: [{ type: 'x' }] }, libcni);
  if (loaded.ok) return typeof loaded.conflist.cniVersion === 'string' ? loaded.conflist.cniVersion : '';
  const negotiates = releaseAtLeast(libcni, '1.2.0');
  return negotiates ? effectiveListVersion(conflist.cniVersion, conflist.cniVersions) : typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';
}

/**
 * A validator whose schema checks run with `validators` (see `createValidator` in `create.ts` for ajv's).
 * This module never loads ajv, so a command line with precompiled validators starts without it.
 */
export function createValidatorFrom(schemas: SchemaSet, validators: ValidatorSource, options: { profile?: RuntimeProfile } = {}): Validator {
  const catalog = createCatalog(schemas);
  const checker = new SchemaChecker(schemas, catalog.index, validators);
  return bind(catalog, checker, options.profile ?? DEFAULT_PROFILE);
}

function bind(catalog: Catalog, checker: SchemaChecker, defaultProfile: RuntimeProfile): Validator {
  const schemas = catalog.schemas;
  // A document object is validated again after every edit, and an edit changes one plugin: each plugin
  // object's part is kept (for its profile) and reused while the object is the same, moved to its new index
  // when a drop shifted it. Documents are values: nothing in the app or core changes a plugin object in place.
  const parts = new WeakMap<JsonObject, { profile: string; part: PluginPart }>();
  /** The plugin's part at `index`, kept or made. */
  function partOf(raw: JsonObject, index: number, profile: RuntimeProfile, profileKey: string): PluginPart {
    const kept = parts.get(raw);
    if (kept && kept.profile === profileKey) {
      if (kept.part.view.index === index) return kept.part;
      const part = rebasePart(kept.part, index);
      kept.part = part;
      return part;
    }
    const part = checkPlugin(raw, index, profile);
    parts.set(raw, { profile: profileKey, part });
    return part;
  }

  /** One plugin's schema findings, key renames and view for the rules: a function of the object, its index and the profile. */
  function checkPlugin(raw: JsonObject, index: number, profile: RuntimeProfile): PluginPart {
    const findings: Finding[] = [];
    const renames: Rename[] = [];
    const shadowed: ShadowedFinding[] = [];
    const pointer = `/plugins/${index}`;
    // libcni and the plugin read "Type" (or "TYPE") as the type: the schema is chosen by it, and the rules see it
    // as "type". Beside a null "type" (which Go skips), the null is dropped.
    const typeKey = goKeyOf(raw, 'type');
    const besideNull = typeKey !== undefined && typeKey !== 'type' && Object.hasOwn(raw, 'type');
    const source = typeKey === undefined || typeKey === 'type' ? raw : renameKey(besideNull ? withoutKey(raw, 'type') : raw, typeKey, 'type');
    if (source !== raw) {
      const rename: Rename = { pointer: `${pointer}/type`, from: typeKey!, ...(besideNull ? { besideNull: true as const } : {}) };
      renames.push(rename);
      // Beside the null, it is told where both are known as written (below).
      if (!besideNull) findings.push(caseRenameFinding(rename));
    }
    const type = typeof source.type === 'string' ? source.type : undefined;
    const entry = type ? catalog.get(type) : undefined;
    let conf: JsonObject = source;
    const release = entry && !entry.thirdParty ? pluginRelease(profile, entry.type) : undefined;
    const facts: PluginView['facts'] = [];
    /** Pointers of the keys this release does not read. */
    const unread = (owner: PluginView['facts']) => owner.filter((k) => k.release !== undefined && !readsAt(k.facts, k.release)).map((k) => k.pointer);
    /** Schema findings about keys this release does not read are not the plugin's problem. */
    const keepRead = (found: Finding[], owner: PluginView['facts']) => {
      if (found.length === 0) return found; // nearly every part: nothing to filter
      const ignored = unread(owner);
      return ignored.length === 0 ? found : found.filter((f) => f.code === 'CNI204' || !ignored.some((at) => withinPointer(f.pointer, at)));
    };
    /** Nor is a spelling of such a key: Go decodes no spelling of a field the plugin's struct does not have. */
    const keepReadShadowed = (found: ShadowedFinding[], owner: PluginView['facts']) => {
      if (found.length === 0) return found;
      const ignored = unread(owner);
      return found.filter((s) => !ignored.some((at) => withinPointer(s.at, at)));
    };
    if (entry && entry.role !== 'ipam') {
      const part = checker.check(source, { base: pointer, schema: entry.schema, permissive: entry.permissive, owner: entry.type }, { normalizeCase: true });
      conf = part.normalized as JsonObject;
      renames.push(...part.renames);
      const own = keysWithFacts(catalog.index, conf, { schema: entry.schema, base: entry.schema.$id ?? '' }, pointer, release, entry.type, ['ipam']);
      facts.push(...own);
      findings.push(...keepRead(part.findings, own));
      shadowed.push(...keepReadShadowed(part.shadowed, own));
    }
    let ipam = isJsonObject(conf.ipam) ? conf.ipam : undefined;
    const ipamType = ipam && typeof ipam.type === 'string' ? ipam.type : undefined;
    const ipamEntry = ipamType ? catalog.get(ipamType) : undefined;
    const how = ipamEntry && ipamRef(ipamEntry);
    if (ipam && ipamEntry && how) {
      // A plugin that fills in its IPAM before use (calico, flannel) makes placeholders such as "usePodCidr" fine.
      const filled = entry?.ipam === 'filled' ? { severity: 'info' as const, because: `${entry.type} fills in its IPAM before use` } : undefined;
      const part = checker.check(
        ipam,
        { base: `${pointer}/ipam`, schema: ipamEntry.schema, permissive: ipamEntry.permissive || filled !== undefined, owner: ipamType!, relaxed: filled },
        { normalizeCase: true, ...how },
      );
      // Normalizing copies only what it renames: an unchanged IPAM leaves the plugin as it is.
      if (part.normalized !== ipam) conf = { ...conf, ipam: part.normalized as JsonObject };
      ipam = part.normalized as JsonObject;
      renames.push(...part.renames);
      const ipamRelease = ipamEntry.thirdParty ? undefined : pluginRelease(profile, ipamEntry.type);
      const root = how.ref ? catalog.index.resolve(how.ref, ipamEntry.schema.$id ?? '') : { schema: ipamEntry.schema, base: ipamEntry.schema.$id ?? '' };
      const own = keysWithFacts(catalog.index, ipam, root, `${pointer}/ipam`, ipamRelease, ipamEntry.type, []);
      facts.push(...own);
      findings.push(...keepRead(part.findings, own));
      shadowed.push(...keepReadShadowed(part.shadowed, own));
    }
    const ipamRelease = ipamEntry && !ipamEntry.thirdParty ? pluginRelease(profile, ipamEntry.type) : undefined;
    return { findings, renames, shadowed, view: { index, pointer, conf, type, entry, ipam, ipamType, ipamEntry, release, ipamRelease, facts } };
  }

  function checkConfig(config: ParsedConfig, profile: RuntimeProfile, reuse = false): Finding[] {
    const findings: Finding[] = [...config.findings];
    const conflist = config.conflist;
    if (!conflist) return findings;
    const renames: Rename[] = [];
    const envelope = checker.check(conflist, { base: '', schema: schemas.conflist, permissive: false, owner: 'The list' }, { normalizeCase: false });
    for (const f of envelope.findings) {
      const kept = recodeEnvelopeFinding(f);
      if (kept) findings.push(kept);
    }
    const views: PluginView[] = [];
    const shadowed: ShadowedFinding[] = [];
    const plugins = pluginList(conflist);
    const profileKey = reuse ? JSON.stringify(profile) : '';
    plugins.forEach((raw, index) => {
      if (!isJsonObject(raw)) {
        findings.push({ code: 'CNI200', severity: 'error', message: `Plugin ${index + 1} must be a JSON object with a "type".`, pointer: `/plugins/${index}` });
        return;
      }
      const part = reuse ? partOf(raw, index, profile, profileKey) : checkPlugin(raw, index, profile);
      findings.push(...part.findings);
      renames.push(...part.renames);
      shadowed.push(...part.shadowed);
      views.push(part.view);
    });
    const ctx: RuleContext = {
      conflist,
      plugins: views,
      version: listVersion(conflist, profile),
      catalog,
      duplicateKeys: config.duplicateKeys,
      upConverted: config.upConverted,
      finiteNumbers: config.finiteNumbers === true,
      profile,
    };
    for (const rule of RULES) findings.push(...rule(ctx));
    /** The finding where the user wrote it (each renamed key as written), with the plugin it is about: one copy. */
    const placed = (f: Finding, pointer: string): Finding => {
      const fix = renames.length > 0 && f.fix?.patch ? { ...f.fix, patch: f.fix.patch.map((op) => ({ ...op, path: denormalizePointer(op.path, renames) })) } : f.fix;
      const pluginIndex = pluginIndexOf(pointer);
      const out = copyFinding(f);
      out.pointer = pointer;
      if (fix) out.fix = fix;
      if (pluginIndex !== undefined) out.pluginIndex = pluginIndex;
      return out;
    };
    const mapped = findings.map((f) => placed(f, denormalizePointer(f.pointer, renames)));
    const withPlugin = (f: Finding): Finding => {
      const pluginIndex = pluginIndexOf(f.pointer);
      return pluginIndex !== undefined ? { ...f, pluginIndex } : f;
    };
    // Both spellings are there: the finding names each as written (the mapping above reads one for the other).
    for (const r of renames) if (r.overrides || r.besideNull) mapped.push(withPlugin(caseOverrideFinding(r, denormalizePointer(r.pointer.slice(0, r.pointer.lastIndexOf('/')), renames))));
    for (const s of shadowed) mapped.push(withPlugin(placeShadowed(s, denormalizePointer(s.parent, renames))));
    return mapped;
  }

  function locate(config: ParsedConfig, f: Finding): TextRange {
    if (f.range) return f.range;
    const exact = config.locate(f.pointer, f.target);
    if (exact) return exact;
    // A missing key: point at the start of the nearest enclosing value that exists.
    const segments = parsePointer(f.pointer);
    while (segments.length > 0) {
      segments.pop();
      const r = config.locate(toPointer(segments));
      if (r) return { start: r.start, end: r.start + 1 };
    }
    return config.fallbackRange;
  }

  function validateSource(source: ParsedSource, options: { profile?: RuntimeProfile } = {}): Finding[] {
    const profile = options.profile ?? defaultProfile;
    // Built on the first finding: a clean dump of thousands of NADs never needs it.
    let index: LineIndex | undefined;
    const lines = () => (index ??= new LineIndex(source.text));
    const all: Finding[] = [];
    source.configs.forEach((config, documentIndex) => {
      const named = config.object && objectName(config.object);
      for (const f of checkConfig(config, profile)) {
        const range = locate(config, f);
        const start = lines().position(range.start);
        const end = lines().position(range.end);
        const placed = copyFinding(f);
        placed.range = range;
        placed.line = start.line;
        placed.column = start.column;
        placed.endLine = end.line;
        placed.endColumn = end.column;
        if (source.format === 'yaml') placed.document = documentIndex;
        if (named) placed.object = named;
        all.push(placed);
      }
    });
    return all.sort(compareFindings);
  }

  const bound = new Map<string, Validator>();
  const self: Validator = {
    catalog,
    checker,
    profile: defaultProfile,
    validateSource,
    withProfile(profile) {
      const key = JSON.stringify(profile);
      if (key === JSON.stringify(defaultProfile)) return self;
      let v = bound.get(key);
      if (!v) bound.set(key, (v = bind(catalog, checker, profile)));
      return v;
    },
    decoded(conflist, options = {}) {
      const profile = options.profile ?? defaultProfile;
      const profileKey = JSON.stringify(profile);
      const plugins = pluginList(conflist);
      let changed = false;
      const seen = plugins.map((raw, index) => {
        if (!isJsonObject(raw)) return raw;
        const part = partOf(raw, index, profile, profileKey);
        if (part.view.conf !== raw) changed = true;
        return part.view.conf;
      });
      return changed ? { ...conflist, plugins: seen } : conflist;
    },
    validate(input, options = {}) {
      const profile = options.profile ?? defaultProfile;
      if (typeof input === 'string') return validateSource(parseSource(input, options), { profile });
      // A document object (the app's, a share link's) is walked recursively below: refuse nesting beyond the limit first.
      const tooDeep = valueNestingExcess(input);
      if (tooDeep !== undefined) {
        const pluginIndex = pluginIndexOf(tooDeep);
        return [{ ...nestingFinding({ pointer: tooDeep }), ...(pluginIndex !== undefined ? { pluginIndex } : {}) }];
      }
      const config: ParsedConfig = {
        conflist: isJsonObject(input) ? input : undefined,
        upConverted: false,
        findings: isJsonObject(input) ? [] : [{ code: 'CNI004', severity: 'error', message: 'The document must be a JSON object.', pointer: '' }],
        duplicateKeys: [],
        locate: () => undefined,
        fallbackRange: { start: 0, end: 0 },
      };
      return checkConfig(config, profile, true).sort(compareFindings);
    },
  };
  return self;
}
