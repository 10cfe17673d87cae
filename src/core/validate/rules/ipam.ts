// Rules about IPAM: whether a plugin needs or ignores it, and host-local / static address arithmetic.
import { cidrContains, cidrsOverlap, hasHostBits, networkAddress, parseCidr, parseIp, ipValue, type ParsedCidr } from '../../net/ip';
import { isJsonObject, type JsonObject, type JsonValue } from '../../model/types';
import { versionAtLeast } from '../../model/versions';
import type { Finding } from '../finding';
import type { PluginView, Rule } from '../context';

export const ipamPresence: Rule = ({ plugins, catalog }) => {
  const out: Finding[] = [];
  plugins.forEach((p, position) => {
    const need = p.entry?.ipam;
    const ipam = p.conf.ipam;
    if (ipam === undefined) {
      const chainedIpvlan = p.entry?.type === 'ipvlan' && position > 0;
      if (need === 'required' && !chainedIpvlan) {
        out.push({
          code: 'CNI400',
          severity: 'error',
          message: `${p.entry!.type} needs an "ipam" section to get addresses; without it ADD fails ("no plugin name provided").`,
          pointer: p.pointer,
          fix: { title: 'Add host-local IPAM', patch: [{ op: 'add', path: `${p.pointer}/ipam`, value: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } }] },
        });
      }
      return;
    }
    if (p.entry && (p.entry.role === 'chained' || need === 'none') && !p.entry.thirdParty) {
      out.push({ code: 'CNI402', severity: 'warning', message: `${p.entry.type} never calls an IPAM delegate, so its "ipam" has no effect.`, pointer: `${p.pointer}/ipam`, target: 'key', fix: { title: 'Remove "ipam"', patch: [{ op: 'remove', path: `${p.pointer}/ipam` }] } });
      return;
    }
    if (!isJsonObject(ipam)) return; // the schema layer reports the type
    if (Object.keys(ipam).length === 0) return; // "ipam": {} means layer 2 only
    const t = ipam.type;
    if (t === undefined || t === '') {
      if (need !== 'filled') {
        out.push({ code: 'CNI401', severity: 'error', message: '"ipam" has no "type": the runtime cannot find the IPAM binary ("no plugin name provided").', pointer: `${p.pointer}/ipam`, target: 'key' });
      }
      return;
    }
    if (typeof t !== 'string') return;
    const entry = catalog.get(t);
    if (!entry) {
      out.push({ code: 'CNI404', severity: 'info', message: `"${t}" is not an IPAM plugin CNI Studio knows; its fields were not checked.`, pointer: `${p.pointer}/ipam/type` });
    } else if (entry.role !== 'ipam' && !entry.schema['x-cni']?.ipamDefinition) {
      out.push({ code: 'CNI403', severity: 'error', message: `ipam.type "${t}" is ${entry.role === 'interface' ? 'an interface' : `a ${entry.role}`} plugin, not an IPAM plugin (host-local, dhcp, static, whereabouts…).`, pointer: `${p.pointer}/ipam/type` });
    } else if (t === 'dhcp') {
      out.push({ code: 'CNI613', severity: 'info', message: 'dhcp IPAM needs the CNI dhcp daemon ("dhcp daemon") running on every node; without it ADD fails with "error dialing DHCP daemon".', pointer: `${p.pointer}/ipam/type` });
    }
  });
  return out;
};

interface RangeAt {
  cidr: ParsedCidr;
  pointer: string;
  range: JsonObject;
}

