// Cross-field rules of individual reference plugins that a schema cannot express.
import { isJsonObject, type JsonObject } from '../../model/types';
import type { Finding } from '../finding';
import { rawPlugin, type PluginView, type Rule } from '../context';
import { describeProfile, type RuntimeProfile } from '../../profiles/profile';
import { reads } from './releases';
import { conditionsBackend, conditionsIptablesRefuses, CONDITION_KEYS, pluginBehaviour, type PortmapBackend } from '../../plugins';
import { DEFAULT_INPUTS } from '../../runtime/inputs';
import { firewallRules } from './plugin-firewall';
import { hostDevice } from './plugin-host-device';
import { sbrRules } from './plugin-sbr';
import { writtenPortMappings } from './check-behaviour';
import { duplicateHostPorts } from '../../runtime/input-failures';

import { declareCapability, type PluginRule } from './plugin-rule';
import { bandwidth } from './plugin-bandwidth';
import { tuning } from './plugin-tuning';

const bridge: PluginRule = (p) => {
  const c = p.conf;
  const out: Finding[] = [];
  // Every network namespace has lo, and it is no bridge (bridge.go ensureBridge).
  if (c.bridge === 'lo') {
    out.push({ code: 'CNI648', severity: 'error', message: 'bridge "lo" names the host\'s loopback, which every network namespace has and which is no bridge: ADD fails ("failed to create bridge "lo": "lo" already exists but is not a bridge"). Name a bridge of its own, e.g. "cni0".', pointer: `${p.pointer}/bridge` });
  }
  if (c.hairpinMode === true && c.promiscMode === true) {
    out.push({ code: 'CNI600', severity: 'error', message: 'bridge cannot set hairpin mode and promiscuous mode at the same time; ADD fails. Turn one off.', pointer: `${p.pointer}/promiscMode`, target: 'key' });
  }
  if (Array.isArray(c.vlanTrunk) && reads(p, 'vlanTrunk')) {
    c.vlanTrunk.forEach((t, i) => {
      if (!isJsonObject(t)) return;
      const at = `${p.pointer}/vlanTrunk/${i}`;
      const hasMin = typeof t.minID === 'number';
      const hasMax = typeof t.maxID === 'number';
      if (hasMin !== hasMax) {
        out.push({ code: 'CNI601', severity: 'error', message: `vlanTrunk[${i}]: minID and maxID must be set together (bridge: "${hasMin ? 'maxID' : 'minID'} is missing").`, pointer: at });
      } else if (hasMin && hasMax && (t.minID as number) > (t.maxID as number)) {
        out.push({ code: 'CNI601', severity: 'error', message: `vlanTrunk[${i}]: minID ${String(t.minID)} is greater than maxID ${String(t.maxID)}.`, pointer: `${at}/minID` });
      }
    });
  }
  if (c.disableContainerInterface === true && reads(p, 'disableContainerInterface') && isJsonObject(c.ipam) && Object.keys(c.ipam).length > 0) {
    out.push({ code: 'CNI602', severity: 'error', message: 'bridge cannot use IPAM when disableContainerInterface is set; ADD fails.', pointer: `${p.pointer}/disableContainerInterface`, target: 'key' });
  }
  return out;
};

/**
 * portmap's options for one backend under the other (1.6.0 on: "failed to parse config", at every ADD, CHECK
 * and DEL), and before 1.6.0 conditions in nftables words, which iptables refuses once there are port mappings.
 */
