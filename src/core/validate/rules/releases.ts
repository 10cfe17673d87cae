// Rules that follow the profile's plugins releases, driven by the release facts in the schemas (`x-cni`
// since/until, defaults, values, conflicts, interfaceName): keys a release does not read, values it does
// not know, keys it refuses together, defaults that changed, names Linux refuses, types it does not ship.
import { bareRelease, describeRange, inRange, readsAt, valueAt, whyNotRead, type PropertyFacts } from '../../profiles/facts';
import { describeProfile, PLUGIN_RELEASES, releaseAtLeast } from '../../profiles/profile';
import { shippedIn } from '../../catalog/catalog';
import { isJsonObject, ownValue, type JsonValue } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import { propertyFacts } from '../../profiles/facts';
import type { Finding } from '../finding';
import type { Rule, RuleContext } from '../context';

const OLDEST: string = PLUGIN_RELEASES[0];
const NEWEST: string = PLUGIN_RELEASES[PLUGIN_RELEASES.length - 1]!;

/** UTF-8 length: the kernel counts bytes. */
const utf8Length = (s: string) => [...s].reduce((n, c) => n + (c.codePointAt(0)! < 0x80 ? 1 : c.codePointAt(0)! < 0x800 ? 2 : c.codePointAt(0)! < 0x10000 ? 3 : 4), 0);

/** A key's value that does something: present, not null, not false, 0, "" or empty. */
export function isSet(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isJsonObject(value)) return Object.keys(value).length > 0;
  return true;
}

const label = (key: string, parent: string, pluginPointer: string) => {
  const rel = parent.slice(pluginPointer.length).split('/').filter(Boolean);
  return rel.length ? `${rel.filter((s) => !/^\d+$/.test(s)).join('.')}.${key}` : key;
};

/**
 * A plugin the release does not ship (CNI308 says so): what that release would read of its keys is beside
 * the point ("tap 1.1.1 ignores "bridge"" beside "tap is not part of plugins 1.1.1" read as a contradiction).
 */
const notShipped = (ctx: RuleContext, owner: string, release: string): boolean => {
  const entry = ctx.catalog.get(owner);
  return entry !== undefined && !shippedIn(entry, release);
};

/**
 * CNI212: a key the profile's release does not read is a warning (never an error about its value); a key
 * it reads that other releases ignore is a note.
 */
export const releaseKeys: Rule = (ctx) => {
  const out: Finding[] = [];
  const profile = describeProfile(ctx.profile);
  for (const p of ctx.plugins) {
    for (const k of p.facts) {
      if (k.release === undefined || (k.facts.since === undefined && k.facts.until === undefined) || notShipped(ctx, k.owner, k.release)) continue;
      const name = label(k.key, k.parent, p.pointer);
      if (!readsAt(k.facts, k.release)) {
        const why = whyNotRead(k.facts, k.release);
        // Ignoring false, 0 or "" does what the author meant anyway: a note, not a warning.
        const matters = isSet(k.value);
        out.push({
          code: 'CNI212',
          severity: matters ? 'warning' : 'info',
          message: `${k.owner} ${k.release} ignores "${name}" (${why})${matters ? ': it has no effect with this profile.' : `, which changes nothing for ${JSON.stringify(k.value)}.`}${k.facts.until || !matters ? '' : ' Its value is checked once a release that reads it is chosen.'}`,
          pointer: k.pointer,
          target: 'key',
          profile,
        });
        continue;
      }
      const older = k.facts.since !== undefined && !inRange(OLDEST, k.facts);
      const newer = k.facts.until !== undefined && !inRange(NEWEST, k.facts);
      if (!older && !newer) continue;
      const others = [
        older ? `plugins before ${bareRelease(k.facts.since!)} ignore it${releaseAtLeast(bareRelease(k.facts.since!), '1.2.0') ? " (Debian bookworm's 1.1.1 among them)" : ''}` : '',
        newer ? `plugins ${bareRelease(k.facts.until!)} and later ignore it (removed)` : '',
      ].filter(Boolean);
      out.push({
        code: 'CNI212',
        severity: 'info',
        message: `${k.owner} ${k.release} reads "${name}" (${describeRange(k.facts)}); ${others.join(', and ')}.`,
        pointer: k.pointer,
        target: 'key',
        profile,
      });
    }
  }
  return out;
};

