// bandwidth's rules: the limits it or the kernel refuses (CNI626), a burst below a full-size frame (CNI658),
// limits in the file's runtimeConfig and the capability that replaces them.
import { isJsonObject, type JsonObject } from '../../model/types';
import { goFold } from '../../model/go-keys';
import type { Finding } from '../finding';
import { tbfDropsFrames, tbfRefusal, vethFrame, type VethFrame } from '../../plugins';
import { declareCapability, type PluginRule } from './plugin-rule';

const MAX_BURST_BYTES = 2 ** 32 - 1;
/** Go reads rates as uint64: a number that reaches it as 2^64 or more fails to decode (the schema's CNI206), before any qdisc. */
const MAX_UINT64 = 18446744073709549568;

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

/** The limits bandwidth refuses (or the kernel does) in one set of limits: the config's own, or a runtimeConfig's. */
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

export const bandwidth: PluginRule = (p, all, _profile, raw) => {
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
