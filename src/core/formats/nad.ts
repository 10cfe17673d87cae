// A Multus NetworkAttachmentDefinition holding the conflist as a readable block scalar.
import { Document, Scalar } from 'yaml';
import type { JsonObject } from '../model/types';
import { serializeConflist } from '../model/serialize';
import { NAD_KIND } from '../model/nad';

export interface NadOptions {
  name?: string;
  namespace?: string;
  resourceName?: string;
}

/** What a NAD read in keeps for writing it back: its name, namespace and resourceName annotation. */
export type NadMeta = NadOptions & { name: string };

/** What a network is written as a NAD with: the NAD it was read from, else a name from the network's, in "default". */
export function nadOptionsFor(doc: JsonObject, meta?: NadMeta): Required<Pick<NadOptions, 'name' | 'namespace'>> & Pick<NadOptions, 'resourceName'> {
  return { name: meta?.name ?? dns1123Name(typeof doc.name === 'string' ? doc.name : ''), namespace: meta?.namespace ?? 'default', ...(meta?.resourceName ? { resourceName: meta.resourceName } : {}) };
}

/** A DNS-1123 label from a CNI network name (lower case, alphanumerics and '-', at most 63 characters). */
export function dns1123Name(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
  return cleaned || 'cni-network';
}

export function toNadYaml(doc: JsonObject, options: NadOptions = {}): string {
  const name = options.name ?? dns1123Name(typeof doc.name === 'string' ? doc.name : '');
  const metadata: Record<string, unknown> = { name };
  if (options.namespace) metadata.namespace = options.namespace;
  if (options.resourceName) metadata.annotations = { 'k8s.v1.cni.cncf.io/resourceName': options.resourceName };
  const config = new Scalar(serializeConflist(doc));
  config.type = Scalar.BLOCK_LITERAL;
  const nad = new Document({ apiVersion: 'k8s.cni.cncf.io/v1', kind: NAD_KIND, metadata, spec: { config } });
  return nad.toString({ lineWidth: 0 });
}
