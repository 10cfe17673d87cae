// Predicted ADD results, for the preview only (the lab helper uses real ones). Each plugin's module says
// what its result is (plugins/): the interfaces it creates, the addresses its IPAM delegate would hand out
// first, routes and DNS. Plugins without a module are predicted from their catalog role.
// MAC addresses and host veth names are placeholders: the kernel picks them at run time.
import type { Catalog } from '../catalog/catalog';
import { isJsonObject, type JsonObject } from '../model/types';
import { compareVersions, parseVersion } from '../model/versions';
import { goField, goIpamType, withoutKey } from '../model/go-keys';
import { ipamBehaviour, pluginBehaviour, type IpamPrediction, type PredictContext, type Prediction } from '../plugins';
import { interfaceResult, passPrevious } from '../plugins/shared';
import { convertTypedResult, declaredVersion, resultFamily, typedResult, type NewTypes } from './go-result';
import type { RuntimeInputs } from './inputs';

export type { Prediction } from '../plugins';

/**
 * What the plugin's IPAM delegate hands out, asked of the delegate's module ("ipam" and its "type" in any
 * spelling Go reads; the modules read the rest as documented: the lab judges its view, `lab/go-view.ts`).
 */
export function predictIpam(plugin: JsonObject, inputs: RuntimeInputs): IpamPrediction {
  const declared = goField(plugin, 'ipam');
  const ipam = isJsonObject(declared) ? declared : {};
  const type = goIpamType(plugin);
  const typeName = typeof type === 'string' ? type : '';
  const predict = ipamBehaviour(typeName)?.predict;
  if (predict) return predict(ipam, plugin, inputs);
  return { ips: [], routes: [], notes: typeName ? [`Addresses come from ${typeName} at run time and are not predicted.`] : [] };
}

export function predictAdd(plugin: JsonObject, prevResult: JsonObject | undefined, inputs: RuntimeInputs, catalog: Catalog, network = '', release?: string): Prediction {
  const type = typeof plugin.type === 'string' ? plugin.type : '';
  const ctx: PredictContext = { prevResult, inputs, network, ...(release ? { release } : {}), ipam: () => predictIpam(plugin, inputs) };
  const own = pluginBehaviour(type)?.predictAdd;
  if (own) return own(plugin, ctx);
  // No module: a chained plugin (or any but an interface plugin after another) hands the result on;
  // anything else is predicted as one container interface.
  const entry = catalog.get(type);
  const passes = entry?.role === 'chained' || (prevResult !== undefined && entry?.role !== 'interface');
  const prediction = passes ? passPrevious(plugin, ctx) : interfaceResult(plugin, ctx, []);
  if (!entry) prediction.notes.push(`${type || 'This plugin'} is unknown to CNI Studio: ${passes ? 'its result is assumed to be the previous one' : 'its result is predicted as one container interface'}.`);
  return prediction;
}

/**
 * What the plugin prints for its predicted result (types.PrintResult with the plugin's CNI library): a
 * current result converted to the config's version, loopback's labelled one, or the previous result
 * printed back. Versions no library knows keep the old shaping.
 */
export function printedResult(prediction: Prediction, listVersion: string, newTypes: NewTypes): JsonObject {
  // A list without a version: skel reads the empty cniVersion as 0.1.0, and the plugin prints that.
  const configVersion = listVersion === '' ? '0.1.0' : listVersion;
  if (!resultFamily(configVersion)) return convertResult(prediction.result, configVersion);
  if (prediction.prints === 'labelled') return typedResult({ ...prediction.result, cniVersion: configVersion }, '1.0.0', newTypes);
  if (prediction.prints === 'previous') return convertTypedResult({ ...prediction.result, cniVersion: declaredVersion(prediction.result) || configVersion }, configVersion, newTypes);
  return convertTypedResult({ ...prediction.result, cniVersion: newTypes ? '1.1.0' : '1.0.0' }, configVersion, newTypes);
}

/** A result in the shape of a spec version (ips[].version for 0.3.x/0.4.0, ip4/ip6 for 0.1/0.2). */
export function convertResult(result: JsonObject, version: string): JsonObject {
  const v = parseVersion(version) ? version : '0.1.0';
  const ips = Array.isArray(result.ips) ? result.ips.filter(isJsonObject) : [];
  const family = (address: unknown) => (typeof address === 'string' && address.includes(':') ? '6' : '4');
  if (compareVersions(v, '0.3.0') < 0) {
    const out: JsonObject = { cniVersion: version };
    for (const fam of ['4', '6']) {
      const ip = ips.find((i) => family(i.address) === fam);
      if (!ip) continue;
      const routes = (Array.isArray(result.routes) ? result.routes : []).filter((r) => isJsonObject(r) && family(r.dst) === fam);
      out[`ip${fam}`] = { ip: ip.address!, ...(ip.gateway ? { gateway: ip.gateway } : {}), ...(routes.length ? { routes } : {}) };
    }
    if (result.dns) out.dns = result.dns;
    return out;
  }
  const withVersion = compareVersions(v, '1.0.0') < 0;
  return {
    cniVersion: version,
    ...(result.interfaces ? { interfaces: result.interfaces } : {}),
    ips: ips.map((ip) => (withVersion ? { version: family(ip.address), ...ip } : withoutKey(ip, 'version'))),
    ...(result.routes ? { routes: result.routes } : {}),
    ...(result.dns ? { dns: result.dns } : {}),
  };
}