function checkRange(range: JsonObject, pointer: string, out: Finding[]): RangeAt | undefined {
  const subnet = typeof range.subnet === 'string' ? parseCidr(range.subnet) : undefined;
  if (!subnet) return undefined; // missing or malformed subnets are schema findings
  const family = subnet.ip.family;
  if (hasHostBits(subnet)) {
    const fixed = `${networkAddress(subnet)}/${subnet.prefix}`;
    out.push({
      code: 'CNI411',
      severity: 'error',
      message: `Subnet ${subnet.text} has host bits set: host-local refuses it. For a /${subnet.prefix} the network address is ${networkAddress(subnet)}.`,
      pointer: `${pointer}/subnet`,
      fix: { title: `Use ${fixed}`, patch: [{ op: 'replace', path: `${pointer}/subnet`, value: fixed }] },
    });
  }
  if (subnet.prefix > (family === 4 ? 30 : 126)) {
    out.push({ code: 'CNI412', severity: 'error', message: `Subnet ${subnet.text} is too small to allocate from: host-local needs at least /${family === 4 ? 30 : 126}.`, pointer: `${pointer}/subnet` });
  }
  const bound = (key: 'rangeStart' | 'rangeEnd' | 'gateway') => {
    const text = range[key];
    if (typeof text !== 'string') return undefined;
    const ip = parseIp(text);
    if (!ip) return undefined;
    if (!cidrContains(subnet, ip)) {
      const gateway = key === 'gateway';
      out.push({
        code: gateway ? 'CNI414' : 'CNI413',
        severity: gateway ? 'warning' : 'error',
        message: gateway
          ? `Gateway ${text} is outside subnet ${subnet.text}: containers get a gateway they cannot reach.`
          : `${key} ${text} is outside subnet ${subnet.text}: host-local refuses it ("${key === 'rangeStart' ? 'RangeStart' : 'RangeEnd'} ${text} not in network ${subnet.text}").`,
        pointer: `${pointer}/${key}`,
      });
      return undefined;
    }
    return ip;
  };
  const start = bound('rangeStart');
  const end = bound('rangeEnd');
  bound('gateway');
  if (start && end && ipValue(start) > ipValue(end)) {
    out.push({ code: 'CNI413', severity: 'error', message: `rangeStart ${start.text} comes after rangeEnd ${end.text}.`, pointer: `${pointer}/rangeStart` });
  }
  return { cidr: subnet, pointer, range };
}

function hostLocal(p: PluginView, ipam: JsonObject, out: Finding[]): void {
  const base = `${p.pointer}/ipam`;
  const ranges = ipam.ranges;
  const hasLegacy = typeof ipam.subnet === 'string';
  const filled = p.entry?.ipam === 'filled';
  // With the ipRanges capability the runtime supplies the ranges at ADD time.
  const runtimeRanges = isJsonObject(p.conf.capabilities) && p.conf.capabilities.ipRanges === true;
  if (!Array.isArray(ranges) || ranges.length === 0) {
    if (!hasLegacy && !filled && !runtimeRanges) {
      out.push({
        code: 'CNI410',
        severity: 'warning',
        message: 'host-local has no ranges: it fails with "no IP ranges specified" unless something fills them in before use (flannel, kube-router and antrea do).',
        pointer: base,
        target: 'key',
        fix: { title: 'Add a range', patch: [{ op: 'add', path: `${base}/ranges`, value: [[{ subnet: '10.22.0.0/16' }]] }] },
      });
    }
  }
  if (hasLegacy && !filled) {
    const legacy: JsonObject = {};
    for (const k of ['subnet', 'rangeStart', 'rangeEnd', 'gateway']) if (ipam[k] !== undefined) legacy[k] = ipam[k] as JsonValue;
    const patch = [
      ...Object.keys(legacy).map((k) => ({ op: 'remove' as const, path: `${base}/${k}` })),
      { op: 'add' as const, path: `${base}/ranges`, value: [[legacy], ...(Array.isArray(ranges) ? (ranges as JsonValue[]) : [])] },
    ];
    out.push({ code: 'CNI417', severity: 'info', message: 'The top-level "subnet" is the legacy single-range form; "ranges" is the current one (and allows dual stack).', pointer: `${base}/subnet`, target: 'key', fix: { title: 'Convert to "ranges"', patch } });
  }
  const sets: { index: number; ranges: RangeAt[] }[] = [];
  if (hasLegacy) {
    const r = checkRange(ipam, base, out);
    if (r) sets.push({ index: -1, ranges: [r] });
  }
  if (Array.isArray(ranges)) {
    ranges.forEach((set, i) => {
      const setPointer = `${base}/ranges/${i}`;
      if (!Array.isArray(set)) return;
      if (set.length === 0) {
        out.push({ code: 'CNI418', severity: 'error', message: `Range set ${i} is empty: host-local fails ("empty range set").`, pointer: setPointer, fix: { title: 'Remove the empty set', patch: [{ op: 'remove', path: setPointer }] } });
        return;
      }
      const checked: RangeAt[] = [];
      set.forEach((range, j) => {
        if (!isJsonObject(range)) return;
        const r = checkRange(range, `${setPointer}/${j}`, out);
        if (r) checked.push(r);
      });
      const families = new Set(checked.map((r) => r.cidr.ip.family));
      if (families.size > 1) {
        out.push({ code: 'CNI415', severity: 'error', message: `Range set ${i} mixes IPv4 and IPv6: one set hands out one address, so host-local refuses it ("mixed address families"). Use one set per family.`, pointer: setPointer });
      }
      for (let a = 0; a < checked.length; a++) {
        for (let b = a + 1; b < checked.length; b++) {
          if (cidrsOverlap(checked[a]!.cidr, checked[b]!.cidr)) {
            out.push({ code: 'CNI416', severity: 'error', message: `Subnets ${checked[a]!.cidr.text} and ${checked[b]!.cidr.text} overlap inside range set ${i}: host-local refuses it.`, pointer: `${checked[b]!.pointer}/subnet` });
          }
        }
      }
      sets.push({ index: i, ranges: checked });
    });
  }
  for (let a = 0; a < sets.length; a++) {
    for (let b = a + 1; b < sets.length; b++) {
      for (const x of sets[a]!.ranges) {
        for (const y of sets[b]!.ranges) {
          if (cidrsOverlap(x.cidr, y.cidr)) {
            out.push({ code: 'CNI416', severity: 'error', message: `Subnet ${y.cidr.text} overlaps ${x.cidr.text} of another range set: host-local refuses it ("range set … overlaps with …").`, pointer: `${y.pointer}/subnet` });
          }
        }
      }
    }
  }
}

