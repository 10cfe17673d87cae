// What an upgrade (or downgrade) of the runtime changes for the same config: keys a plugin starts or stops
// reading, defaults that flip, values and key pairs that become accepted or refused, spec versions a plugin
// starts or stops accepting, plugin types that appear or go, and libcni's own keys. Read from the release
// facts in the schemas (the same data the validator judges by), then the validation errors each side has.
import { shippedIn, specVersionsAt, type Catalog, type CatalogEntry } from '../catalog/catalog';
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { escapeSegment } from '../model/pointer';
import { pluginList } from '../model/chain';
import { effectiveListVersion } from '../model/versions';
import { inRange, propertyFacts, readsAt, valueAt, type PropertyFacts } from '../profiles/facts';
import { describeProfile, pluginRelease, releaseAtLeast, type RuntimeProfile } from '../profiles/profile';
import { keysWithFacts } from '../validate/release-keys';
import { isSet } from '../validate/rules/releases';
import type { Validator } from '../validate/validate';

export type UpgradeKind = 'type' | 'version' | 'key-read' | 'key-ignored' | 'default' | 'value' | 'conflict' | 'libcni' | 'error-new' | 'error-gone' | 'warning-new' | 'warning-gone';

export interface UpgradeChange {
  kind: UpgradeKind;
  /** Where in the config (JSON pointer), '' for the whole list. */
  pointer: string;
  message: string;
  /** Whether the change breaks something that worked (an error appears, a key the config sets stops being read). */
  breaks: boolean;
}

export interface UpgradeReport {
  from: RuntimeProfile;
  to: RuntimeProfile;
  changes: UpgradeChange[];
}

/** The list version a libcni release runs: cniVersions negotiated from 1.2.0, ignored before. */
function listVersion(conflist: JsonObject, libcni: string): string {
  if (releaseAtLeast(libcni, '1.2.0')) return effectiveListVersion(conflist.cniVersion, conflist.cniVersions);
  return typeof conflist.cniVersion === 'string' ? conflist.cniVersion : '';
}

const moved = (a: string, b: string) => (a === b ? a : `${a} → ${b}`);

/**
 * What a release does about a key left out: its default; before the key existed, the first listed default
 * (a key added to make old behaviour optional starts with the old behaviour as its default).
 */
function behaviourAt(facts: PropertyFacts, release: string): { value: JsonValue } | undefined {
  if (readsAt(facts, release)) return valueAt(facts.defaults, release);
  const first = facts.defaults?.[0];
  return first && facts.since && !inRange(release, { since: facts.since }) ? first : undefined;
}

