// Everything a run does to the lab machine besides running plugins, behind one interface: the engine
// is tested through a recording fake on any machine (host-fake.ts), and against Linux as root.
import { cniChains, firewallRules } from './firewall';
import type { FirewallRule, ObservedNamespace } from '../core';
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
  /** The host's links, addresses and routes, read together (the engine keeps those of links the run made). */
  observeHost(): Promise<ObservedNamespace>;
  /** CNI's firewall chains, as `table/CHAIN` (where the rules are not needed: one read instead of two). */
  firewallChains(): Promise<string[]>;
  /** Every firewall chain and rule (IPv4 and IPv6), to tell what a run added; core's `cniChainsIn` finds CNI's chains in them. */
  firewallRules(): Promise<FirewallRule[]>;
  readSysctls(name: string, keys: readonly string[]): Promise<Record<string, string>>;
}

export const linuxHost: LabHost = { findPlugin, createNetns, deleteNetns, hostLinks, netnsLinks, observeNetns, observeHost, deleteHostLink, firewallChains: cniChains, firewallRules, readSysctls };
