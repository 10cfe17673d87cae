// Cross-field rules of individual reference plugins that a schema cannot express.
import { isJsonObject, type JsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import { goFold } from '../../model/go-keys';
import type { Finding } from '../finding';
import { rawPlugin, type PluginView, type Rule } from '../context';
import { describeProfile, releaseAtLeast, type RuntimeProfile } from '../../profiles/profile';
import { reads } from './releases';
import { conditionsBackend, conditionsIptablesRefuses, CONDITION_KEYS, pluginBehaviour, tbfDropsFrames, tbfRefusal, vethFrame, type PortmapBackend, type VethFrame } from '../../plugins';
import { DEFAULT_INPUTS } from '../../runtime/inputs';
import { sysctlNumbers } from './sysctl-value';
import { sysctlOutsideNetns } from './sysctl-scope';
import { firewallRules } from './plugin-firewall';
import { hostDevice } from './plugin-host-device';
import { sbrRules } from './plugin-sbr';
import { writtenPortMappings } from './check-behaviour';
import { duplicateHostPorts } from '../../runtime/input-failures';

/** `raw`: the plugin as written (every spelling, nulls kept), for what Go's decoding does with a key whatever its value. */
type PluginRule = (p: PluginView, all: PluginView[], profile: RuntimeProfile, raw: JsonObject | undefined) => Finding[];

/** A fix that declares a capability, keeping the ones already declared. */
function declareCapability(p: PluginView, name: string): NonNullable<Finding['fix']> {
  const existing = isJsonObject(p.conf.capabilities) ? p.conf.capabilities : {};
  return { title: `Declare the ${name} capability`, patch: [{ op: 'add', path: `${p.pointer}/capabilities`, value: { ...existing, [name]: true } }] };
}

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

const MAX_BURST_BYTES = 2 ** 32 - 1;
/** Go reads rates as uint64: a number that reaches it as 2^64 or more fails to decode (the schema's CNI206), before any qdisc. */
const MAX_UINT64 = 18446744073709549568;

/** The limits bandwidth refuses (or the kernel does) in one set of limits: the config's own, or a runtimeConfig's. */

/**
 * CNI658: a burst below a full-size frame. tbf drops every packet that takes longer than its buffer at the
 * rate, so full-size packets never pass in that direction while ADD and CHECK work (seen with Debian's 1.1.1:
 * the lab's don't-fragment ping at the MTU and its transfers failed with 12112 bits at 10 Mbit/s, passed with 12120).
 */
function burstBelowFrame(rate: number, burst: number, dir: 'ingress' | 'egress', frame: VethFrame, base: string, where: string): Finding[] {
  const drops = tbfDropsFrames(rate, burst, frame.mtu);
  if (!drops) return [];
  return [{
    code: 'CNI658',
    severity: 'warning',
    message: `${where}${dir}Burst ${burst} bits lets tbf pass packets of at most ${drops.largest} bytes at ${rate} bits/s, and a full-size frame on the container's veth is ${drops.size} bytes (MTU ${frame.mtu}${frame.written ? '' : ', the default'}, and 14 of Ethernet): tbf drops every larger packet, so full-size packets ${dir === 'ingress' ? 'into' : 'out of'} the container never pass, though ADD and CHECK work. Bursts are in bits${drops.needed ? `: make it at least ${drops.needed}` : ''}.`,
    pointer: `${base}/${dir}Burst`,
  }];
}

function bandwidthLimitFindings(limits: JsonObject, base: string, where: string, frame: VethFrame): Finding[] {
  const out: Finding[] = [];
  for (const dir of ['ingress', 'egress'] as const) {
    const rate = limits[`${dir}Rate`];
    const burst = limits[`${dir}Burst`];
    const r = typeof rate === 'number' ? rate : 0;
    const b = typeof burst === 'number' ? burst : 0;
    if (r > 0 && b === 0) out.push({ code: 'CNI606', severity: 'error', message: `${where}${dir}Rate is set without ${dir}Burst: bandwidth fails ("if rate is set, burst must also be set").`, pointer: `${base}/${dir}Rate`, target: 'key' });
    if (b > 0 && r === 0) out.push({ code: 'CNI606', severity: 'error', message: `${where}${dir}Burst is set without ${dir}Rate: bandwidth fails ("if burst is set, rate must also be set").`, pointer: `${base}/${dir}Burst`, target: 'key' });
    // The config's own burst has its schema's maximum (CNI206, in the plugin's words); a runtimeConfig's has none.
    if (b / 8 >= MAX_BURST_BYTES) {
      if (where !== '') out.push({ code: 'CNI607', severity: 'error', message: `${where}${dir}Burst ${b} bits is more than 4 GB: bandwidth fails ("burst cannot be more than 4GB"). Bursts are in bits.`, pointer: `${base}/${dir}Burst` });
    } else if (r > 0 && b > 0 && r <= MAX_UINT64 && Number.isInteger(r) && Number.isInteger(b)) {
      const why = tbfRefusal(r, b);
      if (!why) out.push(...burstBelowFrame(r, b, dir, frame, base, where));
      if (why) out.push({ code: 'CNI626', severity: 'error', message: `${where}${dir}: ${why}; the kernel refuses the qdisc and ADD fails ("create qdisc: invalid argument"). ${why.includes('ticks') ? 'A burst some bytes larger or smaller gives a buffer tbf takes.' : 'Rates are in bits per second and bursts in bits: give a rate of 8 or more and a burst that lasts at least a microsecond at it.'}`, pointer: `${base}/${r < 8 ? `${dir}Rate` : `${dir}Burst`}` });
    }
  }
  return out;
}

const BANDWIDTH_LIMITS = ['ingressRate', 'ingressBurst', 'egressRate', 'egressBurst'];

const bandwidth: PluginRule = (p, all, _profile, raw) => {
  const frame = vethFrame(all.map((x) => x.conf));
  const c = p.conf;
  // The limits are an embedded *BandwidthEntry: Go makes it for any of its keys in any spelling, a null
  // included, and then bandwidth ignores the runtime's limits (seen with Debian's 1.1.1: no bwp link).
  const nullOnly = raw ? Object.keys(raw).find((k) => raw[k] === null && BANDWIDTH_LIMITS.some((l) => goFold(l) === goFold(k))) : undefined;
  const anyStatic = BANDWIDTH_LIMITS.some((k) => c[k] !== undefined) || nullOnly !== undefined;
  const out = bandwidthLimitFindings(c, p.pointer, '', frame);
  const capabilities = isJsonObject(c.capabilities) ? c.capabilities : {};
  const capability = capabilities.bandwidth === true;
  // Without limits of its own, bandwidth reads runtimeConfig.bandwidth; a runtimeConfig written in the file
  // reaches it as written when libcni injects nothing (no capability declared: it replaces the whole
  // runtimeConfig only when it injects one). The published integration tests limit traffic this way.
  const written = isJsonObject(c.runtimeConfig) && isJsonObject(c.runtimeConfig.bandwidth) ? c.runtimeConfig.bandwidth : undefined;
  const passedThrough = written !== undefined && !Object.values(capabilities).some((v) => v === true);
  // With a capability declared, the written runtimeConfig still reaches bandwidth whenever the runtime sends
  // no capability arguments (a pod without a bandwidth annotation): seen failing ADD on Debian's 1.1.1.
  const when = passedThrough ? '' : 'When the runtime sends no capability arguments, the runtimeConfig written here reaches bandwidth as it is: ';
  if (!anyStatic && written) out.push(...bandwidthLimitFindings(written, `${p.pointer}/runtimeConfig/bandwidth`, `${when}runtimeConfig.bandwidth: `, frame));
  if (anyStatic && capability) {
    const own = BANDWIDTH_LIMITS.some((k) => c[k] !== undefined);
    out.push({
      code: 'CNI608',
      severity: 'warning',
      message: own
        ? BANDWIDTH_LIMITS.some((k) => typeof c[k] === 'number' && c[k] !== 0)
          ? 'bandwidth has static limits, so it ignores the limits the runtime sends through the bandwidth capability.'
          : 'bandwidth has limits of its own, all 0 here: their keys alone make Go use them, so it ignores the limits the runtime sends through the bandwidth capability and limits nothing. Leave the keys out.'
        : `bandwidth has limits of its own because of "${nullOnly}": null (Go makes its limits for any of their keys, a null included, all 0 here), so it ignores the limits the runtime sends through the bandwidth capability and limits nothing.`,
      pointer: `${p.pointer}/capabilities/bandwidth`,
      target: 'key',
    });
  }
  if (!anyStatic && !capability && !passedThrough) {
    out.push({
      code: 'CNI609',
      severity: 'warning',
      message: 'bandwidth has no static limits and does not declare the bandwidth capability: it never limits anything.',
      pointer: p.pointer,
      fix: declareCapability(p, 'bandwidth'),
    });
  }
  return out;
};

/** What tuning opens for a sysctl key: every "." becomes "/", then Go's filepath.Join cleans the path. */
export function sysctlPath(key: string): string[] {
  return key.replace(/\./g, '/').split('/').filter((s) => s !== '');
}

/** Directories of /proc/sys itself: under /proc/sys/net/ they never exist. */
const TOP_LEVEL_SYSCTL_DIRS = new Set(['abi', 'crypto', 'debug', 'dev', 'fs', 'kernel', 'sunrpc', 'user', 'vm']);

/** Why the file tuning opens is not the one the key names, or undefined when it is. */
function sysctlMisread(key: string, path: string[]): string | undefined {
  if (key.includes('/')) {
    const written = key.split('/').filter((s) => s !== '');
    if (written.includes('..')) return '".." is no parent directory once its dots are slashes';
    const dotted = written.findIndex((s, i) => s.includes('.') && ['conf', 'neigh'].includes(written[i - 1] ?? ''));
    if (dotted >= 0) return `the dot in the interface name "${written[dotted]}" becomes a directory level too`;
  }
  if (TOP_LEVEL_SYSCTL_DIRS.has(path[1] ?? '')) return `"${path[1]}" is a directory of /proc/sys, not of /proc/sys/net`;
  return undefined;
}

/**
 * Per-interface sysctls whose files take integers only (devinet_conf_proc for every net.ipv4.conf.* file,
 * proc_dointvec and kin for net.ipv6.conf.* but stable_secret, and for net.*.neigh.*): the kernel refuses a
 * write that does not start with a number ("invalid argument").
 */
const integerSysctl = (path: string[]) =>
  path.length === 5 && path[0] === 'net' && (path[1] === 'ipv4' || path[1] === 'ipv6') && (path[2] === 'conf' || path[2] === 'neigh') && path[4] !== 'stable_secret';

/**
 * CNI313: args.cni.sysctl copied into a sysctl map tuning never made: with no "sysctl" of its own (absent or
 * null) tuning assigns into a nil map and panics, at ADD and at DEL alike (seen with Debian's 1.1.1; the
 * same code in 1.9.1).
 */
function argsIntoNilSysctl(p: PluginView): Finding[] {
  const args = isJsonObject(p.conf.args) && isJsonObject(p.conf.args.cni) ? p.conf.args.cni : undefined;
  const fromArgs = args && isJsonObject(args.sysctl) ? args.sysctl : undefined;
  if (!fromArgs || Object.keys(fromArgs).length === 0 || isJsonObject(p.conf.sysctl)) return [];
  return [
    {
      code: 'CNI313',
      severity: 'error',
      message: 'tuning copies args.cni.sysctl into its own "sysctl", which is not there (absent or null): it assigns into a nil map and panics, so ADD and DEL both fail ("netplugin failed: "panic: assignment to entry in nil map …"). Write "sysctl": {} beside it.',
      pointer: `${p.pointer}/args/cni/sysctl`,
      fix: { title: 'Add "sysctl": {}', patch: [{ op: 'add', path: `${p.pointer}/sysctl`, value: {} }] },
    },
  ];
}

/**
 * CNI659: tuning's mtu above the MTU of the veth the interface plugin made. tuning sets the container's end
 * alone; the host's end keeps its MTU and drops each larger frame the container sends, and the host sends
 * none larger: ADD, CHECK and DEL work, and packets above the veth's MTU are lost (seen with bridge and a
 * 9000 mtu on Debian's 1.1.1: the lab's don't-fragment ping at 9000 failed).
 */
function mtuAboveVeth(p: PluginView, all: readonly PluginView[]): Finding[] {
  const mtu = p.conf.mtu;
  const first = all[0];
  if (typeof mtu !== 'number' || !first || first === p || (first.type !== 'bridge' && first.type !== 'ptp')) return [];
  const frame = vethFrame(all.map((x) => x.conf));
  if (mtu <= frame.mtu) return [];
  return [{ code: 'CNI659', severity: 'warning', message: `tuning sets the container's end of ${first.type}'s veth to MTU ${mtu}, but the host's end keeps ${frame.mtu}${frame.written ? '' : ' (the default)'}: each packet above ${frame.mtu} bytes is dropped there, though ADD, CHECK and DEL work. Give ${first.type} "mtu": ${mtu} instead.`, pointer: `${p.pointer}/mtu` }];
}

const tuning: PluginRule = (p, all, profile) => [...mtuAboveVeth(p, all), ...tuningSysctls(p, profile)];

function tuningSysctls(p: PluginView, profile: RuntimeProfile): Finding[] {
  const sysctl = p.conf.sysctl;
  if (!isJsonObject(sysctl)) return argsIntoNilSysctl(p);
  const out: Finding[] = [];
  for (const k of Object.keys(sysctl)) {
    const path = sysctlPath(k);
    const pointer = `${p.pointer}/sysctl/${escapeSegment(k)}`;
    if (path[0] !== 'net' || path.length < 2) {
      // From 1.2.0 tuning prints the key with its dots already turned into slashes.
      const printed = p.release === undefined || releaseAtLeast(p.release, '1.2.0') ? k.replace(/\./g, '/') : k;
      out.push({ code: 'CNI610', severity: 'error', message: `tuning only sets sysctls under net.: "${k}" fails ("invalid net sysctl key: ${JSON.stringify(printed)}").`, pointer, target: 'key', ...(p.release !== undefined ? { profile: describeProfile(profile) } : {}) });
      continue;
    }
    const scope = sysctlOutsideNetns(path.join('/'));
    if (scope) {
      const file = `/proc/sys/${path.join('/')}`;
      out.push({
        code: 'CNI646',
        severity: 'error',
        message: `Sysctl "${k}" is the machine's, not a network namespace's: in the container's namespace Linux shows ${file} ${scope === 'read-only' ? 'read-only' : 'not at all'}, so tuning's ADD fails ("open ${file}: ${scope === 'read-only' ? 'permission denied' : 'no such file or directory'}"). Set it on the node instead (sysctl.d).`,
        pointer,
        target: 'key',
      });
      continue;
    }
    const value = sysctl[k];
    if (typeof value === 'string' && integerSysctl(path) && value.trim() !== '' && !/^\s*[-+]?\d/.test(value)) {
      const file = `/proc/sys/${path.map((s) => (s === 'IFNAME' ? '…' : s)).join('/')}`;
      out.push({
        code: 'CNI639',
        severity: 'error',
        message: `Sysctl "${k}" takes a number, and the kernel refuses ${JSON.stringify(value)}: tuning's ADD fails ("write ${file}: invalid argument"). Write a number, e.g. "1" for yes.`,
        pointer,
      });
    }
    const numbers = typeof value === 'string' ? sysctlNumbers(value) : undefined;
    if (numbers && 'refused' in numbers) {
      const file = `/proc/sys/${path.map((s) => (s === 'IFNAME' ? '…' : s)).join('/')}`;
      out.push({
        code: 'CNI641',
        severity: 'error',
        message: numbers.refused.startsWith('+')
          ? `Sysctl "${k}" is ${JSON.stringify(value)}: the kernel takes a minus sign but not a plus, and refuses the write: tuning's ADD fails ("write ${file}: invalid argument"). Write it without the "+".`
          : `Sysctl "${k}" is ${JSON.stringify(value)}: the kernel reads a number with a leading 0 as octal, where ${numbers.refused.replace(/^-?0[0-7]*/, '').charAt(0)} is no digit, and refuses the write: tuning's ADD fails ("write ${file}: invalid argument"). Write it without the leading 0.`,
        pointer,
      });
    }
    const why = sysctlMisread(k, path);
    if (why) {
      const file = `/proc/sys/${path.join('/')}`;
      out.push({
        code: 'CNI615',
        severity: 'error',
        message: `tuning turns every "." of a sysctl key into "/" before it opens the file, so "${k}" opens ${file} (${why}): ADD fails ("open ${file}: no such file or directory").`,
        pointer,
        target: 'key',
      });
    }
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

/** The kernel's refusal of a link on the loopback device, per plugin (Debian's 1.1.1, run in a namespace of its own). */
const ON_LOOPBACK: ReadonlyMap<string, string> = new Map([
  ['macvlan', 'failed to create macvlan: invalid argument'],
  ['ipvlan', 'failed to create ipvlan: operation not supported'],
  ['vlan', 'failed to create vlan: operation not supported'],
]);

/** CNI660: "master": "lo": Linux makes no macvlan, ipvlan or vlan on the loopback device (in the container's namespace too, with linkInContainer). */
const loopbackMaster: PluginRule = (p) => {
  const refusal = ON_LOOPBACK.get(p.type ?? '');
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
