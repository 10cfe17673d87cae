// Rules about the list itself: name, versions, flags.
import { ownValue, SPEC_VERSIONS, type JsonObject } from '../../model/types';
import { compareVersions, isSpecVersion, parseVersion, versionAtLeast } from '../../model/versions';
import { bareRelease, inRange, propertyFacts, readsAt, valueAt, whyNotRead, type RangedValue } from '../../profiles/facts';
import { describeProfile, LIBCNI_RELEASES, releaseAtLeast } from '../../profiles/profile';
import { libcniLoadList } from '../../runtime/libcni-load';
import { CNI_NAME_RE } from '../../runtime/inputs';
import type { Finding } from '../finding';
import { revealInvisible } from '../../model/invisible';
import { memo } from '../../model/memo';
import { escapeSegment } from '../../model/pointer';
import type { Rule, RuleContext } from '../context';

const OLDEST_LIBCNI = LIBCNI_RELEASES[0];

export const networkName: Rule = ({ conflist, upConverted }) => {
  const name = conflist.name;
  if (name === undefined) {
    // A list without one is refused as it loads; a single-plugin config is wrapped into a list named "",
    // which loads and fails at every call (libcni's ConfListFromConf, then addNetwork's name check).
    const message = upConverted
      ? 'The config has no "name": libcni wraps it into a list named "", and every ADD fails before the plugin runs ("missing network name").'
      : 'The list has no "name": libcni refuses to load it ("no name").';
    return [{ code: 'CNI100', severity: 'error', message, pointer: '', fix: { title: 'Add a name', patch: [{ op: 'add', path: '/name', value: 'mynet' }] } }];
  }
  if (typeof name !== 'string') return [{ code: 'CNI101', severity: 'error', message: `"name" must be a string; it is ${JSON.stringify(name)}.`, pointer: '/name' }];
  if (!CNI_NAME_RE.test(name)) {
    const cleaned = name.replace(/[^a-zA-Z0-9_.-]/g, '-').replace(/^[^a-zA-Z0-9]+/, '');
    return [
      {
        code: 'CNI101',
        severity: 'error',
        message: name === '' ? 'The network name is empty: runtimes refuse it ("missing network name").' : `The network name "${revealInvisible(name)}" must start with a letter or digit and use only letters, digits, "_", "." and "-" (runtimes fail with "invalid characters found in network name").`,
        pointer: '/name',
        ...(cleaned ? { fix: { title: `Use "${cleaned}"`, patch: [{ op: 'replace' as const, path: '/name', value: cleaned }] } } : {}),
      },
    ];
  }
  return [];
};

const nonFinite = new WeakMap<object, boolean>();

/** Whether a value holds a number that is not finite anywhere in it (remembered per object). */
function holdsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (typeof value !== 'object' || value === null) return false;
  const kept = nonFinite.get(value);
  if (kept !== undefined) return kept;
  let found = false;
  const stack: unknown[] = [value];
  while (stack.length > 0 && !found) {
    const v = stack.pop();
    if (typeof v === 'number') found = !Number.isFinite(v);
    else if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (typeof v === 'object' && v !== null) for (const k in v) if (Object.hasOwn(v, k)) stack.push((v as Record<string, unknown>)[k]);
  }
  nonFinite.set(value, found);
  return found;
}

/** Findings at most for the first few: one is enough to fail the list. */
const MAX_OVERFLOW_FINDINGS = 10;

/**
 * Numbers Go cannot hold in a float64 (`1e400` reads as Infinity here): libcni decodes the whole list into
 * map[string]interface{}, every number a float64, and fails on the first such number, wherever it is.
 */
export const numbersBeyondGo: Rule = ({ conflist, finiteNumbers }) => {
  // The common case, quickly: nothing of the kind (text whose scan saw no such number; else each plugin
  // object answered once: documents are values).
  if (finiteNumbers) return [];
  if (!Object.entries(conflist).some(([key, value]) => (key === 'plugins' && Array.isArray(value) ? value.some(holdsNonFinite) : holdsNonFinite(value)))) return [];
  const found: Finding[] = [];
  const stack: [unknown, string][] = [[conflist, '']];
  while (stack.length > 0 && found.length < MAX_OVERFLOW_FINDINGS) {
    const [value, pointer] = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      found.push({ code: 'CNI013', severity: 'error', message: 'This number is beyond the range of a 64-bit float: libcni reads the whole list with Go\'s JSON decoder, every number as a float64, and refuses it ("json: cannot unmarshal number … into Go value of type float64"), so no plugin runs.', pointer });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`]);
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${pointer}/${escapeSegment(entries[i]![0])}`]);
    }
  }
  return found;
};

