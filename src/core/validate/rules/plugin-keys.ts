// Rules about keys every plugin object may carry: those the runtime sets, reserved ones, capabilities.
import type { Finding } from '../finding';
import type { Rule } from '../context';
import { closest } from '../suggest';
import { isJsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import { bareRelease, inRange } from '../../profiles/facts';
import { describeProfile } from '../../profiles/profile';
import { keyFacts } from './releases';

const WELL_KNOWN_CAPABILITIES = [
  'portMappings', 'ipRanges', 'bandwidth', 'dns', 'ips', 'mac', 'infinibandGUID', 'deviceID', 'aliases', 'cgroupPath', 'io.kubernetes.cri.pod-annotations', 'CNIDeviceInfoFile',
];

export const runtimeSetKeys: Rule = ({ plugins, upConverted, conflist }) => {
  if (upConverted) return []; // a .conf carries name and cniVersion at the plugin level by design
  const out: Finding[] = [];
  for (const p of plugins) {
    for (const key of ['name', 'cniVersion'] as const) {
      if (!Object.hasOwn(p.conf, key)) continue;
      const value = p.conf[key];
      const listValue = conflist[key];
      const same = value === listValue;
      out.push({
        code: 'CNI210',
        severity: 'info',
        message: same
          ? `"${key}" is set by the runtime (from the list); writing it here has no effect.`
          : `"${key}" is set by the runtime: the plugin receives ${JSON.stringify(listValue ?? '')}, not ${JSON.stringify(value)}.${key === 'name' ? ' libcni shows this name only in its error messages.' : ''}`,
        pointer: `${p.pointer}/${key}`,
        target: 'key',
        fix: { title: `Remove "${key}"`, patch: [{ op: 'remove', path: `${p.pointer}/${key}` }] },
      });
    }
  }
  return out;
};

export const reservedKeys: Rule = ({ plugins }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    if (Object.hasOwn(p.conf, 'runtimeConfig')) {
      out.push({
        code: 'CNI504',
        severity: 'warning',
        message: '"runtimeConfig" is filled by the runtime from declared capabilities, and replaced whenever it injects one: declare the capability instead of writing the values.',
        pointer: `${p.pointer}/runtimeConfig`,
        target: 'key',
      });
    }
    if (Object.hasOwn(p.conf, 'prevResult')) {
      out.push({ code: 'CNI505', severity: 'warning', message: '"prevResult" is set by the runtime; a value written here is overwritten (or, on the first plugin, misleads it).', pointer: `${p.pointer}/prevResult`, target: 'key', fix: { title: 'Remove "prevResult"', patch: [{ op: 'remove', path: `${p.pointer}/prevResult` }] } });
    }
    if (Object.hasOwn(p.conf, 'args')) {
      out.push({ code: 'CNI507', severity: 'info', message: '"args" is usually supplied by the runtime; the plugin ignores parts it does not understand.', pointer: `${p.pointer}/args`, target: 'key' });
    }
    for (const key of Object.keys(p.conf).filter((k) => k.startsWith('cni.dev/'))) {
      const esc = escapeSegment(key);
      out.push({ code: 'CNI506', severity: 'warning', message: `"${key}" is reserved for the runtime (keys starting with cni.dev/).`, pointer: `${p.pointer}/${esc}`, target: 'key' });
    }
  }
  return out;
};

export const capabilities: Rule = ({ plugins }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    const caps = p.conf.capabilities;
    if (!isJsonObject(caps)) continue;
    for (const [name, enabled] of Object.entries(caps)) {
      const pointer = `${p.pointer}/capabilities/${escapeSegment(name)}`;
      if (!WELL_KNOWN_CAPABILITIES.includes(name)) {
        const hint = closest(name, WELL_KNOWN_CAPABILITIES);
        const consumes = p.entry?.capabilities.includes(name);
        if (consumes) continue; // a capability the plugin's own schema declares (third-party names)
        out.push({
          code: 'CNI501',
          // For a plugin CNI Studio does not know, its own capability names may be real.
          severity: p.entry ? 'warning' : 'info',
          message: `"${name}" is not a well-known capability: runtimes never supply it${hint ? `. Did you mean "${hint}"?` : '.'}`,
          pointer,
          target: 'key',
          // Beside the capability it means, a rename would replace that one's value: removing this one keeps it.
          ...(hint ? { fix: Object.hasOwn(caps, hint) ? { title: `Remove "${name}"`, patch: [{ op: 'remove' as const, path: pointer }] } : { title: `Rename to "${hint}"`, patch: [{ op: 'rename' as const, path: pointer, key: hint }] } } : {}),
        });
        continue;
      }
      if (enabled === true && p.entry && !p.entry.permissive && !p.entry.capabilities.includes(name)) {
        const ipamConsumes = p.ipamEntry?.capabilities.includes(name);
        if (ipamConsumes) continue; // the IPAM delegate receives the same stdin (host-local ips/ipRanges)
        const wants = p.entry.capabilities;
        out.push({
          code: 'CNI502',
          severity: 'warning',
          message: `${p.entry.type} does not read the "${name}" capability, so the runtime's values are injected for nothing.${wants.length ? ` It reads: ${wants.join(', ')}.` : ''}`,
          pointer,
          target: 'key',
        });
      }
    }
  }
  return out;
};

export const duplicateKeys: Rule = ({ duplicateKeys, plugins, profile }) =>
  duplicateKeys.map((d) => {
    // An object whose plugin refuses repeated keys (tuning's sysctl from 1.2.0): an error in its words.
    const at = /^\/plugins\/(\d+)\/([^/]+)$/.exec(d.objectPointer);
    const p = at ? plugins.find((v) => v.index === Number(at[1])) : undefined;
    const unique = p && at ? keyFacts(p, at[2]!).uniqueKeys : undefined;
    const refused = unique && p?.release !== undefined && inRange(p.release, unique);
    const pointer = `${d.objectPointer}/${escapeSegment(d.key)}`;
    if (unique && p?.release !== undefined) {
      return refused
        ? { code: 'CNI611', severity: 'error' as const, message: `"${d.key}" is listed twice: ${p.type} ${p.release} refuses the config ("${unique.error}").`, pointer, range: d.range, profile: describeProfile(profile) }
        : { code: 'CNI005', severity: 'warning' as const, message: `"${d.key}" is listed twice: ${p.type} ${p.release} keeps the later value and silently drops this one (from ${bareRelease(unique.since ?? '')} it refuses the config).`, pointer, range: d.range, profile: describeProfile(profile) };
    }
    return { code: 'CNI005', severity: 'warning' as const, message: `"${d.key}" appears twice in this object; Go keeps the later value and silently drops this one.`, pointer, range: d.range };
  });
