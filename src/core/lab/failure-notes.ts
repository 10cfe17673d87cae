// Failures the plugins make by their own design, which lint knows by a rule: said beside the plugin's error
// with the rule's code, so that a reader of a failed run finds why and what to change. Each pattern is the
// error Debian's 1.1.1 printed in the lab for the rule's case (the rule's tests hold the same words).

interface FailureNote {
  pluginType: string;
  command: string;
  /** The plugin's own error text. */
  pattern: RegExp;
  note: (match: RegExpExecArray) => string;
}

const NOTES: readonly FailureNote[] = [
  {
    pluginType: 'bridge',
    command: 'CHECK',
    pattern: /^Bridge interface (\S+) Mac doesn't match/,
    note: (m) =>
      `bridge sets the MAC of ${m[1]} only when it is the gateway (isGateway): Linux gave ${m[1]} the lowest MAC among its ports, and a container's veth that joined after this container's ADD (or the one whose MAC it was, gone) changed it. With several containers this fails about half the time (CNI662).`,
  },
  {
    pluginType: 'bridge',
    command: 'CHECK',
    pattern: /no plugin name provided/,
    note: () => `bridge's CHECK runs its IPAM plugin's CHECK even when it has none, as here: every CHECK fails (CNI638). Give it an "ipam", or do not rely on CHECK for this network.`,
  },
  {
    pluginType: 'portmap',
    command: 'CHECK',
    pattern: /could not check ipv6 dnat/,
    note: () => `portmap before 1.3.0 looks for each address's rules with both iptables and ip6tables, and an address's rules are in one of them: every CHECK with port mappings fails (CNI309). Fixed in plugins 1.3.0.`,
  },
  {
    pluginType: 'tuning',
    command: 'CHECK',
    pattern: /\/proc\/sys\/\S*\/IFNAME\//,
    note: () => `tuning before 1.3.0 reads a sysctl key with IFNAME at CHECK as written, a file no kernel has: every CHECK fails (CNI311). Fixed in plugins 1.3.0.`,
  },
];

/** Why this failure is the plugin's known behaviour, with lint's rule, or undefined when no rule says so. */
export function pluginFailureNote(pluginType: string, command: string, message: string): string | undefined {
  for (const n of NOTES) {
    if (n.pluginType !== pluginType || n.command !== command) continue;
    const m = n.pattern.exec(message);
    if (m) return n.note(m);
  }
  return undefined;
}
