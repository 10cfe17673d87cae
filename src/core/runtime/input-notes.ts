// The plan's notes on the runtime's inputs, beside the invocations it lists: what libcni and each plugin
// check of the container ID, netns, interface name, CNI_ARGS and capability arguments, and what they
// refuse for the profile's releases (a version, CHECK's known failures), with the components' own words.
import { isJsonObject, ownValue, type JsonObject } from '../model/types';
import { listHasGcAndStatus } from './walk';
import { containerIdProblem, ifnameProblem, type RuntimeInputs } from './inputs';
import { conditionFailures, inputFailures, portMappingFailures, protocolCaseNotes } from './input-failures';
import { fileRuntimeLimits, hasLimits, tbfDropsFrames, tbfRefusal, vethFrame } from '../plugins';
import type { Validator } from '../validate/validate';
import { pluginList } from '../model/chain';
import { goField, goIpamType, goPluginType } from '../model/go-keys';
import { DEFAULT_PROFILE, pluginRelease, releaseAtLeast, type RuntimeProfile } from '../profiles/profile';
import { pluginsNewTypes } from './go-result';
import { goQuote } from './cni-error';
import { runtimeConfigRef } from '../schema/precompiled';
import { listVersionOf, type Operation, type PlanNote } from './plan';

/** IgnoreUnknown's true values, lowercased (types.UnmarshallableBool lowers the text first). */
const IGNORE_UNKNOWN = ['1', 'true'];