/** CNI205: an enum value the profile's release does not know yet (or any more): the plugin fails, in its words. */
export const releaseValues: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const p of ctx.plugins) {
    for (const k of p.facts) {
      if (k.release === undefined || !readsAt(k.facts, k.release) || notShipped(ctx, k.owner, k.release)) continue;
      const fact = k.facts.values?.find((v) => v.value === k.value);
      if (!fact || inRange(k.release, fact)) continue;
      out.push({
        code: 'CNI205',
        severity: fact.error ? 'error' : 'warning',
        message: `${k.owner} ${k.release} does not know ${JSON.stringify(fact.value)} for "${k.key}" (${whyNotRead(fact, k.release)})${fact.error ? `: ADD fails ("${fact.error}")${fact.del ? ", and DEL too, so a runtime's DEL stops there: the plugins before it are not deleted and their IPAM leases stay" : ''}` : ' and ignores it'}.`,
        pointer: k.pointer,
        profile: describeProfile(ctx.profile),
      });
    }
  }
  return out;
};

/** CNI617: two keys the profile's release refuses together. */
export const releaseConflicts: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const p of ctx.plugins) {
    for (const k of p.facts) {
      if (k.release === undefined || !readsAt(k.facts, k.release) || !isSet(k.value)) continue;
      for (const c of k.facts.conflicts ?? []) {
        if (!inRange(k.release, c)) continue;
        const holder = k.parent === p.pointer ? p.conf : undefined;
        if (!holder || !isSet(holder[c.with])) continue;
        // Report each pair once: on the key that names the conflict, or on the first of two that name each other.
        const other = p.facts.find((f) => f.parent === k.parent && f.key === c.with);
        if (other?.facts.conflicts?.some((x) => x.with === k.key) && other.key < k.key) continue;
        out.push({
          code: 'CNI617',
          severity: 'error',
          message: `${k.owner} ${k.release} refuses "${k.key}" together with "${c.with}": ADD fails ("${c.error}"). ${c.until ? `Plugins ${bareRelease(c.until)} and later accept both.` : 'Keep one of them.'}`,
          pointer: k.pointer,
          target: 'key',
          profile: describeProfile(ctx.profile),
        });
      }
    }
  }
  return out;
};

const defaultsCache = new WeakMap<object, [string, PropertyFacts][]>();

/** A schema's properties whose default changed between releases (read once per schema). */
export function changingDefaults(schema: NonNullable<RuleContext['plugins'][number]['entry']>['schema']): [string, PropertyFacts][] {
  let list = defaultsCache.get(schema);
  if (!list) {
    list = Object.entries(schema.properties ?? {}).flatMap(([key, s]): [string, PropertyFacts][] => {
      const facts = propertyFacts(s);
      return facts.defaults && facts.defaults.length > 1 ? [[key, facts]] : [];
    });
    defaultsCache.set(schema, list);
  }
  return list;
}

/** CNI618: a key left out whose default changed in the profile's release, where the default matters. */
export const changedDefaults: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const p of ctx.plugins) {
    if (!p.entry || p.release === undefined) continue;
    for (const [key, facts] of changingDefaults(p.entry.schema)) {
      if (Object.hasOwn(p.conf, key) || !readsAt(facts, p.release)) continue;
      if (facts.defaultMattersWith && !facts.defaultMattersWith.some((k) => isSet(p.conf[k]))) continue;
      const now = valueAt(facts.defaults, p.release);
      const first = facts.defaults![0]!;
      if (!now || now === first || JSON.stringify(now.value) === JSON.stringify(first.value)) continue;
      const pointer = `${p.pointer}/${escapeSegment(key)}`;
      out.push({
        code: 'CNI618',
        severity: 'warning',
        message: `${p.entry.type} ${p.release} takes "${key}" as ${JSON.stringify(now.value)} when it is left out; plugins ${describeRange(first)} took ${JSON.stringify(first.value)}${facts.defaultMattersWith ? ` (it matters here: ${facts.defaultMattersWith.filter((k) => isSet(p.conf[k])).join(' and ')} ${facts.defaultMattersWith.filter((k) => isSet(p.conf[k])).length > 1 ? 'are' : 'is'} set)` : ''}. Set it to say which you mean.`,
        pointer: p.pointer,
        profile: describeProfile(ctx.profile),
        fix: { title: `Set "${key}": ${JSON.stringify(now.value)} (what ${p.release} does)`, patch: [{ op: 'add', path: pointer, value: now.value }] },
      });
    }
  }
  return out;
};