function portmapBackend(p: PluginView, profile: RuntimeProfile): Finding[] {
  const c = p.conf;
  const words = p.release !== undefined ? { profile: describeProfile(profile) } : {};
  if (!reads(p, 'backend')) {
    const refused = conditionsIptablesRefuses(c, p.release);
    if (refused.length === 0) return [];
    return [{ code: 'CNI629', severity: 'warning', message: `portmap ${p.release} has no nftables backend (it came in 1.6.0): it hands ${refused.join(' and ')} to iptables as written, and iptables refuses nftables words, so ADD fails for every container with port mappings ("unable to setup DNAT: … Bad argument"). Write them as iptables arguments ("-d", "!", …).`, pointer: `${p.pointer}/${refused[0]}`, target: 'key', ...words }];
  }
  const options: Record<PortmapBackend, string[]> = { iptables: c.externalSetMarkChain !== undefined ? ['externalSetMarkChain'] : [], nftables: [] };
  for (const k of CONDITION_KEYS) {
    const backend = conditionsBackend(c[k], p.release);
    if (backend) options[backend].push(k);
  }
  const fails = (backend: PortmapBackend, other: PortmapBackend) => `("${backend} backend was requested but configuration contains ${other}-specific options [${options[other].join(' ')}]"): every ADD, CHECK and DEL fails`;
  if (c.backend === 'nftables' && options.iptables.length > 0) {
    return [{ code: 'CNI605', severity: 'error', message: `portmap's nftables backend refuses iptables-specific options: ${options.iptables.join(', ')} ${fails('nftables', 'iptables')}.`, pointer: `${p.pointer}/backend`, ...words }];
  }
  if (options.nftables.length === 0 || (c.backend !== undefined && c.backend !== 'iptables')) return [];
  const named = options.nftables.join(' and ');
  // With nftables as the backend, only iptables options would be in the way.
  const fix = options.iptables.length === 0 ? { fix: { title: 'Use the nftables backend', patch: [{ op: c.backend === undefined ? ('add' as const) : ('replace' as const), path: `${p.pointer}/backend`, value: 'nftables' }] } } : {};
  const message =
    c.backend === 'iptables'
      ? `portmap's iptables backend refuses ${named}, written in nftables words ${fails('iptables', 'nftables')}.`
      : `portmap has no "backend", so it takes iptables on a host that has it (nearly every host), and then refuses ${named}, written in nftables words ${fails('iptables', 'nftables')}. Set "backend": "nftables".`;
  return [{ code: 'CNI628', severity: 'error', message, pointer: `${p.pointer}/${c.backend === 'iptables' ? 'backend' : options.nftables[0]}`, ...(c.backend === 'iptables' ? {} : { target: 'key' as const }), ...fix, ...words }];
}

const portmap: PluginRule = (p, _all, profile) => {
  const c = p.conf;
  const out: Finding[] = [];
  if (c.markMasqBit !== undefined && c.externalSetMarkChain !== undefined) {
    out.push({ code: 'CNI604', severity: 'error', message: 'portmap cannot use both externalSetMarkChain and markMasqBit ("Cannot specify externalSetMarkChain and markMasqBit").', pointer: `${p.pointer}/externalSetMarkChain`, target: 'key' });
  }
  out.push(...portmapBackend(p, profile), ...gluedConditions(p));
  if (typeof c.externalSetMarkChain === 'string' && c.externalSetMarkChain !== '' && c.markMasqBit === undefined) {
    // portmap jumps to the chain as named and never makes it: on a host without it, every ADD with port
    // mappings fails (seen with 1.1.1 and 1.6.2 and "KUBE-MARK-MASQ" outside Kubernetes).
    out.push({ code: 'CNI630', severity: 'info', message: `portmap marks connections for masquerading by jumping to the nat chain "${c.externalSetMarkChain}", which it does not make: it must already exist on the host (kube-proxy makes KUBE-MARK-MASQ on a Kubernetes node), or ADD fails for every container with port mappings ("Chain '${c.externalSetMarkChain}' does not exist").`, pointer: `${p.pointer}/externalSetMarkChain` });
  }
  // Mappings written in runtimeConfig (libcni passes them on): one taking a host port an earlier one took is never reached.
  if (writtenPortMappings(c)) {
    for (const { index, message } of duplicateHostPorts((c.runtimeConfig as JsonObject).portMappings)) {
      out.push({ code: 'CNI651', severity: 'warning', message: `runtimeConfig.${message}`, pointer: `${p.pointer}/runtimeConfig/portMappings/${index}` });
    }
  }
  if (!(isJsonObject(c.capabilities) && c.capabilities.portMappings === true) && !writtenPortMappings(c)) {
    out.push({
      code: 'CNI614',
      severity: 'warning',
      message: 'portmap only receives port mappings through the portMappings capability; without it, it does nothing.',
      pointer: p.pointer,
      fix: declareCapability(p, 'portMappings'),
    });
  }
  return out;
};

