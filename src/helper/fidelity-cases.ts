// The fidelity cases: published configs and the defects users hit, each with what the real plugins do with
// it. fidelity.test.ts runs them through the lab (its own libcni walk); bench/libcni through real libcni
// (cnitool built from a libcni tag), so the lab's walk is measured too, not only the validator and preview.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECK_BREAKERS as CORE_CHECK_BREAKERS, libcniLoadText, versionAtLeast, type JsonObject, type RuntimeProfile } from '../core';
import { REAL_FIXTURES as REAL } from '../node/fixtures';

/** host-local's leases of every case: emptied before and after a run, so the first address is the first. */
export const FIDELITY_IPAM = '/tmp/cnistudio-fidelity-ipam';
const IPAM = FIDELITY_IPAM;
/** macvlan's master: one end of a veth pair the run makes (and removes), the one host link its cases may use. */
export const FIDELITY_MASTER = 'cnistudio-fm0';
const MASTER = FIDELITY_MASTER;
/** Findings that say CHECK fails while ADD works, but CNI309: it needs the runtime's port mappings (the lab tests run it). */
export const CHECK_BREAKERS = new Set([...CORE_CHECK_BREAKERS].filter((code) => code !== 'CNI309'));

export interface AddCase {
  name: string;
  conflist: JsonObject;
  /** Why ADD fails on the real plugins, when it does (a fragment of their error). */
  fails?: string;
}
export interface CheckCase {
  name: string;
  conflist: JsonObject;
  /** Why CHECK fails on the real plugins, when it does. */
  fails?: string;
}
export interface InputCase {
  name: string;
  conflist: JsonObject;
  capabilityArgs?: JsonObject;
  cniArgs?: [string, string][];
  fails?: string;
}

const list = (name: string, plugins: JsonObject[], cniVersion = '1.0.0'): JsonObject => ({ cniVersion, name, plugins });
const hostLocal = (subnet: string, extra: JsonObject = {}): JsonObject => ({ type: 'host-local', ranges: [[{ subnet }]], dataDir: IPAM, ...extra });
const v6 = (subnet: string): JsonObject => ({ type: 'host-local', ranges: [[{ subnet }]], dataDir: IPAM });
const macvlan = (address: string, extra: JsonObject = {}): JsonObject => ({ type: 'macvlan', master: MASTER, ipam: { type: 'static', addresses: [{ address }] }, ...extra });

/** A published config as libcni loads it (a .conf wrapped into a list). */
function fixture(name: string, PROFILE: RuntimeProfile): JsonObject {
  const text = readFileSync(resolve(REAL, name), 'utf8');
  const loaded = libcniLoadText(text, name.endsWith('.conf') ? 'conf' : 'conflist', PROFILE.libcni);
  if (!loaded.ok) throw new Error(`${name}: ${loaded.error}`);
  // host-local keeps each network's last address in its data folder across runs, and a published
  // network's name (mynet is also the app's default) may have been used on this lab machine before: its
  // leases go to this suite's own folder (a published one too, /run/my-orchestrator/…), emptied before
  // and after, so the first address is the first.
  for (const plugin of loaded.conflist.plugins as JsonObject[]) {
    const ipam = plugin.ipam as JsonObject | undefined;
    if (ipam?.type === 'host-local') ipam.dataDir = IPAM;
  }
  return loaded.conflist;
}

/** A single-plugin config's text as libcni wraps it into a list. */
function wrapped(text: string, PROFILE: RuntimeProfile): JsonObject {
  const loaded = libcniLoadText(text, 'conf', PROFILE.libcni);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.conflist;
}

