// CNI439: the addresses a config asks for itself in args.cni.ips, read as host-local and static read them.
// The same refusals the preview gives the runtime's addresses (plugins/host-local.ts, plugins/static.ts),
// for a config the runtime passes nothing: a file that asks for its network's gateway fails every ADD.
import { isJsonObject } from '../../model/types';
import { predictIpam } from '../../runtime/predict';
import { DEFAULT_INPUTS } from '../../runtime/inputs';
import type { Finding } from '../finding';
import type { PluginView } from '../context';

export function argsIpsRefused(p: PluginView, version: string, out: Finding[]): void {
  const cni = isJsonObject(p.conf.args) && isJsonObject(p.conf.args.cni) ? p.conf.args.cni : undefined;
  if (!cni || !Array.isArray(cni.ips) || cni.ips.length === 0) return;
  if (p.ipamType !== 'host-local' && p.ipamType !== 'static') return;
  const pointer = `${p.pointer}/args/cni/ips`;
  // libcni gives every plugin the list's cniVersion, and the delegate counts addresses by it.
  const ipam = predictIpam({ ...p.conf, cniVersion: version }, DEFAULT_INPUTS);
  if (ipam.refused) {
    const del = ipam.refusedAtLoad ? ' It reads them with its config, so DEL fails too.' : '';
    out.push({ code: 'CNI439', severity: 'error', message: `${p.ipamType} refuses the addresses args.cni.ips asks for: ADD fails ("${ipam.refused}").${del}${ipam.refusedNote ? ` ${ipam.refusedNote}` : ''}`, pointer });
    return;
  }
  // static takes args.cni.ips instead of its addresses, gateways and all; ptp needs one per address.
  if (p.type === 'ptp' && p.ipamType === 'static') {
    out.push({ code: 'CNI439', severity: 'error', message: 'static takes args.cni.ips instead of its "addresses", without their gateways, and ptp puts each address\'s gateway on its host end: ADD fails ("failed to add IP addr … to veth: numerical result out of range", or for IPv6 "failed to add route … invalid argument"). Use host-local, which gives each address its range\'s gateway.', pointer });
  }
}
