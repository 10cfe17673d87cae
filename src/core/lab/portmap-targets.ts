// portmap forwards host ports to the addresses of the result it is handed, wherever the machine routes
// them, and with snat turns route_localnet on on the link that routes them (forwardPorts,
// getRoutableHostIF). An IPAM plugin as a chain step hands on addresses no interface of the run holds (its
// result replaces the one before it): portmap would then forward the machine's ports to any address the
// list names, off the machine, and turn route_localnet on on the machine's own uplink. The lab refuses such
// a list before anything runs; the runtime would run it (the validator's CNI303 says why it is wrong).
import { isJsonObject, type JsonObject } from '../model/types';
import { pluginList } from '../model/chain';
import { pluginBehaviour } from '../plugins';

/** Why the run may not run: a plugin that forwards to the handed-on addresses after an IPAM plugin as a chain step. */
export function unheldAddressRefusals(conflist: JsonObject): string[] {
  const plugins = pluginList(conflist);
  const ipamStep = plugins.findIndex((p) => isJsonObject(p) && pluginBehaviour(p.type)?.ipam !== undefined);
  if (ipamStep < 0) return [];
  const ipamType = String((plugins[ipamStep] as JsonObject).type);
  return plugins.flatMap((p, i) =>
    i > ipamStep && isJsonObject(p) && pluginBehaviour(p.type)?.hostSwitches?.includes('route_localnet')
      ? [`plugin ${ipamStep + 1} (${ipamType}) is an IPAM plugin as a chain step: the addresses it hands on belong to no interface of the run, and plugin ${i + 1} (${String(p.type)}) would forward this machine's ports to them wherever it routes them (off the machine too) and turn route_localnet on on the link that routes them, the machine's own: move ${ipamType} into an interface plugin's "ipam"`]
      : [],
  );
}