/** The cases for a runtime profile (the loading of published configs and a few expected failures depend on it). */
export function fidelityCases(PROFILE: RuntimeProfile): { add: AddCase[]; check: CheckCase[]; inputs: InputCase[] } {
  const add: AddCase[] = [
    // Published configs (src/fixtures/real): each runs on Debian's plugins.
    { name: 'podman 87-podman-bridge', conflist: fixture('87-podman-bridge.conflist', PROFILE) },
    { name: 'CRI-O 11-crio-ipv4-bridge', conflist: fixture('11-crio-ipv4-bridge.conflist', PROFILE) },
    { name: 'cni.dev bridge.conf', conflist: fixture('bridge.conf', PROFILE) },
    { name: 'cni.dev bridge L2 only (ipam {})', conflist: fixture('bridge-l2-only.conf', PROFILE) },
    { name: 'cni.dev tuning sysctl', conflist: fixture('tuning-sysctl.conflist', PROFILE) },
    { name: 'CRI-O 200-loopback.conf', conflist: fixture('200-loopback.conf', PROFILE) },
    // Defects, each a real ADD failure.
    // Plugins before 1.6.0 refuse 1.1.0; later ones run it, and then libcni 1.1.x cannot read their result.
    { name: 'cniVersion 1.1.0', conflist: list('cnistudio-f1', [{ type: 'bridge', bridge: 'cnistudio-fb1', ipam: hostLocal('10.244.161.0/24') }], '1.1.0'), fails: !versionAtLeast(PROFILE.plugins, '1.6.0') ? 'incompatible CNI versions' : !versionAtLeast(PROFILE.libcni, '1.2.0') ? 'unsupported CNI result version "1.1.0"' : undefined },
    { name: 'bridge MTU above 65535', conflist: list('cnistudio-f2', [{ type: 'bridge', bridge: 'cnistudio-fb2', mtu: 70000, ipam: hostLocal('10.244.162.0/24') }]), fails: 'invalid argument' },
    { name: 'bridge name with a space', conflist: list('cnistudio-f3', [{ type: 'bridge', bridge: 'cnistudio fb3', ipam: hostLocal('10.244.163.0/24') }]), fails: '' },
    { name: 'tuning sysctl key that opens another file', conflist: list('cnistudio-f4', [{ type: 'ptp', ipam: hostLocal('10.244.164.0/24') }, { type: 'tuning', sysctl: { 'net/../kernel/core_pattern': 'x' } }]), fails: '' },
    { name: 'route through a gateway outside the subnet', conflist: list('cnistudio-f5', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.244.165.5/24' }], routes: [{ dst: '10.9.0.0/16', gw: '10.244.99.1' }] } }]), fails: '' },
    { name: 'IPv4 gateway for an IPv6 subnet on a gateway bridge', conflist: list('cnistudio-f6', [{ type: 'bridge', bridge: 'cnistudio-fb6', isGateway: true, ipam: { type: 'static', addresses: [{ address: 'fd00:166::5/64', gateway: '10.244.166.1' }] } }]), fails: '' },
    // cni.dev's host-device, portmap and vrf examples have no name: libcni wraps such a .conf into a list
    // named "", which loads and fails at ADD before the plugin runs.
    { name: 'a single-plugin config with no name', conflist: wrapped('{"cniVersion": "1.0.0", "type": "loopback"}', PROFILE), fails: 'missing network name' },
    // Go's decoding ignores the keys' case: libcni runs "Type" and wraps a .conf under its "Name"; of two
    // spellings of the type, the plugin runs with the one libcni's re-marshalling sorts last ("Type" after "TYPE").
    { name: 'keys in another case: "Type", "IPAM" and its "Type"', conflist: list('cnistudio-f25', [{ Type: 'ptp', IPAM: { Type: 'host-local', ranges: [[{ subnet: '10.244.240.0/24' }]], dataDir: IPAM } }]) },
    { name: 'a single-plugin config with "Name", "CNIVersion" and "Type"', conflist: wrapped('{"CNIVersion": "1.0.0", "Name": "cnistudio-f26", "Type": "loopback"}', PROFILE) },
    { name: '"TYPE" and "Type": the plugin named by "Type" runs', conflist: list('cnistudio-f27', [{ TYPE: 'cnistudio-no-such-plugin', Type: 'ptp', ipam: hostLocal('10.244.241.0/24') }]) },
    // Both spellings: the one sorting last ("isgateway" after "isGateway") is what bridge reads.
    { name: '"isGateway": false overridden by "isgateway": true', conflist: list('cnistudio-f28', [{ type: 'bridge', bridge: 'cnistudio-fb28', isGateway: false, isgateway: true, ipam: hostLocal('10.244.242.0/24') }]) },
    // Go leaves a field as it is for null (no error), but for the types that decode null themselves (types.IPNet).
    { name: 'null values, read as absent', conflist: list('cnistudio-f29', [{ type: 'bridge', bridge: 'cnistudio-fb29', mtu: null, isGateway: null, hairpinMode: null, ipam: { type: 'host-local', dataDir: IPAM, ranges: [[{ subnet: '10.244.243.0/24', gateway: null }]], routes: null } }, { type: 'tuning', mtu: null, sysctl: null }]) },
    { name: 'a range whose subnet is null', conflist: list('cnistudio-f30', [{ type: 'bridge', bridge: 'cnistudio-fb30', ipam: { type: 'host-local', dataDir: IPAM, ranges: [[{ subnet: null }]] } }]), fails: 'invalid CIDR address' },
    // Go decodes every spelling of a key, in libcni's sorted order, and keeps the last: an earlier one's value
    // has no effect, but one Go cannot decode fails the config (libcni's own fields, or the plugin's); a null
    // is skipped, so the other spelling's value stays.
    { name: '"Type": 5 beside "type"', conflist: list('cnistudio-f31', [{ type: 'loopback', Type: 5 }]), fails: 'cannot unmarshal number' },
    { name: '"MTU": "x" beside "mtu": 1400', conflist: list('cnistudio-f32', [{ type: 'bridge', bridge: 'cnistudio-fb32', MTU: 'x', mtu: 1400, ipam: hostLocal('10.245.31.0/24') }]), fails: 'cannot unmarshal string' },
    { name: '"Type" beside a null "type"', conflist: list('cnistudio-f33', [{ Type: 'loopback', type: null }]) },
    { name: '"MTU": 1400 beside a null "mtu"', conflist: list('cnistudio-f34', [{ type: 'bridge', bridge: 'cnistudio-fb34', MTU: 1400, mtu: null, ipam: hostLocal('10.245.34.0/24') }]) },
    { name: '"IPAM": {"type": 5} beside "ipam"', conflist: list('cnistudio-f35', [{ type: 'bridge', bridge: 'cnistudio-fb35', IPAM: { type: 5 }, ipam: hostLocal('10.245.35.0/24') }]), fails: 'cannot unmarshal number' },
    { name: '"isGateway": true overridden by "IsGateway": "yes"', conflist: list('cnistudio-f36', [{ type: 'bridge', bridge: 'cnistudio-fb36', isGateway: true, IsGateway: 'yes', ipam: hostLocal('10.245.36.0/24') }]), fails: 'cannot unmarshal string' },
    { name: 'tuning "Sysctl": 5 beside "sysctl"', conflist: list('cnistudio-f37', [{ type: 'bridge', bridge: 'cnistudio-fb37', ipam: hostLocal('10.245.37.0/24') }, { type: 'tuning', sysctl: { 'net.ipv4.conf.all.log_martians': '1' }, Sysctl: 5 }]), fails: 'cannot unmarshal number' },
    { name: 'a range\'s "Subnet" beside a null "subnet"', conflist: list('cnistudio-f38', [{ type: 'bridge', bridge: 'cnistudio-fb38', ipam: { type: 'host-local', dataDir: IPAM, ranges: [[{ Subnet: '10.245.38.0/24', subnet: null }]] } }]), fails: 'invalid CIDR address' },
    { name: 'a range\'s null "Subnet" beside "subnet"', conflist: list('cnistudio-f39', [{ type: 'bridge', bridge: 'cnistudio-fb39', ipam: { type: 'host-local', dataDir: IPAM, ranges: [[{ subnet: '10.245.39.0/24', Subnet: null }]] } }]), fails: 'invalid CIDR address' },
    // A key the plugin's release does not have: no spelling of it is decoded (bridge has portIsolation from 1.7.0).
    { name: '"PortIsolation": "x" beside "portIsolation"', conflist: list('cnistudio-f40', [{ type: 'bridge', bridge: 'cnistudio-fb40', portIsolation: true, PortIsolation: 'x', ipam: hostLocal('10.245.40.0/24') }]), ...(versionAtLeast(PROFILE.plugins, '1.7.0') ? { fails: 'cannot unmarshal string' } : {}) },
    { name: 'ptp with ipam {} (no type)', conflist: list('cnistudio-f7', [{ type: 'ptp', ipam: {} }]), fails: 'no plugin name provided' },
    // What the kernel refuses of a link (CNI619–CNI622), and the values next to them it takes.
    { name: 'bridge MTU below 68', conflist: list('cnistudio-f10', [{ type: 'bridge', bridge: 'cnistudio-fb10', mtu: 67, ipam: hostLocal('10.244.170.0/24') }]), fails: 'invalid argument' },
    { name: 'bridge MTU 68', conflist: list('cnistudio-f11', [{ type: 'bridge', bridge: 'cnistudio-fb11', mtu: 68, ipam: hostLocal('10.244.171.0/24') }]) },
    { name: 'ptp MTU below 1280 with an IPv6 range', conflist: list('cnistudio-f12', [{ type: 'ptp', mtu: 1279, ipam: { type: 'host-local', dataDir: IPAM, ranges: [[{ subnet: '10.244.172.0/24' }], [{ subnet: 'fd00:244:172::/64' }]] } }]), fails: versionAtLeast(PROFILE.plugins, '1.7.0') ? 'failed to enable keep_addr_on_down' : 'invalid argument' },
    { name: 'ptp static address without a gateway', conflist: list('cnistudio-f13', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.244.173.5/24' }] } }]), fails: 'numerical result out of range' },
    { name: 'ptp static dual stack with gateways', conflist: list('cnistudio-f14', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.244.174.5/24', gateway: '10.244.174.1' }, { address: 'fd00:244:174::5/64', gateway: 'fd00:244:174::1' }] } }]) },
    { name: 'tuning multicast MAC', conflist: list('cnistudio-f15', [{ type: 'ptp', ipam: hostLocal('10.244.175.0/24') }, { type: 'tuning', mac: '01:00:5e:00:00:01' }]), fails: 'cannot assign requested address' },
    { name: 'tuning locally administered MAC', conflist: list('cnistudio-f16', [{ type: 'ptp', ipam: hostLocal('10.244.176.0/24') }, { type: 'tuning', mac: '02:00:5e:00:00:01' }]) },
    { name: 'bridge as default gateway, static address without a gateway', conflist: list('cnistudio-f17', [{ type: 'bridge', bridge: 'cnistudio-fb17', isDefaultGateway: true, ipam: { type: 'static', addresses: [{ address: '10.244.177.5/24' }, { address: 'fd00:244:177::5/64' }] } }]) },
    // Lists without a version: libcni injects "", plugins read it as 0.1.0 (CNI102 warns; CNI305 for those that refuse 0.1.0).
    { name: 'no cniVersion: ptp then tuning with a MAC', conflist: { name: 'cnistudio-f18', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.178.0/24') }, { type: 'tuning', mac: '02:00:5e:00:00:18' }] } },
    { name: 'no cniVersion: ptp then sbr', conflist: { name: 'cnistudio-f19', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.179.0/24') }, { type: 'sbr' }] } },
    { name: 'no cniVersion: ptp then bandwidth', conflist: { name: 'cnistudio-f20', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.180.0/24') }, { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }] }, fails: 'incompatible CNI versions' },
    // libcni 1.1 never reads cniVersions: the list runs at its cniVersion.
    { name: 'cniVersions [1.1.0] beside cniVersion 1.0.0 (libcni 1.1 ignores it)', conflist: { cniVersion: '1.0.0', cniVersions: ['1.1.0'], name: 'cnistudio-f21', plugins: [{ type: 'ptp', ipam: hostLocal('10.244.181.0/24') }] } },
    // Warnings only: the plugins run them.
    { name: 'portmap with backend (ignored before 1.6.0)', conflist: list('cnistudio-f8', [{ type: 'ptp', ipam: hostLocal('10.244.168.0/24') }, { type: 'portmap', backend: 'iptables', capabilities: { portMappings: true } }]) },
    // portmap's conditions in nftables words: from 1.6.0 refused with no backend (iptables is taken on a host
    // that has it) at every ADD; before, handed to iptables only with port mappings (none here: it runs).
    { name: 'bandwidth limits written in runtimeConfig (the plugins\' integration test chained-ptp-bandwidth)', conflist: list('cnistudio-f42', [{ type: 'ptp', ipam: hostLocal('10.245.43.0/24') }, { type: 'bandwidth', runtimeConfig: { bandWidth: { ingressRate: 800, ingressBurst: 200, egressRate: 800, egressBurst: 200 } } }]) },
    { name: 'a bandwidth rate without burst written in runtimeConfig', conflist: list('cnistudio-f43', [{ type: 'ptp', ipam: hostLocal('10.245.44.0/24') }, { type: 'bandwidth', runtimeConfig: { bandwidth: { ingressRate: 800 } } }]), fails: 'burst must also be set' },
    { name: 'ptp with an IPAM route to its own network', conflist: list('cnistudio-f44', [{ type: 'ptp', ipam: hostLocal('10.245.45.0/24', { routes: [{ dst: '10.245.45.0/24' }] }) }]), fails: 'file exists' },
    { name: 'ptp with an IPAM route to its gateway', conflist: list('cnistudio-f45', [{ type: 'ptp', ipam: hostLocal('fd00:245:46::/64', { routes: [{ dst: 'fd00:245:46::1/128' }] }) }]), fails: 'file exists' },
    { name: 'bridge with an IPAM route to its own network', conflist: list('cnistudio-f46', [{ type: 'bridge', bridge: 'cnistudio-fb46', ipam: hostLocal('10.245.47.0/24', { routes: [{ dst: '10.245.47.0/24' }] }) }]) },
    { name: 'portmap with nftables conditions and no backend', conflist: list('cnistudio-f41', [{ type: 'ptp', ipam: hostLocal('10.245.41.0/24') }, { type: 'portmap', capabilities: { portMappings: true }, conditionsV4: ['ip', 'daddr', '!=', '192.0.2.0/24'] }]), ...(versionAtLeast(PROFILE.plugins, '1.6.0') ? { fails: 'nftables-specific options [conditionsV4]' } : {}) },
    { name: 'macvlan on a master link', conflist: list('cnistudio-f10', [macvlan('192.168.221.5/24')]) },
    { name: 'macvlan then bandwidth with limits', conflist: list('cnistudio-f11', [macvlan('192.168.221.6/24'), { type: 'bandwidth', ingressRate: 1000000, ingressBurst: 100000 }]), fails: 'has no veth peer' },
    { name: 'macvlan then bandwidth without limits', conflist: list('cnistudio-f12', [macvlan('192.168.221.7/24'), { type: 'bandwidth' }]) },
    { name: 'host-local range holding only its gateway', conflist: list('cnistudio-f13', [{ type: 'ptp', ipam: hostLocal('10.244.224.0/24', { ranges: [[{ subnet: '10.244.224.0/24', gateway: '10.244.224.10', rangeStart: '10.244.224.10', rangeEnd: '10.244.224.10' }]] }) }]), fails: 'no IP addresses available' },
    { name: 'host-local range of one address beside its gateway', conflist: list('cnistudio-f14', [{ type: 'ptp', ipam: hostLocal('10.244.225.0/24', { ranges: [[{ subnet: '10.244.225.0/24', gateway: '10.244.225.10', rangeStart: '10.244.225.11', rangeEnd: '10.244.225.11' }]] }) }]) },
    { name: 'a route listed twice', conflist: list('cnistudio-f15b', [{ type: 'ptp', ipam: hostLocal('10.244.226.0/24', { routes: [{ dst: '10.9.0.0/16' }, { dst: '10.9.0.0/16' }] }) }]), fails: 'file exists' },
    { name: 'ptp static /32', conflist: list('cnistudio-f16b', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.244.227.5/32', gateway: '10.244.227.1' }] } }]), fails: 'no such process' },
    { name: 'ptp static /128 (IPv6 gives it a route)', conflist: list('cnistudio-f17b', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: 'fd00:244:227::5/128', gateway: 'fd00:244:227::1' }] } }]) },
    { name: 'bandwidth rate under 8 bits/s', conflist: list('cnistudio-f18b', [{ type: 'ptp', ipam: hostLocal('10.244.228.0/24') }, { type: 'bandwidth', ingressRate: 7, ingressBurst: 8 }]), fails: 'invalid argument' },
    { name: 'bandwidth burst under a microsecond at its rate', conflist: list('cnistudio-f19b', [{ type: 'ptp', ipam: hostLocal('10.244.229.0/24') }, { type: 'bandwidth', egressRate: 1099511627776, egressBurst: 1000000 }]), fails: 'invalid argument' },
    { name: 'bandwidth 8 bits/s, 8 bits', conflist: list('cnistudio-f20b', [{ type: 'ptp', ipam: hostLocal('10.244.230.0/24') }, { type: 'bandwidth', ingressRate: 8, ingressBurst: 8 }]) },
    // What plugins 1.7.0 added: an ingress policy (older firewalls refuse it) and a bridge field (older bridges ignore it).
    { name: 'firewall ingressPolicy isolated after bridge', conflist: list('cnistudio-f22', [{ type: 'bridge', bridge: 'cnistudio-fb22', ipam: hostLocal('10.244.235.0/24') }, { type: 'firewall', backend: 'iptables', ingressPolicy: 'isolated' }]), fails: versionAtLeast(PROFILE.plugins, '1.7.0') ? undefined : 'unknown ingress policy' },
    { name: 'firewall ingressPolicy same-bridge after bridge', conflist: list('cnistudio-f23', [{ type: 'bridge', bridge: 'cnistudio-fb23', ipam: hostLocal('10.244.236.0/24') }, { type: 'firewall', backend: 'iptables', ingressPolicy: 'same-bridge' }]) },
    { name: 'bridge portIsolation', conflist: list('cnistudio-f24', [{ type: 'bridge', bridge: 'cnistudio-fb24', portIsolation: true, ipam: hostLocal('10.244.238.0/24') }]) },
    { name: 'bridge with ipam without type (layer 2 only)', conflist: list('cnistudio-f9', [{ type: 'bridge', bridge: 'cnistudio-fb9', ipam: { subnet: '10.244.169.0/24' } }]) },
    // From an outside tester's runs on Debian's 1.1.1 (thirty-fourth session).
    { name: 'bandwidth burst whose tbf buffer is 2^32 ticks', conflist: list('cnistudio-f50', [{ type: 'ptp', ipam: hostLocal('10.245.50.0/24') }, { type: 'bandwidth', ingressRate: 8000000, ingressBurst: 2199023256 }]), fails: 'invalid argument' },
    { name: 'bandwidth burst 8 bytes past the tick wrap', conflist: list('cnistudio-f51', [{ type: 'ptp', ipam: hostLocal('10.245.51.0/24') }, { type: 'bandwidth', ingressRate: 8000000, ingressBurst: 2199023264 }]) },
    // (A name iptables takes is not run: firewall makes the chain and its jump on the host and never removes them.)
    { name: 'firewall admin chain name of 29 characters', conflist: list('cnistudio-f52', [{ type: 'ptp', ipam: hostLocal('10.245.52.0/24') }, { type: 'firewall', backend: 'iptables', iptablesAdminChainName: 'CNISTUDIO-ADMIN-CHAIN-NAME-29' }]), fails: 'too long' },
    { name: 'tuning with a MAC after loopback alone', conflist: list('cnistudio-f54', [{ type: 'loopback' }, { type: 'tuning', mac: '02:00:00:00:00:54' }]), fails: 'Link not found' },
    { name: 'tuning sysctl net.core.rmem_max', conflist: list('cnistudio-f55', [{ type: 'ptp', ipam: hostLocal('10.245.55.0/24') }, { type: 'tuning', sysctl: { 'net.core.rmem_max': '1000000' } }]), fails: 'permission denied' },
    { name: 'tuning sysctl net.ipv4.neigh.default.gc_thresh1', conflist: list('cnistudio-f56', [{ type: 'ptp', ipam: hostLocal('10.245.56.0/24') }, { type: 'tuning', sysctl: { 'net.ipv4.neigh.default.gc_thresh1': '100' } }]), fails: 'no such file or directory' },
    // bandwidth first with no limits prints the missing result and panics (CNI300's words for it).
    { name: 'bandwidth first with no limits', conflist: list('cnistudio-f60', [{ type: 'bandwidth', capabilities: { bandwidth: true } }, { type: 'ptp', ipam: hostLocal('10.245.80.0/24') }]), fails: 'nil pointer dereference' },
    // args.cni.ips in the file, read as host-local and static read them (CNI439).
    { name: "args.cni.ips asking host-local for its range's gateway", conflist: list('cnistudio-f57', [{ type: 'ptp', args: { cni: { ips: ['10.245.75.1'] } }, ipam: hostLocal('10.245.75.0/24') }]), fails: "requested ip 10.245.75.1 is subnet's gateway" },
    { name: 'args.cni.ips asking host-local for an address of its range', conflist: list('cnistudio-f58', [{ type: 'ptp', args: { cni: { ips: ['10.245.76.9'] } }, ipam: hostLocal('10.245.76.0/24') }]) },
    { name: 'args.cni.ips replacing static addresses under ptp', conflist: list('cnistudio-f59', [{ type: 'ptp', args: { cni: { ips: ['10.245.77.7/24'] } }, ipam: { type: 'static', addresses: [{ address: '10.245.77.5/24', gateway: '10.245.77.1' }] } }]), fails: 'numerical result out of range' },
  ];

  const check: CheckCase[] = [
    { name: 'ptp then sbr', conflist: list('cnistudio-c1', [{ type: 'ptp', ipam: hostLocal('10.244.180.0/24') }, { type: 'sbr' }]), fails: 'Failed to find Gateway' },
    { name: 'ptp alone', conflist: list('cnistudio-c2', [{ type: 'ptp', ipam: hostLocal('10.244.181.0/24') }]) },
    { name: 'tuning mac with dashes', conflist: list('cnistudio-c3', [{ type: 'ptp', ipam: hostLocal('10.244.182.0/24') }, { type: 'tuning', mac: '02-00-5e-00-00-03' }]), fails: "doesn't match container Mac" },
    { name: 'tuning mac as Linux prints it', conflist: list('cnistudio-c4', [{ type: 'ptp', ipam: hostLocal('10.244.183.0/24') }, { type: 'tuning', mac: '02:00:5e:00:00:04' }]) },
    { name: 'tuning mtu 1279 after an IPv6 address', conflist: list('cnistudio-c5', [{ type: 'ptp', ipam: v6('fd00:244:185::/64') }, { type: 'tuning', mtu: 1279 }]), fails: 'Failed to match addr' },
    { name: 'tuning mtu 1280 after an IPv6 address', conflist: list('cnistudio-c6', [{ type: 'ptp', ipam: v6('fd00:244:186::/64') }, { type: 'tuning', mtu: 1280 }]) },
    // tuning before 1.3.0 reads "IFNAME" as written at CHECK (CNI311).
    { name: 'tuning sysctl key with IFNAME', conflist: list('cnistudio-c7', [{ type: 'ptp', ipam: hostLocal('10.244.187.0/24') }, { type: 'tuning', sysctl: { 'net.ipv4.conf.IFNAME.arp_notify': '1' } }]), ...(versionAtLeast(PROFILE.plugins, '1.3.0') ? {} : { fails: 'conf/IFNAME/arp_notify: no such file or directory' }) },
    // An IPv6 address turned off by tuning's sysctl (CNI645), and tuning's CHECK with no container interface (CNI314).
    { name: 'tuning disable_ipv6 after an IPv6 address', conflist: list('cnistudio-c8', [{ type: 'ptp', ipam: v6('fd00:244:188::/64') }, { type: 'tuning', sysctl: { 'net.ipv6.conf.eth0.disable_ipv6': '1' } }]), fails: 'Failed to match addr' },
    { name: 'tuning disable_ipv6 by default only', conflist: list('cnistudio-c9', [{ type: 'ptp', ipam: v6('fd00:244:189::/64') }, { type: 'tuning', sysctl: { 'net.ipv6.conf.default.disable_ipv6': '1' } }]) },
    // bandwidth's CHECK needs a veth whether or not limits are set (CNI652).
    { name: 'bandwidth without limits after macvlan', conflist: list('cnistudio-c11', [macvlan('192.168.222.40/24'), { type: 'bandwidth', capabilities: { bandwidth: true } }]), fails: 'has no veth peer' },
    // bandwidth before 1.9.1 reads its nil limits at CHECK (CNI655).
    { name: 'bandwidth with the capability and no limits passed', conflist: list('cnistudio-c12', [{ type: 'ptp', ipam: hostLocal('10.245.78.0/24') }, { type: 'bandwidth', capabilities: { bandwidth: true } }]), ...(versionAtLeast(PROFILE.plugins, '1.9.1') ? {} : { fails: 'nil pointer dereference' }) },
    { name: 'bandwidth with zero limits in the file', conflist: list('cnistudio-c13', [{ type: 'ptp', ipam: hostLocal('10.245.79.0/24') }, { type: 'bandwidth', ingressRate: 0, ingressBurst: 0 }]) },
    { name: 'tuning sysctl after loopback alone', conflist: list('cnistudio-c10', [{ type: 'loopback' }, { type: 'tuning', sysctl: { 'net.ipv4.ip_forward': '1' } }]), fails: 'Cannot find container link' },
  ];

  // Runtime inputs: the preview's error notes exactly where the real ADD fails (capability arguments, CNI_ARGS).
  const inputs: InputCase[] = [
    { name: 'a port mapping', conflist: list('cnistudio-i1', [{ type: 'ptp', ipam: hostLocal('10.244.190.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }]), capabilityArgs: { portMappings: [{ hostPort: 18090, containerPort: 80, protocol: 'tcp' }] } },
    { name: 'a port mapping from host port 0', conflist: list('cnistudio-i2', [{ type: 'ptp', ipam: hostLocal('10.244.191.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }]), capabilityArgs: { portMappings: [{ hostPort: 0, containerPort: 80, protocol: 'tcp' }] }, fails: 'Invalid host port number: 0' },
    { name: 'a port mapping of an unknown protocol', conflist: list('cnistudio-i3', [{ type: 'ptp', ipam: hostLocal('10.244.192.0/24') }, { type: 'portmap', capabilities: { portMappings: true } }]), capabilityArgs: { portMappings: [{ hostPort: 18091, containerPort: 80, protocol: 'bogus' }] }, fails: 'unable to setup DNAT' },
    // Before 1.6.0, with a port mapping, iptables gets portmap's conditions as written (CNI629 warns of the config).
    ...(versionAtLeast(PROFILE.plugins, '1.6.0') ? [] : [{ name: 'a port mapping to portmap with nftables conditions', conflist: list('cnistudio-i23', [{ type: 'ptp', ipam: hostLocal('10.245.42.0/24') }, { type: 'portmap', capabilities: { portMappings: true }, conditionsV4: ['ip', 'daddr', '!=', '192.0.2.0/24'] }]), capabilityArgs: { portMappings: [{ hostPort: 18092, containerPort: 80, protocol: 'tcp' }] }, fails: 'Bad argument' }]),
    { name: 'an address asked outside the range', conflist: list('cnistudio-i4', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.244.193.0/24') }]), capabilityArgs: { ips: ['10.244.99.42/24'] }, fails: 'failed to allocate all requested IPs' },
    // host-local's range starts after the network address, and the gateway is not handed out.
    { name: 'an address asked at the network address', conflist: list('cnistudio-i24', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.245.60.0/24') }]), capabilityArgs: { ips: ['10.245.60.0/24'] }, fails: 'failed to allocate all requested IPs: 10.245.60.0' },
    { name: "an address asked at the range's gateway", conflist: list('cnistudio-i25', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.245.61.0/24') }]), capabilityArgs: { ips: ['10.245.61.1/24'] }, fails: "requested ip 10.245.61.1 is subnet's gateway" },
    { name: 'an address asked that Go cannot decode', conflist: list('cnistudio-i28', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.245.65.0/24') }]), capabilityArgs: { ips: ['10.245.65.300'] }, fails: 'invalid IP address 10.245.65.300' },
    { name: "a runtime range set overlapping the file's", conflist: list('cnistudio-i29', [{ type: 'ptp', capabilities: { ipRanges: true }, ipam: hostLocal('10.245.66.0/24') }]), capabilityArgs: { ipRanges: [[{ subnet: '10.245.66.0/25' }]] }, fails: 'range set 0 overlaps with 1' },
    { name: 'CNI_ARGS IP= written twice: the last one', conflist: list('cnistudio-i30', [{ type: 'ptp', ipam: hostLocal('10.245.67.0/24') }]), cniArgs: [['IgnoreUnknown', '1'], ['IP', '10.245.67.7'], ['IP', '10.245.67.8']] },
    // Spec 0.2.0 results hold one address per family: the IPAM plugins count the runtime's too (CNI421 reads the file's).
    { name: 'spec 0.2.0 static with a second IPv4 address from CNI_ARGS IP=', conflist: list('cnistudio-i31', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.245.68.2/24', gateway: '10.245.68.1' }] } }], '0.2.0'), cniArgs: [['IgnoreUnknown', '1'], ['IP', '10.245.69.2/24'], ['GATEWAY', '10.245.69.1']], fails: 'CNI version 0.2.0 does not support more than 1 address per family' },
    { name: 'spec 0.2.0 host-local with a second IPv4 range set from the runtime', conflist: list('cnistudio-i32', [{ type: 'ptp', capabilities: { ipRanges: true }, ipam: hostLocal('10.245.70.0/24') }], '0.2.0'), capabilityArgs: { ipRanges: [[{ subnet: '10.245.71.0/24' }]] }, fails: 'CNI version 0.2.0 does not support more than 1 address per family' },
    { name: 'spec 0.2.0 static with an IPv6 address from CNI_ARGS IP= beside an IPv4 one', conflist: list('cnistudio-i33', [{ type: 'ptp', ipam: { type: 'static', addresses: [{ address: '10.245.72.2/24', gateway: '10.245.72.1' }] } }], '0.2.0'), cniArgs: [['IgnoreUnknown', '1'], ['IP', 'fd00:245:72::2/64'], ['GATEWAY', 'fd00:245:72::1']] },
    // ptp's container routes come before its host end: a bare IPv6 address fails there first.
    { name: 'ptp given a bare IPv6 address beside a bare IPv4 one', conflist: list('cnistudio-i34', [{ type: 'ptp', capabilities: { ips: true }, ipam: { type: 'static', addresses: [{ address: '10.245.73.2/24', gateway: '10.245.73.1' }] } }]), capabilityArgs: { ips: ['10.245.74.2/24', 'fd00:245:74::2/64'] }, fails: 'Src: fd00:245:74::2 Gw: <nil> Flags: [] Table: 0 Realm: 0}: invalid argument' },
    { name: 'an address asked inside the range', conflist: list('cnistudio-i5', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.244.194.0/24') }]), capabilityArgs: { ips: ['10.244.194.42/24'] } },
    { name: 'a multicast MAC through the mac capability', conflist: list('cnistudio-i6', [{ type: 'ptp', ipam: hostLocal('10.244.195.0/24') }, { type: 'tuning', capabilities: { mac: true } }]), capabilityArgs: { mac: '01:00:00:00:19:06' }, fails: 'cannot assign requested address' },
    { name: 'a multicast MAC through the mac capability to macvlan', conflist: list('cnistudio-i11', [macvlan('192.168.222.5/24', { capabilities: { mac: true } })]), capabilityArgs: { mac: '01:00:00:00:22:05' }, fails: 'cannot assign requested address' },
    { name: 'a unicast MAC through the mac capability to macvlan', conflist: list('cnistudio-i12', [macvlan('192.168.222.6/24', { capabilities: { mac: true } })]), capabilityArgs: { mac: '02:00:00:00:22:06' } },
    { name: 'a multicast MAC through CNI_ARGS MAC= to bridge', conflist: list('cnistudio-i13', [{ type: 'bridge', bridge: 'cnistudio-fb13', ipam: hostLocal('10.244.223.0/24') }]), cniArgs: [['IgnoreUnknown', '1'], ['MAC', '01:00:00:00:22:07']], fails: 'cannot assign requested address' },
    { name: 'bandwidth limits from the runtime after macvlan', conflist: list('cnistudio-i14', [macvlan('192.168.222.8/24'), { type: 'bandwidth', capabilities: { bandwidth: true } }]), capabilityArgs: { bandwidth: { ingressRate: 1000000, ingressBurst: 100000 } }, fails: 'has no veth peer' },
    { name: 'bandwidth limits from the runtime that tbf refuses', conflist: list('cnistudio-i15', [{ type: 'ptp', ipam: hostLocal('10.244.231.0/24') }, { type: 'bandwidth', capabilities: { bandwidth: true } }]), capabilityArgs: { bandwidth: { egressRate: 1099511627776, egressBurst: 1000000 } }, fails: 'invalid argument' },
    { name: 'a bandwidth rate without burst', conflist: list('cnistudio-i7', [{ type: 'ptp', ipam: hostLocal('10.244.196.0/24') }, { type: 'bandwidth', capabilities: { bandwidth: true } }]), capabilityArgs: { bandwidth: { ingressRate: 1000000 } }, fails: 'burst must also be set' },
    { name: 'CNI_ARGS IP= for ptp with static, without GATEWAY=', conflist: list('cnistudio-i8', [{ type: 'ptp', ipam: { type: 'static' } }]), cniArgs: [['IP', '10.244.197.5/24']], fails: 'numerical result out of range' },
    { name: 'CNI_ARGS IP= and GATEWAY= for ptp with static', conflist: list('cnistudio-i9', [{ type: 'ptp', ipam: { type: 'static' } }]), cniArgs: [['IP', '10.244.198.5/24'], ['GATEWAY', '10.244.198.1']] },
    { name: 'CNI_ARGS IP= with two addresses under one GATEWAY= for ptp', conflist: list('cnistudio-i26', [{ type: 'ptp', ipam: { type: 'static' } }]), cniArgs: [['IP', '10.245.62.5/24,10.245.62.6/24'], ['GATEWAY', '10.245.62.1']], fails: 'file exists' },
    { name: 'CNI_ARGS IP= with two addresses, each its own GATEWAY=, for ptp', conflist: list('cnistudio-i27', [{ type: 'ptp', ipam: { type: 'static' } }]), cniArgs: [['IP', '10.245.63.5/24,10.245.64.5/24'], ['GATEWAY', '10.245.63.1,10.245.64.1']] },
    // static parses every address the runtime asks for as a CIDR; host-local takes a bare address.
    // IgnoreUnknown as the CNI library reads a boolean: any case of "true"; "yes" fails the parse itself.
    { name: 'CNI_ARGS IgnoreUnknown=TRUE with an unknown key', conflist: list('cnistudio-i21', [{ type: 'bridge', bridge: 'cnistudio-fb21', ipam: hostLocal('10.245.57.0/24') }]), cniArgs: [['IgnoreUnknown', 'TRUE'], ['FOO', 'bar']] },
    { name: 'CNI_ARGS IgnoreUnknown=yes', conflist: list('cnistudio-i22', [{ type: 'bridge', bridge: 'cnistudio-fb22b', ipam: hostLocal('10.245.58.0/24') }]), cniArgs: [['IgnoreUnknown', 'yes'], ['FOO', 'bar']], fails: 'boolean unmarshal error: invalid input yes' },
    { name: 'CNI_ARGS IP= without a prefix for static', conflist: list('cnistudio-i20', [{ type: 'ptp', ipam: { type: 'static' } }]), cniArgs: [['IP', '10.244.246.5'], ['GATEWAY', '10.244.246.1']], fails: 'expected to be in CIDR notation' },
    { name: 'an address without a prefix through the ips capability to static', conflist: list('cnistudio-i21', [{ type: 'ptp', capabilities: { ips: true }, ipam: { type: 'static' } }]), capabilityArgs: { ips: ['10.244.247.5'] }, fails: 'NOT in CIDR notation' },
    { name: 'an address without a prefix through the ips capability to host-local', conflist: list('cnistudio-i22', [{ type: 'ptp', capabilities: { ips: true }, ipam: hostLocal('10.244.248.0/24') }]), capabilityArgs: { ips: ['10.244.248.42'] } },
    { name: 'CNI_ARGS with a key host-local does not know', conflist: list('cnistudio-i10', [{ type: 'ptp', ipam: hostLocal('10.244.199.0/24') }]), cniArgs: [['FOO', 'bar']], fails: 'unknown args' },
  ];
  return { add, check, inputs };
}

/**
 * More published configs of reference plugins only, for bench/libcni (`PUBLISHED=1`), not the test: they
 * name the bridges and subnets real nodes use (cni0, 10.244.0.0/16, 10.88.0.0/16…), so the bench runs them
 * inside a network namespace of its own (`unshare --net`).
 */
export function publishedCases(PROFILE: RuntimeProfile): AddCase[] {
  const names = ['100-crio-bridge.conf', 'host-local-dualstack.conf', '1-k8s.conflist', '10-containerd-net.conflist', '10-containerd-net-v1.conflist', '10-kindnet.conflist', '10-kubenet.conflist', '10-kuberouter.conflist', 'bandwidth.conflist', 'firewall.conflist', 'host-local-ipranges-capability.conflist'];
  return names.map((name) => ({ name: `published ${name}`, conflist: fixture(name, PROFILE) }));
}