export const cniVersion: Rule = ({ conflist, version, upConverted }) => {
  const v = conflist.cniVersion;
  if (v === undefined) {
    // From libcni 1.2.0 cniVersions alone gives the list its version (CNI104 says which).
    if (version !== '') return [];
    return [
      {
        code: 'CNI102',
        severity: 'warning',
        message: `${upConverted ? 'The config has no "cniVersion": libcni wraps it into a list with an empty one and calls the plugin with it' : 'The list has no "cniVersion": libcni calls every plugin with an empty one'}, which plugins read as spec 0.1.0: those that need 0.3.0 or newer refuse it (bandwidth, firewall: CNI305), results are of the 0.1.0 kind, and there is no CHECK.`,
        pointer: '',
        fix: { title: 'Add "cniVersion": "1.0.0"', patch: [{ op: 'add', path: '/cniVersion', value: '1.0.0' }] },
      },
    ];
  }
  if (typeof v !== 'string') return [{ code: 'CNI103', severity: 'error', message: `"cniVersion" must be a string such as "1.0.0"; it is ${JSON.stringify(v)}.`, pointer: '/cniVersion' }];
  if (!isSpecVersion(v)) {
    const parsed = parseVersion(v);
    const full = parsed ? parsed.join('.') : undefined;
    const fixable = full && isSpecVersion(full);
    return [
      {
        code: 'CNI103',
        severity: 'error',
        message: fixable
          ? `cniVersion "${v}" is not written in full: plugins compare it as an exact string and fail with "incompatible CNI versions". Write "${full}".`
          : `cniVersion "${v}" is not a CNI spec version (${SPEC_VERSIONS.join(', ')}).`,
        pointer: '/cniVersion',
        ...(fixable ? { fix: { title: `Use "${full}"`, patch: [{ op: 'replace' as const, path: '/cniVersion', value: full }] } } : {}),
      },
    ];
  }
  return [];
};

/** libcni's release facts of a list key (conflist.schema.json's `x-cni`, in libcni releases). */
const listKeyFacts = (ctx: RuleContext, key: string) => propertyFacts(ownValue(ctx.catalog.schemas.conflist.properties, key));

/** libcniSays' answers by release and keys: a list's flags are the same at every keystroke. */
const said = memo<string, string | undefined>(256);

/** What libcni says loading a list with just these keys (its words, per release), or undefined. */
function libcniSays(ctx: RuleContext, keys: JsonObject): string | undefined {
  const ask = () => {
    const loaded = libcniLoadList({ name: 'n', plugins: [{ type: 'x' }], ...keys }, ctx.profile.libcni);
    return loaded.ok ? undefined : loaded.error;
  };
  const asked = `${ctx.profile.libcni}\u0000${JSON.stringify(keys)}`;
  // A long cniVersions list is asked about afresh: a few such texts would hold megabytes.
  return asked.length > 4096 ? ask() : said(asked, ask);
}

