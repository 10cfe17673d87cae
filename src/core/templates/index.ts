// Starter templates: working conflists modelled on what runtimes and CNI projects ship
// (see src/fixtures/real/), with realistic values. Every template validates with zero errors and zero warnings
// (templates.test.ts). The objects are shared: clone a template's document before editing it.
import type { JsonObject } from '../model/types';

export interface Template {
  /** kebab-case, stable (used in URLs and tests) */
  id: string;
  /** e.g. "containerd / CRI-O default bridge" */
  title: string;
  /** one or two plain sentences: what it sets up and when to use it */
  description: string;
  /** 'nad' = the document is the CNI config inside a Multus NetworkAttachmentDefinition */
  format: 'conflist' | 'nad';
  /** e.g. ["bridge", "portmap", "kubernetes"] */
  tags: string[];
  /** the conflist (for 'nad': the CNI config that goes into spec.config, as a conflist) */
  document: JsonObject;
  /** only for format 'nad' */
  nad?: { name: string; namespace?: string; resourceName?: string };
}

export const TEMPLATES: readonly Template[] = [
  {
    id: 'containerd-bridge',
    title: 'containerd / CRI-O default bridge',
    description:
      'A cni0 bridge with host-local addresses from 10.88.0.0/16 and fd00:10:88::/64, masquerading and port mappings, as containerd ships it. Use it for a single node running containerd or CRI-O without a cluster network add-on.',
    format: 'conflist',
    tags: ['bridge', 'host-local', 'portmap', 'dual-stack', 'containerd', 'cri-o'],
    document: {
      cniVersion: '1.0.0',
      name: 'containerd-net',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          ipMasq: true,
          promiscMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: '10.88.0.0/16' }], [{ subnet: 'fd00:10:88::/64' }]],
            routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
  },
  {
    id: 'podman-bridge',
    title: 'Podman default bridge (CNI backend)',
    description:
      'The cni-podman0 bridge that Podman created before it switched to netavark, with host-local addresses, port mappings, iptables firewall rules and the tuning plugin. Use it for rootful Podman 3.x or older hosts that still run the CNI backend.',
    format: 'conflist',
    tags: ['bridge', 'host-local', 'portmap', 'firewall', 'tuning', 'podman'],
    document: {
      cniVersion: '1.0.0',
      name: 'podman',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni-podman0',
          isGateway: true,
          ipMasq: true,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            routes: [{ dst: '0.0.0.0/0' }],
            ranges: [[{ subnet: '10.88.0.0/16', gateway: '10.88.0.1' }]],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'firewall', backend: 'iptables' },
        { type: 'tuning' },
      ],
    },
  },
  {
    id: 'flannel',
    title: 'Flannel (kube-flannel)',
    description:
      "kube-flannel's pod network: the flannel plugin reads the node's subnet from flanneld and delegates to a bridge with hairpin mode as the pods' default gateway, followed by portmap for hostPort. Use it on Kubernetes nodes running flanneld.",
    format: 'conflist',
    tags: ['flannel', 'bridge', 'portmap', 'kubernetes', 'overlay'],
    document: {
      cniVersion: '1.0.0',
      name: 'cbr0',
      plugins: [
        {
          type: 'flannel',
          delegate: { hairpinMode: true, isDefaultGateway: true },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
  },
  {
    id: 'calico',
    title: 'Calico (Kubernetes datastore)',
    description:
      'Calico with calico-ipam, Kubernetes network policy and the Kubernetes datastore, followed by portmap for hostPort and bandwidth for the pod bandwidth annotations. Use it on Kubernetes nodes where calico-node runs; set mtu to 0 to let Calico detect it.',
    format: 'conflist',
    tags: ['calico', 'calico-ipam', 'portmap', 'bandwidth', 'kubernetes', 'network-policy'],
    document: {
      cniVersion: '1.0.0',
      name: 'k8s-pod-network',
      plugins: [
        {
          type: 'calico',
          log_level: 'info',
          log_file_path: '/var/log/calico/cni/cni.log',
          datastore_type: 'kubernetes',
          mtu: 1440,
          ipam: { type: 'calico-ipam' },
          policy: { type: 'k8s' },
          kubernetes: { kubeconfig: '/etc/cni/net.d/calico-kubeconfig' },
        },
        { type: 'portmap', snat: true, capabilities: { portMappings: true } },
        { type: 'bandwidth', capabilities: { bandwidth: true } },
      ],
    },
  },
  {
    id: 'cilium',
    title: 'Cilium',
    description:
      'The 05-cilium.conflist that the cilium-agent writes: cilium-cni asks the local agent for addresses and attaches its eBPF datapath to the pod. Use it on Kubernetes nodes running Cilium as the only CNI.',
    format: 'conflist',
    tags: ['cilium', 'ebpf', 'kubernetes'],
    document: {
      cniVersion: '1.0.0',
      name: 'cilium',
      plugins: [
        {
          type: 'cilium-cni',
          'enable-debug': false,
          'log-file': '/var/run/cilium/cilium-cni.log',
        },
      ],
    },
  },
  {
    id: 'macvlan-dhcp',
    title: 'macvlan with DHCP',
    description:
      "A macvlan interface in bridge mode on the host's eth0 that gets its address from the LAN's DHCP server, so containers appear as separate hosts on the physical network. The CNI dhcp plugin's daemon (started as dhcp daemon) must be running on the node.",
    format: 'conflist',
    tags: ['macvlan', 'dhcp', 'lan'],
    document: {
      cniVersion: '1.0.0',
      name: 'macvlan-dhcp',
      plugins: [
        {
          type: 'macvlan',
          master: 'eth0',
          mode: 'bridge',
          ipam: { type: 'dhcp' },
        },
      ],
    },
  },
  {
    id: 'ipvlan-static',
    title: 'ipvlan with a static address',
    description:
      "An ipvlan interface in L2 mode on the host's eth0 with a fixed address, gateway and routes. Use it when the upstream switch allows only one MAC address per port and the container needs a known address.",
    format: 'conflist',
    tags: ['ipvlan', 'static', 'lan'],
    document: {
      cniVersion: '1.0.0',
      name: 'ipvlan-static',
      plugins: [
        {
          type: 'ipvlan',
          master: 'eth0',
          mode: 'l2',
          ipam: {
            type: 'static',
            addresses: [{ address: '192.168.50.20/24', gateway: '192.168.50.1' }],
            routes: [{ dst: '0.0.0.0/0' }, { dst: '10.20.0.0/16', gw: '192.168.50.254' }],
          },
        },
      ],
    },
  },
  {
    id: 'ptp-tuning-bandwidth',
    title: 'ptp with tuning and bandwidth',
    description:
      "A point-to-point veth with host-local addresses and masquerading, a raised net.core.somaxconn inside the container, and traffic shaping from the runtime's bandwidth capability. Use it when each container needs routed connectivity with per-pod rate limits.",
    format: 'conflist',
    tags: ['ptp', 'host-local', 'tuning', 'bandwidth', 'sysctl'],
    document: {
      cniVersion: '1.0.0',
      name: 'ptp-tuned',
      plugins: [
        {
          type: 'ptp',
          ipMasq: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: '10.22.0.0/16' }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024' } },
        { type: 'bandwidth', capabilities: { bandwidth: true } },
      ],
    },
  },
  {
    id: 'bridge-portmap-firewall',
    title: 'bridge with portmap and firewall',
    description:
      'A bridge with host-local addresses and masquerading, port mappings, and the firewall plugin to let container traffic through the host firewall (firewalld if it is running, otherwise iptables). Use it on hosts whose firewall would otherwise drop forwarded container traffic.',
    format: 'conflist',
    tags: ['bridge', 'host-local', 'portmap', 'firewall'],
    document: {
      cniVersion: '1.0.0',
      name: 'bridge-firewall',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni1',
          isGateway: true,
          ipMasq: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: '10.89.0.0/24' }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
        { type: 'firewall' },
      ],
    },
  },
  {
    id: 'bridge-dual-stack',
    title: 'Dual-stack bridge',
    description:
      'A bridge that gives each container one IPv4 address from 10.90.0.0/24 and one IPv6 address from fd00:10:90::/64, with default routes for both families and masquerading. Use it when containers need IPv4 and IPv6 at the same time.',
    format: 'conflist',
    tags: ['bridge', 'host-local', 'dual-stack', 'ipv6'],
    document: {
      cniVersion: '1.0.0',
      name: 'dualstack',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni-ds0',
          isGateway: true,
          ipMasq: true,
          ipam: {
            type: 'host-local',
            ranges: [
              [{ subnet: '10.90.0.0/24', gateway: '10.90.0.1' }],
              [{ subnet: 'fd00:10:90::/64', gateway: 'fd00:10:90::1' }],
            ],
            routes: [{ dst: '0.0.0.0/0' }, { dst: '::/0' }],
          },
        },
      ],
    },
  },
  {
    id: 'bridge-static',
    title: 'Bridge with a static address',
    description:
      'Attaches the container to an existing host bridge br0 (one that enslaves the LAN interface) with a fixed address, default route and DNS servers. Use it to give one container a known address on the local network.',
    format: 'conflist',
    tags: ['bridge', 'static', 'dns', 'lan'],
    document: {
      cniVersion: '1.0.0',
      name: 'bridge-static',
      plugins: [
        {
          type: 'bridge',
          bridge: 'br0',
          ipam: {
            type: 'static',
            addresses: [{ address: '192.168.1.50/24', gateway: '192.168.1.1' }],
            routes: [{ dst: '0.0.0.0/0', gw: '192.168.1.1' }],
            dns: {
              nameservers: ['192.168.1.1', '9.9.9.9'],
              domain: 'home.arpa',
              search: ['home.arpa'],
            },
          },
        },
      ],
    },
  },
  {
    id: 'multus-macvlan-whereabouts',
    title: 'Multus NAD: macvlan with Whereabouts',
    description:
      "A secondary pod network for Multus: a macvlan interface on the node's eth0 with cluster-wide unique addresses from Whereabouts. Apply it as a NetworkAttachmentDefinition and reference it from a pod's k8s.v1.cni.cncf.io/networks annotation.",
    format: 'nad',
    tags: ['multus', 'macvlan', 'whereabouts', 'kubernetes', 'secondary-network'],
    nad: { name: 'macvlan-whereabouts', namespace: 'default' },
    document: {
      cniVersion: '1.0.0',
      name: 'macvlan-whereabouts',
      plugins: [
        {
          type: 'macvlan',
          master: 'eth0',
          mode: 'bridge',
          ipam: {
            type: 'whereabouts',
            range: '192.168.2.0/24',
            exclude: ['192.168.2.0/28', '192.168.2.254/32'],
          },
        },
      ],
    },
  },
  {
    id: 'kind',
    title: 'kind (kindnet)',
    description:
      "The conflist kindnetd writes on kind nodes: a point-to-point veth with host-local addresses from the node's pod CIDR and portmap for hostPort. Use it as a starting point for small test clusters with routed pod networks.",
    format: 'conflist',
    tags: ['ptp', 'host-local', 'portmap', 'kubernetes', 'kind'],
    document: {
      cniVersion: '1.0.0',
      name: 'kindnet',
      plugins: [
        {
          type: 'ptp',
          ipMasq: false,
          mtu: 1500,
          ipam: {
            type: 'host-local',
            dataDir: '/run/cni-ipam-state',
            routes: [{ dst: '0.0.0.0/0' }],
            ranges: [[{ subnet: '10.244.1.0/24' }]],
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
  },
  {
    id: 'loopback',
    title: 'Loopback only',
    description:
      'Brings up the lo interface inside the container and nothing else. Use it for containers that need no network, or as the loopback network CRI-O and older kubelets set up next to the pod network.',
    format: 'conflist',
    tags: ['loopback'],
    document: {
      cniVersion: '1.0.0',
      name: 'loopback',
      plugins: [{ type: 'loopback' }],
    },
  },
];

const BY_ID: ReadonlyMap<string, Template> = new Map(TEMPLATES.map((t) => [t.id, t]));

export function templateById(id: string): Template | undefined {
  return BY_ID.get(id);
}
