// AdmissionReview requests as the API server sends them for NetworkAttachmentDefinitions, for the tests, the
// webhook's fuzz campaign and its benchmark (kept out of the public index).
import type { JsonObject, JsonValue } from '../model/types';

/** A clean macvlan NAD config: no errors, no warnings with the default profile. */
export const CLEAN_CONFIG = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'macvlan-conf',
  plugins: [{ type: 'macvlan', master: 'eth0', mode: 'bridge', ipam: { type: 'host-local', ranges: [[{ subnet: '192.168.1.0/24', gateway: '192.168.1.1' }]] } }],
});

/** An error: the subnet is no CIDR (CNI208). */
export const DENIED_CONFIG = CLEAN_CONFIG.replace('192.168.1.0/24', '192.168.1.0/33');

/** Only a warning: portmap's "backend" is not read by plugins before 1.6 (CNI212 with --plugins 1.1.1) … */
export const PORTMAP_BACKEND_CONFIG = JSON.stringify({
  cniVersion: '1.0.0',
  name: 'pm',
  plugins: [
    { type: 'bridge', bridge: 'cni0', ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]] } },
    { type: 'portmap', backend: 'nftables', capabilities: { portMappings: true } },
  ],
});

/** An error only with older plugins: the dummy plugin came in plugins 1.2.0 (CNI308). */
export const DUMMY_CONFIG = JSON.stringify({ cniVersion: '1.0.0', name: 'dummy-net', plugins: [{ type: 'dummy', ipam: { type: 'host-local', ranges: [[{ subnet: '10.30.0.0/24' }]] } }] });

export interface ReviewOptions {
  uid?: string;
  operation?: 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';
  /** spec.config; undefined leaves it out. */
  config?: JsonValue;
  oldConfig?: JsonValue;
  name?: string;
  namespace?: string;
  kind?: { group: string; version: string; kind: string };
}

export function nadObject(config: JsonValue | undefined, name: string, namespace: string): JsonObject {
  return {
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace, uid: '9a1b6a2e-0a5c-4d8e-9a35-1f0c7d2b4e61', resourceVersion: '1234', generation: 1, creationTimestamp: '2026-12-01T10:00:00Z' },
    spec: config === undefined ? {} : { config },
  };
}

/** A review as kube-apiserver sends it (admission.k8s.io/v1), with the fields it always fills. */
export function nadReview(o: ReviewOptions = {}): JsonObject {
  const operation = o.operation ?? 'CREATE';
  const name = o.name ?? 'macvlan-conf';
  const namespace = o.namespace ?? 'default';
  const kind = o.kind ?? { group: 'k8s.cni.cncf.io', version: 'v1', kind: 'NetworkAttachmentDefinition' };
  const resource = { group: kind.group, version: kind.version, resource: 'network-attachment-definitions' };
  const object = operation === 'DELETE' ? null : nadObject('config' in o ? o.config : CLEAN_CONFIG, name, namespace);
  const oldObject = operation === 'UPDATE' || operation === 'DELETE' ? nadObject('oldConfig' in o ? o.oldConfig : CLEAN_CONFIG, name, namespace) : null;
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: o.uid ?? '705ab4f5-6393-11e8-b7cc-42010a800002',
      kind,
      resource,
      requestKind: kind,
      requestResource: resource,
      name,
      namespace,
      operation,
      userInfo: { username: 'admin', uid: '014fbff9a07c', groups: ['system:authenticated', 'my-admin-group'] },
      object,
      oldObject,
      dryRun: false,
      options: operation === 'DELETE' ? { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions' } : { apiVersion: 'meta.k8s.io/v1', kind: operation === 'CREATE' ? 'CreateOptions' : 'UpdateOptions', fieldManager: 'kubectl-client-side-apply' },
    },
  };
}