export const cniVersions: Rule = (ctx) => {
  const { conflist, version, profile } = ctx;
  if (!Object.hasOwn(conflist, 'cniVersions')) return [];
  const list = conflist.cniVersions;
  const named = describeProfile(profile);
  const libcni = profile.libcni;
  const given = typeof conflist.cniVersion === 'string' ? conflist.cniVersion : undefined;
  const facts = listKeyFacts(ctx, 'cniVersions');
  if (!readsAt(facts, libcni)) {
    return [
      {
        code: 'CNI104',
        severity: 'warning',
        message: `libcni ${libcni} ignores "cniVersions" (${whyNotRead(facts, libcni)}): it runs the list as ${given ? `cniVersion ${given}` : 'spec 0.1.0 (no cniVersion)'}, whatever cniVersions says.`,
        pointer: '/cniVersions',
        target: 'key',
        profile: named,
      },
    ];
  }
  const refused = libcniSays(ctx, { ...(given !== undefined ? { cniVersion: given } : {}), cniVersions: list! });
  if (refused) {
    const index = /index (\d+)/.exec(refused)?.[1];
    return [{ code: 'CNI104', severity: 'error', message: `libcni ${libcni} refuses the list: "${refused}".`, pointer: index !== undefined && Array.isArray(list) ? `/cniVersions/${index}` : '/cniVersions', profile: named }];
  }
  if (!Array.isArray(list)) return [];
  const implemented = valueAt(ctx.catalog.schemas.conflist['x-cni']?.specVersion as RangedValue[] | undefined, libcni)?.value;
  const out: Finding[] = [];
  list.forEach((entry, i) => {
    if (typeof entry !== 'string') return;
    if (typeof implemented === 'string' && parseVersion(entry) && compareVersions(entry, implemented) > 0) {
      out.push({ code: 'CNI104', severity: 'info', message: `libcni ${libcni} skips cniVersions[${i}] "${entry}": it implements spec ${implemented} at most.`, pointer: `/cniVersions/${i}`, profile: named });
    } else if (!isSpecVersion(entry)) {
      out.push(
        entry === version
          ? { code: 'CNI104', severity: 'error', message: `libcni ${libcni} runs the list as "${entry}" (the highest of cniVersions), which is not a spec version: plugins compare it as an exact string and fail ("incompatible CNI versions").`, pointer: `/cniVersions/${i}`, profile: named }
          : { code: 'CNI104', severity: 'info', message: `cniVersions[${i}] "${entry}" is not a CNI spec version; libcni ${libcni} never picks it here.`, pointer: `/cniVersions/${i}`, profile: named },
      );
    }
  });
  if (given !== undefined && isSpecVersion(given) && version !== given && parseVersion(version)) {
    out.push({
      code: 'CNI104',
      severity: 'info',
      message: `libcni ${libcni} runs this list as ${version} (the highest of cniVersions it implements), not as cniVersion ${given}; libcni before 1.2.0 ignores cniVersions and uses ${given}.`,
      pointer: '/cniVersions',
      target: 'key',
      profile: named,
    });
  }
  return out;
};

const FLAGS = ['disableCheck', 'disableGC', 'loadOnlyInlinedPlugins'] as const;

/** CNI106 and CNI109: the list flags as the profile's libcni reads them (JSON booleans, strings from 1.2.0). */
export const booleanFlags: Rule = (ctx) => {
  const { conflist, profile } = ctx;
  const libcni = profile.libcni;
  const named = describeProfile(profile);
  const out: Finding[] = [];
  for (const key of FLAGS) {
    if (!Object.hasOwn(conflist, key)) continue;
    const v = conflist[key]!;
    const facts = listKeyFacts(ctx, key);
    if (!readsAt(facts, libcni)) {
      const on = v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
      // Without the feature the flag turns off, the runtime does what the flag asks anyway.
      const matters = key === 'disableGC' ? on && releaseAtLeast(libcni, '1.2.0') : false;
      out.push({
        code: 'CNI109',
        severity: matters ? 'warning' : 'info',
        message: `libcni ${libcni} ignores "${key}" (${whyNotRead(facts, libcni)})${
          key === 'disableGC' ? (matters ? ': it runs GC for this network all the same.' : ': it has no GC either, so nothing changes.') : key === 'loadOnlyInlinedPlugins' ? ': it never loads plugins from the sibling folder either, so nothing changes.' : '.'
        }`,
        pointer: `/${key}`,
        target: 'key',
        profile: named,
      });
      continue;
    }
    const refused = libcniSays(ctx, { [key]: v });
    if (refused) {
      const lower = typeof v === 'string' ? v.toLowerCase() : undefined;
      const fixable = lower === 'true' || lower === 'false';
      out.push({
        code: 'CNI106',
        severity: 'error',
        message: `libcni ${libcni} refuses the list: "${refused}".${fixable ? ' Write a JSON boolean.' : ''}`,
        pointer: `/${key}`,
        profile: named,
        ...(fixable ? { fix: { title: `Write ${lower} without quotes`, patch: [{ op: 'replace' as const, path: `/${key}`, value: lower === 'true' }] } } : {}),
      });
    } else if (typeof v === 'string' && facts.strings && readsAt(facts, OLDEST_LIBCNI) && !inRange(OLDEST_LIBCNI, facts.strings)) {
      out.push({
        code: 'CNI106',
        severity: 'info',
        message: `${key} is the string "${v}": libcni ${libcni} reads it as a boolean, but libcni before ${bareRelease(facts.strings.since ?? '')} refuses the list. A JSON boolean works everywhere.`,
        pointer: `/${key}`,
        profile: named,
        fix: { title: `Write ${v.toLowerCase()} without quotes`, patch: [{ op: 'replace', path: `/${key}`, value: v.toLowerCase() === 'true' }] },
      });
    }
  }
  if (releaseAtLeast(libcni, '1.3.0') && (conflist.loadOnlyInlinedPlugins === true || (typeof conflist.loadOnlyInlinedPlugins === 'string' && conflist.loadOnlyInlinedPlugins.toLowerCase() === 'true')) && !Object.hasOwn(conflist, 'plugins')) {
    out.push({ code: 'CNI105', severity: 'error', message: 'loadOnlyInlinedPlugins is true but the list has no plugins: libcni refuses it ("`loadOnlyInlinedPlugins` is true, and no \'plugins\' key").', pointer: '/loadOnlyInlinedPlugins', target: 'key', profile: named });
  }
  return out;
};

