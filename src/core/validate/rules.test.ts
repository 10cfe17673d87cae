import { describe, expect, it } from 'vitest';
import { createValidator } from './create';
import { RULE_DOCS, RULES_BY_CODE } from './rule-docs';
import { loadSchemas } from '../../node/schemas';
import { bridge, hostLocal, hostLocalSets, list, portmap } from '../testing';
import type { JsonObject, JsonValue } from '../model/types';
import { applyPatch } from '../model/patch';
import { MAX_NESTING_DEPTH } from '../model/depth';
import type { RuntimeProfile } from '../profiles/profile';

const validator = createValidator(loadSchemas());

interface Case {
  code: string;
  hit: JsonValue | string;
  miss: JsonValue | string;
  fileName?: string;
  /** Substring the hit's message must contain. */
  says?: string;
  /** The runtime profile both are checked with (the default profile otherwise). */
  profile?: RuntimeProfile;
  /** The profile the miss is checked with instead, where the same config misses under another runtime. */
  missProfile?: RuntimeProfile;
}

const DEBIAN: RuntimeProfile = { libcni: '1.1.2', plugins: '1.1.1' };
const at = (plugins: string, libcni = '1.3.0'): RuntimeProfile => ({ libcni, plugins });

const ipam = (extra: JsonObject) => list([bridge({ ipam: { type: 'host-local', ...extra } })]);
const hl = hostLocalSets;
const nad = (config: string) => `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: net1\nspec:\n  config: '${config}'\n`;