/** Notes about the runtime inputs: the checks real components make, and likely mistakes. */
export function inputNotes(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, validator: Validator, profile: RuntimeProfile = DEFAULT_PROFILE): PlanNote[] {
  const notes: PlanNote[] = [];
  const catalog = validator.catalog;
  if (operation === 'GC' || operation === 'STATUS') return runtimeWideNotes(conflist, inputs, operation, profile);
  if (operation !== 'ADD') {
    // libcni does not check these for CHECK/DEL, but every Go plugin's skel does.
    const id = containerIdProblem(inputs.containerId);
    if (id) notes.push({ severity: 'error', field: 'containerId', message: `Every plugin fails: ${id}` });
    const ifname = ifnameProblem(inputs.ifname);
    if (ifname) notes.push({ severity: 'error', field: 'ifname', message: `Every plugin fails: ${ifname}` });
  }
  if (operation !== 'DEL' && inputs.netns === '') notes.push({ severity: 'error', field: 'netns', message: `CNI_NETNS is empty: plugins need it for ${operation} ("required env variables [CNI_NETNS] missing").` });
  if (inputs.cniPath.length === 0) notes.push({ severity: 'error', field: 'cniPath', message: 'CNI_PATH is empty: the runtime cannot find any plugin binary.' });
  const plugins = pluginList(conflist).filter(isJsonObject);
  // Capabilities: what is supplied and who declares it.
  const declared = new Map<string, number[]>();
  plugins.forEach((p, i) => {
    const capabilities = goField(p, 'capabilities');
    if (isJsonObject(capabilities)) for (const [k, v] of Object.entries(capabilities)) if (v === true) declared.set(k, [...(declared.get(k) ?? []), i]);
  });
  for (const name of Object.keys(inputs.capabilityArgs)) {
    if (!declared.has(name)) notes.push({ severity: 'warning', field: 'capabilityArgs', message: `"${name}" is supplied but no plugin declares the capability, so no plugin receives it.` });
  }
  for (const [name, indexes] of declared) {
    if (Object.hasOwn(inputs.capabilityArgs, name)) continue;
    const who = indexes.map((i) => `${goPluginType(plugins[i])} (${i + 1})`).join(', ');
    notes.push({ severity: 'info', field: 'capabilityArgs', message: `${who} declare${indexes.length > 1 ? '' : 's'} the "${name}" capability, but the runtime supplies none here.`, pluginIndex: indexes[0] });
  }
  // Capability argument shapes, with the PascalCase keys containerd sends accepted as Go accepts them.
  const defs = catalog.schemas.defs;
  for (const [name, value] of Object.entries(inputs.capabilityArgs)) {
    // libcni hands a null on inside runtimeConfig (only runtimeConfig itself must not be nil); Go reads it as absent.
    if (value === null) {
      notes.push({ severity: 'info', field: 'capabilityArgs', message: `"${name}" is null: libcni passes it on as null in runtimeConfig, and a plugin reads it as not given.` });
      continue;
    }
    const ref = runtimeConfigRef(catalog.schemas, name);
    if (!ownValue(defs.definitions?.runtimeConfig?.properties, name)) continue;
    const checked = validator.checker.check(value, { base: '', schema: defs, permissive: false, owner: name }, { normalizeCase: true, ref });
    // Ports and protocols portmap refuses are errors below, in its words.
    // DEL meets only what portmap refuses as it reads its config; its iptables rules are ADD's.
    const failing = name === 'portMappings' ? [...portMappingFailures(value, operation), ...(operation === 'DEL' ? [] : [...conditionFailures(plugins, value, profile), ...protocolCaseNotes(plugins, value, profile)])] : [];
    notes.push(...failing);
    // A missing protocol is an error below too (portMappingFailures), not also the schema's warning.
    const said = (f: { pointer: string; code: string }) => {
      const at = /^\/(\d+)(?:\/(hostPort|containerPort|protocol))?$/i.exec(f.pointer);
      if (!at) return false;
      const said = failing.map((n) => n.message.toLowerCase());
      const [, index, key] = at;
      return key ? said.some((m) => m.startsWith(`portmappings[${index}].${key.toLowerCase()}`)) : f.code === 'CNI207' && said.some((m) => m.startsWith(`portmappings[${index}] has no protocol`));
    };
    // A value of the wrong JSON type fails the plugin's decoding of its whole config: libcni passes the
    // runtime's arguments to ADD, CHECK and DEL alike (seen with portmap's and bandwidth's on Debian's 1.1.1).
    // A flat ipRanges list is said below in Go's words.
    const flatRanges = name === 'ipRanges' && Array.isArray(value) && value.some((x) => isJsonObject(x));
    for (const f of checked.findings.filter((x) => x.code !== 'CNI204' && !said(x) && !flatRanges)) {
      const undecodable = f.code === 'CNI202';
      notes.push({ severity: undecodable ? 'error' : 'warning', field: 'capabilityArgs', message: `${name}${f.message.startsWith('[') ? '' : ' '}${f.message}${undecodable ? ' ADD, CHECK and DEL fail alike.' : ''}` });
    }
    if (name === 'bandwidth' && isJsonObject(checked.normalized)) {
      const bw = checked.normalized;
      for (const dir of ['ingress', 'egress']) {
        const rate = Number(bw[`${dir}Rate`] ?? 0);
        const burst = Number(bw[`${dir}Burst`] ?? 0);
        // The limits are uint64s to Go: a negative one fails to decode, before any other check.
        const negative = ([['Rate', rate], ['Burst', burst]] as const).find(([, v]) => v < 0);
        if (negative) {
          notes.push({ severity: 'error', field: 'capabilityArgs', message: `bandwidth: ${dir}${negative[0]} ${negative[1]} is negative, and bandwidth reads it as an unsigned integer: it fails to read its config ("json: cannot unmarshal number ${negative[1]} into Go struct field BandwidthEntry.runtimeConfig.bandwidth.${dir}${negative[0]} of type uint64").` });
          continue;
        }
        if ((rate > 0) !== (burst > 0)) notes.push({ severity: 'error', field: 'capabilityArgs', message: `bandwidth: ${dir}${rate > 0 ? 'Rate' : 'Burst'} is set without ${dir}${rate > 0 ? 'Burst' : 'Rate'}; the bandwidth plugin fails ("if ${rate > 0 ? 'rate' : 'burst'} is set, ${rate > 0 ? 'burst' : 'rate'} must also be set").` });
        const tbf = rate > 0 && burst > 0 && Number.isInteger(rate) && Number.isInteger(burst) ? tbfRefusal(rate, burst) : undefined;
        if (tbf) notes.push({ severity: 'error', field: 'capabilityArgs', message: `bandwidth: ${dir}: ${tbf}; the kernel refuses the qdisc and ADD fails ("create qdisc: invalid argument").` });
        // Below a full-size frame of the veth (the interface plugin's MTU, 1500 unless written): lint's CNI658.
        const drops = !tbf && rate > 0 && burst > 0 && Number.isInteger(rate) && Number.isInteger(burst) ? tbfDropsFrames(rate, burst, vethFrame(plugins).mtu) : undefined;
        if (drops) notes.push({ severity: 'warning', field: 'capabilityArgs', message: `bandwidth: ${dir}Burst ${burst} bits lets tbf pass packets of at most ${drops.largest} bytes, and a full-size frame on the container's veth is ${drops.size} bytes: full-size packets ${dir === 'ingress' ? 'into' : 'out of'} the container never pass, though ADD and CHECK work.${drops.needed ? ` Make it at least ${drops.needed} bits.` : ''}` });
      }
    }
    if (flatRanges) {
      notes.push({ severity: 'error', field: 'capabilityArgs', message: 'ipRanges is a flat list of ranges, but host-local reads a list of range sets (a list of lists): it fails to read its config, ADD and DEL alike ("json: cannot unmarshal object into Go struct field .runtimeConfig.ipRanges of type allocator.RangeSet").' });
    }
  }
  // CNI_ARGS parsed strictly by some plugins (and their IPAM delegates, which see the same variables).
  // IgnoreUnknown is a types.UnmarshallableBool: "1" or "true" in any case, "0" or "false"; anything else
  // fails the parse itself (the last pair written decides, each parsed in turn).
  const ignoreValues = inputs.cniArgs.filter(([k]) => k === 'IgnoreUnknown').map(([, v]) => v);
  const unparsable = ignoreValues.find((v) => !IGNORE_UNKNOWN.includes(v.toLowerCase()) && !['0', 'false'].includes(v.toLowerCase()));
  if (unparsable !== undefined) {
    plugins.forEach((p, i) => {
      for (const type of [goPluginType(p), goIpamType(p)]) {
        if (typeof type !== 'string' || !catalog.get(type)?.cniArgs) continue;
        notes.push({ severity: 'error', field: 'cniArgs', pluginIndex: i, message: `${type} parses CNI_ARGS strictly and fails with "ARGS: error parsing value of pair ${goQuote(`IgnoreUnknown=${unparsable}`)}: boolean unmarshal error: invalid input ${unparsable.toLowerCase()}"; write IgnoreUnknown=1.` });
      }
    });
    notes.push(...inputFailures(plugins, inputs, listVersionOf(conflist, profile.libcni), operation));
    return notes;
  }
  const ignore = IGNORE_UNKNOWN.includes((ignoreValues.at(-1) ?? '').toLowerCase());
  if (!ignore && inputs.cniArgs.length > 0) {
    plugins.forEach((p, i) => {
      for (const type of [goPluginType(p), goIpamType(p)]) {
        const known = typeof type === 'string' ? catalog.get(type)?.cniArgs : undefined;
        if (!known) continue;
        const unknown = inputs.cniArgs.filter(([k]) => !known.includes(k) && k !== 'IgnoreUnknown');
        if (unknown.length) {
          notes.push({ severity: 'error', field: 'cniArgs', pluginIndex: i, message: `${type} parses CNI_ARGS strictly and fails with "ARGS: unknown args [${unknown.map(([k, v]) => goQuote(`${k}=${v}`)).join(' ')}]"; add IgnoreUnknown=1.` });
        }
      }
    });
  }
  notes.push(...inputFailures(plugins, inputs, listVersionOf(conflist, profile.libcni), operation), ...ifnameLinuxRefuses(plugins, inputs.ifname, catalog));
  if (operation === 'CHECK') notes.push(...checkFailures(plugins, inputs, profile));
  return notes;
}