/** CNI110: a list version above what the profile's libcni implements: it cannot read the results. */
export const libcniSpec: Rule = (ctx) => {
  const { version, profile } = ctx;
  const implemented = valueAt(ctx.catalog.schemas.conflist['x-cni']?.specVersion as RangedValue[] | undefined, profile.libcni)?.value;
  if (typeof implemented !== 'string' || !isSpecVersion(version) || compareVersions(version, implemented) <= 0) return [];
  return [
    {
      code: 'CNI110',
      severity: 'error',
      message: `libcni ${profile.libcni} implements spec ${implemented} at most: it cannot read a ${version} result and ADD fails ("unsupported CNI result version "${version}"") even where the plugins accept ${version}. Use cniVersion ${implemented}, or libcni 1.2.0 or newer.`,
      pointer: typeof ctx.conflist.cniVersion === 'string' ? '/cniVersion' : '',
      profile: describeProfile(profile),
    },
  ];
};

export const checkAvailability: Rule = ({ conflist, version }) => {
  if (!parseVersion(version) || versionAtLeast(version, '0.4.0')) return [];
  if (conflist.disableCheck === true) return [];
  return [
    {
      code: 'CNI108',
      severity: 'info',
      message: `Spec ${version || '0.1.0'} has no CHECK: runtimes that verify attachments get "configuration version does not support the CHECK command". Use 0.4.0 or newer.`,
      pointer: typeof conflist.cniVersion === 'string' ? '/cniVersion' : '',
    },
  ];
};

export const pluginsPresent: Rule = ({ conflist, profile }) => {
  const p = conflist.plugins;
  if (p === undefined) {
    // From 1.3 a list may take its plugins from the folder named after its network, next to the file.
    const libcni = profile.libcni;
    const network = typeof conflist.name === 'string' && conflist.name ? conflist.name : '<name>';
    const message = releaseAtLeast(libcni, '1.3.0')
      ? `The list has no "plugins": libcni ${libcni} then runs the *.conf plugin files of the folder ${network}/ next to it, and refuses the list when there are none ("no plugin configs found").`
      : `The list has no "plugins": libcni ${libcni} refuses it ("no 'plugins' key").`;
    return [{ code: 'CNI105', severity: 'error', message, pointer: '', profile: describeProfile(profile) }];
  }
  if (!Array.isArray(p)) return [{ code: 'CNI105', severity: 'error', message: '"plugins" must be an array of plugin objects.', pointer: '/plugins' }];
  if (p.length === 0) return [{ code: 'CNI105', severity: 'error', message: '"plugins" is empty: libcni refuses the list ("no plugins in list").', pointer: '/plugins' }];
  return [];
};

