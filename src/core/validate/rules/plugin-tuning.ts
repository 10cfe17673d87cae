// tuning's rules: the file each sysctl key opens, values the kernel reads otherwise, keys outside the
// container's namespace, and an MTU above the veth's (CNI659).
import { isJsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import type { Finding } from '../finding';
import type { PluginView } from '../context';
import { describeProfile, releaseAtLeast, type RuntimeProfile } from '../../profiles/profile';
import { vethFrame } from '../../plugins';
import { sysctlNumbers } from './sysctl-value';
import { sysctlOutsideNetns } from './sysctl-scope';
import type { PluginRule } from './plugin-rule';

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

export const tuning: PluginRule = (p, all, profile) => [...mtuAboveVeth(p, all), ...tuningSysctls(p, profile)];

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