/**
 * CHECK failures that hang on what the runtime passes (lint's CNI309 and CNI655 say when they can happen):
 * portmap before 1.3.0 given port mappings, bandwidth before 1.9.1 given no limits at all.
 */
function checkFailures(plugins: readonly JsonObject[], inputs: RuntimeInputs, profile: RuntimeProfile): PlanNote[] {
  const notes: PlanNote[] = [];
  plugins.forEach((p, i) => {
    const type = goPluginType(p);
    const release = typeof type === 'string' ? pluginRelease(profile, type) : undefined;
    if (release === undefined) return;
    const capabilities = goField(p, 'capabilities');
    const gets = (name: string) => isJsonObject(capabilities) && capabilities[name] === true && inputs.capabilityArgs[name] !== undefined && inputs.capabilityArgs[name] !== null;
    const mappings = inputs.capabilityArgs.portMappings;
    if (type === 'portmap' && !releaseAtLeast(release, '1.3.0') && gets('portMappings') && Array.isArray(mappings) && mappings.length > 0) {
      notes.push({ severity: 'error', field: 'capabilityArgs', pluginIndex: i, message: `portmap ${release} looks for each address's rules with both iptables and ip6tables, and each address's rules are in one of them: CHECK fails ("could not check ipv6 dnat: … not found"). Fixed in plugins 1.3.0.` });
    }
    if (type === 'bandwidth' && !releaseAtLeast(release, '1.9.1') && !hasLimits(p, inputs)) {
      const replaced = fileRuntimeLimits(p) !== undefined;
      notes.push({ severity: 'error', field: 'capabilityArgs', pluginIndex: i, message: `bandwidth ${release} has no limits here (${replaced ? "the runtime's arguments replace the file's runtimeConfig and its bandwidth, and bring none" : 'none in the file, none from the runtime'}) and reads them at CHECK all the same: CHECK panics ("invalid memory address or nil pointer dereference"). Fixed in plugins 1.9.1.` });
    }
  });
  return notes;
}

