// The long conflists the browser benchmarks load: a bridge with host-local, then chained plugins in turn
// (portmap, tuning, bandwidth, firewall, sbr; each portmap declaring its capability) up to `n`.
// `head` replaces the first plugins when a benchmark needs particular ones there.

export const LONG_CHAIN_BRIDGE = { type: 'bridge', bridge: 'cni0', isGateway: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]] } };
const CHAINED = ['portmap', 'tuning', 'bandwidth', 'firewall', 'sbr'];

export function longChain(n: number, head: readonly object[] = [LONG_CHAIN_BRIDGE]) {
  const plugins: object[] = [...head];
  for (let i = plugins.length; i < n; i++) plugins.push({ type: CHAINED[i % CHAINED.length], ...(i % 5 === 1 ? { capabilities: { portMappings: true } } : {}) });
  return { cniVersion: '1.0.0', name: `chain-${n}`, plugins };
}