/** A plugin's own part (or its IPAM's) as the release facts see it, for two releases. */
function partChanges(catalog: Catalog, entry: CatalogEntry, value: JsonObject, pointer: string, from: string, to: string, versions: [string, string], skip: string[], root?: { schema: CatalogEntry['schema']; base: string }): UpgradeChange[] {
  const out: UpgradeChange[] = [];
  const who = `${entry.type} ${moved(from, to)}`;
  const inFrom = shippedIn(entry, from);
  const inTo = shippedIn(entry, to);
  if (inFrom !== inTo) {
    out.push({ kind: 'type', pointer: `${pointer}/type`, message: inTo ? `${entry.type} comes with plugins ${to}: the runtime finds its binary.` : `${entry.type} is not part of plugins ${to}: the runtime finds no binary ("failed to find plugin "${entry.type}" in path […]").`, breaks: !inTo });
    return out;
  }
  if (!inTo) return out;
  const [vFrom, vTo] = versions;
  const okFrom = specVersionsAt(entry, from).includes(vFrom);
  const okTo = specVersionsAt(entry, to).includes(vTo);
  if (okFrom !== okTo && vTo !== '') {
    out.push({ kind: 'version', pointer: `${pointer}/type`, message: okTo ? `${who} starts accepting spec ${vTo}.` : `${who} stops accepting spec ${vTo}: every call fails ("incompatible CNI versions").`, breaks: !okTo });
  }
  const located = root ?? { schema: entry.schema, base: entry.schema.$id ?? '' };
  const before = keysWithFacts(catalog.index, value, located, pointer, undefined, entry.type, skip);
  for (const k of before) {
    const rFrom = readsAt(k.facts, from);
    const rTo = readsAt(k.facts, to);
    if (rFrom !== rTo) {
      out.push(
        rTo
          ? { kind: 'key-read', pointer: k.pointer, message: `${who} starts reading "${k.key}" (${JSON.stringify(k.value)}): it takes effect${k.facts.since ? ` (added in ${k.facts.since.replace(/^v/, '')})` : ''}.`, breaks: false }
          : { kind: 'key-ignored', pointer: k.pointer, message: `${who} stops reading "${k.key}" (${k.facts.until ? `removed in ${k.facts.until.replace(/^v/, '')}` : `added in ${(k.facts.since ?? '').replace(/^v/, '')}`}): ${JSON.stringify(k.value)} no longer has an effect.`, breaks: isSet(k.value) },
      );
    }
    if (!rFrom || !rTo) continue;
    const fact = k.facts.values?.find((v) => v.value === k.value);
    if (fact && inRange(from, fact) !== inRange(to, fact)) {
      const known = inRange(to, fact);
      out.push({ kind: 'value', pointer: k.pointer, message: known ? `${who} accepts ${JSON.stringify(fact.value)} for "${k.key}".` : `${who} refuses ${JSON.stringify(fact.value)} for "${k.key}"${fact.error ? ` ("${fact.error}")` : ''}.`, breaks: !known });
    }
    for (const c of k.facts.conflicts ?? []) {
      const holder = k.parent === pointer ? value : undefined;
      if (!holder || !isSet(k.value) || !isSet(holder[c.with])) continue;
      if (inRange(from, c) !== inRange(to, c)) {
        const refused = inRange(to, c);
        out.push({ kind: 'conflict', pointer: k.pointer, message: refused ? `${who} refuses "${k.key}" together with "${c.with}" ("${c.error}").` : `${who} accepts "${k.key}" together with "${c.with}".`, breaks: refused });
      }
    }
  }
  // Defaults that flip for keys the config leaves out (where they matter).
  for (const [key, schema] of Object.entries(entry.schema.properties ?? {})) {
    const facts: PropertyFacts = propertyFacts(schema);
    if (!facts.defaults || Object.hasOwn(value, key) || pointer.endsWith('/ipam')) continue;
    if (facts.defaultMattersWith && !facts.defaultMattersWith.some((k) => isSet(value[k]))) continue;
    const a = behaviourAt(facts, from);
    const b = behaviourAt(facts, to);
    if (a && b && JSON.stringify(a.value) !== JSON.stringify(b.value)) {
      out.push({ kind: 'default', pointer: `${pointer}/${escapeSegment(key)}`, message: `${who}: "${key}", left out, flips from ${JSON.stringify(a.value)} to ${JSON.stringify(b.value)}. Set it to keep what you have.`, breaks: true });
    }
  }
  return out;
}