/**
 * An interface name skel takes but Linux does not give a new link in the container: "lo", which every
 * network namespace has ("container veth name provided (lo) already exists", seen with bridge and ptp),
 * "all" and "default" (its per-interface settings folders: "invalid argument"), or one with "%" (a template
 * Linux fills in). A plugin that makes the container's interface fails ADD.
 */
function ifnameLinuxRefuses(plugins: readonly JsonObject[], ifname: string, catalog: Validator['catalog']): PlanNote[] {
  const why = ifname === 'lo' ? 'every network namespace already has lo' : ifname === 'all' || ifname === 'default' ? `Linux keeps "${ifname}" for its per-interface settings ("invalid argument")` : ifname.includes('%') ? 'Linux takes a name with "%" as a template to fill in' : undefined;
  if (!why) return [];
  const makers = plugins.map((p, i) => [goPluginType(p), i] as const).filter(([type]) => typeof type === 'string' && type !== 'loopback' && catalog.get(type)?.role === 'interface' && !catalog.get(type)?.thirdParty);
  return makers.map(([type, i]) => ({ severity: 'error' as const, field: 'ifname', pluginIndex: i, message: `${type} makes the container's interface as ${JSON.stringify(ifname)}, and ${why}: ADD fails${ifname === 'lo' && (type === 'bridge' || type === 'ptp') ? ' ("container veth name provided (lo) already exists")' : ''}. Give the runtime another interface name, e.g. eth0.` }));
}

/** GC and STATUS run with an empty runtime config: what to say about the inputs and the profile's plugins. */
function runtimeWideNotes(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, profile: RuntimeProfile): PlanNote[] {
  const notes: PlanNote[] = [];
  if (inputs.cniPath.length === 0) notes.push({ severity: 'error', field: 'cniPath', message: `CNI_PATH is empty: the runtime cannot find any plugin binary (plugins need it for ${operation}).` });
  if (operation === 'GC' && inputs.validAttachments === undefined) notes.push({ severity: 'info', field: 'validAttachments', message: 'No valid attachments are given (as cnitool runs GC): every cached attachment of the network is stale and DELeted, and the GC calls get no cni.dev/valid-attachments.' });
  if (operation === 'GC' && inputs.validAttachments === null) notes.push({ severity: 'info', field: 'validAttachments', message: 'GC arguments without a list: every cached attachment is stale, and the GC calls get cni.dev/valid-attachments as null.' });
  if (!listHasGcAndStatus(conflist, profile.libcni)) return notes;
  // Plugins built on the CNI library before 1.2 (reference plugins up to 1.5.1) have no GC or STATUS:
  // their skel checks CNI_CONTAINERID first and fails ("missing containerID", code 3).
  const old = new Set<string>();
  for (const p of pluginList(conflist)) {
    const type = goPluginType(p);
    const release = pluginRelease(profile, type);
    if (type && !pluginsNewTypes(release)) old.add(`${type} ${release}`);
  }
  if (old.size > 0) notes.push({ severity: 'warning', message: `${[...old].join(', ')} ${old.size > 1 ? 'predate' : 'predates'} ${operation} (reference plugins have it from 1.6.0): ${old.size > 1 ? 'they fail' : 'it fails'} with "missing containerID" (code 3)${operation === 'STATUS' ? ', and the runtime reports that as the network\'s status' : ', and the runtime reports the error after calling the others'}.` });
  return notes;
}

/**
 * The list's version refused whatever the inputs: a plugin that does not accept it fails every call (CNI305),
 * and libcni that cannot read a result of it fails ADD and CHECK (CNI110). Said beside the walk, which the
 * preview still shows as the runtime would start it.
 */
export function versionRefusals(conflist: JsonObject, operation: Operation, validator: Validator, profile: RuntimeProfile): PlanNote[] {
  return validator
    .validate(conflist, { profile })
    .filter((f) => f.severity === 'error' && (f.code === 'CNI305' || (f.code === 'CNI110' && (operation === 'ADD' || operation === 'CHECK'))))
    .map((f) => {
      const at = /^\/plugins\/(\d+)/.exec(f.pointer);
      return { severity: 'error' as const, message: f.message, ...(at ? { pluginIndex: Number(at[1]) } : {}) };
    });
}