/**
 * Linux's rules for a link name (dev_valid_name): 1 to 15 bytes, not "." or "..", no "/", ":" or whitespace;
 * "all" and "default" are its sysctl folders' (net/ipv4/conf/all: refused, "invalid argument"), and a "%"
 * makes the name a template Linux fills in ("br%d" becomes br0), so no link is ever named so.
 */
export function interfaceNameProblem(name: string, checkLength: boolean): string | undefined {
  if (name === '.' || name === '..') return `"${name}" is not a name Linux allows for an interface`;
  if (name === 'all' || name === 'default') return `Linux keeps "${name}" for its per-interface settings (/proc/sys/net/ipv4/conf/${name})`;
  const bad = [...name].find((c) => c === '/' || c === ':' || /[ \t\n\v\f\r]/.test(c));
  if (bad !== undefined) return `Linux refuses ${bad === '/' || bad === ':' ? `"${bad}"` : 'whitespace'} in an interface name`;
  if (name.includes('%')) return 'Linux takes a name with "%" as a template to fill in ("br%d" becomes br0), so no interface has this name';
  if (checkLength && utf8Length(name) > 15) return `Linux interface names have at most 15 bytes, and this one has ${utf8Length(name)}`;
  return undefined;
}

/** What ADD says when a plugin creates a link under a name Linux refuses: the kernel's words, by the problem. */
const createRefusal = (problem: string, fallback: string) => (problem.includes('at most 15 bytes') ? 'numerical result out of range' : problem.includes('template') ? 'Link not found' : fallback);

/** CNI616: a field that names a Linux interface holds a name Linux cannot have. */
export const interfaceNames: Rule = (ctx) => {
  const out: Finding[] = [];
  for (const p of ctx.plugins) {
    for (const k of p.facts) {
      const ifname = k.facts.interfaceName;
      if (!ifname || typeof k.value !== 'string' || k.value === '') continue;
      if (k.release !== undefined && !readsAt(k.facts, k.release)) continue;
      const schema = p.entry ? ownValue(p.entry.schema.properties, k.key) : undefined;
      // The schema's maxLength counts characters; a name within it may still be more than 15 bytes.
      const problem = interfaceNameProblem(k.value, typeof schema?.maxLength !== 'number' || [...k.value].length <= schema.maxLength);
      if (!problem) continue;
      out.push({
        code: 'CNI616',
        severity: 'error',
        message: `${JSON.stringify(k.value)} cannot be an interface name: ${problem}. ${k.owner} ${ifname.creates ? 'cannot create it' : 'cannot find it'}, and ADD fails ("${ifname.creates ? createRefusal(problem, ifname.error) : ifname.error}").`,
        pointer: k.pointer,
        ...(k.value.trim() !== k.value && interfaceNameProblem(k.value.trim(), true) === undefined
          ? { fix: { title: `Use "${k.value.trim()}"`, patch: [{ op: 'replace' as const, path: k.pointer, value: k.value.trim() }] } }
          : {}),
      });
    }
  }
  return out;
};

/** CNI308: a plugin type the profile's release does not ship: the runtime finds no binary. */
export const pluginShipped: Rule = (ctx: RuleContext) => {
  const out: Finding[] = [];
  for (const p of ctx.plugins) {
    const check = (entry: typeof p.entry, release: string | undefined, pointer: string) => {
      if (!entry || release === undefined || shippedIn(entry, release)) return;
      out.push({
        code: 'CNI308',
        severity: 'error',
        message: `${entry.type} is not part of plugins ${release} (${whyNotRead(entry.shipped, release)}): the runtime finds no binary and fails ("failed to find plugin "${entry.type}" in path […]").`,
        pointer,
        profile: describeProfile(ctx.profile),
      });
    };
    check(p.entry, p.release, `${p.pointer}/type`);
    if (p.ipamEntry?.role === 'ipam') check(p.ipamEntry, p.ipamRelease, `${p.pointer}/ipam/type`);
  }
  return out;
};

/** The release facts of the property at `key` of a plugin's own schema. */
export function keyFacts(p: { entry: RuleContext['plugins'][number]['entry'] }, key: string): PropertyFacts {
  return propertyFacts(p.entry ? ownValue(p.entry.schema.properties, key) : undefined);
}

/** Whether the plugin's release (under the profile) reads a top-level key of its config. */
export function reads(p: RuleContext['plugins'][number], key: string): boolean {
  return p.release === undefined || readsAt(keyFacts(p, key), p.release);
}