/** What moving the nodes from one runtime profile to another changes for this config. */
export function upgradeChanges(conflist: JsonObject, validator: Validator, from: RuntimeProfile, to: RuntimeProfile): UpgradeReport {
  const catalog = validator.catalog;
  const changes: UpgradeChange[] = [];
  const versions: [string, string] = [listVersion(conflist, from.libcni), listVersion(conflist, to.libcni)];
  if (from.libcni !== to.libcni) {
    if (versions[0] !== versions[1]) changes.push({ kind: 'libcni', pointer: '/cniVersions', message: `libcni ${from.libcni} → ${to.libcni}: the list runs as ${versions[1] || '0.1.0'} instead of ${versions[0] || '0.1.0'} (cniVersions is ${releaseAtLeast(to.libcni, '1.2.0') ? 'negotiated' : 'ignored'} now).`, breaks: false });
    for (const key of ['cniVersions', 'disableGC', 'loadOnlyInlinedPlugins', 'disableCheck']) {
      if (!Object.hasOwn(conflist, key)) continue;
      const facts = propertyFacts(catalog.schemas.conflist.properties?.[key]);
      const a = readsAt(facts, from.libcni);
      const b = readsAt(facts, to.libcni);
      if (a !== b) changes.push({ kind: 'libcni', pointer: `/${key}`, message: `libcni ${moved(from.libcni, to.libcni)} ${b ? 'starts' : 'stops'} reading "${key}".`, breaks: !b && isSet(conflist[key]) });
    }
  }
  pluginList(conflist).forEach((raw, i) => {
    if (!isJsonObject(raw) || typeof raw.type !== 'string') return;
    const entry = catalog.get(raw.type);
    const pointer = `/plugins/${i}`;
    if (entry && !entry.thirdParty && entry.role !== 'ipam') {
      changes.push(...partChanges(catalog, entry, raw, pointer, pluginRelease(from, entry.type), pluginRelease(to, entry.type), versions, ['ipam']));
    }
    const ipam = isJsonObject(raw.ipam) ? raw.ipam : undefined;
    const ipamEntry = ipam && typeof ipam.type === 'string' ? catalog.get(ipam.type) : undefined;
    if (ipam && ipamEntry && !ipamEntry.thirdParty && ipamEntry.role === 'ipam') {
      changes.push(...partChanges(catalog, ipamEntry, ipam, `${pointer}/ipam`, pluginRelease(from, ipamEntry.type), pluginRelease(to, ipamEntry.type), versions, []));
    }
  });
  // Everything else the validator judges by the profile: errors one side has and the other does not, and the
  // warnings a release brings (they name it: a CHECK that fails with portmap 1.1.1, CNI309, and the like).
  const errors = (profile: RuntimeProfile) => validator.validate(conflist, { profile }).filter((f) => f.severity === 'error' || (f.severity === 'warning' && f.profile !== undefined));
  const before = errors(from);
  const after = errors(to);
  const key = (f: { code: string; pointer: string }) => `${f.code} ${f.pointer}`;
  const had = new Set(before.map(key));
  const has = new Set(after.map(key));
  // Errors at a place a change above already explains are that change.
  const explained = new Set(changes.map((c) => c.pointer));
  const what = (f: { severity: string }) => (f.severity === 'error' ? 'error' : 'warning');
  for (const f of after) if (!had.has(key(f)) && !explained.has(f.pointer)) changes.push({ kind: `${what(f)}-new`, pointer: f.pointer, message: `New ${what(f)} with ${describeProfile(to)}: ${f.message}`, breaks: true });
  for (const f of before) if (!has.has(key(f)) && !explained.has(f.pointer)) changes.push({ kind: `${what(f)}-gone`, pointer: f.pointer, message: `No longer ${what(f) === 'error' ? 'an error' : 'a warning'} with ${describeProfile(to)}: ${f.message}`, breaks: false });
  return { from, to, changes };
}

/** The report as text, one change a line. */
export function formatUpgrade(report: UpgradeReport, label: string): string {
  const lines = [`${label}: ${describeProfile(report.from)} → ${describeProfile(report.to)}`];
  if (report.changes.length === 0) lines.push('', 'Nothing changes for this configuration.');
  for (const c of report.changes) lines.push(`  ${c.breaks ? '!' : ' '} ${c.message}${c.pointer ? ` [${c.pointer}]` : ''}`);
  const breaking = report.changes.filter((c) => c.breaks).length;
  lines.push('', `${report.changes.length} change(s), ${breaking} that break what worked.`);
  return lines.join('\n');
}
