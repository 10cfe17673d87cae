// What a run is refused for before anything runs: a plugin that would act on a link of the machine the lab
// was not told it may use, take a port the machine listens on, keep state where another user could redirect
// it, reach a firewall chain or a daemon of the machine's, take an address the machine's CNI rules or its
// routes name. Each reads what the engine read of the machine at the run's start (at once, beside the
// namespaces being made); the words name the plugin, the key and what of the machine's it would take.
import { addressRuleRefusals, foreignTargetRefusals, hostLinkRefusals, hostPortRefusals, hostRouteRefusals, stateDirRefusals, unheldAddressRefusals, writtenPrevResultRefusals, type FirewallRule, type JsonObject, type Listener, type ObservedNamespace, type RuntimeInputs } from '../core';
import type { LabHost } from './host';
import type { Link } from './netns';

export interface MachineBefore {
  links: Link[];
  rules: FirewallRule[];
  /** The ports the machine listens on, read only for portmap; an Error when they could not be read. */
  listening?: Promise<Listener[] | Error>;
  /** The machine's addresses and routes, read only for bridge and ptp with IPAM; an Error when they could not be read. */
  routing?: Promise<ObservedNamespace | Error>;
}

export interface RunScope {
  /** The list as the plugins decode it, and as written (a prevResult written in the file is refused as written). */
  decoded: JsonObject;
  written: JsonObject;
  /** Each container's runtime inputs. */
  inputs: RuntimeInputs[];
  libcni: string;
  machinePlugins?: string;
  hostLinks: readonly string[];
}

/** Why the run may not start (`refusals`), or why it could not be prepared (`unprepared`); both empty, it may. */
export async function runRefusals(scope: RunScope, machine: MachineBefore, host: LabHost): Promise<{ refusals: string[]; unprepared?: string }> {
  const { decoded, inputs } = scope;
  // A plugin that would act on a link of the machine (move it, add a link on it, join it) runs only on one
  // the lab was told it may use.
  const notOurs = await hostLinkRefusals(decoded, scope.machinePlugins, { links: machine.links, defaultRouteLinks: () => host.defaultRouteLinks(), netDirEntries: (dirs) => host.netDirEntries(dirs) }, scope.hostLinks);
  // Nor a port mapping that takes a port the machine listens on (its sshd, this helper).
  const listeners = await machine.listening;
  if (listeners instanceof Error) return { refusals: [], unprepared: `the ports this machine listens on could not be read (${listeners.message})` };
  const portsTaken = listeners ? hostPortRefusals(decoded, inputs, scope.libcni, listeners) : [];
  // Nor state kept (leases, backups) outside the folders plugins keep it in, or where another user could redirect it.
  const stateElsewhere = stateDirRefusals(decoded, (dir) => host.stateDirUnsafe(dir), (dir) => host.foreignLeases(dir), (dir) => host.otherFiles(dir), (dir) => host.firstToMake(dir));
  // Nor a firewall chain or a daemon's socket of the machine that is not CNI's own, nor a prevResult written
  // in the file, nor port mappings to the addresses an IPAM plugin as a chain step hands on.
  const foreign = [...foreignTargetRefusals(decoded, machine.rules), ...writtenPrevResultRefusals(scope.written), ...unheldAddressRefusals(decoded)];
  // Nor an address the machine's CNI rules name (another container's): the run's DELs would remove those rules.
  const addressesTaken = addressRuleRefusals(decoded, inputs, machine.rules);
  const onHost = await machine.routing;
  if (onHost instanceof Error) return { refusals: [], unprepared: `this machine's addresses and routes could not be read (${onHost.message})` };
  const routesTaken = onHost ? hostRouteRefusals(decoded, inputs, onHost, scope.hostLinks) : [];
  return { refusals: [...notOurs, ...portsTaken, ...stateElsewhere, ...foreign, ...addressesTaken, ...routesTaken] };
}
