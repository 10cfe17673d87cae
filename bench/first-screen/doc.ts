// The document a returning user has autosaved: what the first screen opens in every round.
export const DOC = {
  cniVersion: '1.0.0',
  name: 'pods',
  plugins: [
    { type: 'bridge', bridge: 'cni0', isGateway: true, ipMasq: true, ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/16' }]], routes: [{ dst: '0.0.0.0/0' }] } },
    { type: 'portmap', capabilities: { portMappings: true } },
    { type: 'tuning', sysctl: { 'net.core.somaxconn': '512' } },
    { type: 'bandwidth', capabilities: { bandwidth: true } },
    { type: 'firewall' },
  ],
};
