// Runtime inputs as real runtimes send them, for the preview's presets.
import type { RuntimeInputs } from './inputs';

export interface RuntimePreset {
  id: string;
  title: string;
  inputs: RuntimeInputs;
}

const POD_ID = 'a3f0c1b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f';
const K8S = (name: string): [string, string][] => [
  ['IgnoreUnknown', '1'],
  ['K8S_POD_NAMESPACE', 'default'],
  ['K8S_POD_NAME', name],
  ['K8S_POD_INFRA_CONTAINER_ID', POD_ID],
  ['K8S_POD_UID', '7d3c6a2e-5b1f-4c8e-9a0d-2f6e8b1c4d5a'],
];

export const RUNTIME_PRESETS: readonly RuntimePreset[] = [
  {
    id: 'containerd-pod-port',
    title: 'containerd pod with a port',
    inputs: {
      containerId: POD_ID,
      netns: '/var/run/netns/cni-5f2d1c3b-7a9e-4b6d-8c0f-1e2a3b4c5d6e',
      ifname: 'eth0',
      cniArgs: K8S('web-0'),
      cniPath: ['/opt/cni/bin'],
      // go-cni marshals these structs without JSON tags: PascalCase keys, HostIP empty when unset.
      capabilityArgs: { portMappings: [{ HostPort: 8080, ContainerPort: 80, Protocol: 'tcp', HostIP: '' }], 'io.kubernetes.cri.pod-annotations': { 'kubernetes.io/config.source': 'api' } },
    },
  },
  {
    id: 'crio-ipranges',
    title: 'CRI-O with ipRanges',
    inputs: {
      containerId: POD_ID,
      netns: '/var/run/netns/2b7e4c1a-9d3f-4e5b-8a6c-0f1e2d3c4b5a',
      ifname: 'eth0',
      cniArgs: K8S('api-1'),
      cniPath: ['/usr/libexec/cni', '/opt/cni/bin'],
      capabilityArgs: { ipRanges: [[{ subnet: '10.85.0.0/16' }]], portMappings: [{ hostPort: 9090, containerPort: 9090, protocol: 'tcp' }] },
    },
  },
  {
    id: 'multus-static',
    title: 'Multus with static ips and mac',
    inputs: {
      containerId: POD_ID,
      netns: '/var/run/netns/cni-0c9b8a7d-6e5f-4a3b-2c1d-0e9f8a7b6c5d',
      ifname: 'net1',
      cniArgs: K8S('db-0'),
      cniPath: ['/opt/cni/bin'],
      capabilityArgs: { ips: ['10.10.0.5/24'], mac: 'c2:b0:57:49:47:f1' },
    },
  },
];
