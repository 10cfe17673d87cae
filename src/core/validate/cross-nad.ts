// Rules across NetworkAttachmentDefinitions: what no single NAD shows, but a cluster (a dump, a folder of
// YAML files) does. Grouped by namespace, bridge and address first, so a dump of thousands stays near-linear.
import type { ParsedConfig } from '../model/document';
import type { ParsedSource } from '../model/source';
import { NAD_KIND, objectName } from '../model/nad';
import { LineIndex, type TextRange } from '../model/text';
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { hostLocalRangeSets } from '../plugins/host-local';
import { whereaboutsRanges } from '../plugins/whereabouts';
import { bridgeName } from '../plugins/bridge';
import { parseNetworkReferences } from '../model/pod-networks';
import { overlaps, rangeSpans, type Keyed } from './address-spans';
import type { Finding, Severity } from './finding';

export const CROSS_NAD_CODES = {
  sameObject: 'CNI800',
  sameNetworkName: 'CNI801',
  bridgeMismatch: 'CNI802',
  hostLocalOverlap: 'CNI803',
  whereaboutsOverlap: 'CNI804',
  missingNad: 'CNI805',
} as const;

export interface LintedSource {
  file: string;
  source: ParsedSource;
}

export interface CrossFinding {
  file: string;
  finding: Finding;
}

/** kubectl applies an object without a namespace to the current one; Multus resolves a pod's references in its own. */
const DEFAULT_NAMESPACE = 'default';

interface Nad {
  id: number;
  file: string;
  source: ParsedSource;
  document: number;
  config: ParsedConfig;
  object: string;
  namespace: string;
  name: string;
  conflist: JsonObject | undefined;
}

function nadsOf(sources: readonly LintedSource[]): { nads: Nad[]; pods: { file: string; source: ParsedSource; document: number; config: ParsedConfig }[] } {
  const nads: Nad[] = [];
  const pods: { file: string; source: ParsedSource; document: number; config: ParsedConfig }[] = [];
  for (const { file, source } of sources) {
    if (source.format !== 'yaml') continue;
    source.configs.forEach((config, document) => {
      const o = config.object;
      if (o?.kind === NAD_KIND && o.name !== undefined) nads.push({ id: nads.length, file, source, document, config, object: objectName(o)!, namespace: o.namespace || DEFAULT_NAMESPACE, name: o.name, conflist: config.conflist });
      else if (o?.podNetworks) pods.push({ file, source, document, config });
    });
  }
  return { nads, pods };
}

/** Who is where: `ns/name (file:line)`, the file left out when both are in the same one. */
function where(other: Nad, from: Nad, line: (nad: Nad) => number): string {
  return `${other.object} (${other.file === from.file ? '' : `${other.file}:`}line ${line(other)})`;
}