function staticIpam(p: PluginView, ipam: JsonObject, version: string, out: Finding[]): void {
  const addresses = ipam.addresses;
  if (!Array.isArray(addresses)) return;
  const perFamily = new Map<number, number>();
  addresses.forEach((a, i) => {
    if (!isJsonObject(a) || typeof a.address !== 'string') return;
    const cidr = parseCidr(a.address);
    if (!cidr) return;
    perFamily.set(cidr.ip.family, (perFamily.get(cidr.ip.family) ?? 0) + 1);
    if (typeof a.gateway === 'string') {
      const gw = parseIp(a.gateway);
      if (gw && (gw.family !== cidr.ip.family || !cidrContains(cidr, gw))) {
        out.push({ code: 'CNI420', severity: 'warning', message: `Gateway ${a.gateway} is ${gw.family !== cidr.ip.family ? 'of another address family than' : 'outside the network of'} ${a.address}.`, pointer: `${p.pointer}/ipam/addresses/${i}/gateway` });
      }
    }
  });
  if (!versionAtLeast(version, '0.3.0') && [...perFamily.values()].some((n) => n > 1)) {
    out.push({ code: 'CNI421', severity: 'error', message: `Spec ${version || '0.1.0'} results carry one address per family; static fails with more. Use cniVersion 0.3.0 or newer.`, pointer: `${p.pointer}/ipam/addresses` });
  }
}

function routeFamilies(routes: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!Array.isArray(routes)) return;
  routes.forEach((r, i) => {
    if (!isJsonObject(r) || typeof r.dst !== 'string' || typeof r.gw !== 'string') return;
    const dst = parseCidr(r.dst);
    const gw = parseIp(r.gw);
    if (dst && gw && dst.ip.family !== gw.family) {
      out.push({ code: 'CNI430', severity: 'warning', message: `Route to ${r.dst} goes via ${r.gw}, an address of the other family.`, pointer: `${pointer}/${i}/gw` });
    }
  });
}

function nameservers(dns: JsonValue | undefined, pointer: string, out: Finding[]): void {
  if (!isJsonObject(dns) || !Array.isArray(dns.nameservers)) return;
  dns.nameservers.forEach((ns, i) => {
    if (typeof ns === 'string' && !parseIp(ns)) {
      out.push({ code: 'CNI440', severity: 'warning', message: `DNS name server "${ns}" is not an IP address; resolvers need addresses.`, pointer: `${pointer}/nameservers/${i}` });
    }
  });
}

export const ipamContents: Rule = ({ plugins, version }) => {
  const out: Finding[] = [];
  for (const p of plugins) {
    nameservers(p.conf.dns, `${p.pointer}/dns`, out);
    const ipam = p.ipam;
    if (!ipam) continue;
    if (p.ipamType === 'host-local') hostLocal(p, ipam, out);
    if (p.ipamType === 'static') staticIpam(p, ipam, version, out);
    routeFamilies(ipam.routes, `${p.pointer}/ipam/routes`, out);
    nameservers(ipam.dns, `${p.pointer}/ipam/dns`, out);
  }
  return out;
};
