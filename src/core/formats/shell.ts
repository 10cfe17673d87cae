// Command lines a reviewer can paste into a lab shell: one plugin run by hand, or cnitool running the list.
import type { JsonObject } from '../model/types';
import { formatCniArgs, type RuntimeInputs } from '../runtime/inputs';
import type { Invocation, Operation } from '../runtime/plan';

/** POSIX single-quoting: safe for any string. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `echo '<stdin>' | CNI_COMMAND=ADD … /opt/cni/bin/<type>`: exactly what the runtime would run. */
export function invocationShellLine(invocation: Invocation, binDir = invocation.env.CNI_PATH.split(':')[0] || '/opt/cni/bin'): string {
  const env = Object.entries(invocation.env)
    .map(([k, v]) => `${k}=${shellQuote(v)}`)
    .join(' ');
  return `printf '%s' ${shellQuote(invocation.stdinText)} | ${env} ${shellQuote(`${binDir.replace(/\/$/, '')}/${invocation.type}`)}`;
}

export interface CnitoolOptions {
  /** The directory holding the conflist (cnitool finds the network by name there). */
  netconfPath?: string;
}

/** The equivalent cnitool call. cnitool derives the container id itself from the netns path. */
export function cnitoolCommand(conflist: JsonObject, inputs: RuntimeInputs, operation: Operation, { netconfPath = '/etc/cni/net.d' }: CnitoolOptions = {}): string {
  const vars: [string, string][] = [
    ['NETCONFPATH', netconfPath],
    ['CNI_PATH', inputs.cniPath.join(':')],
  ];
  if (Object.keys(inputs.capabilityArgs).length) vars.push(['CAP_ARGS', JSON.stringify(inputs.capabilityArgs)]);
  if (inputs.cniArgs.length) vars.push(['CNI_ARGS', formatCniArgs(inputs.cniArgs)]);
  vars.push(['CNI_IFNAME', inputs.ifname]);
  const name = typeof conflist.name === 'string' ? conflist.name : '';
  return `${vars.map(([k, v]) => `${k}=${shellQuote(v)}`).join(' ')} cnitool ${operation.toLowerCase()} ${shellQuote(name)} ${shellQuote(inputs.netns)}`;
}