/**
 * CNI647: an iptables condition written as an option and its value in one item ("-s 10.0.0.0/8"). portmap
 * hands each item to iptables as one argument, which iptables refuses ("host/network `-s 10.0.0.0' not
 * found", "unknown option \"--dport 80\"", seen with iptables 1.8.9), so ADD fails for every container
 * with port mappings. A value that holds spaces (a comment's text) is fine: only items that begin an option.
 */
function gluedConditions(p: PluginView): Finding[] {
  const out: Finding[] = [];
  for (const key of CONDITION_KEYS) {
    const list = p.conf[key];
    if (!Array.isArray(list) || conditionsBackend(list, p.release) !== 'iptables') continue;
    list.forEach((item, i) => {
      if (typeof item !== 'string' || !/^\s*[-!]/.test(item) || !/\S\s+\S/.test(item)) return;
      const parts = item.trim().split(/\s+/);
      out.push({
        code: 'CNI647',
        severity: 'warning',
        message: `${key}[${i}] ${JSON.stringify(item)} holds ${parts.length} iptables arguments in one item: portmap hands each item to iptables as one argument, and iptables refuses it, so ADD fails for every container with port mappings (iptables: "Bad argument", "unknown option", "host/network … not found"). Write each as its own item: ${JSON.stringify(parts)}.`,
        pointer: `${p.pointer}/${key}/${i}`,
        fix: { title: `Split into ${parts.length} items`, patch: [{ op: 'replace', path: `${p.pointer}/${key}`, value: [...list.slice(0, i), ...parts, ...list.slice(i + 1)] }] },
      });
    });
  }
  return out;
}

/** Interfaces each reference interface plugin's ADD result lists (the chained ones add none, bandwidth's ifb aside). */
const RESULT_INTERFACES: ReadonlyMap<string, number> = new Map([
  ['bridge', 3],
  ['ptp', 2],
  ['macvlan', 1],
  ['ipvlan', 1],
  ['vlan', 1],
  ['host-device', 1],
  ['dummy', 1],
  ['loopback', 1],
]);

/** The plugins before `p` in the chain, when every one is a reference plugin (what they give is known). */
const knownBefore = (p: PluginView, all: PluginView[]): PluginView[] | undefined => {
  const before = all.slice(0, all.indexOf(p));
  return before.every((x) => x.entry !== undefined && !x.entry.thirdParty) ? before : undefined;
};

const sbr: PluginRule = (p, all) => sbrRules(p, knownBefore(p, all));

/** CNI632: vrf's vrfname naming a link the container already has that is no VRF (vrf.go findVRF: "Netlink … is not a VRF"); ADD and DEL fail. */
const vrf: PluginRule = (p) => {
  const name = p.conf.vrfname;
  if (name === 'lo') return [{ code: 'CNI632', severity: 'error', message: 'vrfname "lo" names the container\'s loopback, which is no VRF: ADD and DEL fail ("Netlink lo is not a VRF"), so the runtime\'s DEL stops there and the IPAM lease is never released. Name a VRF of its own.', pointer: `${p.pointer}/vrfname` }];
  if (name === 'eth0') return [{ code: 'CNI632', severity: 'warning', message: 'vrfname "eth0" is the name runtimes give the container interface (CNI_IFNAME): with it, ADD and DEL fail ("Netlink eth0 is not a VRF"). Name a VRF of its own.', pointer: `${p.pointer}/vrfname` }];
  return [];
};

/**
 * CNI633: ipvlan chained with no master takes the previous result's one interface as master (ipvlan.go
 * loadConf): bridge's (3) or ptp's (2) fail at once; a reference interface plugin's one is the container's
 * own interface, looked for by its name among the host's links.
 */
