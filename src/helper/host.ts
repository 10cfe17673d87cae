// Everything a run does to the lab machine besides running plugins, behind one interface: the engine
// is tested through a recording fake on any machine (host-fake.ts), and against Linux as root.
import { cniChains, firewallRules } from './firewall';
import type { FirewallRule, ObservedAddress, ObservedNamespace, ObservedRoute } from '../core';
import { createNetns, deleteHostLink, deleteNetns, hostLinks, netnsLinks, observeHost, observeNetns, readSysctls, type Link } from './netns';
import { findPlugin } from './probe';

export interface LabHost {
  /** A plugin binary: a bare name found executable in one of the CNI_PATH directories. */
  findPlugin(type: string, cniPath: readonly string[]): string | undefined;
  createNetns(): Promise<{ name: string; path: string }>;
  deleteNetns(name: string): Promise<void>;
  hostLinks(): Promise<Link[]>;
  netnsLinks(name: string): Promise<Link[]>;
  observeNetns(name: string): Promise<ObservedNamespace>;
  deleteHostLink(ifname: string): Promise<void>;
  /** The host's addresses and routes on these links. */
  observeHost(ifnames: readonly string[]): Promise<{ addresses: ObservedAddress[]; routes: ObservedRoute[] }>;
  /** CNI's firewall chains, as `table/CHAIN`. */
  firewallChains(): Promise<string[]>;
  /** Every firewall chain and rule (IPv4 and IPv6), to tell what a run added. */
  firewallRules(): Promise<FirewallRule[]>;
  readSysctls(name: string, keys: readonly string[]): Promise<Record<string, string>>;
}

export const linuxHost: LabHost = { findPlugin, createNetns, deleteNetns, hostLinks, netnsLinks, observeNetns, observeHost, deleteHostLink, firewallChains: cniChains, firewallRules, readSysctls };