export function crossNadFindings(sources: readonly LintedSource[]): CrossFinding[] {
  const { nads, pods } = nadsOf(sources);
  const out: CrossFinding[] = [];
  const indexes = new Map<ParsedSource, LineIndex>();
  const lines = (source: ParsedSource) => {
    let index = indexes.get(source);
    if (!index) indexes.set(source, (index = new LineIndex(source.text)));
    return index;
  };
  const push = (at: { file: string; source: ParsedSource; document: number; config: ParsedConfig }, range: TextRange, code: string, severity: Severity, message: string, pointer = '') => {
    const start = lines(at.source).position(range.start);
    const end = lines(at.source).position(range.end);
    const named = at.config.object && objectName(at.config.object);
    out.push({ file: at.file, finding: { code, severity, message, pointer, range, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, document: at.document, ...(named ? { object: named } : {}) } });
  };
  const nameRange = (nad: Nad) => nad.config.object?.nameRange ?? nad.config.object?.range ?? nad.config.fallbackRange;
  const rangeOf = (nad: Nad, pointer: string) => nad.config.locate(pointer) ?? nameRange(nad);
  const lineOf = (nad: Nad) => lines(nad.source).position(nameRange(nad).start).line;

  // 1. One namespace: the same metadata.name twice, then the same network name in two NADs.
  const byObject = new Map<string, Nad>();
  const byNetwork = new Map<string, Nad>();
  for (const nad of nads) {
    const key = `${nad.namespace}/${nad.name}`;
    const first = byObject.get(key);
    if (first) {
      push(nad, nameRange(nad), CROSS_NAD_CODES.sameObject, 'warning', `${NAD_KIND} ${nad.object} is defined again after ${where(first, nad, lineOf)}: applied in this order, this one replaces it and the earlier config is never used.`);
      continue;
    }
    byObject.set(key, nad);
    const network = typeof nad.conflist?.name === 'string' ? nad.conflist.name : undefined;
    if (network === undefined) continue;
    const other = byNetwork.get(`${nad.namespace}/${network}`);
    if (other) push(nad, rangeOf(nad, '/name'), CROSS_NAD_CODES.sameNetworkName, 'warning', `Network name "${network}" is also the name of ${where(other, nad, lineOf)} in namespace ${nad.namespace}: the runtime's cached results and host-local's leases are kept per network name, so the two networks share them.`, '/name');
    else byNetwork.set(`${nad.namespace}/${network}`, nad);
  }
  const unique = [...byObject.values()];

  // 2 and 3. Bridges are per node, not per namespace: group every NAD by the bridge it plugs into.
  const hostLocal: (Keyed & { nad: Nad; pointer: string; text: string })[] = [];
  const bridges = new Map<string, { nad: Nad; ipamType: string | undefined; subnets: string; pointer: string }>();
  const whereabouts: (Keyed & { nad: Nad; pointer: string; text: string; strict: boolean })[] = [];
  for (const nad of unique) {
    if (!nad.conflist) continue;
    pluginList(nad.conflist).forEach((plugin, index) => {
      if (!isJsonObject(plugin)) return;
      const ipam = isJsonObject(plugin.ipam) ? plugin.ipam : undefined;
      const ipamType = ipam && typeof ipam.type === 'string' ? ipam.type : undefined;
      const base = `/plugins/${index}`;
      if (ipam && ipamType === 'whereabouts') {
        for (const r of whereaboutsRanges(ipam)) {
          for (const span of rangeSpans(r.range, r.start, r.end, r.exclude)) whereabouts.push({ span, key: r.pool, owner: nad.id, nad, pointer: `${base}/ipam/${r.pointer}`, text: r.range, strict: ipam.enable_overlapping_ranges === false });
        }
      }
      if (plugin.type !== 'bridge') return;
      const bridge = bridgeName(plugin);
      const subnets: string[] = [];
      if (ipam && ipamType === 'host-local') {
        const store = `${typeof ipam.dataDir === 'string' ? ipam.dataDir : ''}|${typeof nad.conflist!.name === 'string' ? nad.conflist!.name : ''}`;
        const listed = Array.isArray(ipam.ranges) ? ipam.ranges : [];
        for (const set of hostLocalRangeSets(ipam)) {
          for (const r of set) {
            if (typeof r.subnet !== 'string') continue;
            subnets.push(r.subnet);
            const s = listed.findIndex((x) => Array.isArray(x) && x.includes(r));
            const pointer = s < 0 ? `${base}/ipam/subnet` : `${base}/ipam/ranges/${s}/${(listed[s] as unknown[]).indexOf(r)}/subnet`;
            const start = typeof r.rangeStart === 'string' ? r.rangeStart : undefined;
            const end = typeof r.rangeEnd === 'string' ? r.rangeEnd : undefined;
            // One bridge, one host-local store (dataDir/<network name>): the same store hands each address out once.
            for (const span of rangeSpans(r.subnet, start, end)) hostLocal.push({ span, key: `${bridge}|${store}`, owner: nad.id, nad, pointer, text: r.subnet });
          }
        }
      } else if (ipam && ipamType === 'whereabouts') subnets.push(...whereaboutsRanges(ipam).map((r) => r.range));
      const pointer = typeof plugin.bridge === 'string' ? `${base}/bridge` : base;
      const first = bridges.get(bridge);
      if (!first) {
        bridges.set(bridge, { nad, ipamType, subnets: [...subnets].sort().join(', '), pointer });
        return;
      }
      if (first.nad === nad || !ipamType || !first.ipamType) return;
      const mine = [...subnets].sort().join(', ');
      const differs = first.ipamType !== ipamType ? `${ipamType} IPAM where it uses ${first.ipamType}` : mine !== first.subnets && mine && first.subnets ? `subnets ${mine} where it uses ${first.subnets}` : undefined;
      if (differs) push(nad, rangeOf(nad, pointer), CROSS_NAD_CODES.bridgeMismatch, 'warning', `Bridge ${bridge} is also used by ${where(first.nad, nad, lineOf)}, with ${differs}: pods of both end up on one layer-2 segment with addresses handed out by different rules.`, pointer);
    });
  }

  // Host-local ranges on one bridge, keyed so that each pair is compared only within its bridge.
  const byBridge = new Map<string, typeof hostLocal>();
  for (const h of hostLocal) {
    const b = h.key.slice(0, h.key.indexOf('|'));
    const group = byBridge.get(b);
    if (group) group.push(h);
    else byBridge.set(b, [h]);
  }
  for (const [bridge, group] of byBridge) {
    for (const [a, b] of overlaps(group)) {
      push(a.nad, rangeOf(a.nad, a.pointer), CROSS_NAD_CODES.hostLocalOverlap, 'error', `host-local range ${a.text} on bridge ${bridge} overlaps ${b.text} of ${where(b.nad, a.nad, lineOf)}: host-local keeps its leases per network name, so on a node both networks hand out the same addresses to pods on one bridge.`, a.pointer);
    }
  }

  // 4. whereabouts pools are cluster-wide: any two NADs, whatever their namespace or plugin.
  for (const [a, b] of overlaps(whereabouts)) {
    const strict = a.strict || b.strict;
    push(
      a.nad,
      rangeOf(a.nad, a.pointer),
      CROSS_NAD_CODES.whereaboutsOverlap,
      strict ? 'warning' : 'info',
      `whereabouts range ${a.text} overlaps ${b.text} of ${where(b.nad, a.nad, lineOf)}, in another IPPool (pools are per range and network_name): ${strict ? 'with enable_overlapping_ranges false the two pools hand out the same addresses.' : 'only the cluster-wide overlapping-range reservation (enable_overlapping_ranges, on by default) keeps them from handing out the same addresses.'}`,
      a.pointer,
    );
  }

  // 5. Every NAD a pod asks for must be in the input (Multus refuses to start the pod otherwise).
  for (const pod of pods) {
    const o = pod.config.object!;
    const annotation = o.podNetworks!;
    const parsed = parseNetworkReferences(annotation.text);
    if ('error' in parsed) continue; // Multus refuses such an annotation; not this rule's to say
    const namespace = o.namespace || DEFAULT_NAMESPACE;
    for (const ref of parsed.references) {
      const key = `${ref.namespace ?? namespace}/${ref.name}`;
      if (!byObject.has(key)) push(pod, annotation.range, CROSS_NAD_CODES.missingNad, 'warning', `${o.kind} ${objectName(o) ?? '?'} asks for network ${key}, and no ${NAD_KIND} ${key} is in the input: Multus fails the pod's sandbox ("cannot find a network-attachment-definition") unless it exists in the cluster.`);
    }
  }
  return out;
}
