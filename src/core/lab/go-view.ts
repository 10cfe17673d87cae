// The list as the plugins will decode it, for the lab's safety checks. Go matches a JSON key to a struct
// field without regard to case, so host-device reads {"Device": "eth0"} as its device and host-local
// {"DataDir": "/etc/x"} as its data dir. The checks read the documented spellings; this view gives them
// the value Go keeps under whatever spelling the list used. The plugins still run the list as sent.
import { isJsonObject, type JsonObject, type JsonValue } from '../model/types';
import { goField, goFold as fold, goKeyOf, goKeysOf } from '../model/go-keys';
import { escapeSegment } from '../model/pointer';

/**
 * The struct fields the lab reads to judge a run, by the object they are fields of: a plugin's config, its
 * IPAM config, its runtimeConfig, and below them host-local's ranges (its "ranges" and the runtime's
 * "ipRanges"), static's addresses and the "args" IPAM reads (args.cni.ips). go-view.test.ts checks that
 * every key the checks read is listed here.
 */
export const LAB_READ_FIELDS = {
  plugin: [
    'type', 'ipam', 'runtimeConfig', 'capabilities', 'bridge', 'isGateway', 'isDefaultGateway', 'ipMasq', 'master', 'linkInContainer',
    'device', 'hwaddr', 'kernelpath', 'pciBusID', 'dataDir', 'iptablesAdminChainName', 'sysctl', 'args', 'cniVersion',
  ],
  ipam: ['type', 'dataDir', 'daemonSocketPath', 'resolvConf', 'subnet', 'rangeStart', 'rangeEnd', 'gateway', 'ranges', 'addresses', 'routes', 'dns'],
  runtimeConfig: ['deviceID', 'portMappings', 'ipRanges', 'ips'],
  range: ['subnet', 'rangeStart', 'rangeEnd', 'gateway'],
  address: ['address', 'gateway'],
  args: ['cni'],
  argsCni: ['ips'],
} as const;

export type LabLevel = keyof typeof LAB_READ_FIELDS;

/** The objects a level's fields hold (directly or as items of lists, at any depth), by their level. */
export const LAB_READ_BELOW: { readonly [L in LabLevel]?: Readonly<Record<string, LabLevel>> } = {
  plugin: { ipam: 'ipam', runtimeConfig: 'runtimeConfig', args: 'args' },
  ipam: { ranges: 'range', addresses: 'address' },
  runtimeConfig: { ipRanges: 'range' },
  args: { cni: 'argsCni' },
};

/**
 * Fields Go merges when written twice as objects or lists (a struct's fields, a list's items one by one):
 * at the plugin's level those below and "capabilities"; below it every field the lab reads.
 */
const mergedAt = (level: LabLevel, field: string) => (level === 'plugin' ? field === 'capabilities' || LAB_READ_BELOW.plugin![field] !== undefined : true);

/** A key the view reads under its documented spelling: plugin `plugin` (0-based) spells `to` as `from`. */
export interface Respelled {
  plugin: number;
  /** The key's path in the plugin as written ("IPAM.DataDir") and as documented ("ipam.dataDir"). */
  from: string;
  to: string;
}

export type LabView = { ok: true; conflist: JsonObject; respelled: Respelled[] } | { ok: false; pointer: string; message: string };

/** Where a level's object is in its plugin, as written and as documented ("IPAM.Ranges[0][1]." and "ipam.ranges[0][1]."). */
interface Place {
  plugin: number;
  from: string;
  to: string;
  pointer: string;
}

/** Why the view cannot be made: Go merges what the list writes twice. */
class Merged {
  constructor(readonly pointer: string, readonly message: string) {}
}

const isComposite = (v: JsonValue | undefined) => typeof v === 'object' && v !== null;

