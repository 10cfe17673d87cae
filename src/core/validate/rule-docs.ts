// The rule catalog: every finding code with what it means, why it matters, an example and the fix.
// The Problems panel links here, the CLI prints it (`cni-studio lint --explain CODE`), docs render it.
import type { Severity } from './finding';
import { MAX_NESTING_DEPTH } from '../model/depth';

export interface RuleDoc {
  code: string;
  severity: Severity;
  title: string;
  why: string;
  example: string;
  fix: string;
}

const rule = (code: string, severity: Severity, title: string, why: string, example: string, fix: string): RuleDoc => ({ code, severity, title, why, example, fix });

export const RULE_DOCS: readonly RuleDoc[] = [
  // Syntax and file shape
  rule('CNI001', 'error', 'Not valid JSON', 'Runtimes parse the file with a strict JSON decoder; a syntax error makes the whole network unusable (and in a conf directory can block every lookup).', '{"name": "net" "plugins": []}', 'Correct the syntax at the position shown.'),
  rule('CNI002', 'error', 'Comment in JSON', 'JSON has no comments. Go\'s decoder rejects the file.', '{ // my network\n  "name": "net" }', 'Remove the comment (keep notes in a README or a NAD annotation).'),
  rule('CNI003', 'error', 'Trailing comma', 'Strict JSON forbids a comma before } or ].', '{"name": "net",}', 'Remove the comma.'),
  rule('CNI004', 'error', 'Top level is not an object', 'A conflist or plugin config is a JSON object.', '[{"type": "bridge"}]', 'Wrap the content in an object with name, cniVersion and plugins.'),
  rule('CNI005', 'warning', 'Duplicate key', 'Go keeps the last value of a repeated key; the earlier one is silently ignored, which is rarely what was meant.', '{"mtu": 1400, "mtu": 9000}', 'Keep one of the two.'),
  rule('CNI006', 'error', 'Single plugin in a .conflist file', 'Runtimes read .conflist files as lists and find no plugins in a single plugin object.', '10-net.conflist: {"cniVersion": "1.0.0", "name": "net", "type": "bridge"}', 'Wrap the plugin into a list (the quick fix does it) or rename the file to .conf.'),
  rule('CNI007', 'error', 'List in a .conf file', 'Runtimes read .conf and .json files as one plugin and fail with "missing \'type\'".', '10-net.conf: {"name": "net", "plugins": [...]}', 'Rename the file to .conflist.'),
  rule('CNI008', 'error', 'Empty document', 'There is nothing for a runtime to load.', '', 'Start from a template.'),
  rule('CNI009', 'info', 'Single-plugin config up-converted', 'libcni wraps a .conf into a list with one plugin, lifting name and cniVersion; newer specs only describe lists.', '{"cniVersion": "0.4.0", "name": "net", "type": "bridge"}', 'Nothing to do; export as .conflist to use the current format.'),
  rule('CNI010', 'error', 'Unreadable input', 'The input is too large, binary (NUL bytes), not UTF-8 text, or cannot be read at all (permissions). In a conf directory a runtime cannot load it either.', 'a 50 MB file, an image', 'Open the conflist itself.'),
  rule('CNI011', 'error', 'Nesting too deep', `Arrays and objects nested deeper than ${MAX_NESTING_DEPTH} levels are not read: every parser and checker walks one level at a time, and no CNI config comes near that depth (Go's decoder itself stops at 10000). The position is where the limit is exceeded.`, `[[[[[[[[ … ${MAX_NESTING_DEPTH + 1} levels … ]]]]]]]]`, 'Remove the deep nesting; it is not a CNI config.'),
  rule('CNI012', 'error', 'Could not be checked', 'CNI Studio failed while reading or checking this file (a defect in CNI Studio, not necessarily in the file); the other files are still checked.', '', 'Report it with the file; check the file by other means meanwhile.'),
  rule('CNI020', 'error', 'Not valid YAML', 'The NetworkAttachmentDefinition cannot be applied to Kubernetes.', 'spec:\n config: |\n{', 'Correct the YAML at the position shown.'),
  rule('CNI021', 'error', 'spec.config is not a string', 'Multus reads spec.config as a string holding JSON, not as a YAML mapping.', 'spec:\n  config:\n    type: macvlan', 'Write the JSON as a block scalar: "config: |" followed by the JSON.'),
  rule('CNI022', 'info', 'NAD without inline config', 'Without spec.config Multus loads a file with the NAD\'s name from its conf directory on each node.', 'spec: {}', 'Nothing to check here; lint the file on the node.'),
  rule('CNI023', 'info', 'Config name taken from the NAD', 'Multus fills a missing name from metadata.name.', 'config: \'{"cniVersion": "0.3.1", "type": "macvlan"}\'', 'Nothing to do.'),
  rule('CNI024', 'warning', 'Not a NetworkAttachmentDefinition', 'Only NetworkAttachmentDefinition documents carry CNI configs; others are skipped.', 'kind: ConfigMap', 'Split the file or ignore.'),
  rule('CNI025', 'warning', 'Quoted value only Kubernetes reads', 'kubectl decodes YAML with go-yaml, which reads the lines of a quoted value however they are indented: tabs, column 1, a closing quote in column 1 (only "---" or "..." in column 1 ends it). CNI Studio reads it the same way. YAML 1.2 wants each continuation line indented past its key with spaces (tabs only after those), so strict parsers, editors and linters end the value early and refuse the file.', "spec:\n  config: '{\n\t\"type\": \"bridge\"\n}'", 'Indent the continuation lines with spaces past "config:", or write the JSON as a block scalar ("config: |").'),
  // Envelope
  rule('CNI100', 'error', 'Network name missing', 'libcni refuses to load a list without a name ("no name").', '{"cniVersion": "1.0.0", "plugins": [...]}', 'Add "name".'),
  rule('CNI101', 'error', 'Invalid network name', 'libcni and every Go plugin refuse names outside [a-zA-Z0-9][a-zA-Z0-9_.-]* (error code 7).', '"name": "my net"', 'Use letters, digits, _, . and -.'),
  rule('CNI102', 'error', 'cniVersion missing', 'libcni then calls every plugin as spec 0.1.0, which has no chaining and which most chained plugins reject.', '{"name": "net", "plugins": [...]}', 'Add "cniVersion": "1.0.0".'),
  rule('CNI103', 'error', 'Unknown cniVersion', 'Plugins compare cniVersion as an exact string against the spec versions they support ("incompatible CNI versions", code 1).', '"cniVersion": "1.0"', 'Write a full spec version: 0.3.1, 0.4.0, 1.0.0 or 1.1.0.'),
  rule('CNI104', 'warning', 'cniVersions', 'libcni v1.2+ runs the list with the highest version in cniVersions it implements; older libcni ignores the key. Entries must be spec versions.', '"cniVersion": "0.4.0", "cniVersions": ["1.0.0", "1.1.0"]', 'List only versions every plugin accepts; keep cniVersion for older runtimes.'),
  rule('CNI105', 'error', 'No plugins', 'libcni: "no plugins in list".', '"plugins": []', 'Add at least one plugin.'),
  rule('CNI106', 'error', 'Invalid boolean flag', 'disableCheck, disableGC and loadOnlyInlinedPlugins must be booleans (libcni v1.2+ also accepts "true"/"false" strings; v1.1 needs a JSON boolean).', '"disableCheck": "yes"', 'Use true or false.'),
  rule('CNI107', 'warning', 'Unknown top-level key', 'libcni reads the list keys case-sensitively and ignores others; a misspelt key has no effect.', '"Name": "net"', 'Use the key the spec defines (the hint shows the closest one).'),
  rule('CNI108', 'info', 'CHECK is not available', 'Spec versions before 0.4.0 have no CHECK: libcni refuses it; disableCheck turns it off.', '"cniVersion": "0.3.1"', 'Use 0.4.0 or newer to let runtimes verify attachments.'),
  // Plugin schema layer
  rule('CNI200', 'error', 'Plugin without a type', 'libcni: "missing \'type\'"; the type names the binary to run.', '{"bridge": "cni0"}', 'Add "type".'),
  rule('CNI201', 'info', 'Unknown plugin type', 'CNI Studio has no schema for this type, so only the generic rules apply. If it is a typo, the runtime fails with "failed to find plugin".', '"type": "bridg"', 'Check the spelling; third-party plugins can be added to schemas/.'),
  rule('CNI202', 'error', 'Wrong value type', 'Go fails to decode the config when a value has the wrong JSON type, so the plugin rejects the whole config.', '"mtu": "1500"', 'Write the value with the expected type (the number without quotes).'),
  rule('CNI203', 'warning', 'Unknown key', 'Reference plugins ignore keys they do not know, so a misspelt key silently does nothing.', '"hairpinmod": true', 'Use the key the plugin reads (the hint shows the closest one) or remove it.'),
  rule('CNI204', 'warning', 'Key in different case', 'Go matches keys case-insensitively, so this works, but other tools (and readers) expect the documented spelling.', '"MTU": 1500', 'Write the key as documented.'),
  rule('CNI205', 'error', 'Value not allowed', 'The plugin accepts only certain values for this field and fails on others.', '"mode": "bridged"', 'Pick one of the listed values.'),
  rule('CNI206', 'error', 'Value out of range', 'The plugin checks the range (or the kernel rejects the value).', '"vlan": 5000', 'Use a value within the range shown.'),
  rule('CNI207', 'error', 'Required field missing', 'The plugin fails without this field.', 'vlan without "master"', 'Add the field.'),
  rule('CNI208', 'error', 'Invalid address', 'An IP, CIDR or MAC that Go\'s parser rejects fails the plugin.', '"subnet": "10.1.0.0"', 'Write the address in the form shown (CIDR needs /prefix).'),
  rule('CNI209', 'error', 'Invalid value', 'The value does not have the form the plugin expects.', '"bridge": ""', 'Follow the message.'),
  rule('CNI210', 'info', 'Set by the runtime', 'libcni overwrites a plugin\'s name and cniVersion with the list\'s, so values here have no effect.', '{"type": "bridge", "cniVersion": "0.3.1"}', 'Remove the key, or set the list\'s value.'),
  rule('CNI211', 'error', 'Plugin type is not a bare name', 'libcni looks the type up as a file name in CNI_PATH; a path separator is refused ("invalid plugin name").', '"type": "/opt/cni/bin/bridge"', 'Write the bare binary name and put its directory in CNI_PATH.'),
  rule('CNI212', 'info', 'Field ignored by older plugins', 'Debian bookworm ships plugins 1.1.1, which silently ignore fields added later.', '"ipMasqBackend": "nftables"', 'Nothing to do if your nodes run newer plugins.'),
  // Chain
  rule('CNI300', 'error', 'Chained plugin first', 'This plugin modifies the result of an earlier plugin and fails when it runs first ("must be called as chained plugin").', 'plugins: [portmap, bridge]', 'Move an interface plugin (bridge, ptp, macvlan…) before it.'),
  rule('CNI302', 'error', 'Two interface plugins', 'Both create an interface named CNI_IFNAME in the container; the second fails because it already exists (or replaces the result).', 'plugins: [bridge, ptp]', 'Keep one interface plugin per list; use Multus or a second list for a second interface.'),
  rule('CNI303', 'error', 'IPAM plugin as a chain step', 'IPAM plugins are delegates: the interface plugin runs them from its "ipam" object. As a chain step they allocate addresses nobody configures.', 'plugins: [bridge, host-local]', 'Move it into the interface plugin\'s "ipam".'),
  rule('CNI304', 'warning', 'Plugin appears twice', 'The second copy usually repeats or undoes the first one\'s work (two portmaps program the same rules).', 'plugins: [bridge, portmap, portmap]', 'Remove the duplicate.'),
  rule('CNI305', 'error', 'Version not supported by a plugin', 'Each plugin accepts a fixed set of spec versions and fails with "incompatible CNI versions" (code 1) otherwise.', 'firewall with "cniVersion": "0.3.1"', 'Use a cniVersion every plugin in the chain accepts.'),
  rule('CNI306', 'info', 'Older plugins reject this version', 'Debian bookworm\'s plugins (1.1.1) accept at most 1.0.0.', '"cniVersion": "1.1.0"', 'Use 1.0.0 on such nodes, or plugins v1.6.0 or newer.'),
  rule('CNI307', 'warning', 'Plugin for another platform', 'Windows plugins (win-bridge, win-overlay) do not exist on Linux and vice versa.', 'plugins: [win-bridge, portmap]', 'Use plugins of one platform.'),
  // IPAM
  rule('CNI400', 'error', 'IPAM missing', 'This plugin needs addresses from an IPAM delegate and fails without one ("no plugin name provided").', '{"type": "ptp"}', 'Add an "ipam" object, e.g. host-local.'),
  rule('CNI401', 'error', 'IPAM without a type', 'The runtime cannot find the delegate binary without ipam.type.', '"ipam": {"subnet": "10.1.0.0/16"}', 'Add "type", e.g. "host-local".'),
  rule('CNI402', 'warning', 'IPAM ignored', 'This plugin never calls an IPAM delegate, so the "ipam" object has no effect.', '{"type": "portmap", "ipam": {...}}', 'Remove it, or move it to the interface plugin.'),
  rule('CNI403', 'error', 'Not an IPAM plugin', 'ipam.type must name an IPAM plugin (host-local, dhcp, static, whereabouts…).', '"ipam": {"type": "bridge"}', 'Use an IPAM plugin.'),
  rule('CNI404', 'info', 'Unknown IPAM type', 'No schema for this IPAM type; its fields are not checked.', '"ipam": {"type": "my-ipam"}', 'Check the spelling.'),
  rule('CNI410', 'warning', 'host-local without ranges', 'host-local fails with "no IP ranges specified" unless something fills the ranges in before use (flannel, kube-router and antrea do).', '"ipam": {"type": "host-local"}', 'Add "ranges": [[{"subnet": "10.22.0.0/16"}]].'),
  rule('CNI411', 'error', 'Subnet has host bits set', 'host-local refuses a subnet that is not a network address ("Network has host bits set").', '"subnet": "10.1.0.5/16"', 'Use the network address (the fix computes it).'),
  rule('CNI412', 'error', 'Subnet too small', 'host-local needs at least two host addresses: /31, /32, /127 and /128 are refused.', '"subnet": "10.0.0.0/31"', 'Use a larger subnet.'),
  rule('CNI413', 'error', 'Range bounds outside the subnet', 'rangeStart and rangeEnd must lie inside the subnet, and start must not come after end.', '"subnet": "10.1.0.0/24", "rangeStart": "10.2.0.10"', 'Move the bounds inside the subnet.'),
  rule('CNI414', 'warning', 'Gateway outside the subnet', 'host-local does not check it, but containers then get a gateway they cannot reach.', '"subnet": "10.1.0.0/24", "gateway": "10.2.0.1"', 'Use an address inside the subnet.'),
  rule('CNI415', 'error', 'Mixed address families in a range set', 'A range set hands out one address; all its ranges must be of one family ("mixed address families").', '[[{"subnet": "10.1.0.0/24"}, {"subnet": "fd00::/64"}]]', 'Put IPv4 and IPv6 in separate range sets.'),
  rule('CNI416', 'error', 'Overlapping ranges', 'host-local refuses overlapping subnets within a set and across sets.', '[[{"subnet": "10.1.0.0/16"}], [{"subnet": "10.1.2.0/24"}]]', 'Use disjoint subnets.'),
  rule('CNI417', 'info', 'Legacy single-range form', 'Top-level subnet/rangeStart/rangeEnd/gateway still work but "ranges" is the current form (and allows dual stack).', '"ipam": {"type": "host-local", "subnet": "10.1.0.0/16"}', 'Convert to "ranges" (the quick fix does it).'),
  rule('CNI418', 'error', 'Empty range set', 'host-local: "empty range set".', '"ranges": [[]]', 'Add a range or remove the set.'),
  rule('CNI420', 'warning', 'Static gateway does not match the address', 'The gateway should be of the address\'s family and inside its network.', '{"address": "10.0.0.5/24", "gateway": "fd00::1"}', 'Correct the gateway.'),
  rule('CNI421', 'error', 'Too many addresses for this version', 'Spec versions before 0.3.0 carry one address per family.', '"cniVersion": "0.2.0" with two IPv4 addresses', 'Use cniVersion 0.3.0 or newer.'),
  rule('CNI430', 'warning', 'Route gateway family differs', 'A route\'s gw must be of the same family as its dst.', '{"dst": "0.0.0.0/0", "gw": "fd00::1"}', 'Correct the gateway or the destination.'),
  rule('CNI440', 'warning', 'DNS name server is not an IP', 'Resolvers need addresses, not names.', '"nameservers": ["dns.example"]', 'Use the server\'s IP address.'),
  // Capabilities and reserved keys
  rule('CNI500', 'error', 'Capability is not a boolean', 'libcni decodes capabilities as a map of booleans and fails on anything else.', '"capabilities": {"portMappings": "true"}', 'Use true or false.'),
  rule('CNI501', 'warning', 'Unknown capability', 'Runtimes only supply well-known capabilities, matched case-sensitively; others never arrive.', '"capabilities": {"portmappings": true}', 'Use a known capability name (the hint shows the closest one).'),
  rule('CNI502', 'warning', 'Capability not consumed', 'The runtime will inject runtimeConfig for this capability, but this plugin never reads it.', 'bridge with "capabilities": {"portMappings": true}', 'Declare it on the plugin that consumes it (portmap for portMappings).'),
  rule('CNI504', 'warning', 'Hand-written runtimeConfig', 'runtimeConfig is the runtime\'s: libcni replaces it whenever it injects a capability, and passes it through otherwise, so the result depends on the runtime.', '"runtimeConfig": {"portMappings": [...]}', 'Declare the capability and let the runtime supply the values.'),
  rule('CNI505', 'warning', 'Hand-written prevResult', 'The runtime sets prevResult; a value here is overwritten on ADD for every plugin after the first.', '"prevResult": {...}', 'Remove it.'),
  rule('CNI506', 'warning', 'Reserved cni.dev/ key', 'Keys starting with cni.dev/ are reserved for the runtime (e.g. GC attachments).', '"cni.dev/attachments": []', 'Remove it.'),
  rule('CNI507', 'info', 'Hand-written args', 'args is optional data usually supplied by the runtime; plugins ignore what they do not understand.', '"args": {"cni": {"ips": ["10.1.0.5"]}}', 'Fine if intended.'),
  // Plugin-specific
  rule('CNI600', 'error', 'hairpinMode with promiscMode', 'bridge: "cannot set hairpin mode and promiscuous mode at the same time".', '"hairpinMode": true, "promiscMode": true', 'Turn one of them off.'),
  rule('CNI601', 'error', 'Invalid VLAN trunk', 'bridge checks each trunk entry: ids 1–4094, minID and maxID together, minID ≤ maxID.', '"vlanTrunk": [{"minID": 200, "maxID": 100}]', 'Correct the entry.'),
  rule('CNI602', 'error', 'Container interface disabled with IPAM', 'bridge: "cannot use IPAM when DisableContainerInterface flag is set".', '"disableContainerInterface": true, "ipam": {...}', 'Remove ipam or the flag.'),
  rule('CNI603', 'error', 'host-device without a device', 'host-device: "specify either \\"device\\", \\"hwaddr\\", \\"kernelpath\\" or \\"pciBusID\\"".', '{"type": "host-device"}', 'Name the device (or declare the deviceID capability).'),
  rule('CNI604', 'error', 'portmap mark options conflict', 'portmap: "Cannot specify externalSetMarkChain and markMasqBit".', '"markMasqBit": 13, "externalSetMarkChain": "KUBE-MARK-MASQ"', 'Keep one.'),
  rule('CNI605', 'error', 'iptables options with the nftables backend', 'portmap: "nftables backend was requested but configuration contains iptables-specific options".', '"backend": "nftables", "markMasqBit": 13', 'Remove the iptables options or use the iptables backend.'),
  rule('CNI606', 'error', 'Bandwidth rate without burst', 'bandwidth: "if rate is set, burst must also be set" (and the reverse).', '"ingressRate": 1000000', 'Set the burst as well.'),
  rule('CNI607', 'error', 'Bandwidth burst too large', 'bandwidth: "burst cannot be more than 4GB" (burst is in bits; burst/8 must stay under 2^32−1).', '"ingressBurst": 40000000000', 'Use a smaller burst.'),
  rule('CNI608', 'warning', 'Static limits hide the capability', 'bandwidth uses runtimeConfig.bandwidth only when none of the four static keys is set.', '"ingressRate": 1000, "capabilities": {"bandwidth": true}', 'Drop the static limits or the capability.'),
  rule('CNI609', 'warning', 'bandwidth does nothing', 'Without static limits or the bandwidth capability, no limit is ever applied.', '{"type": "bandwidth"}', 'Declare the capability or set limits.'),
  rule('CNI610', 'error', 'Sysctl outside net.', 'tuning only writes sysctls under /proc/sys/net ("invalid net sysctl key").', '"sysctl": {"kernel.shmmax": "1"}', 'Only net.* sysctls can be tuned per container.'),
  rule('CNI611', 'error', 'Duplicate sysctl key', 'tuning rejects duplicated sysctl keys (v1.2.0+).', '"sysctl": {"net.core.somaxconn": "500", "net.core.somaxconn": "1024"}', 'Keep one.'),
  rule('CNI612', 'warning', 'Ingress policy needs bridge', 'firewall\'s same-bridge and isolated policies need a bridge as the first interface of the result.', '[ptp, firewall with "ingressPolicy": "isolated"]', 'Use bridge, or the open policy.'),
  rule('CNI613', 'info', 'Needs a running daemon', 'dhcp IPAM talks to the CNI dhcp daemon (/run/cni/dhcp.sock) that must run on every node.', '"ipam": {"type": "dhcp"}', 'Run "dhcp daemon" on the node.'),
  rule('CNI614', 'warning', 'portmap without the portMappings capability', 'portmap only receives port mappings through runtimeConfig, so without the capability it does nothing.', '{"type": "portmap"}', 'Add "capabilities": {"portMappings": true}.'),
  // Conf directories
  rule('CNI700', 'info', 'Which file defines a network', 'libcni looks a network up by name: every .conflist in byte order first, then .conf and .json; the first match wins. containerd and CRI-O take the first file as the default network.', '10-a.conflist and 20-b.conflist both named "net"', 'Nothing to do; shown so reviewers see what the node will use.'),
  rule('CNI701', 'warning', 'Duplicate network name', 'Only the first file with a name is ever used; the other is dead configuration that misleads readers.', '10-a.conflist and 20-b.conflist both named "net"', 'Remove or rename one.'),
  rule('CNI702', 'error', 'Broken file blocks lookups', 'libcni loads files in order and aborts the lookup at the first one it cannot load, so networks defined after it are never found. From libcni 1.3 a list also fails to load when a plugin file in its network\'s folder does not parse, or when it ends up with no plugins at all ("no plugin configs found").', '05-broken.conflist with a syntax error before 10-net.conflist', 'Fix or remove the broken file.'),
  rule('CNI704', 'info', 'File ignored by runtimes', 'Only .conflist, .conf and .json files are read from a conf directory.', 'net.d/README.md', 'Nothing to do.'),
  rule('CNI705', 'info', 'Plugins appended from the network\'s folder', 'From libcni 1.3 a .conflist also takes the *.conf plugin files in the folder named after its network (<dir>/<network>/, in name order) and appends them after its own plugins, unless loadOnlyInlinedPlugins is true; such a list may leave out "plugins". The message names every plugin libcni runs, in order, with its file.', 'net.d/10-net.conflist and net.d/net/20-portmap.conf', 'Nothing to do; shown so reviewers see the whole chain.'),
  rule('CNI706', 'warning', 'Plugin file never run', 'A *.conf file in a network\'s folder is appended only by libcni 1.3 and newer, only to a .conflist, and not when the list sets loadOnlyInlinedPlugins: otherwise the plugin in it never runs.', 'net.d/net/20-portmap.conf with libcni 1.2.3', 'Move the plugin into the list\'s "plugins", or run libcni 1.3 or newer.'),
];

export const RULES_BY_CODE: ReadonlyMap<string, RuleDoc> = new Map(RULE_DOCS.map((r) => [r.code, r]));
