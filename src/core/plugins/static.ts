// static (IPAM): fixed addresses from the config, or from the runtime (ips capability, args.cni.ips).
import { isJsonObject, type JsonObject } from '../model/types';
import { versionAtLeast } from '../model/versions';
import { argsIps, capabilityArg, cniArg, cniArgsIps } from './shared';
import { cidrContains, parseCidr, parseIp } from '../net/ip';
import type { PluginBehaviour } from './types';

const configured = (ipam: JsonObject) => (Array.isArray(ipam.addresses) ? ipam.addresses.filter(isJsonObject) : []);

export const staticIpam: PluginBehaviour = {
  type: 'static',
  ipam: {
    predict(ipam, plugin, inputs) {
      // runtimeConfig.ips, else args.cni.ips, replace the configured addresses (when not empty); CNI_ARGS IP adds to them.
      const fromCap = capabilityArg(plugin, inputs, 'ips');
      const fromArgs = argsIps(plugin);
      // Every address the runtime asks for must have a prefix (net.ParseCIDR): CNI_ARGS IP= first, then
      // args.cni.ips, then runtimeConfig.ips; the first that has none fails ADD before anything is handed out.
      const bare = (list: readonly unknown[] | undefined) => list?.find((a) => typeof a !== 'string' || !parseCidr(a.trim()));
      const badIp = bare(cniArgsIps(inputs));
      const badIps = badIp === undefined ? (bare(fromArgs) ?? bare(Array.isArray(fromCap) ? fromCap : undefined)) : undefined;
      const refused =
        badIp !== undefined ? `the 'ip' field is expected to be in CIDR notation, got: '${String(badIp).trim()}'` : badIps !== undefined ? `an entry in the 'ips' field is NOT in CIDR notation, got: '${String(badIps)}'` : undefined;
      if (refused) return { ips: [], routes: [], notes: [], refused };
      const override = Array.isArray(fromCap) && fromCap.length ? fromCap : fromArgs?.length ? fromArgs : undefined;
      // CNI_ARGS GATEWAY= sets the gateway of each IP= address whose network holds it: the configured
      // addresses are not parsed yet when it is read, so none of them matches (seen with Debian's 1.1.1). args
      // and runtimeConfig ips come after and replace the addresses, gateways and all.
      const gatewayItems = cniArg(inputs, 'GATEWAY')?.split(',') ?? [];
      const badGateway = gatewayItems.find((g) => !parseIp(g.trim()));
      if (badGateway !== undefined) return { ips: [], routes: [], notes: [], refused: `invalid gateway address: ${badGateway}` };
      const gateways = gatewayItems.map((g) => g.trim());
      const withGateway = (a: JsonObject): JsonObject => {
        const cidr = typeof a.address === 'string' ? parseCidr(a.address) : undefined;
        const gw = cidr && gateways.find((g) => cidrContains(cidr, parseIp(g)!));
        return gw ? { ...a, gateway: gw } : a;
      };
      const addresses: JsonObject[] = override
        ? override.filter((a): a is string => typeof a === 'string').map((address) => ({ address }))
        : [...configured(ipam), ...cniArgsIps(inputs).map((address) => withGateway({ address: address.trim() }))];
      // An entry without a string address (a broken config) hands out nothing.
      const usable = addresses.filter((a) => typeof a.address === 'string');
      // Below spec 0.3.0 a result holds one address per family (libcni gives every plugin the list's
      // cniVersion). The file's own addresses are CNI421's; here the runtime's take part.
      const version = typeof plugin.cniVersion === 'string' ? plugin.cniVersion : undefined;
      const family = (a: JsonObject) => parseCidr(String(a.address).trim())?.ip.family;
      const fromRuntime = override !== undefined || cniArgsIps(inputs).length > 0;
      if (fromRuntime && version !== undefined && !versionAtLeast(version, '0.3.0') && [4, 6].some((f) => usable.filter((a) => family(a) === f).length > 1)) {
        return { ips: [], routes: [], notes: [], refused: `CNI version ${version} does not support more than 1 address per family` };
      }
      return {
        ips: usable.map((a) => ({ address: a.address!, ...(a.gateway ? { gateway: a.gateway } : {}) })),
        routes: Array.isArray(ipam.routes) ? ipam.routes : [],
        ...(isJsonObject(ipam.dns) ? { dns: ipam.dns } : {}),
        notes: [],
      };
    },
    explain: {
      add(ipam) {
        const addresses = configured(ipam).map((a) => a.address);
        return `assigns the fixed address${addresses.length > 1 ? 'es' : ''} ${addresses.join(', ') || '(none given)'} through static`;
      },
      // static allocates nothing, so its DEL has nothing to release.
      del: () => '',
      gateways: (ipam) => configured(ipam).map((a) => a.gateway).filter((g): g is string => typeof g === 'string'),
    },
    addressKeys: ['addresses'],
    summary: (ipam) => configured(ipam).map((a) => a.address).filter((a): a is string => typeof a === 'string' && a !== ''),
    leases: () => 'a pod that still runs keeps holding its old fixed address',
  },
};