/** `obj` with each field its level reads under its documented spelling and the value Go keeps, the objects below it too. */
function documented(obj: JsonObject, level: LabLevel, where: Place, respelled: Respelled[]): JsonObject {
  const fields = LAB_READ_FIELDS[level] as readonly string[];
  const wanted = new Map(fields.map((f) => [fold(f), f]));
  for (const [folded, field] of wanted) {
    const spellings = Object.keys(obj).filter((k) => fold(k) === folded && isComposite(obj[k]));
    if (spellings.length > 1 && mergedAt(level, field)) {
      const at = `${where.to}${field}`;
      throw new Merged(
        `${where.pointer}/${escapeSegment(spellings[0]!)}`,
        `plugin ${where.plugin + 1}: it spells "${at}" ${spellings.length} ways (${spellings.map((s) => JSON.stringify(s)).join(', ')}), each ${spellings.every((k) => isJsonObject(obj[k])) ? 'an object' : 'an object or a list'}; the plugin decodes them all into one, field by field, which the lab does not check: keep one`,
      );
    }
  }
  const kept = goKeysOf(obj);
  // Entries, made into an object at the end: a "__proto__" key stays an own key, as JSON.parse made it.
  const out: [string, JsonValue][] = Object.entries(obj).filter(([key]) => !wanted.has(fold(key)));
  const read: [string, string][] = [];
  for (const [folded, field] of wanted) {
    const key = kept.get(folded);
    if (key === undefined) continue;
    if (key !== field) respelled.push({ plugin: where.plugin, from: where.from + key, to: where.to + field });
    read.push([key, field]);
  }
  // The objects below once this level's own fields are named (a refusal lists the outer spellings first).
  for (const [key, field] of read) {
    const below = LAB_READ_BELOW[level]?.[field];
    const place = { plugin: where.plugin, from: `${where.from}${key}`, to: `${where.to}${field}`, pointer: `${where.pointer}/${escapeSegment(key)}` };
    out.push([field, below ? documentedBelow(obj[key]!, below, place, respelled) : obj[key]!]);
  }
  return Object.fromEntries(out) as JsonObject;
}

/** A field's value with the objects in it (in lists too, at any depth) read as `level`. */
function documentedBelow(value: JsonValue, level: LabLevel, where: Place, respelled: Respelled[]): JsonValue {
  if (Array.isArray(value)) return value.map((item, i) => documentedBelow(item, level, { ...where, from: `${where.from}[${i}]`, to: `${where.to}[${i}]`, pointer: `${where.pointer}/${i}` }, respelled));
  if (!isJsonObject(value)) return value;
  return documented(value, level, { ...where, from: `${where.from}.`, to: `${where.to}.` }, respelled);
}

/**
 * A runtimeConfig spelled another way where the plugin declares capabilities: libcni, when it injects
 * their arguments, adds its own "runtimeConfig" beside it, and the plugin decodes both into one.
 */
function besideInjected(p: JsonObject, i: number): Merged | undefined {
  const key = goKeyOf(p, 'runtimeConfig');
  const caps = goField(p, 'capabilities');
  if (key === undefined || key === 'runtimeConfig' || !isJsonObject(p[key]) || !isJsonObject(caps) || !Object.values(caps).includes(true)) return undefined;
  return new Merged(
    `/plugins/${i}/${escapeSegment(key)}`,
    `plugin ${i + 1}: it spells "runtimeConfig" as ${JSON.stringify(key)} and declares capabilities; libcni adds its own "runtimeConfig" beside it when it passes their arguments, and the plugin decodes both into one, field by field, which the lab does not check: write "runtimeConfig"`,
  );
}

/**
 * The conflist with the fields the lab reads spelled as documented at each plugin's level, in its "ipam",
 * "runtimeConfig" and "args", and in the ranges and addresses below them; refused when a plugin spells one
 * of those objects or lists twice (Go would decode both into one, field by field, a merge the checks do not
 * model).
 */
export function labView(conflist: JsonObject): LabView {
  const respelled: Respelled[] = [];
  if (!Array.isArray(conflist.plugins)) return { ok: true, conflist, respelled };
  const plugins: JsonValue[] = [];
  try {
    for (const [i, p] of conflist.plugins.entries()) {
      if (!isJsonObject(p)) {
        plugins.push(p);
        continue;
      }
      const view = documented(p, 'plugin', { plugin: i, from: '', to: '', pointer: `/plugins/${i}` }, respelled);
      const beside = besideInjected(p, i);
      if (beside) throw beside;
      plugins.push(view);
    }
  } catch (e) {
    if (e instanceof Merged) return { ok: false, pointer: e.pointer, message: e.message };
    throw e;
  }
  return { ok: true, conflist: { ...conflist, plugins }, respelled };
}

/** What a refusal adds when the list spells what it refused by another name: the plugins read it so. */
export function respelledNote(respelled: readonly Respelled[]): string {
  if (respelled.length === 0) return '';
  const named = respelled.map((r) => `plugin ${r.plugin + 1}'s "${r.from}" is its "${r.to}"`);
  return ` (the plugins match keys without regard to case, so ${named.join(', ')})`;
}
