// Pods ask Multus for extra networks by NAD name in one annotation; the cross-NAD check needs to know which.
import { isScalar, type YAMLMap } from 'yaml';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

/** Where each kind keeps the pod template whose annotations Multus reads (a Pod: its own metadata). */
const TEMPLATE_PATH: ReadonlyMap<string, readonly string[]> = new Map([
  ['Pod', []],
  ['Deployment', ['spec', 'template']],
  ['StatefulSet', ['spec', 'template']],
  ['DaemonSet', ['spec', 'template']],
  ['ReplicaSet', ['spec', 'template']],
  ['ReplicationController', ['spec', 'template']],
  ['Job', ['spec', 'template']],
  ['CronJob', ['spec', 'jobTemplate', 'spec', 'template']],
]);

/** Kinds read for the pods they run (not skipped as "not a NAD"). */
export const POD_KINDS: ReadonlySet<string> = new Set(TEMPLATE_PATH.keys());

/** The networks annotation's value and node range, when the object is a pod or workload that has one. */
export function podNetworksAnnotation(map: YAMLMap, kind: string | undefined): { value: string; range: [number, number, number] } | undefined {
  const path = kind === undefined ? undefined : TEMPLATE_PATH.get(kind);
  if (!path) return undefined;
  const node = map.getIn([...path, 'metadata', 'annotations', NETWORKS_ANNOTATION], true);
  return isScalar(node) && typeof node.value === 'string' && node.range ? { value: node.value, range: node.range } : undefined;
}

export interface NetworkReference {
  name: string;
  /** As written; the pod's own namespace applies when absent. */
  namespace?: string;
}

/**
 * Multus' reading of the annotation: a JSON list of objects with "name" (and "namespace"), or a
 * comma-separated list of `name`, `namespace/name`, each optionally with `@interface`.
 */
export function parseNetworkReferences(value: string): { references: NetworkReference[] } | { error: string } {
  const text = value.trim();
  if (text === '') return { references: [] };
  if (text.startsWith('[')) {
    let list: unknown;
    try {
      list = JSON.parse(text);
    } catch (e) {
      return { error: `not valid JSON (${e instanceof Error ? e.message : String(e)})` };
    }
    if (!Array.isArray(list)) return { error: 'not a JSON list' };
    const references: NetworkReference[] = [];
    for (const el of list) {
      const o = el as { name?: unknown; namespace?: unknown } | null;
      if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || o.name === '') return { error: 'each element needs a "name"' };
      references.push({ name: o.name, ...(typeof o.namespace === 'string' && o.namespace !== '' ? { namespace: o.namespace } : {}) });
    }
    return { references };
  }
  const references: NetworkReference[] = [];
  for (const part of text.split(',')) {
    const item = part.trim().split('@')[0]!;
    const slash = item.split('/');
    if (slash.length > 2 || item === '') return { error: `"${part.trim()}" is not a name, namespace/name or name@interface` };
    references.push(slash.length === 2 ? { namespace: slash[0]!, name: slash[1]! } : { name: item });
  }
  return { references };
}
