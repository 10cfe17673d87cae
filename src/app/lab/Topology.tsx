// A small picture of what a run created: host links (bridge, veth) and the container's interfaces.
interface Addr {
  ifname: string;
  addr_info?: { local: string; prefixlen: number; family?: string }[];
}
interface HostLink {
  ifname: string;
  linkinfo?: { info_kind?: string };
}

export function Topology({ addresses, hostLinks, routes }: { addresses: Addr[]; hostLinks: HostLink[]; routes: { dst: string; gateway?: string }[] }) {
  const container = addresses.filter((a) => a.ifname !== 'lo');
  const host = hostLinks.slice(0, 4);
  const height = Math.max(110, 40 + Math.max(host.length, container.length) * 34);
  return (
    <svg className="topology" data-testid="topology" viewBox={`0 0 560 ${height}`} role="img" aria-label="Topology of the run">
      <rect x="8" y="8" width="230" height={height - 16} rx="8" className="topo-host" />
      <text x="18" y="28" className="topo-title">
        host
      </text>
      {host.map((l, i) => (
        <g key={l.ifname}>
          <rect x="22" y={40 + i * 34} width="200" height="26" rx="5" className="topo-link" />
          <text x="30" y={57 + i * 34}>
            {l.ifname} {l.linkinfo?.info_kind ? `(${l.linkinfo.info_kind})` : ''}
          </text>
        </g>
      ))}
      <rect x="322" y="8" width="230" height={height - 16} rx="8" className="topo-ns" />
      <text x="332" y="28" className="topo-title">
        container namespace
      </text>
      {container.map((a, i) => (
        <g key={a.ifname}>
          <rect x="336" y={40 + i * 34} width="200" height="26" rx="5" className="topo-link" />
          <text x="344" y={57 + i * 34}>
            {a.ifname} {(a.addr_info ?? []).filter((x) => x.family !== 'inet6' || !x.local.startsWith('fe80')).map((x) => `${x.local}/${x.prefixlen}`).join(' ')}
          </text>
        </g>
      ))}
      {host.length > 0 && container.length > 0 && <line x1="222" y1={53 + (host.length - 1) * 34} x2="336" y2="53" className="topo-wire" />}
      {routes.find((r) => r.dst === 'default') && (
        <text x="332" y={height - 16} className="topo-route">
          default via {routes.find((r) => r.dst === 'default')!.gateway ?? '(link)'}
        </text>
      )}
    </svg>
  );
}