const ipvlan: PluginRule = (p, all) => {
  if (p.conf.master !== undefined || all.indexOf(p) === 0) return [];
  const before = knownBefore(p, all);
  if (!before) return [];
  const count = before.reduce((n, x) => n + (RESULT_INTERFACES.get(x.type ?? '') ?? 0), 0);
  const from = before.filter((x) => (RESULT_INTERFACES.get(x.type ?? '') ?? 0) > 0).map((x) => x.type);
  if (count === 1) {
    const [type] = from;
    // A third-party plugin's one interface may be a host link made for this: only the reference ones are known.
    if (type === undefined || pluginBehaviour(type)?.containerLink === undefined) return [];
    const ifname = DEFAULT_INPUTS.ifname;
    return [{ code: 'CNI633', severity: 'error', message: `ipvlan without "master" in a chain takes the one interface of the previous result as its master: ${type}'s container interface, ${ifname}, which ipvlan looks for among the host's links. ADD fails on a host without such a link ("failed to lookup master "${ifname}": Link not found"), and on one with it when ipvlan names its own link ${ifname}, which the container has already ("failed to rename ipvlan to "${ifname}": file exists"). Set "master".`, pointer: p.pointer }];
  }
  return [{ code: 'CNI633', severity: 'error', message: `ipvlan without "master" in a chain takes the one interface of the previous result as its master, and here it lists ${count} (${from.join(', ') || 'none'}): ADD fails ("chained master failure. PrevResult lacks a single named interface"). Set "master".`, pointer: p.pointer }];
};

/**
 * CNI653: macvlan's passthru mode hands the container the master itself, and Linux allows one passthru
 * macvlan per master: the node's second container fails ADD (an outside tester saw it with two containers
 * on Debian's 1.1.1).
 */
const macvlan: PluginRule = (p) => {
  if (typeof p.conf.mode !== 'string' || p.conf.mode !== 'passthru') return [];
  return [{ code: 'CNI653', severity: 'warning', message: `mode "passthru" gives the container the master link itself (its MAC too), and Linux allows one passthru macvlan per master: a second container of this network on the same node fails ADD ("failed to create macvlan: invalid argument"). Use it where each node runs one such container, or use mode "bridge".`, pointer: `${p.pointer}/mode` }];
};

/** CNI660: "master": "lo": Linux makes no macvlan, ipvlan or vlan on the loopback device (in the container's namespace too, with linkInContainer). */
const loopbackMaster: PluginRule = (p) => {
  const refusal = pluginBehaviour(p.type)?.loopbackMasterRefused;
  if (!refusal || p.conf.master !== 'lo') return [];
  return [{ code: 'CNI660', severity: 'error', message: `"master" is the loopback device, on which Linux makes no ${p.type} link: ADD fails ("${refusal}"). Name the network link the container's ${p.type} is to sit on, e.g. eth0.`, pointer: `${p.pointer}/master` }];
};

// A Map, not an object literal: a plugin type is user text, and "toString" or "constructor" must not find
// Object.prototype's members.
const BY_TYPE: ReadonlyMap<string, PluginRule> = new Map([
  ['bridge', bridge],
  ['host-device', hostDevice],
  ['portmap', portmap],
  ['bandwidth', bandwidth],
  ['tuning', tuning],
  ['firewall', firewallRules],
  ['sbr', sbr],
  ['vrf', vrf],
  ['ipvlan', (...args) => [...loopbackMaster(...args), ...ipvlan(...args)]],
  ['macvlan', (...args) => [...loopbackMaster(...args), ...macvlan(...args)]],
  ['vlan', loopbackMaster],
]);

export const pluginSpecific: Rule = ({ plugins, profile, conflist }) =>
  plugins.flatMap((p) => {
    const rule = p.type === undefined ? undefined : BY_TYPE.get(p.type);
    return rule ? rule(p, plugins, profile, rawPlugin(conflist, p)) : [];
  });