const CASES: Case[] = [
  { code: 'CNI001', hit: '{"name": "n" "plugins": []}', miss: JSON.stringify(list([bridge()])), says: "missing ','" },
  { code: 'CNI002', hit: '{"name": "n", // x\n "cniVersion": "1.0.0", "plugins": [{"type": "bridge"}]}', miss: JSON.stringify(list([bridge()])) },
  { code: 'CNI003', hit: '{"name": "n", "cniVersion": "1.0.0", "plugins": [{"type": "bridge"},]}', miss: JSON.stringify(list([bridge()])) },
  { code: 'CNI004', hit: '"just a string"', miss: '{}' },
  { code: 'CNI005', hit: '{"name": "n", "cniVersion": "1.0.0", "plugins": [{"type": "bridge", "mtu": 1400, "mtu": 9000}]}', miss: JSON.stringify(list([bridge({ mtu: 1400 })])) },
  { code: 'CNI006', hit: '{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}', miss: JSON.stringify(list([bridge()])), fileName: '10-n.conflist' },
  { code: 'CNI007', hit: JSON.stringify(list([bridge()])), miss: '{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}', fileName: '10-n.conf' },
  { code: 'CNI008', hit: '   ', miss: '{}' },
  { code: 'CNI009', hit: '{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}', miss: JSON.stringify(list([bridge()])) },
  { code: 'CNI010', hit: 'x\u0000y', miss: '{}' },
  { code: 'CNI011', hit: '['.repeat(MAX_NESTING_DEPTH + 1), miss: `{"a": ${'['.repeat(MAX_NESTING_DEPTH - 1)}${']'.repeat(MAX_NESTING_DEPTH - 1)}}`, says: `deeper than ${MAX_NESTING_DEPTH} levels` },
  { code: 'CNI020', hit: 'kind: NetworkAttachmentDefinition\nspec: [\n', miss: nad('{"cniVersion": "1.0.0", "type": "bridge"}'), fileName: 'a.yaml' },
  { code: 'CNI021', hit: 'kind: NetworkAttachmentDefinition\nspec:\n  config:\n    type: bridge\n', miss: nad('{"cniVersion": "1.0.0", "type": "bridge"}'), fileName: 'a.yaml' },
  { code: 'CNI022', hit: 'kind: NetworkAttachmentDefinition\nmetadata:\n  name: x\n', miss: nad('{"cniVersion": "1.0.0", "type": "bridge"}'), fileName: 'a.yaml' },
  { code: 'CNI023', hit: nad('{"cniVersion": "1.0.0", "type": "bridge"}'), miss: nad('{"cniVersion": "1.0.0", "name": "net1", "type": "bridge"}'), fileName: 'a.yaml' },
  { code: 'CNI024', hit: 'kind: ConfigMap\nmetadata: {name: x}\n', miss: nad('{"cniVersion": "1.0.0", "type": "bridge"}'), fileName: 'a.yaml' },
  { code: 'CNI025', hit: nad('{\n\t"cniVersion": "1.0.0", "type": "bridge"\n}'), miss: nad('{\n     "cniVersion": "1.0.0", "type": "bridge"\n   }'), fileName: 'a.yaml' },
  { code: 'CNI100', hit: { cniVersion: '1.0.0', plugins: [bridge()] }, miss: list([bridge()]), says: 'libcni refuses to load it ("no name")' },
  // A single-plugin config without one loads, named "", and fails at ADD (cnitool 1.1.2 and 1.3.0:
  // 'plugin type="loopback" failed (add): missing network name:').
  { code: 'CNI100', hit: '{"cniVersion": "1.0.0", "type": "loopback"}', miss: '{"cniVersion": "1.0.0", "name": "lo", "type": "loopback"}', says: 'wraps it into a list named "", and every ADD fails before the plugin runs ("missing network name")' },
  { code: 'CNI101', hit: list([bridge()], { name: 'my net' }), miss: list([bridge()], { name: 'my-net_1.2' }), says: 'letter or digit' },
  // A right-to-left override quoted back as its escape: "net-\u202eRTL" cannot pass for "net-LTR".
  { code: 'CNI101', hit: list([bridge()], { name: 'net-\u202eRTL\u202c' }), miss: list([bridge()], { name: 'net-RTL' }), says: 'The network name "net-\\u202ERTL\\u202C" must start' },
  { code: 'CNI102', hit: { name: 'n', plugins: [bridge(), portmap()] }, miss: list([bridge(), portmap()]), says: 'The list has no "cniVersion"' },
  // A single-plugin config (cni.dev's ptp example) is wrapped into a list that takes its empty version.
  {
    code: 'CNI102',
    hit: '{"name": "mynet", "type": "ptp", "ipam": {"type": "host-local", "subnet": "10.1.1.0/24"}}',
    miss: '{"cniVersion": "1.0.0", "name": "mynet", "type": "ptp", "ipam": {"type": "host-local", "subnet": "10.1.1.0/24"}}',
    says: 'The config has no "cniVersion": libcni wraps it into a list with an empty one',
  },
  { code: 'CNI103', hit: list([bridge()], { cniVersion: '1.0' }), miss: list([bridge()], { cniVersion: '0.4.0' }), says: 'Write "1.0.0"' },
  { code: 'CNI104', hit: list([bridge()], { cniVersions: ['1.0.0', '1.5.0'] }), miss: list([bridge()], { cniVersions: ['1.0.0'] }) },
  { code: 'CNI105', hit: list([]), miss: list([bridge()]) },
  { code: 'CNI105', hit: { cniVersion: '1.0.0', name: 'n' }, miss: list([bridge()]), profile: { libcni: '1.2.3', plugins: '1.9.1' }, says: "libcni 1.2.3 refuses it (\"no 'plugins' key\")" },
  { code: 'CNI105', hit: { cniVersion: '1.0.0', name: 'n' }, miss: list([bridge()]), says: 'runs the *.conf plugin files of the folder n/ next to it, and refuses the list when there are none ("no plugin configs found")' },
  { code: 'CNI106', hit: list([bridge()], { disableCheck: 'yes' }), miss: list([bridge()], { disableCheck: true }) },
  { code: 'CNI107', hit: list([bridge()], { Name: 'x' }), miss: list([bridge()], { $schema: 'https://cni-studio.dev/schemas/conflist.schema.json' }), says: 'Did you mean "name"' },
  { code: 'CNI109', hit: list([bridge()], { disableGC: true }), miss: list([bridge()], { disableGC: true }), says: 'libcni 1.2.0 ignores "disableGC" (added in 1.2.1): it runs GC', profile: at('1.9.1', '1.2.0'), missProfile: at('1.9.1', '1.2.1') },
  { code: 'CNI110', hit: list([bridge()], { cniVersion: '1.1.0' }), miss: list([bridge()], { cniVersion: '1.0.0' }), says: 'unsupported CNI result version "1.1.0"', profile: at('1.6.0', '1.1.2') },
  { code: 'CNI108', hit: list([bridge()], { cniVersion: '0.3.1' }), miss: list([bridge()], { cniVersion: '0.4.0' }) },
  { code: 'CNI200', hit: list([{ bridge: 'cni0' }]), miss: list([bridge()]) },
  { code: 'CNI201', hit: list([{ type: 'bridg' }]), miss: list([{ type: 'my-own-plugin' }, bridge()].slice(1)), says: 'Did you mean "bridge"' },
  { code: 'CNI202', hit: list([bridge({ mtu: '1500' })]), miss: list([bridge({ mtu: 1500 })]), says: 'must be a whole number' },
  { code: 'CNI203', hit: list([bridge({ hairpinmod: true })]), miss: list([bridge({ hairpinMode: true })]), says: 'Did you mean "hairpinMode"' },
  { code: 'CNI204', hit: list([bridge({ MTU: 1500 })]), miss: list([bridge({ mtu: 1500 })]) },
  { code: 'CNI205', hit: list([bridge(), { type: 'firewall', ingressPolicy: 'isolated' }]), miss: list([bridge(), { type: 'firewall', ingressPolicy: 'isolated' }]), profile: DEBIAN, missProfile: at('1.7.0', '1.1.2'), says: "ADD fails (\"unknown ingress policy: \"isolated\"\"), and DEL too, so a runtime's DEL stops there" },
  // "" is firewall's automatic choice, as Podman writes it (getBackend's default, 1.1.1 to 1.9.1).
  { code: 'CNI205', hit: list([bridge(), { type: 'firewall', backend: 'bogus' }]), miss: list([bridge(), { type: 'firewall', backend: '' }]), says: 'any other value is ignored' },
  { code: 'CNI205', hit: list([{ type: 'macvlan', master: 'eth0', mode: 'bridged', ipam: hostLocal() }]), miss: list([{ type: 'macvlan', master: 'eth0', mode: 'vepa', ipam: hostLocal() }]) },
  { code: 'CNI206', hit: list([bridge({ vlan: 5000 })]), miss: list([bridge({ vlan: 4094 })]) },
  { code: 'CNI207', hit: list([{ type: 'vlan', ipam: hostLocal() }]), miss: list([{ type: 'vlan', master: 'eth0', ipam: hostLocal() }]) },
  { code: 'CNI208', hit: hl([{ subnet: '10.1.0.0' }]), miss: hl([{ subnet: '10.1.0.0/16' }]) },
  { code: 'CNI209', hit: list([bridge({ bridge: '' })]), miss: list([bridge({ bridge: 'br0' })]) },
  { code: 'CNI210', hit: list([bridge({ cniVersion: '0.3.1' })]), miss: '{"cniVersion": "1.0.0", "name": "n", "type": "bridge"}', says: 'the plugin receives "1.0.0"' },
  { code: 'CNI211', hit: list([{ type: '/opt/cni/bin/bridge' }]), miss: list([bridge()]) },
  { code: 'CNI212', hit: list([bridge({ ipMasqBackend: 'nftables' })]), miss: list([bridge({ ipMasq: true })]), says: 'Debian' },
  { code: 'CNI300', hit: list([portmap(), bridge()]), miss: list([bridge(), portmap()]), says: 'cannot be first' },
  { code: 'CNI302', hit: list([bridge(), { type: 'ptp', ipam: hostLocal('10.9.0.0/16') }]), miss: list([bridge(), { type: 'loopback' }]) },
  { code: 'CNI303', hit: list([bridge(), { type: 'host-local', ranges: [[{ subnet: '10.3.0.0/16' }]] }]), miss: list([bridge()]) },
  { code: 'CNI304', hit: list([bridge(), portmap(), portmap()]), miss: list([bridge(), portmap()]) },
  { code: 'CNI305', hit: list([bridge(), { type: 'firewall' }], { cniVersion: '0.3.1' }), miss: list([bridge(), { type: 'firewall' }], { cniVersion: '0.4.0' }), says: 'incompatible CNI versions' },
  { code: 'CNI306', hit: list([bridge()], { cniVersion: '1.1.0' }), miss: list([bridge()], { cniVersion: '1.0.0' }) },
  { code: 'CNI308', hit: list([{ type: 'dummy', ipam: hostLocal() }]), miss: list([{ type: 'dummy', ipam: hostLocal() }], { cniVersion: '1.0.0' }), says: 'failed to find plugin "dummy"', profile: DEBIAN, missProfile: at('1.2.0', '1.1.2') },
  { code: 'CNI310', hit: list([{ type: 'macvlan', master: 'eth0', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }]), says: 'has no veth peer' },
  { code: 'CNI312', hit: list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '0500' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '500', 'net.ipv4.ip_local_port_range': '32768\t60999', 'net.ipv4.tcp_congestion_control': 'cubic', 'net.ipv4.conf.eth0.arp_filter': '-1' } }]), says: '"Tuning configured value of /proc/sys/net/core/somaxconn is 0500, current value is 320"). Write it in decimal ("320" is what "0500" means)' },
  { code: 'CNI311', hit: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.IFNAME.arp_notify': '1' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.eth0.arp_notify': '1' } }]), says: '/proc/sys/net/ipv4/conf/IFNAME/arp_notify', profile: DEBIAN, missProfile: DEBIAN },
  { code: 'CNI654', hit: list([{ type: 'host-device', kernelpath: '/sys/devices/virtual/net/cnistudio-h0', ipam: hostLocal() }]), miss: list([{ type: 'host-device', device: 'eth1', kernelpath: '/sys/devices/virtual/net/cnistudio-h0', ipam: hostLocal() }]), says: 'failed to find network devices at "/sys/devices/virtual/net/cnistudio-h0/net"' },
  { code: 'CNI653', hit: list([{ type: 'macvlan', master: 'eth1', mode: 'passthru', ipam: hostLocal() }]), miss: list([{ type: 'macvlan', master: 'eth1', mode: 'bridge', ipam: hostLocal() }]), says: 'one passthru macvlan per master' },
  { code: 'CNI655', hit: list([bridge(), { type: 'bandwidth', capabilities: { bandwidth: true } }]), miss: list([bridge(), { type: 'bandwidth', capabilities: { bandwidth: true }, ingressRate: 0 }]), says: 'CHECK panics ("invalid memory address or nil pointer dereference")', profile: at('1.1.1', '1.1.2'), missProfile: at('1.1.1', '1.1.2') },
  { code: 'CNI656', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }]), says: '("Failed to get link eth0: Link not found")', profile: at('1.1.1', '1.1.2') },
  { code: 'CNI657', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }]), says: 'Network is unreachable' },
  // The lab's boundary on Debian's 1.1.1 at 10 Mbit/s: 12112 bits drops 1500-byte packets, 12120 does not.
  { code: 'CNI658', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 10000000, ingressBurst: 12112 }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 10000000, ingressBurst: 12120 }]), says: 'at most 1513 bytes at 10000000 bits/s, and a full-size frame on the container\'s veth is 1514 bytes (MTU 1500, the default, and 14 of Ethernet)' },
  { code: 'CNI658', hit: list([{ type: 'ptp', mtu: 512, ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 123, ingressBurst: 456, egressRate: 123, egressBurst: 456 }]), miss: list([{ type: 'ptp', mtu: 512, ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 123, ingressBurst: 4216, egressRate: 123, egressBurst: 4216 }]), says: 'MTU 512, and 14 of Ethernet' },
  { code: 'CNI661', hit: list([bridge({ isGateway: false, ipam: { type: 'host-local', routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: '10.89.7.0/24', gateway: '10.89.7.1' }]] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'host-local', routes: [{ dst: '0.0.0.0/0' }], ranges: [[{ subnet: '10.89.7.0/24', gateway: '10.89.7.1' }]] } })]), says: 'Route 0 goes through 10.89.7.1' },
  { code: 'CNI660', hit: list([{ type: 'macvlan', master: 'lo', ipam: hostLocal() }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: hostLocal() }]), says: '("failed to create macvlan: invalid argument")' },
  { code: 'CNI659', hit: list([bridge(), { type: 'tuning', mtu: 9000 }]), miss: list([bridge({ mtu: 9000 }), { type: 'tuning', mtu: 9000 }]), says: 'the host\'s end keeps 1500 (the default): each packet above 1500 bytes is dropped there' },
  { code: 'CNI652', hit: list([{ type: 'macvlan', master: 'eth1', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true } }]), miss: list([bridge(), { type: 'bandwidth', capabilities: { bandwidth: true } }]), says: 'every CHECK fails ("container interface … has no veth peer")' },
  { code: 'CNI310', hit: list([{ type: 'host-device', device: 'eth1', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }]), miss: list([{ type: 'host-device', device: 'eth1', ipam: hostLocal() }]), says: 'no veth peer of container interface found in host ns' },
  { code: 'CNI309', hit: list([bridge(), portmap()]), miss: list([bridge(), { type: 'portmap' }]), says: 'could not check ipv6 dnat', profile: DEBIAN, missProfile: DEBIAN },
  { code: 'CNI307', hit: list([{ type: 'win-bridge', ipam: hostLocal() }, { type: 'tuning' }]), miss: list([{ type: 'win-bridge', ipam: hostLocal() }]) },
  // ptp's and vlan's DEL call an IPAM of no name too: seen with Debian's 1.1.1.
  { code: 'CNI400', hit: list([{ type: 'ptp' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }]), says: 'and DEL too ("no plugin name provided")' },
  { code: 'CNI401', hit: list([bridge({ ipam: { subnet: '10.1.0.0/16' } })]), miss: list([bridge({ ipam: {} })]) },
  { code: 'CNI402', hit: list([bridge(), { ...portmap(), ipam: hostLocal() }]), miss: list([bridge(), portmap()]) },
  { code: 'CNI403', hit: list([bridge({ ipam: { type: 'bridge' } })]), miss: list([bridge()]) },
  { code: 'CNI404', hit: list([bridge({ ipam: { type: 'my-ipam' } })]), miss: list([bridge()]) },
  { code: 'CNI410', hit: ipam({}), miss: list([bridge({ capabilities: { ipRanges: true }, ipam: { type: 'host-local' } })]) },
  { code: 'CNI411', hit: hl([{ subnet: '10.1.0.5/16' }]), miss: hl([{ subnet: '10.1.0.0/16' }]), says: 'network address is 10.1.0.0' },
  { code: 'CNI412', hit: hl([{ subnet: '10.1.0.0/31' }]), miss: hl([{ subnet: '10.1.0.0/30' }]) },
  { code: 'CNI413', hit: hl([{ subnet: '10.1.0.0/24', rangeStart: '10.2.0.10' }]), miss: hl([{ subnet: '10.1.0.0/24', rangeStart: '10.1.0.10', rangeEnd: '10.1.0.20' }]) },
  { code: 'CNI414', hit: hl([{ subnet: '10.1.0.0/24', gateway: '10.2.0.1' }]), miss: hl([{ subnet: '10.1.0.0/24', gateway: '10.1.0.254' }]) },
  { code: 'CNI415', hit: hl([{ subnet: '10.1.0.0/24' }, { subnet: 'fd00::/64' }]), miss: hl([{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00::/64' }]) },
  { code: 'CNI416', hit: hl([{ subnet: '10.1.0.0/16' }], [{ subnet: '10.1.2.0/24' }]), miss: hl([{ subnet: '10.1.0.0/16' }], [{ subnet: '10.2.0.0/16' }]) },
  { code: 'CNI417', hit: ipam({ subnet: '10.1.0.0/16' }), miss: hl([{ subnet: '10.1.0.0/16' }]) },
  { code: 'CNI418', hit: hl([]), miss: hl([{ subnet: '10.1.0.0/16' }]) },
  { code: 'CNI419', hit: hl([{ subnet: '10.1.0.0/24', gateway: '10.1.0.10', rangeStart: '10.1.0.10', rangeEnd: '10.1.0.10' }]), miss: hl([{ subnet: '10.1.0.0/24', gateway: '10.1.0.10', rangeStart: '10.1.0.10', rangeEnd: '10.1.0.11' }]), says: 'no IP addresses available' },
  { code: 'CNI420', hit: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.0.0.5/24', gateway: 'fd00::1' }] } })]), miss: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.0.0.5/24', gateway: '10.0.0.1' }] } })]) },
  { code: 'CNI421', hit: list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.53.0.0/24' }], [{ subnet: 'fd00:53::/64' }], [{ subnet: '10.54.0.0/24' }]] } })], { cniVersion: '0.2.0' }), miss: list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.53.0.0/24' }], [{ subnet: 'fd00:53::/64' }]] } })], { cniVersion: '0.2.0' }), says: 'host-local with 2 IPv4 range sets fails ADD ("CNI version 0.2.0 does not support more than 1 address per family")' },
  { code: 'CNI421', hit: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.0.0.5/24' }, { address: '10.0.1.5/24' }] } })], { cniVersion: '0.2.0' }), miss: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.0.0.5/24' }, { address: '10.0.1.5/24' }] } })], { cniVersion: '0.3.1' }) },
  // The kernel refuses an address twice (Debian's 1.1.1 in the lab: "file exists"); IPv4 with another prefix length is another address.
  { code: 'CNI422', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.92.1.5/24', gateway: '10.92.1.1' }, { address: '10.92.1.5/24' }] } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.92.1.5/24' }, { address: '10.92.1.5/25' }, { address: 'fd00::5/64' }] } }]), says: 'file exists' },
  { code: 'CNI422', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: 'fd00::5/64' }, { address: 'fd00:0::5/80' }] } }]), miss: list([{ type: 'tuning' }]), says: 'whatever the prefix length' },
  { code: 'CNI439', hit: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', args: { cni: { ips: ['10.77.43.1'] } }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.77.43.0/24' }]] } }] }, miss: { cniVersion: '1.0.0', name: 'n', plugins: [{ type: 'ptp', args: { cni: { ips: ['10.77.43.9'] } }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.77.43.0/24' }]] } }] }, says: "requested ip 10.77.43.1 is subnet's gateway" },
  { code: 'CNI437', hit: hl([{ subnet: '::ffff:10.77.42.0/120' }]), miss: hl([{ subnet: '10.77.42.0/24', rangeStart: '::ffff:10.77.42.10', gateway: '::ffff:10.77.42.1' }]), says: 'IPNet IP and Mask version mismatch' },
  { code: 'CNI438', hit: hl([{ subnet: '0.0.0.0/24' }]), miss: hl([{ subnet: '1.0.0.0/24' }]), profile: { libcni: '1.1.2', plugins: '1.1.1' }, says: 'no IP addresses available in range set: ?01-0.0.0.254' },
  { code: 'CNI423', hit: hl([{ subnet: '10.77.43.0/24', rangeStart: '10.77.43.255' }]), miss: hl([{ subnet: '10.77.43.0/24', rangeStart: '10.77.43.254' }]), says: 'the first container gets 10.77.43.255, and each later one an address past the subnet (10.77.44.0, 10.77.44.1, …)' },
  { code: 'CNI424', hit: hl([{ subnet: '10.77.44.0/24', rangeStart: '10.77.44.0', rangeEnd: '10.77.44.9' }]), miss: hl([{ subnet: '10.77.44.0/24', rangeStart: '10.77.44.0', gateway: '10.77.44.0' }]), says: 'rangeStart 10.77.44.0 is the network address of 10.77.44.0/24' },
  { code: 'CNI425', hit: list([bridge({ ipam: { type: 'static' } })]), miss: list([bridge({ capabilities: { ips: true }, ipam: { type: 'static' } })]), says: '("IPAM plugin returned missing IP config")' },
  { code: 'CNI405', hit: list([bridge({ IPAM: { type: 'host-local', ranges: [[{ subnet: '10.61.20.0/24' }]] }, ipam: null })]), miss: list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.61.20.0/24' }]] }, IPAM: null })]), says: '("IPAM config missing \'ipam\' key")' },
  { code: 'CNI313', hit: list([bridge(), { type: 'tuning', sysctl: null, args: { cni: { sysctl: { 'net.ipv4.conf.eth0.forwarding': '1' } } } }]), miss: list([bridge(), { type: 'tuning', sysctl: {}, args: { cni: { sysctl: { 'net.ipv4.conf.eth0.forwarding': '1' } } } }]), says: 'assignment to entry in nil map' },
  { code: 'CNI642', hit: list([bridge({ ipam: { type: 'static', addresses: [{ address: '::ffff:10.77.19.5/95', gateway: '10.77.19.1' }] } })]), miss: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.77.19.5/24', gateway: '10.77.19.1' }] } })]), says: '("Failed to find Gateway 10.77.19.1 for interface …")' },
  { code: 'CNI436', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.77.27.0/24' }]], routes: [{ dst: '10.1.2.3/0' }] } }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.77.27.0/24' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '10.99.0.0/16' }] } }]), says: "failed to add route '{10.1.2.3 00000000} via 10.77.27.1 dev …': invalid argument" },
  { code: 'CNI435', hit: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.79.2.5/24', gateway: '10.79.2.1' }, { address: '10.79.2.6/24', gateway: '10.79.2.1' }] } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.79.2.5/24', gateway: '10.79.2.1' }, { address: '10.79.2.6/24', gateway: '10.79.2.1' }] } }]), says: 'file exists' },
  // Debian's 1.1.1 in the lab (an outside tester): sbr after plugins without IPAM, vrfname lo, ipvlan chained after ptp (run by hand).
  { code: 'CNI631', hit: list([{ type: 'macvlan', master: 'eth0' }, { type: 'sbr' }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'dhcp' } }, { type: 'sbr' }]), says: 'No IP addresses supplied' },
  { code: 'CNI631', hit: list([{ type: 'bridge' }, { type: 'tuning' }, { type: 'sbr' }]), miss: list([{ type: 'my-cni' }, { type: 'sbr' }]) },
  { code: 'CNI632', hit: list([bridge(), { type: 'vrf', vrfname: 'lo' }]), miss: list([bridge(), { type: 'vrf', vrfname: 'blue' }]), says: 'Netlink lo is not a VRF' },
  { code: 'CNI633', hit: list([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.81.1.0/24' } }, { type: 'ipvlan' }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', subnet: '10.81.1.0/24' } }, { type: 'ipvlan', master: 'eth1' }]), says: 'lists 2 (ptp)' },
  // After a reference interface plugin the one interface is the container's own (an outside tester ran it on Debian's 1.1.1).
  { code: 'CNI633', hit: list([{ type: 'macvlan', master: 'eth1', ipam: { type: 'host-local', subnet: '10.81.1.0/24' } }, { type: 'ipvlan' }]), miss: list([{ type: 'some-host-nic' }, { type: 'ipvlan' }]), says: 'failed to lookup master "eth0": Link not found' },
  { code: 'CNI634', hit: list([{ type: 'macvlan', master: 'eth1', mode: 'passthru', mac: '02:00:00:00:00:09' }]), miss: list([{ type: 'macvlan', master: 'eth1', mode: 'bridge', mac: '02:00:00:00:00:09' }]), says: 'takes its master\'s MAC' },
  { code: 'CNI634', hit: list([{ type: 'macvlan', master: 'eth1', mode: 'passthru', capabilities: { mac: true } }]), miss: list([{ type: 'macvlan', master: 'eth1', mode: 'passthru' }]), says: 'runtime\'s mac' },
  // The outside tester's configs against Debian's 1.1.1: a second IPv4 gateway is refused (bridge.go ensureAddr).
  // Go prints the route's destination as a struct (Debian's 1.1.1: "failed to add route '{0.0.0.0 00000000000000000000ffff00000000} via 10.200.71.1 dev eth0': file exists").
  { code: 'CNI434', hit: list([bridge({ isDefaultGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.200.71.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] } })]), miss: list([bridge({ isDefaultGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.200.71.0/24' }]] } })]), says: "failed to add route '{0.0.0.0 00000000000000000000ffff00000000} via 10.200.71.1 dev …': file exists", profile: DEBIAN },
  { code: 'CNI434', hit: list([bridge({ isDefaultGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:13::5/64' }], routes: [{ dst: '::/0' }] } })]), miss: list([bridge({ isDefaultGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:13::5/64' }] } })]), says: "'{:: 00000000000000000000000000000000} via fd00:13::1 dev … metric … (Scope: …, Table: …)': file exists" },
  { code: 'CNI431', hit: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '10.9.0.0/16' }, { dst: '10.9.1.0/16', gw: '10.1.0.1' }] }), miss: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '10.9.0.0/16' }] }), says: "failed to add route '{10.9.1.0 ffff0000} via 10.1.0.1 dev …': file exists", profile: DEBIAN },
  { code: 'CNI635', hit: list([bridge({ bridge: 'qa2brf2', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.200.23.0/24' }], [{ subnet: '10.200.24.0/24' }], [{ subnet: 'fd00:200:24::/64' }]] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.200.23.0/24' }], [{ subnet: 'fd00:200:23::/64' }], [{ subnet: 'fd00:200:24::/64' }]] } })]), says: 'failed to set bridge addr: "qa2brf2" already has an IP address different from 10.200.24.1/24' },
  { code: 'CNI635', hit: list([bridge({ isGateway: true, forceAddress: true, ipam: { type: 'static', addresses: [{ address: '10.200.23.5/24' }, { address: '10.200.24.5/24' }] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'static', addresses: [{ address: '10.200.23.5/24' }, { address: '10.200.23.6/24' }] } })]), says: 'forceAddress replaces 10.200.23.1/24 with 10.200.24.1/24' },
  // IPv6: refused only when one's network holds the other's gateway.
  { code: 'CNI635', hit: list([bridge({ isGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:5::5/64', gateway: 'fd00:5::1' }, { address: 'fd00:5::6/64', gateway: 'fd00:5::2' }] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:5::5/64' }, { address: 'fd00:6::6/64' }] } })]), says: 'different from fd00:5::2/64' },
  { code: 'CNI636', hit: list([bridge({ ipMasq: true, ipam: { type: 'static', addresses: [{ address: '10.201.1.5/24', gateway: '10.201.1.1' }, { address: '10.201.2.5/24', gateway: '10.201.2.1' }] } })]), miss: list([bridge({ ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.201.1.0/24' }], [{ subnet: 'fd00:201::/64' }]] } })]), says: 'leaves the second address\'s rule and the empty chain', profile: DEBIAN },
  // ptp before 1.7.0 returns only the last address's teardown, which succeeds.
  { code: 'CNI636', hit: list([{ type: 'ptp', ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.201.1.0/24' }], [{ subnet: '10.201.2.0/24' }]] } }]), miss: list([{ type: 'ptp', ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.201.1.0/24' }], [{ subnet: '10.201.2.0/24' }]] } }]), profile: at('1.7.0'), missProfile: DEBIAN },
  { code: 'CNI637', hit: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.201.3.0/24' }]], routes: [{ dst: '10.61.0.0/16' }] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.201.3.0/24' }]], routes: [{ dst: '0.0.0.0/0' }, { dst: '10.61.0.0/16', gw: '10.201.3.1' }] } })]), says: 'Expected Route {Dst:{IP:10.61.0.0 Mask:ffff0000} GW:<nil>} not found in routing table', profile: DEBIAN },
  // No gateway for the family: the route goes in without one, and CHECK finds it.
  { code: 'CNI637', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: 'fd00:7::5/64', gateway: 'fd00:7::1' }], routes: [{ dst: 'fd00:61::/48' }] } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.201.4.5/24' }], routes: [{ dst: '10.61.0.0/16' }] } }]), says: 'Mask:ffffffffffff00000000000000000000} GW:<nil> MTU:0 AdvMSS:0 Priority:0 Table:<nil> Scope:<nil>}' },
  // The first address of the family that has a gateway gives it, as ipam.ConfigureIface takes it.
  { code: 'CNI637', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.201.4.5/24' }, { address: '10.201.5.5/24', gateway: '10.201.5.1' }], routes: [{ dst: '10.61.0.0/16' }] } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.201.4.5/24' }, { address: '10.201.5.5/24' }], routes: [{ dst: '10.61.0.0/16' }] } }]), says: 'via the gateway 10.201.5.1' },
  { code: 'CNI662', hit: list([bridge({ bridge: 'cni-podman8', isGateway: false })]), miss: list([bridge({ isGateway: true })]), says: "Bridge interface cni-podman8 Mac doesn't match" },
  { code: 'CNI662', hit: list([bridge({ isgateway: false })]), miss: list([bridge({ isDefaultGateway: true })]), says: 'MAC of cni0' },
  { code: 'CNI662', hit: list([bridge()]), miss: list([bridge()], { cniVersion: '0.3.1' }) },
  { code: 'CNI638', hit: list([{ type: 'bridge', bridge: 'qa3br0' }]), miss: list([bridge()]), says: 'no plugin name provided' },
  { code: 'CNI638', hit: list([{ type: 'bridge', ipam: {} }]), miss: list([{ type: 'bridge', ipam: {} }], { cniVersion: '0.3.1' }) },
  { code: 'CNI641', hit: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.eth0.arp_filter': '08' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.eth0.arp_filter': '0', 'net.core.somaxconn': '0500', 'net.ipv4.ip_local_port_range': '32768\t60999' } }]), says: '8 is no digit, and refuses the write: tuning\'s ADD fails ("write /proc/sys/net/ipv4/conf/eth0/arp_filter: invalid argument")' },
  { code: 'CNI639', hit: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.eth0.forwarding': 'yes' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.conf.eth0.forwarding': '1', 'net.ipv6.conf.eth0.stable_secret': 'fd00::1', 'net.core.somaxconn': 'x' } }]), says: 'write /proc/sys/net/ipv4/conf/eth0/forwarding: invalid argument' },
  { code: 'CNI640', hit: list([bridge({ isGateway: true, ipam: { type: 'static', addresses: [{ address: '10.200.54.1/24' }] } })]), miss: list([bridge({ ipam: { type: 'static', addresses: [{ address: '10.200.54.1/24' }] } })]), says: 'the first address of its network' },
  { code: 'CNI430', hit: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '0.0.0.0/0', gw: 'fd00::1' }] }), miss: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '0.0.0.0/0', gw: '10.1.0.1' }] }) },
  { code: 'CNI431', hit: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '10.9.0.0/16' }, { dst: '10.9.1.0/16', gw: '10.1.0.1' }] }), miss: ipam({ ranges: [[{ subnet: '10.1.0.0/16' }]], routes: [{ dst: '10.9.0.0/16' }, { dst: '10.9.0.0/24' }] }), says: 'file exists' },
  // Through another gateway both go in (RouteAddEcmp): macvlan with two default routes ran in the lab with Debian's 1.1.1.
  { code: 'CNI431', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.92.2.5/24', gateway: '10.92.2.1' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '0.0.0.0/0', gw: '10.92.2.1' }] } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'static', addresses: [{ address: '10.92.2.5/24', gateway: '10.92.2.1' }], routes: [{ dst: '0.0.0.0/0' }, { dst: '0.0.0.0/0', gw: '10.92.2.2' }] } }]), says: 'via 10.92.2.1 again' },
  // ptp routes its address's network and its gateway itself, after the IPAM routes (host-local's README example with ptp; Debian's 1.1.1 in the lab).
  { code: 'CNI433', hit: list([{ type: 'ptp', ipam: { type: 'host-local', subnet: '3ffe:ffff:0:01ff::/64', routes: [{ dst: '3ffe:ffff:0:01ff::1/64' }] } }]), miss: list([{ type: 'bridge', ipam: { type: 'host-local', subnet: '3ffe:ffff:0:01ff::/64', routes: [{ dst: '3ffe:ffff:0:01ff::1/64' }] } }]), says: 'file exists' },
  { code: 'CNI433', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.11.0/24' }]], routes: [{ dst: '10.1.11.1/32' }] } }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.11.0/24' }]], routes: [{ dst: '10.1.11.0/25' }, { dst: '10.1.11.2/32' }] } }]), says: 'host route to the gateway 10.1.11.1' },
  { code: 'CNI433', hit: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.1.12.5/24', gateway: '10.1.12.1' }], routes: [{ dst: '10.1.12.0/24' }] } }]), miss: list([{ type: 'ptp', capabilities: { ips: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.12.0/24' }]], routes: [{ dst: '10.1.12.0/24' }] } }]) },
  // bridge counts only a default route with a gw as present (bridge.go calcGateways); Debian's 1.1.1 in the lab: "file exists".
  { code: 'CNI434', hit: list([bridge({ isDefaultGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.13.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] } })]), miss: list([bridge({ isDefaultGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.13.0/24' }]], routes: [{ dst: '0.0.0.0/0', gw: '10.1.13.1' }, { dst: '::/0' }] } })]), says: 'file exists' },
  { code: 'CNI434', hit: list([bridge({ isDefaultGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:13::5/64' }], routes: [{ dst: '::/0' }] } })]), miss: list([bridge({ ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.13.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] } })]) },
  { code: 'CNI432', hit: ipam({ ranges: [[{ subnet: '10.10.0.0/24' }]], routes: [{ dst: '192.168.0.0/16', gw: '10.10.5.1' }] }), miss: ipam({ ranges: [[{ subnet: '10.10.0.0/24' }]], routes: [{ dst: '192.168.0.0/16', gw: '10.10.0.5' }] }), says: 'network is unreachable' },
  { code: 'CNI440', hit: list([bridge({ dns: { nameservers: ['dns.example'] } })]), miss: list([bridge({ dns: { nameservers: ['10.96.0.10'] } })]) },
  { code: 'CNI500', hit: list([bridge(), { type: 'portmap', capabilities: { portMappings: 'true' } }]), miss: list([bridge(), portmap()]) },
  { code: 'CNI501', hit: list([bridge(), { type: 'portmap', capabilities: { portmappings: true } }]), miss: list([bridge(), portmap()]), says: 'Did you mean "portMappings"' },
  { code: 'CNI502', hit: list([bridge({ capabilities: { portMappings: true } })]), miss: list([bridge({ capabilities: { mac: true, ips: true } })]) },
  { code: 'CNI504', hit: list([bridge(), { ...portmap(), runtimeConfig: { portMappings: [] } }]), miss: list([bridge(), portmap()]) },
  { code: 'CNI505', hit: list([bridge({ prevResult: { cniVersion: '1.0.0' } })]), miss: list([bridge()]) },
  { code: 'CNI506', hit: list([bridge({ 'cni.dev/attachments': [] })]), miss: list([bridge()]) },
  { code: 'CNI507', hit: list([bridge({ args: { cni: { ips: ['10.22.0.5'] } } })]), miss: list([bridge()]) },
  { code: 'CNI600', hit: list([bridge({ hairpinMode: true, promiscMode: true })]), miss: list([bridge({ hairpinMode: true, promiscMode: false })]) },
  { code: 'CNI601', hit: list([bridge({ vlanTrunk: [{ minID: 200, maxID: 100 }] })]), miss: list([bridge({ vlanTrunk: [{ minID: 100, maxID: 200 }, { id: 5 }] })]) },
  { code: 'CNI602', hit: list([bridge({ disableContainerInterface: true })]), miss: list([bridge({ disableContainerInterface: true, ipam: {} })]) },
  { code: 'CNI603', hit: list([{ type: 'host-device' }]), miss: list([{ type: 'host-device', device: 'eth1' }]) },
  { code: 'CNI604', hit: list([bridge(), { ...portmap(), markMasqBit: 13, externalSetMarkChain: 'KUBE-MARK-MASQ' }]), miss: list([bridge(), { ...portmap(), externalSetMarkChain: 'KUBE-MARK-MASQ' }]) },
  { code: 'CNI605', hit: list([bridge(), { ...portmap(), backend: 'nftables', conditionsV4: ['-s', '10.0.0.0/8'] }]), miss: list([bridge(), { ...portmap(), backend: 'nftables', conditionsV4: ['ip', 'saddr', '10.0.0.0/8'] }]) },
  // portmap 1.6.0 on tells a conditions list's backend by its first word; with none given it takes iptables where the host has it.
  { code: 'CNI628', hit: list([bridge(), { ...portmap(), conditionsV4: ['ip', 'daddr', '!=', '192.0.2.0/24'] }]), miss: list([bridge(), { ...portmap(), backend: 'nftables', conditionsV4: ['ip', 'daddr', '!=', '192.0.2.0/24'] }]), says: 'iptables backend was requested but configuration contains nftables-specific options [conditionsV4]' },
  // Before 1.6.0 the conditions go to iptables as written: only nftables words fail, and only with port mappings (a warning).
  { code: 'CNI629', hit: list([bridge(), { ...portmap(), conditionsV4: ['ip', 'daddr', '!=', '192.0.2.0/24'] }]), miss: list([bridge(), { ...portmap(), conditionsV4: ['!', '-d', '192.0.2.0/24'] }]), says: 'Bad argument', profile: DEBIAN },
  { code: 'CNI630', hit: list([bridge(), { ...portmap(), externalSetMarkChain: 'KUBE-MARK-MASQ' }]), miss: list([bridge(), portmap()]), says: "Chain 'KUBE-MARK-MASQ' does not exist" },
  { code: 'CNI606', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000 }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }]) },
  // The config's own burst is the schema's (CNI206, once); a runtimeConfig written in the file reaches bandwidth as written.
  { code: 'CNI607', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', runtimeConfig: { bandwidth: { ingressRate: 1000000, ingressBurst: 34359738360 } } }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', runtimeConfig: { bandwidth: { ingressRate: 1000000, ingressBurst: 34359738359 } } }]) },
  { code: 'CNI608', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 1000, ingressBurst: 1000, capabilities: { bandwidth: true } }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true } }]) },
  { code: 'CNI609', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true } }]) },
  // A runtimeConfig written in the file reaches bandwidth as written when libcni injects nothing (plugins' integration test chained-ptp-bandwidth, which shapes).
  { code: 'CNI609', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { portMappings: true }, runtimeConfig: { bandwidth: { ingressRate: 800, ingressBurst: 200 } } }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', runtimeConfig: { bandWidth: { ingressRate: 800, ingressBurst: 200, egressRate: 800, egressBurst: 200 } } }]) },
  { code: 'CNI606', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', runtimeConfig: { bandwidth: { egressRate: 800 } } }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true }, runtimeConfig: { bandwidth: { egressRate: 800, egressBurst: 8000 } } }]), says: 'runtimeConfig.bandwidth: egressRate is set without egressBurst' },
  { code: 'CNI610', hit: list([bridge(), { type: 'tuning', sysctl: { 'kernel.shmmax': '1' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '500', 'net/ipv4/conf/IFNAME/arp_filter': '1' } }]) },
  { code: 'CNI615', hit: list([bridge(), { type: 'tuning', sysctl: { 'net/../kernel/core_pattern': '|/tmp/x' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net/ipv4/conf/eth0/rp_filter': '1', 'net.ipv4.conf.IFNAME.arp_filter': '1' } }]), says: 'open /proc/sys/net/kernel/core_pattern: no such file or directory' },
  { code: 'CNI616', hit: list([{ type: 'macvlan', master: 'eth0 ', ipam: hostLocal() }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: hostLocal() }]), says: 'Link not found' },
  { code: 'CNI617', hit: list([bridge({ vlan: 10, vlanTrunk: [{ id: 20 }] })]), miss: list([bridge({ vlan: 10, vlanTrunk: [{ id: 20 }] })]), says: 'cannot set vlan and vlanTrunk at the same time', profile: at('1.7.1'), missProfile: at('1.8.0') },
  { code: 'CNI618', hit: list([bridge({ vlan: 100 })]), miss: list([bridge({ vlan: 100, preserveDefaultVlan: false })]), says: 'bridge 1.9.1 takes "preserveDefaultVlan" as false' },
  { code: 'CNI619', hit: list([bridge({ mtu: 67 })]), miss: list([bridge({ mtu: 68 }), { type: 'tuning', mtu: 0 }]), says: 'below 68' },
  { code: 'CNI620', hit: list([{ type: 'ptp', mtu: 1279, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00:1::/64' }]] } }]), miss: list([{ type: 'ptp', mtu: 1279, ipam: hostLocal() }, { type: 'tuning', mtu: 1000 }]), says: 'fd00:1::/64' },
  { code: 'CNI621', hit: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24' }] } }]), miss: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24', gateway: '10.1.0.1' }, { address: 'fd00:1::5/64', gateway: 'fd00:1::1' }] } }]), says: 'numerical result out of range' },
  { code: 'CNI314', hit: list([{ type: 'loopback' }, { type: 'tuning', mac: '02:00:00:00:00:19' }]), miss: list([{ type: 'loopback' }, bridge(), { type: 'tuning', mac: '02:00:00:00:00:19' }]), says: 'ADD fails ("failed to get "eth0": Link not found")' },
  { code: 'CNI314', hit: list([{ type: 'loopback' }, { type: 'tuning', sysctl: { 'net.ipv4.ip_forward': '1' } }]), miss: { cniVersion: '0.3.1', name: 'n', plugins: [{ type: 'loopback' }, { type: 'tuning', sysctl: { 'net.ipv4.ip_forward': '1' } }] }, says: 'every CHECK fails ("Cannot find container link eth0")' },
  { code: 'CNI645', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00:1::/64' }]] } }, { type: 'tuning', sysctl: { 'net.ipv6.conf.eth0.disable_ipv6': '1' } }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', sysctl: { 'net.ipv6.conf.eth0.disable_ipv6': '1' } }]), says: 'Failed to match addr' },
  { code: 'CNI645', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00:1::/64' }]] } }, { type: 'tuning', sysctl: { 'net/ipv6/conf/all/disable_ipv6': '1' } }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }], [{ subnet: 'fd00:1::/64' }]] } }, { type: 'tuning', sysctl: { 'net.ipv6.conf.default.disable_ipv6': '1', 'net.ipv6.conf.eth0.disable_ipv6': '0' } }]), says: 'every link of the container' },
  { code: 'CNI646', hit: list([bridge(), { type: 'tuning', sysctl: { 'net.core.rmem_max': '1000000' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '1024', 'net.ipv4.neigh.eth0.gc_stale_time': '60' } }]), says: '("open /proc/sys/net/core/rmem_max: permission denied")' },
  { code: 'CNI646', hit: list([bridge(), { type: 'tuning', sysctl: { 'net/ipv4/neigh/default/gc_thresh1': '100', 'net.netfilter.nf_conntrack_max': '1000' } }]), miss: list([bridge(), { type: 'tuning', sysctl: { 'net.ipv4.tcp_congestion_control': 'reno' } }]), says: '("open /proc/sys/net/ipv4/neigh/default/gc_thresh1: no such file or directory")' },
  { code: 'CNI647', hit: list([bridge(), { ...portmap(), conditionsV4: ['-s 10.0.0.0/8'] }]), miss: list([bridge(), { ...portmap(), conditionsV4: ['-s', '10.0.0.0/8', '-m', 'comment', '--comment', 'two words'] }]), says: 'Write each as its own item: ["-s","10.0.0.0/8"]' },
  { code: 'CNI616', hit: list([bridge({ bridge: 't5brüüüüüüüü' })]), miss: list([bridge({ bridge: 't5brüüüüü' })]), says: 'at most 15 bytes, and this one has 20. bridge cannot create it, and ADD fails ("numerical result out of range")' },
  { code: 'CNI616', hit: list([bridge({ bridge: 'all' }), { type: 'macvlan', master: 'eth%d', ipam: hostLocal() }]), miss: list([bridge({ bridge: 'all0' })]), says: '/proc/sys/net/ipv4/conf/all' },
  { code: 'CNI648', hit: list([bridge({ bridge: 'lo' })]), miss: list([bridge({ bridge: 'lo0' })]), says: 'already exists but is not a bridge' },
  { code: 'CNI649', hit: list([bridge({ mtu: -1 }), { type: 'ptp', mtu: -5000, ipam: hostLocal() }]), miss: list([bridge({ mtu: 0 }), { type: 'macvlan', master: 'eth0', mtu: -1, ipam: hostLocal() }]), says: 'mtu -1 is negative' },
  { code: 'CNI414', hit: list([bridge({ isGateway: false, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.171.0/24', gateway: '10.99.172.1' }]] } })]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.171.0/24', gateway: '10.99.172.1' }]] } }]) },
  { code: 'CNI637', hit: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.193.0/24' }]], routes: [{ dst: '192.0.2.0/24' }] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.193.0/24' }]], routes: [{ dst: '10.99.193.0/24' }] } })]) },
  { code: 'CNI650', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.177.0/24', gateway: '10.99.177.255' }]] } }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.177.0/24', gateway: '10.99.177.254' }]] } }]), says: '("failed to add route … 10.99.177.255 …: invalid argument")' },
  { code: 'CNI650', hit: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.48.0/24', gateway: '10.99.48.255' }]] } })]), miss: list([bridge({ isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.99.48.0/31', gateway: '10.99.48.1' }]] } })]), says: 'bridge puts the broadcast address on the bridge' },
  { code: 'CNI207', hit: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80 }] } }]), miss: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'udp' }] } }]), says: 'unknown protocol' },
  { code: 'CNI208', hit: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp', hostIP: 'bogus' }] } }]), miss: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp', hostIP: '' }, { hostPort: 18081, containerPort: 80, protocol: 'tcp', hostIP: 'fd00::1' }] } }]), says: 'the mapping forwards nothing' },
  { code: 'CNI309', hit: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }] } }]), miss: list([bridge(), { type: 'portmap' }]), profile: DEBIAN, missProfile: DEBIAN },
  { code: 'CNI651', hit: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }, { hostPort: 18080, containerPort: 81, protocol: 'tcp' }] } }]), miss: list([bridge(), { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'tcp' }, { hostPort: 18080, containerPort: 80, protocol: 'udp' }] } }]), says: 'portMappings[0] has it' },
  { code: 'CNI626', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 8000000, ingressBurst: 2199023256 }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', ingressRate: 8000000, ingressBurst: 2199023248 }, { type: 'bandwidth', egressRate: 8000000, egressBurst: 2199023264 }]), says: '4294967296.875 ticks' },
  { code: 'CNI643', hit: list([{ type: 'host-device', device: 'hd0', dpdkMode: true, ipam: hostLocal() }]), miss: list([{ type: 'host-device', device: 'hd0', DPDKMode: false }, { type: 'host-device', pciBusID: '0000:04:00.5', DPDKMode: true }]), says: 'the container gets no interface' },
  { code: 'CNI644', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'A-VERY-LONG-ADMIN-CHAIN-NAME9' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'A-VERY-LONG-ADMIN-CHAIN-NAME' }, { type: 'firewall', backend: 'firewalld', iptablesAdminChainName: '-abc' }]), says: "too long (must be under 29 chars)" },
  { code: 'CNI644', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'CNI-FORWARD' }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'FORWARD' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'PREROUTING' }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'CNI-FORWARD2' }]), says: 'here CNI-FORWARD itself: the jump makes a loop: ADD fails' },
  { code: 'CNI644', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', iptablesAdminChainName: 'ACCEPT' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', iptablesAdminChainName: 'abc!' }]), says: 'may not clash with target name' },
  { code: 'CNI626', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', egressRate: 1099511627776, egressBurst: 1000000 }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', egressRate: 8, egressBurst: 8 }]), says: 'create qdisc: invalid argument' },
  { code: 'CNI627', hit: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/32', gateway: '10.1.0.1' }] } }]), miss: list([{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24', gateway: '10.1.0.1' }] } }]), says: 'no such process' },
  { code: 'CNI622', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', mac: '01:00:5e:00:00:01' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', mac: '02:00:5e:00:00:01' }]), says: 'multicast' },
  { code: 'CNI623', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr', table: 200 }]), says: 'Failed to find Gateway' },
  { code: 'CNI624', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', mac: '02-00-5E-00-00-01' }]), miss: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'tuning', mac: '02:00:5e:00:00:01' }]), says: '"02:00:5e:00:00:01"' },
  { code: 'CNI625', hit: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00:1::/64' }]] } }, { type: 'tuning', mtu: 1279 }]), miss: list([{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: 'fd00:1::/64' }]] } }, { type: 'tuning', mtu: 1280 }]), says: 'removes it' },
  { code: 'CNI611', hit: '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"type": "tuning", "sysctl": {"net.core.somaxconn": "500", "net.core.somaxconn": "1024"}}]}', miss: JSON.stringify(list([bridge(), { type: 'tuning', sysctl: { 'net.core.somaxconn': '500' } }])) },
  { code: 'CNI612', hit: list([{ type: 'ptp', ipam: hostLocal() }, { type: 'firewall', ingressPolicy: 'isolated' }]), miss: list([bridge(), { type: 'firewall', ingressPolicy: 'isolated' }]) },
  { code: 'CNI613', hit: list([{ type: 'macvlan', master: 'eth0', ipam: { type: 'dhcp' } }]), miss: list([{ type: 'macvlan', master: 'eth0', ipam: hostLocal() }]), says: 'and DEL too' },
  { code: 'CNI614', hit: list([bridge(), { type: 'portmap' }]), miss: list([bridge(), portmap()]) },
  { code: 'CNI014', hit: '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"type": "bandwidth", "ingressRate": 18446744073709551615, "ingressBurst": 100000}]}', miss: '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge"}, {"type": "bandwidth", "ingressRate": 9007199254740992, "ingressBurst": 100000}]}', says: 'the plugin gets 18446744073709552000' },
  { code: 'CNI013', hit: '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "x": 1e400}]}', miss: '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "x": 1e300, "y": 1e-400}]}' },
];

// Conf-directory codes are produced by analyzeConfDir and tested with it.
// CNI012 is the command line's (an unexpected failure while checking one file): src/cli/lint-files.test.ts.
// The rules across NADs (CNI800…) compare several objects: validate/cross-nad.test.ts.
const TESTED_ELSEWHERE = new Set(['CNI012', 'CNI800', 'CNI801', 'CNI802', 'CNI803', 'CNI804', 'CNI805', 'CNI700', 'CNI701', 'CNI702', 'CNI703', 'CNI704', 'CNI705', 'CNI706', 'CNI707']);

const run = (input: JsonValue | string, fileName?: string, profile?: RuntimeProfile) => validator.validate(input as JsonValue, { ...(fileName ? { fileName } : {}), ...(profile ? { profile } : {}) });

describe('rule catalog', () => {
  it('has a hit-and-miss case for every documented code', () => {
    const covered = new Set(CASES.map((c) => c.code));
    const missing = RULE_DOCS.map((r) => r.code).filter((code) => !covered.has(code) && !TESTED_ELSEWHERE.has(code));
    expect(missing).toEqual([]);
  });
  it('documents every code with a why, an example and a fix', () => {
    for (const r of RULE_DOCS) {
      expect(r.why.length, r.code).toBeGreaterThan(20);
      expect(r.fix.length, r.code).toBeGreaterThan(5);
    }
  });
});

describe.each(CASES.map((c) => [c.code, c] as const))('%s', (code, c) => {
  it('hits', () => {
    const all = run(c.hit, c.fileName, c.profile);
    const found = all.filter((f) => f.code === code);
    expect(found.length, JSON.stringify(all.map((f) => `${f.code} ${f.message}`))).toBeGreaterThan(0);
    expect(RULES_BY_CODE.has(code)).toBe(true);
    for (const f of found) {
      expect(f.message).not.toMatch(/must match pattern|must NOT have|should be equal/);
      expect(f.severity).toBe(f.severity);
    }
    if (c.says) expect(found.map((f) => f.message).join('\n')).toContain(c.says);
  });
  it('does not hit', () => {
    const found = run(c.miss, c.fileName, c.missProfile ?? c.profile).filter((f) => f.code === code);
    expect(found.map((f) => f.message)).toEqual([]);
  });
});

describe('overlapping host-local subnets (CNI416)', () => {
  const overlaps = (value: JsonObject) => run(value).filter((f) => f.code === 'CNI416');
  it('reports each subnet that overlaps another once, on the later one, inside a set and across sets', () => {
    const found = overlaps(hl([{ subnet: '10.1.0.0/24' }, { subnet: '10.1.0.0/25' }], [{ subnet: 'fd00::/64' }], [{ subnet: '10.0.0.0/8' }], [{ subnet: '10.2.0.0/16' }], [{ subnet: 'fd00::/48' }]));
    expect(found.map((f) => [f.pointer, f.message])).toEqual([
      ['/plugins/0/ipam/ranges/0/1/subnet', 'Subnets 10.1.0.0/24 and 10.1.0.0/25 overlap inside range set 0: host-local refuses it.'],
      ['/plugins/0/ipam/ranges/2/0/subnet', 'Subnet 10.0.0.0/8 overlaps 10.1.0.0/24 of another range set: host-local refuses it ("range set … overlaps with …").'],
      ['/plugins/0/ipam/ranges/3/0/subnet', 'Subnet 10.2.0.0/16 overlaps 10.0.0.0/8 of another range set: host-local refuses it ("range set … overlaps with …").'],
      ['/plugins/0/ipam/ranges/4/0/subnet', 'Subnet fd00::/48 overlaps fd00::/64 of another range set: host-local refuses it ("range set … overlaps with …").'],
    ]);
  });
  it('reports one finding per subnet, not per pair: 2,000 copies of one subnet give 1,999', () => {
    expect(overlaps(hl(...Array.from({ length: 2000 }, () => [{ subnet: '10.9.0.0/16' }])))).toHaveLength(1999);
  });
});

describe('fixes', () => {
  it('apply cleanly and remove the finding they fix', () => {
    for (const c of CASES) {
      if (typeof c.hit === 'string') continue;
      for (const f of run(c.hit, undefined, c.profile).filter((x) => x.code === c.code && x.fix?.patch)) {
        const fixed = applyPatch(c.hit, f.fix!.patch!);
        const again = run(fixed, undefined, c.profile).filter((x) => x.code === c.code && x.pointer === f.pointer);
        expect(again.map((x) => x.message), `${c.code}: ${f.fix!.title}`).toEqual([]);
      }
    }
  });
  it('offer a bare plugin name for a path only when it ends in a plugin CNI Studio knows', () => {
    const fixOf = (type: string) => run(list([{ type }])).find((f) => f.code === 'CNI211')?.fix?.title;
    expect(fixOf('/opt/cni/bin/bridge')).toBe('Use "bridge"');
    expect(fixOf('../../bin/sh')).toBeUndefined();
    expect(fixOf('<b>bold</b>')).toBeUndefined();
  });
});

describe('findings carry positions', () => {
  it('points at the offending value with 1-based line and column', () => {
    const text = '{\n  "cniVersion": "1.0.0",\n  "name": "n",\n  "plugins": [\n    { "type": "bridge", "mtu": "1500" }\n  ]\n}\n';
    const f = validator.validate(text).find((x) => x.code === 'CNI202')!;
    expect(f).toMatchObject({ line: 5, column: 32, pointer: '/plugins/0/mtu', pluginIndex: 0 });
    expect(text.slice(f.range!.start, f.range!.end)).toBe('"1500"');
  });
  it('maps findings through case-insensitive keys back to what the user wrote', () => {
    const text = '{"cniVersion": "1.0.0", "name": "n", "plugins": [{"type": "bridge", "MTU": "9000"}]}';
    const fs = validator.validate(text);
    const typeError = fs.find((x) => x.code === 'CNI202')!;
    expect(typeError.pointer).toBe('/plugins/0/MTU');
    expect(text.slice(typeError.range!.start, typeError.range!.end)).toBe('"9000"');
    expect(typeError.fix!.patch![0]).toMatchObject({ op: 'replace', path: '/plugins/0/MTU', value: 9000 });
    expect(fs.find((x) => x.code === 'CNI204')!.fix!.patch![0]).toEqual({ op: 'rename', path: '/plugins/0/MTU', key: 'mtu' });
  });
});

describe('args.cni.ips in the file (CNI439, each seen with Debian 1.1.1)', () => {
  const found = (plugin: JsonObject, cniVersion = '1.0.0') => run({ cniVersion, name: 'n', plugins: [plugin] }).filter((f) => f.code === 'CNI439').map((f) => `${f.pointer} ${f.message}`);
  it("static's refusals: no prefix, and a second address of a family before spec 0.3.0", () => {
    expect(found({ type: 'bridge', args: { cni: { ips: ['10.1.0.7'] } }, ipam: { type: 'static' } })).toEqual([expect.stringContaining("/plugins/0/args/cni/ips static refuses the addresses args.cni.ips asks for: ADD fails (\"an entry in the 'ips' field is NOT in CIDR notation, got: '10.1.0.7'\")")]);
    const two = { type: 'bridge', args: { cni: { ips: ['10.1.0.7/24', '10.2.0.7/24'] } }, ipam: { type: 'static' } };
    expect(found(two, '0.2.0')).toEqual([expect.stringContaining('("CNI version 0.2.0 does not support more than 1 address per family")')]);
    expect(found(two, '0.3.1')).toEqual([]);
  });
  it('an address Go cannot decode fails DEL too; ptp under static loses its gateways', () => {
    expect(found({ type: 'bridge', args: { cni: { ips: ['10.1.0.300'] } }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.1.0.0/24' }]] } })).toEqual([expect.stringContaining('("invalid IP address 10.1.0.300"). It reads them with its config, so DEL fails too.')]);
    expect(found({ type: 'ptp', args: { cni: { ips: ['10.1.0.7/24'] } }, ipam: { type: 'static', addresses: [{ address: '10.1.0.5/24', gateway: '10.1.0.1' }] } })).toEqual([expect.stringContaining('without their gateways')]);
  });
});

describe('sbr\'s DEL (CNI656, seen with Debian 1.1.1)', () => {
  const found = (plugins: string) => run(list([{ type: 'ptp', ipam: hostLocal() }, { type: 'sbr' }]), undefined, at(plugins, '1.1.2')).filter((f) => f.code === 'CNI656').map((f) => `${f.severity} ${f.message}`);
  it('warns before 1.3.0 of the interface gone; notes from 1.3.0 on the namespace gone only', () => {
    expect(found('1.2.0')).toEqual([expect.stringMatching(/^warning sbr 1\.2\.0's DEL fails once the container's interface is gone/)]);
    expect(found('1.3.0')).toEqual([expect.stringMatching(/^info A DEL after the container's namespace is gone fails/)]);
  });
});

describe('a port mapping protocol in capitals (an outside tester\'s run on Debian 1.1.1: "TCP" forwards)', () => {
  it('is a note, not an error: iptables reads it as tcp', () => {
    const found = run(list([{ type: 'ptp', ipam: hostLocal() }, { type: 'portmap', runtimeConfig: { portMappings: [{ hostPort: 18080, containerPort: 80, protocol: 'TCP' }, { hostPort: 18081, containerPort: 80, protocol: 'tcpx' }] } }])).filter((f) => f.code === 'CNI205');
    expect(found.map((f) => `${f.severity} ${f.message}`).sort()).toEqual([expect.stringMatching(/^error .*"tcpx" is not/), expect.stringMatching(/^info runtimeConfig\.portMappings\[0\]\.protocol "TCP": iptables reads it as tcp/)]);
  });
});

describe('CNI608 for limits that are all 0 (an outside tester\'s wording)', () => {
  it('says the keys alone hide the runtime\'s limits, not that there are limits', () => {
    const found = (extra: JsonObject) => run(list([{ type: 'ptp', ipam: hostLocal() }, { type: 'bandwidth', capabilities: { bandwidth: true }, ...extra }])).filter((f) => f.code === 'CNI608').map((f) => f.message);
    expect(found({ egressRate: 0, egressBurst: 0 })).toEqual([expect.stringContaining('limits of its own, all 0 here')]);
    expect(found({ egressRate: 1000000, egressBurst: 1000000 })).toEqual([expect.stringContaining('bandwidth has static limits')]);
  });
});

describe('a typo beside the key it means (an outside tester: the rename replaced the user\'s value)', () => {
  it('offers to remove the typo, not to rename it over the key that runs', () => {
    const found = run(list([bridge({ isGatway: true, isGateway: false })])).filter((f) => f.code === 'CNI203');
    expect(found.map((f) => f.fix?.title)).toEqual(['Remove "isGatway"']);
    expect(found[0]!.message).toContain('"isGateway" is there too, and is the one read.');
    const alone = run(list([bridge({ isGatway: true })])).filter((f) => f.code === 'CNI203');
    expect(alone.map((f) => f.fix?.title)).toEqual(['Rename to "isGateway"']);
  });
});
