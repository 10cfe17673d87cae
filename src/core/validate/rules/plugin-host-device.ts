// host-device's rules: which device it moves (its selectors), a kernelpath of an interface, and DPDK mode.
import { isJsonObject, type JsonObject } from '../../model/types';
import { escapeSegment } from '../../model/pointer';
import { goFold } from '../../model/go-keys';
import type { Finding } from '../finding';
import type { PluginView } from '../context';

/**
 * CNI654: kernelpath naming an interface's own folder (…/net/eth1) where the device's is meant: host-device
 * looks for the interfaces in its "net" subfolder, which an interface's folder has not (getLink, 1.1.1 to
 * 1.9.1; an outside tester's run). Only when kernelpath is the selector used (device and hwaddr come first).
 */
function kernelPathOfInterface(p: PluginView): Finding[] {
  const c = p.conf;
  const set = (k: string) => typeof c[k] === 'string' && c[k] !== '';
  if (set('device') || set('hwaddr') || !set('kernelpath')) return [];
  const path = String(c.kernelpath).replace(/\/+$/, '');
  const m = /^(\/sys\/devices\/.+)\/net\/([^/]+)$/.exec(path);
  if (!m) return [];
  return [{ code: 'CNI654', severity: 'error', message: `kernelpath names the folder of the interface ${m[2]}, not of its device: host-device looks for the device's interfaces in "${path}/net", which an interface's folder has not, so ADD fails ("failed to find network devices at "${path}/net""). Write the device's folder, ${m[1]}.`, pointer: `${p.pointer}/kernelpath` }];
}

export const hostDevice = (p: PluginView, _all: PluginView[], _profile: unknown, raw: JsonObject | undefined): Finding[] => {
  const c = p.conf;
  const selectors = ['device', 'hwaddr', 'kernelpath', 'pciBusID'];
  if (selectors.some((k) => typeof c[k] === 'string' && c[k] !== '')) return [...kernelPathOfInterface(p), ...dpdkModeWritten(p, raw)];
  if (isJsonObject(c.capabilities) && c.capabilities.deviceID === true) return []; // the runtime supplies the device
  // Written in the file (cni.dev's example): without the capability libcni passes runtimeConfig on as it is.
  if (isJsonObject(c.runtimeConfig) && typeof c.runtimeConfig.deviceID === 'string' && c.runtimeConfig.deviceID !== '') return [];
  return [{ code: 'CNI603', severity: 'error', message: 'host-device needs to know which device to move: set "device", "hwaddr", "kernelpath" or "pciBusID" (or declare the deviceID capability); ADD fails ("specify either "device", "hwaddr", "kernelpath" or "pciBusID"").', pointer: p.pointer }];
};

/**
 * CNI643: host-device's untagged Go field DPDKMode (any spelling) written true. With pciBusID (or the runtime's
 * deviceID) the plugin sets it itself from the device's driver; otherwise a true value makes ADD skip the move
 * (host-device.go cmdAdd, 1.0 to 1.9): the container gets no interface, the result lists none, and the IPAM's
 * addresses are leased but set nowhere. CHECK and DEL skip the device too, so the runtime sees no failure.
 */
function dpdkModeWritten(p: PluginView, raw: JsonObject | undefined): Finding[] {
  if (p.conf.DPDKMode !== true) return [];
  const rc = isJsonObject(p.conf.runtimeConfig) ? p.conf.runtimeConfig : {};
  const fromRuntime = (isJsonObject(p.conf.capabilities) && p.conf.capabilities.deviceID === true) || (typeof rc.deviceID === 'string' && rc.deviceID !== '');
  if (fromRuntime || (typeof p.conf.pciBusID === 'string' && p.conf.pciBusID !== '')) return [];
  // The spelling Go read it from: the last one written (each assigns the field in turn).
  const written = raw ? Object.keys(raw).filter((k) => goFold(k) === goFold('DPDKMode')).pop() : undefined;
  const addresses = p.ipamType !== undefined ? ' The IPAM plugin still leases addresses, which are set on no interface.' : '';
  return [{
    code: 'CNI643',
    severity: 'warning',
    message: `${JSON.stringify(written ?? 'DPDKMode')}: true makes host-device take the device for one bound to a userspace (DPDK) driver: ADD does not move it, so the container gets no interface and the result lists none, and CHECK and DEL leave it alone too.${addresses} Remove the key: host-device sets it itself for a device named by "pciBusID".`,
    pointer: `${p.pointer}/${escapeSegment(written ?? 'DPDKMode')}`,
    target: 'key',
    fix: { title: `Remove "${written ?? 'DPDKMode'}"`, patch: [{ op: 'remove', path: `${p.pointer}/${escapeSegment(written ?? 'DPDKMode')}` }] },
  }];
}
